using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;

namespace LocalCloud.Core.Targets;

/// <summary>Delivers to an SQS queue of this local cloud through the queue port; also the
/// dead-letter sink of the delivery engine. Without a queue service every send is a
/// <c>NO_RESOURCE</c> failure. A delivery's message attributes travel in its metadata
/// (<see cref="MessageAttribute"/>).</summary>
public sealed class QueueTargetKind : IDeliveryTargetKind, IDeadLetterSink
{
    public const string KindName = "sqs";
    public const string MessageGroupIdMetadata = "sqs:MessageGroupId";
    public const string MessageAttributeMetadataPrefix = "sqs:MessageAttribute:";

    private readonly IQueuePort? _queues;

    public QueueTargetKind(IQueuePort? queues)
    {
        _queues = queues;
    }

    public string Kind => KindName;

    public bool AttemptBeforeAcknowledging => true;

    /// <summary>The metadata entry that gives a delivery's message the attribute <paramref name="name"/>.</summary>
    public static KeyValuePair<string, string> MessageAttribute(string name, string dataType, string value) =>
        new(MessageAttributeMetadataPrefix + name, dataType + ":" + value);

    public ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return SendToQueueAsync(delivery.TargetArn, delivery.Payload, MessageAttributes(delivery.Metadata), cancellationToken);
    }

    public ValueTask<DeliveryOutcome> SendAsync(
        string deadLetterArn,
        string body,
        IReadOnlyDictionary<string, string> attributes,
        CancellationToken cancellationToken)
    {
        Dictionary<string, (string DataType, string Value)>? messageAttributes = null;
        if (attributes is { Count: > 0 })
        {
            messageAttributes = new(StringComparer.Ordinal);
            foreach (var (name, value) in attributes)
            {
                messageAttributes[name] = ("String", value);
            }
        }

        return SendToQueueAsync(deadLetterArn, body, messageAttributes, cancellationToken);
    }

    private static Dictionary<string, (string DataType, string Value)>? MessageAttributes(IReadOnlyDictionary<string, string> metadata)
    {
        Dictionary<string, (string DataType, string Value)>? attributes = null;
        foreach (var (key, value) in metadata)
        {
            var separator = value.IndexOf(':', StringComparison.Ordinal);
            if (key.StartsWith(MessageAttributeMetadataPrefix, StringComparison.Ordinal) && separator > 0)
            {
                (attributes ??= new(StringComparer.Ordinal))[key[MessageAttributeMetadataPrefix.Length..]] = (value[..separator], value[(separator + 1)..]);
            }
        }

        return attributes;
    }

    private async ValueTask<DeliveryOutcome> SendToQueueAsync(
        string queueArn,
        string body,
        Dictionary<string, (string DataType, string Value)>? attributes,
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
