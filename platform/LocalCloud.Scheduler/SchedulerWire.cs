using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalCloud.Scheduler.Wire;

// Wire shapes of EventBridge Scheduler (botocore `scheduler` 2021-06-30, restJson1). Timestamps are epoch seconds.

internal sealed class ScheduleInput
{
    public string? ActionAfterCompletion { get; set; }

    public string? ClientToken { get; set; }

    public string? Description { get; set; }

    [JsonConverter(typeof(WireTimestampConverter))]
    public DateTimeOffset? EndDate { get; set; }

    public FlexibleTimeWindowWire? FlexibleTimeWindow { get; set; }

    public string? GroupName { get; set; }

    public string? KmsKeyArn { get; set; }

    public string? ScheduleExpression { get; set; }

    public string? ScheduleExpressionTimezone { get; set; }

    [JsonConverter(typeof(WireTimestampConverter))]
    public DateTimeOffset? StartDate { get; set; }

    public string? State { get; set; }

    public TargetWire? Target { get; set; }
}

internal sealed class FlexibleTimeWindowWire
{
    public int? MaximumWindowInMinutes { get; set; }

    public string? Mode { get; set; }
}

internal sealed class TargetWire
{
    public string? Arn { get; set; }

    public DeadLetterConfigWire? DeadLetterConfig { get; set; }

    public JsonElement? EcsParameters { get; set; }

    public EventBridgeParametersWire? EventBridgeParameters { get; set; }

    public string? Input { get; set; }

    public JsonElement? KinesisParameters { get; set; }

    public RetryPolicyWire? RetryPolicy { get; set; }

    public string? RoleArn { get; set; }

    public JsonElement? SageMakerPipelineParameters { get; set; }

    public SqsParametersWire? SqsParameters { get; set; }
}

internal sealed class DeadLetterConfigWire
{
    public string? Arn { get; set; }
}

internal sealed class EventBridgeParametersWire
{
    public string? DetailType { get; set; }

    public string? Source { get; set; }
}

internal sealed class RetryPolicyWire
{
    public int? MaximumEventAgeInSeconds { get; set; }

    public int? MaximumRetryAttempts { get; set; }
}

internal sealed class SqsParametersWire
{
    public string? MessageGroupId { get; set; }
}

internal sealed class ScheduleGroupInput
{
    public string? ClientToken { get; set; }

    public List<TagWire>? Tags { get; set; }
}

internal sealed class TagResourceInput
{
    public List<TagWire>? Tags { get; set; }
}

internal sealed class TagWire
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}

internal sealed record ScheduleArnOutput(string ScheduleArn);

internal sealed record ScheduleGroupArnOutput(string ScheduleGroupArn);

internal sealed record EmptyOutput;

internal sealed record GetScheduleOutput(
    string ActionAfterCompletion,
    string Arn,
    [property: JsonConverter(typeof(WireTimestampConverter))] DateTimeOffset? CreationDate,
    string? Description,
    [property: JsonConverter(typeof(WireTimestampConverter))] DateTimeOffset? EndDate,
    FlexibleTimeWindowWire FlexibleTimeWindow,
    string GroupName,
    string? KmsKeyArn,
    [property: JsonConverter(typeof(WireTimestampConverter))] DateTimeOffset? LastModificationDate,
    string Name,
    string ScheduleExpression,
    string ScheduleExpressionTimezone,
    [property: JsonConverter(typeof(WireTimestampConverter))] DateTimeOffset? StartDate,
    string State,
    TargetWire Target);

internal sealed record TargetSummaryOutput(string Arn);

internal sealed record ScheduleSummaryOutput(
    string Arn,
    [property: JsonConverter(typeof(WireTimestampConverter))] DateTimeOffset? CreationDate,
    string GroupName,
    [property: JsonConverter(typeof(WireTimestampConverter))] DateTimeOffset? LastModificationDate,
    string Name,
    string State,
    TargetSummaryOutput Target);

internal sealed record ListSchedulesOutput(string? NextToken, IReadOnlyList<ScheduleSummaryOutput> Schedules);

internal sealed record ScheduleGroupOutput(
    string Arn,
    [property: JsonConverter(typeof(WireTimestampConverter))] DateTimeOffset? CreationDate,
    [property: JsonConverter(typeof(WireTimestampConverter))] DateTimeOffset? LastModificationDate,
    string Name,
    string State);

internal sealed record ListScheduleGroupsOutput(string? NextToken, IReadOnlyList<ScheduleGroupOutput> ScheduleGroups);

internal sealed record TagOutput(string Key, string Value);

internal sealed record ListTagsOutput(IReadOnlyList<TagOutput> Tags);

/// <summary>restJson1 timestamps: epoch seconds (a JSON number, fractions allowed) on the wire; an ISO 8601 string is
/// also read, as some tools send one.</summary>
internal sealed class WireTimestampConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetDouble(out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 253_402_300_799:
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
            case JsonTokenType.String:
                var text = reader.GetString();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedSeconds) && Math.Abs(parsedSeconds) < 253_402_300_799)
                {
                    return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(parsedSeconds * 1000));
                }

                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    return parsed;
                }

                break;
        }

        throw new JsonException("Expected a timestamp (epoch seconds).");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } time)
        {
            writer.WriteNumberValue(time.ToUnixTimeMilliseconds() / 1000m);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScheduleInput))]
[JsonSerializable(typeof(ScheduleGroupInput))]
[JsonSerializable(typeof(TagResourceInput))]
[JsonSerializable(typeof(ScheduleArnOutput))]
[JsonSerializable(typeof(ScheduleGroupArnOutput))]
[JsonSerializable(typeof(EmptyOutput))]
[JsonSerializable(typeof(GetScheduleOutput))]
[JsonSerializable(typeof(ListSchedulesOutput))]
[JsonSerializable(typeof(ScheduleGroupOutput))]
[JsonSerializable(typeof(ListScheduleGroupsOutput))]
[JsonSerializable(typeof(ListTagsOutput))]
internal sealed partial class SchedulerJsonContext : JsonSerializerContext;
