using System.Text.Json.Serialization;

namespace Lambda.Events;

public sealed class EventBridgeEvent<TDetail>
{
    [JsonPropertyName("version")]
    public string Version { get; init; } = "0";

    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("detail-type")]
    public string DetailType { get; init; } = "";

    [JsonPropertyName("source")]
    public string Source { get; init; } = "";

    [JsonPropertyName("account")]
    public string Account { get; init; } = "";

    [JsonPropertyName("time")]
    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset Time { get; init; }

    [JsonPropertyName("region")]
    public string Region { get; init; } = "";

    [JsonPropertyName("resources")]
    public IReadOnlyList<string> Resources { get; init; } = [];

    [JsonPropertyName("detail")]
    public required TDetail Detail { get; init; }

    [JsonPropertyName("replay-name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReplayName { get; init; }
}
