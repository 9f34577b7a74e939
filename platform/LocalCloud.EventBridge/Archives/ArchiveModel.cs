
namespace LocalCloud.EventBridge.Archives;

internal static class ArchiveStates
{
    public const string Enabled = "ENABLED";
    public const string Disabled = "DISABLED";
    public const string Creating = "CREATING";
    public const string Updating = "UPDATING";
    public const string CreateFailed = "CREATE_FAILED";
    public const string UpdateFailed = "UPDATE_FAILED";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Enabled, Disabled, Creating, Updating, CreateFailed, UpdateFailed,
    };
}

internal static class ReplayStates
{
    public const string Starting = "STARTING";
    public const string Running = "RUNNING";
    public const string Cancelling = "CANCELLING";
    public const string Completed = "COMPLETED";
    public const string Cancelled = "CANCELLED";
    public const string Failed = "FAILED";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Starting, Running, Cancelling, Completed, Cancelled, Failed,
    };

    public static bool IsActive(string state) => state is Starting or Running or Cancelling;
}

/// <summary>An archive, keyed by its ARN (which carries its account and region).</summary>
internal sealed record ArchiveRecord(
    string Arn,
    string BusName,
    string EventSourceArn,
    string? Description,
    string? EventPattern,
    int RetentionDays,
    string State,
    long CreatedAtMs,
    long EventCount,
    long SizeBytes)
{
    public string Name => ArchiveArns.ResourceName(Arn);
}

/// <summary>A replay, keyed by its ARN; <see cref="ArchiveArn"/> names the archive it reads.</summary>
internal sealed record ReplayRecord(
    string Arn,
    string ArchiveArn,
    string EventSourceArn,
    string? Description,
    string DestinationArn,
    IReadOnlyList<string>? FilterArns,
    long EventStartMs,
    long EventEndMs,
    string State,
    string? StateReason,
    long ReplayStartMs,
    long? ReplayEndMs,
    long? LastReplayedMs,
    long CursorMs)
{
    public string Name => ArchiveArns.ResourceName(Arn);
}

internal sealed record ArchivedEvent(long Sequence, long EventTimeMs, string Body);
