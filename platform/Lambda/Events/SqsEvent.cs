using System.Text.Json.Serialization;

namespace Lambda.Events;

public sealed class SqsEvent
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<SqsMessage> Records { get; init; } = [];
}

public sealed class SqsMessage
{
    [JsonPropertyName("messageId")]
    public string MessageId { get; init; } = "";

    [JsonPropertyName("receiptHandle")]
    public string ReceiptHandle { get; init; } = "";

    [JsonPropertyName("body")]
    public string Body { get; init; } = "";

    [JsonPropertyName("attributes")]
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("messageAttributes")]
    public IReadOnlyDictionary<string, SqsMessageAttributeValue> MessageAttributes { get; init; } =
        new Dictionary<string, SqsMessageAttributeValue>();

    [JsonPropertyName("md5OfMessageAttributes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Md5OfMessageAttributes { get; init; }

    [JsonPropertyName("md5OfBody")]
    public string Md5OfBody { get; init; } = "";

    [JsonPropertyName("eventSource")]
    public string EventSource { get; init; } = "";

    [JsonPropertyName("eventSourceARN")]
    public string EventSourceArn { get; init; } = "";

    [JsonPropertyName("awsRegion")]
    public string AwsRegion { get; init; } = "";
}

public sealed class SqsMessageAttributeValue
{
    [JsonPropertyName("stringValue")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StringValue { get; init; }

    [JsonPropertyName("binaryValue")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BinaryValue { get; init; }

    [JsonPropertyName("stringListValues")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? StringListValues { get; init; }

    [JsonPropertyName("binaryListValues")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? BinaryListValues { get; init; }

    [JsonPropertyName("dataType")]
    public string DataType { get; init; } = "";
}

public sealed class SqsBatchResponse
{
    [JsonPropertyName("batchItemFailures")]
    public IReadOnlyList<SqsBatchItemFailure> BatchItemFailures { get; init; } = [];
}

public sealed class SqsBatchItemFailure
{
    [JsonPropertyName("itemIdentifier")]
    public string ItemIdentifier { get; init; } = "";
}
