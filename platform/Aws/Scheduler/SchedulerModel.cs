using System.Text.Json.Serialization;
using Aws.Internal;

namespace Aws.Scheduler;

// Request and response shapes of EventBridge Scheduler (restJson1, botocore `scheduler` 2021-06-30), member names as on
// the wire. Timestamps are epoch seconds.

public static class ScheduleState
{
    public const string Enabled = "ENABLED";
    public const string Disabled = "DISABLED";
}

public static class ActionAfterCompletion
{
    public const string None = "NONE";
    public const string Delete = "DELETE";
}

public sealed record FlexibleTimeWindow
{
    public static FlexibleTimeWindow Off { get; } = new() { Mode = "OFF" };

    public required string Mode { get; init; }

    public int? MaximumWindowInMinutes { get; init; }

    public static FlexibleTimeWindow Flexible(int maximumWindowInMinutes) => new() { Mode = "FLEXIBLE", MaximumWindowInMinutes = maximumWindowInMinutes };
}

public sealed record ScheduleTarget
{
    public required string Arn { get; init; }

    public required string RoleArn { get; init; }

    public string? Input { get; init; }

    public DeadLetterConfig? DeadLetterConfig { get; init; }

    public EventBridgeParameters? EventBridgeParameters { get; init; }

    public RetryPolicy? RetryPolicy { get; init; }

    public SqsParameters? SqsParameters { get; init; }
}

public sealed record DeadLetterConfig(string Arn);

public sealed record EventBridgeParameters(string DetailType, string Source);

public sealed record SqsParameters(string MessageGroupId);

public sealed record RetryPolicy
{
    public int? MaximumEventAgeInSeconds { get; init; }

    public int? MaximumRetryAttempts { get; init; }
}

/// <summary>CreateSchedule and UpdateSchedule (which replaces the whole schedule).</summary>
public sealed record ScheduleRequest
{
    /// <summary>The schedule's (or group's) name: part of the path, not the body.</summary>
    [JsonIgnore]
    public string Name { get; init; } = "";

    public required string ScheduleExpression { get; init; }

    public required FlexibleTimeWindow FlexibleTimeWindow { get; init; }

    public required ScheduleTarget Target { get; init; }

    public string? GroupName { get; init; }

    public string? ScheduleExpressionTimezone { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? StartDate { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? EndDate { get; init; }

    public string? State { get; init; }

    public string? ActionAfterCompletion { get; init; }

    public string? Description { get; init; }

    public string? KmsKeyArn { get; init; }

    public string? ClientToken { get; init; }
}

public sealed record ScheduleArnResponse
{
    public string ScheduleArn { get; init; } = "";
}

public sealed record GetScheduleResponse
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";

    public string GroupName { get; init; } = "";

    public string ScheduleExpression { get; init; } = "";

    public string? ScheduleExpressionTimezone { get; init; }

    public string State { get; init; } = "";

    public string? ActionAfterCompletion { get; init; }

    public string? Description { get; init; }

    public FlexibleTimeWindow? FlexibleTimeWindow { get; init; }

    public ScheduleTarget? Target { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? StartDate { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? EndDate { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreationDate { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? LastModificationDate { get; init; }
}

public sealed record ListSchedulesRequest
{
    public string? GroupName { get; init; }

    public string? NamePrefix { get; init; }

    public string? State { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}

public sealed record ScheduleSummary
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";

    public string GroupName { get; init; } = "";

    public string State { get; init; } = "";

    public TargetSummary? Target { get; init; }
}

public sealed record TargetSummary
{
    public string Arn { get; init; } = "";
}

public sealed record ListSchedulesResponse
{
    public string? NextToken { get; init; }

    public IReadOnlyList<ScheduleSummary> Schedules { get; init; } = [];
}

public sealed record Tag(string Key, string Value);

public sealed record CreateScheduleGroupRequest
{
    /// <summary>The schedule's (or group's) name: part of the path, not the body.</summary>
    [JsonIgnore]
    public string Name { get; init; } = "";

    public IReadOnlyList<Tag>? Tags { get; init; }

    public string? ClientToken { get; init; }
}

public sealed record ScheduleGroupArnResponse
{
    public string ScheduleGroupArn { get; init; } = "";
}

public sealed record ScheduleGroupResponse
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";

    public string State { get; init; } = "";

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreationDate { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? LastModificationDate { get; init; }
}

public sealed record SchedulerEmptyResponse;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ScheduleRequest))]
[JsonSerializable(typeof(ScheduleArnResponse))]
[JsonSerializable(typeof(GetScheduleResponse))]
[JsonSerializable(typeof(ListSchedulesResponse))]
[JsonSerializable(typeof(CreateScheduleGroupRequest))]
[JsonSerializable(typeof(ScheduleGroupArnResponse))]
[JsonSerializable(typeof(ScheduleGroupResponse))]
[JsonSerializable(typeof(SchedulerEmptyResponse))]
internal sealed partial class SchedulerJsonContext : JsonSerializerContext;
