using System.Text.Json.Serialization;

namespace Lambda.Events;

public sealed class DynamoDbEvent
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<DynamoDbRecord> Records { get; init; } = [];
}

public sealed class DynamoDbRecord
{
    [JsonPropertyName("eventID")]
    public string EventId { get; init; } = "";

    [JsonPropertyName("eventName")]
    public string EventName { get; init; } = "";

    [JsonPropertyName("eventVersion")]
    public string EventVersion { get; init; } = "";

    [JsonPropertyName("eventSource")]
    public string EventSource { get; init; } = "";

    [JsonPropertyName("awsRegion")]
    public string AwsRegion { get; init; } = "";

    [JsonPropertyName("dynamodb")]
    public DynamoDbStreamRecord DynamoDb { get; init; } = new();

    [JsonPropertyName("eventSourceARN")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EventSourceArn { get; init; }

    [JsonPropertyName("userIdentity")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DynamoDbUserIdentity? UserIdentity { get; init; }
}

public sealed class DynamoDbStreamRecord
{
    [JsonPropertyName("ApproximateCreationDateTime")]
    [JsonConverter(typeof(EpochSecondsConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ApproximateCreationDateTime { get; init; }

    [JsonPropertyName("Keys")]
    public IReadOnlyDictionary<string, DynamoDbAttributeValue> Keys { get; init; } =
        new Dictionary<string, DynamoDbAttributeValue>();

    [JsonPropertyName("NewImage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, DynamoDbAttributeValue>? NewImage { get; init; }

    [JsonPropertyName("OldImage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, DynamoDbAttributeValue>? OldImage { get; init; }

    [JsonPropertyName("SequenceNumber")]
    public string SequenceNumber { get; init; } = "";

    [JsonPropertyName("SizeBytes")]
    public long SizeBytes { get; init; }

    [JsonPropertyName("StreamViewType")]
    public string StreamViewType { get; init; } = "";
}

public sealed class DynamoDbUserIdentity
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("principalId")]
    public string PrincipalId { get; init; } = "";
}

public sealed class DynamoDbAttributeValue
{
    [JsonPropertyName("S")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? S { get; init; }

    [JsonPropertyName("N")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? N { get; init; }

    [JsonPropertyName("B")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public byte[]? B { get; init; }

    [JsonPropertyName("SS")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? SS { get; init; }

    [JsonPropertyName("NS")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? NS { get; init; }

    [JsonPropertyName("BS")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<byte[]>? BS { get; init; }

    [JsonPropertyName("M")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, DynamoDbAttributeValue>? M { get; init; }

    [JsonPropertyName("L")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DynamoDbAttributeValue>? L { get; init; }

    [JsonPropertyName("NULL")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Null { get; init; }

    [JsonPropertyName("BOOL")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Bool { get; init; }
}
