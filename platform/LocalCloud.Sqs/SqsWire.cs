using System.Text.Json.Serialization;


namespace LocalCloud.Sqs.Wire;

internal sealed class MessageAttributeValue
{
    public string? StringValue { get; set; }

    public byte[]? BinaryValue { get; set; }

    public List<string>? StringListValues { get; set; }

    public List<byte[]>? BinaryListValues { get; set; }

    public string? DataType { get; set; }
}

internal sealed class CreateQueueRequest
{
    public string? QueueName { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }

    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class QueueUrlResult
{
    public string? QueueUrl { get; set; }
}

internal sealed class GetQueueUrlRequest
{
    public string? QueueName { get; set; }

    public string? QueueOwnerAWSAccountId { get; set; }
}

internal sealed class ListQueuesRequest
{
    public string? QueueNamePrefix { get; set; }

    public string? NextToken { get; set; }

    public int? MaxResults { get; set; }
}

internal sealed class ListQueuesResult
{
    public List<string>? QueueUrls { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class QueueUrlRequest
{
    public string? QueueUrl { get; set; }
}

internal sealed class GetQueueAttributesRequest
{
    public string? QueueUrl { get; set; }

    public List<string>? AttributeNames { get; set; }
}

internal sealed class AttributesResult
{
    public Dictionary<string, string>? Attributes { get; set; }
}

internal sealed class SetQueueAttributesRequest
{
    public string? QueueUrl { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }
}

internal sealed class SendMessageRequest
{
    public string? QueueUrl { get; set; }

    public string? MessageBody { get; set; }

    public int? DelaySeconds { get; set; }

    public Dictionary<string, MessageAttributeValue>? MessageAttributes { get; set; }

    public Dictionary<string, MessageAttributeValue>? MessageSystemAttributes { get; set; }

    public string? MessageDeduplicationId { get; set; }

    public string? MessageGroupId { get; set; }
}

internal sealed class SendMessageResult
{
    public string? MD5OfMessageBody { get; set; }

    public string? MD5OfMessageAttributes { get; set; }

    public string? MD5OfMessageSystemAttributes { get; set; }

    public string? MessageId { get; set; }
}

internal sealed class SendMessageBatchEntry
{
    public string? Id { get; set; }

    public string? MessageBody { get; set; }

    public int? DelaySeconds { get; set; }

    public Dictionary<string, MessageAttributeValue>? MessageAttributes { get; set; }

    public Dictionary<string, MessageAttributeValue>? MessageSystemAttributes { get; set; }

    public string? MessageDeduplicationId { get; set; }

    public string? MessageGroupId { get; set; }
}

internal sealed class SendMessageBatchRequest
{
    public string? QueueUrl { get; set; }

    public List<SendMessageBatchEntry?>? Entries { get; set; }
}

internal sealed class SendMessageBatchResultEntry
{
    public string? Id { get; set; }

    public string? MessageId { get; set; }

    public string? MD5OfMessageBody { get; set; }

    public string? MD5OfMessageAttributes { get; set; }

    public string? MD5OfMessageSystemAttributes { get; set; }
}

internal sealed class BatchResultErrorEntry
{
    public string? Id { get; set; }

    public bool SenderFault { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }
}

internal sealed class SendMessageBatchResult
{
    public List<SendMessageBatchResultEntry> Successful { get; set; } = [];

    public List<BatchResultErrorEntry> Failed { get; set; } = [];
}

internal sealed class ReceiveMessageRequest
{
    public string? QueueUrl { get; set; }

    public List<string>? AttributeNames { get; set; }

    public List<string>? MessageSystemAttributeNames { get; set; }

    public List<string>? MessageAttributeNames { get; set; }

    public int? MaxNumberOfMessages { get; set; }

    public int? VisibilityTimeout { get; set; }

    public int? WaitTimeSeconds { get; set; }

    public string? ReceiveRequestAttemptId { get; set; }
}

internal sealed class SqsMessage
{
    public string? MessageId { get; set; }

    public string? ReceiptHandle { get; set; }

    public string? MD5OfBody { get; set; }

    public string? Body { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }

    public string? MD5OfMessageAttributes { get; set; }

    public Dictionary<string, MessageAttributeValue>? MessageAttributes { get; set; }
}

internal sealed class ReceiveMessageResult
{
    public List<SqsMessage>? Messages { get; set; }
}

internal sealed class DeleteMessageRequest
{
    public string? QueueUrl { get; set; }

    public string? ReceiptHandle { get; set; }
}

internal sealed class ReceiptBatchEntry
{
    public string? Id { get; set; }

    public string? ReceiptHandle { get; set; }

    public int? VisibilityTimeout { get; set; }
}

internal sealed class ReceiptBatchRequest
{
    public string? QueueUrl { get; set; }

    public List<ReceiptBatchEntry?>? Entries { get; set; }
}

internal sealed class IdResultEntry
{
    public string? Id { get; set; }
}

internal sealed class ReceiptBatchResult
{
    public List<IdResultEntry> Successful { get; set; } = [];

    public List<BatchResultErrorEntry> Failed { get; set; } = [];
}

internal sealed class ChangeMessageVisibilityRequest
{
    public string? QueueUrl { get; set; }

    public string? ReceiptHandle { get; set; }

    public int? VisibilityTimeout { get; set; }
}

internal sealed class TagQueueRequest
{
    public string? QueueUrl { get; set; }

    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class UntagQueueRequest
{
    public string? QueueUrl { get; set; }

    public List<string>? TagKeys { get; set; }
}

internal sealed class TagsResult
{
    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class ListDeadLetterSourceQueuesRequest
{
    public string? QueueUrl { get; set; }

    public string? NextToken { get; set; }

    public int? MaxResults { get; set; }
}

internal sealed class ListDeadLetterSourceQueuesResult
{
    [JsonPropertyName("queueUrls")]
    public List<string> QueueUrls { get; set; } = [];

    public string? NextToken { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateQueueRequest))]
[JsonSerializable(typeof(QueueUrlResult))]
[JsonSerializable(typeof(GetQueueUrlRequest))]
[JsonSerializable(typeof(ListQueuesRequest))]
[JsonSerializable(typeof(ListQueuesResult))]
[JsonSerializable(typeof(QueueUrlRequest))]
[JsonSerializable(typeof(GetQueueAttributesRequest))]
[JsonSerializable(typeof(AttributesResult))]
[JsonSerializable(typeof(SetQueueAttributesRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(SendMessageResult))]
[JsonSerializable(typeof(SendMessageBatchRequest))]
[JsonSerializable(typeof(SendMessageBatchResult))]
[JsonSerializable(typeof(ReceiveMessageRequest))]
[JsonSerializable(typeof(ReceiveMessageResult))]
[JsonSerializable(typeof(DeleteMessageRequest))]
[JsonSerializable(typeof(ReceiptBatchRequest))]
[JsonSerializable(typeof(ReceiptBatchResult))]
[JsonSerializable(typeof(ChangeMessageVisibilityRequest))]
[JsonSerializable(typeof(TagQueueRequest))]
[JsonSerializable(typeof(UntagQueueRequest))]
[JsonSerializable(typeof(TagsResult))]
[JsonSerializable(typeof(ListDeadLetterSourceQueuesRequest))]
[JsonSerializable(typeof(ListDeadLetterSourceQueuesResult))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SqsJsonContext : JsonSerializerContext;
