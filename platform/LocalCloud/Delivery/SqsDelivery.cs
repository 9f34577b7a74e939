using LocalCloud.Hosting;
using LocalCloud.Sqs;

namespace LocalCloud.Delivery;

internal interface ISqsMessageSender
{
    ValueTask<DeliveryOutcome> SendAsync(
        string queueArn,
        string body,
        IReadOnlyDictionary<string, string>? stringAttributes,
        string? messageGroupId,
        CancellationToken cancellationToken);
}

internal sealed class SqsTargetKind : IDeliveryTargetKind
{
    public const string KindName = "sqs";

    private readonly ISqsMessageSender _sender;

    public SqsTargetKind(ISqsMessageSender sender)
    {
        _sender = sender;
    }

    public string Kind => KindName;

    public bool AttemptBeforeAcknowledging => true;

    public ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken) =>
        _sender.SendAsync(
            delivery.TargetArn,
            delivery.Payload,
            null,
            delivery.Metadata.TryGetValue(MessageGroupIdMetadata, out var group) ? group : null,
            cancellationToken);

    public const string MessageGroupIdMetadata = "sqs:MessageGroupId";
}

internal sealed class SqsDeadLetterSink : IDeadLetterSink
{
    private readonly ISqsMessageSender _sender;

    public SqsDeadLetterSink(ISqsMessageSender sender)
    {
        _sender = sender;
    }

    public ValueTask<DeliveryOutcome> SendAsync(
        string deadLetterArn,
        string body,
        IReadOnlyDictionary<string, string> attributes,
        CancellationToken cancellationToken) =>
        _sender.SendAsync(deadLetterArn, body, attributes, null, cancellationToken);
}

internal sealed class UnavailableSqsSender : ISqsMessageSender
{
    public ValueTask<DeliveryOutcome> SendAsync(
        string queueArn,
        string body,
        IReadOnlyDictionary<string, string>? stringAttributes,
        string? messageGroupId,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"SQS is not available in this local cloud; cannot send to {queueArn}."));
}

internal sealed class SqsQueuesSender : ISqsMessageSender
{
    private readonly ISqsQueues _queues;

    public SqsQueuesSender(ISqsQueues queues)
    {
        _queues = queues;
    }

    public async ValueTask<DeliveryOutcome> SendAsync(
        string queueArn,
        string body,
        IReadOnlyDictionary<string, string>? stringAttributes,
        string? messageGroupId,
        CancellationToken cancellationToken)
    {
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
        catch (AwsServiceException ex) when (ex.Code is "QueueDoesNotExist" or "AWS.SimpleQueueService.NonExistentQueue")
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, ex.Message);
        }
        catch (AwsServiceException ex) when (ex.IsSenderFault)
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.ErrorFromTarget, $"{ex.Code}: {ex.Message}");
        }
        catch (AwsServiceException ex)
        {
            return DeliveryOutcome.Retry(DeliveryErrorCodes.ErrorFromTarget, $"{ex.Code}: {ex.Message}");
        }
    }
}
