using System.Text.Json.Serialization;

namespace LocalCloud.Scheduler.Model;

// What the Scheduler stores and reasons on. Times are UTC; the schedule's expression is evaluated in its time zone.

internal sealed record ScheduleGroupRecord(
    string AccountId,
    string Region,
    string Name,
    DateTimeOffset CreationDate,
    DateTimeOffset LastModificationDate,
    IReadOnlyList<ScheduleTag> Tags)
{
    public string? ClientToken { get; init; }
}

internal sealed record ScheduleTag(string Key, string Value);

internal sealed record ScheduleRecord
{
    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string GroupName { get; init; }

    public required string Name { get; init; }

    public required string ScheduleExpression { get; init; }

    public string? ScheduleExpressionTimezone { get; init; }

    public DateTimeOffset? StartDate { get; init; }

    public DateTimeOffset? EndDate { get; init; }

    public string State { get; init; } = ScheduleStates.Enabled;

    public string? Description { get; init; }

    public string ActionAfterCompletion { get; init; } = ScheduleActions.None;

    public string? KmsKeyArn { get; init; }

    public required FlexibleWindow FlexibleTimeWindow { get; init; }

    public required ScheduleTarget Target { get; init; }

    public string? ClientToken { get; init; }

    public required DateTimeOffset CreationDate { get; init; }

    public required DateTimeOffset LastModificationDate { get; init; }

    /// <summary>Where a rate expression counts from: the StartDate, else the time the schedule was created or last updated.</summary>
    public required DateTimeOffset RateAnchor { get; init; }

    [JsonIgnore]
    public bool IsEnabled => State == ScheduleStates.Enabled;
}

internal sealed record FlexibleWindow(string Mode, int? MaximumWindowInMinutes);

internal sealed record ScheduleTarget
{
    public required string Arn { get; init; }

    public required string RoleArn { get; init; }

    public string? Input { get; init; }

    public string? DeadLetterArn { get; init; }

    public int MaximumRetryAttempts { get; init; } = 185;

    public int MaximumEventAgeInSeconds { get; init; } = 86_400;

    public string? DetailType { get; init; }

    public string? Source { get; init; }

    public string? MessageGroupId { get; init; }
}

/// <summary>One invocation of a schedule, as the delivery engine carries it until the target accepts it: the target
/// as it was when the schedule fired, so an update or delete afterwards does not change what is retried.</summary>
internal sealed record ScheduledInvocation(
    string AccountId,
    string Region,
    string ScheduleArn,
    DateTimeOffset ScheduledTime,
    string ExecutionId,
    ScheduleTarget Target);

internal static class ScheduleStates
{
    public const string Enabled = "ENABLED";
    public const string Disabled = "DISABLED";

    public static readonly string[] All = [Enabled, Disabled];
}

internal static class ScheduleActions
{
    public const string None = "NONE";
    public const string Delete = "DELETE";

    public static readonly string[] All = [None, Delete];
}

internal static class FlexibleModes
{
    public const string Off = "OFF";
    public const string Flexible = "FLEXIBLE";

    public static readonly string[] All = [Off, Flexible];
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScheduleRecord))]
[JsonSerializable(typeof(ScheduleGroupRecord))]
[JsonSerializable(typeof(ScheduledInvocation))]
internal sealed partial class SchedulerModelJsonContext : JsonSerializerContext;
