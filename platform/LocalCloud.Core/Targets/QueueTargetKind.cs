using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;

namespace LocalCloud.Core.Targets;

/// <summary>Delivers to an SQS queue of this local cloud through the queue port; also the
/// dead-letter sink of the delivery engine. Without a queue service every send is a
/// <c>NO_RESOURCE</c> failure.</summary>
public sealed class QueueTargetKind : IDeliveryTargetKind, IDeadLetterSink
{
    public const string KindName = "sqs";
    public const string MessageGroupIdMetadata = "sqs:MessageGroupId";

    private readonly IQueuePort? _queues;

    public QueueTargetKind(IQueuePort? queues)
    {
        _queues = queues;
    }

    public string Kind => KindName;

    public bool AttemptBeforeAcknowledging => true;

    public ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken) =>
        SendToQueueAsync(delivery.TargetArn, delivery.Payload, null, cancellationToken);

    public ValueTask<DeliveryOutcome> SendAsync(
        string deadLetterArn,
        string body,
        IReadOnlyDictionary<string, string> attributes,
        CancellationToken cancellationToken) =>
        SendToQueueAsync(deadLetterArn, body, attributes, cancellationToken);

    private async ValueTask<DeliveryOutcome> SendToQueueAsync(
        string queueArn,
        string body,
        IReadOnlyDictionary<string, string>? stringAttributes,
        CancellationToken cancellationToken)
    {
        if (_queues is null)
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"SQS is not available in this local cloud; cannot send to {queueArn}.");
        }

        if (!_queues.Exists(queueArn))
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"Queue {queueArn} does not exist.");
        }

        Dictionary<string, (string DataType, string Value)>? attributes = null;
        if (stringAttributes is { Count: > 0 })
        {
            attributes = new(StringComparer.Ordinal);
            foreach (var (name, value) in stringAttributes)
            {
                attributes[name] = ("String", value);
            }
        }

        try
        {
            await _queues.SendAsync(queueArn, body, attributes, cancellationToken);
            return DeliveryOutcome.Delivered;
        }
        catch (ServiceException ex) when (ex.Code is "QueueDoesNotExist" or "AWS.SimpleQueueService.NonExistentQueue")
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, ex.Message);
        }
        catch (ServiceException ex) when (ex.IsSenderFault)
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.ErrorFromTarget, $"{ex.Code}: {ex.Message}");
        }
        catch (ServiceException ex)
        {
            return DeliveryOutcome.Retry(DeliveryErrorCodes.ErrorFromTarget, $"{ex.Code}: {ex.Message}");
        }
    }
}
