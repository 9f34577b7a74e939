using System.Text.Json.Serialization;

namespace LocalCloud.Pipes.Model;

/// <summary>The states a pipe reports (<c>CurrentState</c>) and asks for (<c>DesiredState</c>).</summary>
internal static class PipeStates
{
    public const string Running = "RUNNING";
    public const string Stopped = "STOPPED";
    public const string Creating = "CREATING";
    public const string Updating = "UPDATING";
    public const string Deleting = "DELETING";
    public const string Starting = "STARTING";
    public const string Stopping = "STOPPING";
    public const string CreateFailed = "CREATE_FAILED";
    public const string UpdateFailed = "UPDATE_FAILED";
    public const string StartFailed = "START_FAILED";
    public const string StopFailed = "STOP_FAILED";
    public const string DeleteFailed = "DELETE_FAILED";
    public const string Deleted = "DELETED";

    public static IReadOnlyList<string> Requested { get; } = [Running, Stopped];

    public static IReadOnlyList<string> All { get; } =
    [
        Running, Stopped, Creating, Updating, Deleting, Starting, Stopping, CreateFailed, UpdateFailed, StartFailed,
        StopFailed, DeleteFailed, "CREATE_ROLLBACK_FAILED", "DELETE_ROLLBACK_FAILED", "UPDATE_ROLLBACK_FAILED",
    ];

    /// <summary>A state the supervisor has still to act on.</summary>
    public static bool IsTransitional(string state) => state is Creating or Updating or Deleting or Starting or Stopping;
}

internal enum SourceKind
{
    DynamoDbStream,
    SqsQueue,
}

internal enum TargetKind
{
    EventBus,
    Lambda,
    SqsQueue,
}

/// <summary>A pipe as it is stored: its configuration, its states and its tags. The source position is kept
/// beside it (<see cref="PipesStore"/>), so that progress never rewrites the configuration.</summary>
internal sealed record PipeDefinition
{
    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string Name { get; init; }

    public required string Arn { get; init; }

    public string? Description { get; init; }

    public required string DesiredState { get; init; }

    public required string CurrentState { get; init; }

    public string? StateReason { get; init; }

    public required string Source { get; init; }

    public required SourceKind SourceKind { get; init; }

    public DynamoDbSourceSettings? DynamoDb { get; init; }

    public QueueSourceSettings? Queue { get; init; }

    /// <summary>Whether <c>FilterCriteria</c> was given (an empty list included), so it is echoed back as given.</summary>
    public bool HasFilterCriteria { get; init; }

    public IReadOnlyList<string> Filters { get; init; } = [];

    public string? Enrichment { get; init; }

    public string? EnrichmentInputTemplate { get; init; }

    public required string Target { get; init; }

    public required TargetKind TargetKind { get; init; }

    public string? TargetInputTemplate { get; init; }

    public EventBusTargetSettings? EventBus { get; init; }

    public LambdaTargetSettings? Lambda { get; init; }

    public QueueTargetSettings? QueueTarget { get; init; }

    public required string RoleArn { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The <c>LogConfiguration</c> as given (JSON), kept and reported; logs are not written.</summary>
    public string? LogConfigurationJson { get; init; }

    public string? KmsKeyIdentifier { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public required DateTimeOffset LastModifiedTime { get; init; }

    /// <summary>Incremented by every change of configuration or state, so the supervisor sees which version it runs.</summary>
    public long Revision { get; init; }

    [JsonIgnore]
    public string Key => PipeKeys.Key(AccountId, Region, Name);

    [JsonIgnore]
    public bool HasEnrichment => !string.IsNullOrEmpty(Enrichment);
}

internal sealed record DynamoDbSourceSettings
{
    public required string StartingPosition { get; init; }

    public int BatchSize { get; init; } = 100;

    public int MaximumBatchingWindowInSeconds { get; init; }

    public int MaximumRecordAgeInSeconds { get; init; } = -1;

    public int MaximumRetryAttempts { get; init; } = -1;

    public string? OnPartialBatchItemFailure { get; init; }

    public int ParallelizationFactor { get; init; } = 1;

    public string? DeadLetterArn { get; init; }

    [JsonIgnore]
    public bool Bisect => OnPartialBatchItemFailure == "AUTOMATIC_BISECT";
}

internal sealed record QueueSourceSettings
{
    public int BatchSize { get; init; } = 10;

    public int MaximumBatchingWindowInSeconds { get; init; }
}

internal sealed record EventBusTargetSettings
{
    public string? EndpointId { get; init; }

    public string? DetailType { get; init; }

    public string? Source { get; init; }

    public IReadOnlyList<string>? Resources { get; init; }

    public string? Time { get; init; }
}

internal sealed record LambdaTargetSettings(string InvocationType)
{
    public const string RequestResponse = "REQUEST_RESPONSE";
    public const string FireAndForget = "FIRE_AND_FORGET";
}

internal sealed record QueueTargetSettings(string? MessageGroupId, string? MessageDeduplicationId);

internal static class PipeKeys
{
    public static string Key(string accountId, string region, string name) => $"{accountId}:{region}:{name}";
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PipeDefinition))]
internal sealed partial class PipesModelJsonContext : JsonSerializerContext;
