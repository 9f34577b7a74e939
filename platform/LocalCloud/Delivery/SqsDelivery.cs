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
