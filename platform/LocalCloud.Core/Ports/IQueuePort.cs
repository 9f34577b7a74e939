namespace LocalCloud.Core.Ports;

/// <summary>The queues of this local cloud, as other services reach them in process (rule targets,
/// dead-letter queues, destinations, Lambda event-source mappings). Implemented by the SQS service.</summary>
public interface IQueuePort
{
    bool Exists(string queueArn);

    string? GetQueueUrl(string queueArn);

    Task<string> SendAsync(
        string queueArn,
        string body,
        IReadOnlyDictionary<string, (string DataType, string Value)>? attributes,
        CancellationToken cancellationToken);

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> messages with all their attributes, waiting up to
    /// <paramref name="wait"/> for one to become visible (a long poll, woken on send). The queue's visibility timeout
    /// and redrive policy apply as for <c>ReceiveMessage</c>. Throws <see cref="Hosting.ServiceException"/>
    /// (<c>QueueDoesNotExist</c>) when the queue is gone.
    /// </summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queueArn, int maxMessages, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Deletes received messages in one write; a stale receipt handle deletes nothing and is not an error.</summary>
    Task DeleteAsync(string queueArn, IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken);
}

/// <summary>A received message. <see cref="SystemAttributes"/> holds the optional system attributes
/// (<c>AWSTraceHeader</c>, and the FIFO ones) beside the four every message has.</summary>
public sealed record QueueMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    string Md5OfBody,
    IReadOnlyDictionary<string, QueueMessageAttributeValue> MessageAttributes,
    string? Md5OfMessageAttributes,
    int ApproximateReceiveCount,
    long SentTimestamp,
    string SenderId,
    long ApproximateFirstReceiveTimestamp,
    IReadOnlyDictionary<string, string> SystemAttributes);

public sealed record QueueMessageAttributeValue(string DataType, string? StringValue, ReadOnlyMemory<byte>? BinaryValue);
