using System.Text.Json.Serialization;

namespace LocalCloud.Lambda.EventSources;

internal enum EventSourceKind
{
    Sqs,
    DynamoDbStream,
}

/// <summary>An event-source mapping as it is stored: its configuration, with AWS's defaults already applied.</summary>
internal sealed record EventSourceMapping
{
    public const string ReportBatchItemFailures = "ReportBatchItemFailures";

    public required string Uuid { get; init; }

    public required string Account { get; init; }

    public required string Region { get; init; }

    public required EventSourceKind Kind { get; init; }

    public required string EventSourceArn { get; init; }

    public required string FunctionArn { get; init; }

    public required int BatchSize { get; init; }

    public int MaximumBatchingWindowInSeconds { get; init; }

    public string? StartingPosition { get; init; }

    public int ParallelizationFactor { get; init; } = 1;

    public int MaximumRetryAttempts { get; init; } = -1;

    public int MaximumRecordAgeInSeconds { get; init; } = -1;

    public bool BisectBatchOnFunctionError { get; init; }

    public int TumblingWindowInSeconds { get; init; }

    public string? OnFailureDestination { get; init; }

    public IReadOnlyList<string> FunctionResponseTypes { get; init; } = [];

    /// <summary>The patterns of <c>FilterCriteria</c>; null when the mapping has none.</summary>
    public IReadOnlyList<string>? FilterPatterns { get; init; }

    public int? MaximumConcurrency { get; init; }

    public bool Enabled { get; init; } = true;

    public long CreatedMs { get; init; }

    public long LastModifiedMs { get; init; }

    [JsonIgnore]
    public string Arn => $"arn:aws:lambda:{Region}:{Account}:event-source-mapping:{Uuid}";

    [JsonIgnore]
    public bool ReportsBatchItemFailures => FunctionResponseTypes.Contains(ReportBatchItemFailures);

    [JsonIgnore]
    public string StateTransitionReason => Kind == EventSourceKind.Sqs ? "USER_INITIATED" : "User action";
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventSourceMapping))]
internal sealed partial class EventSourceModelJsonContext : JsonSerializerContext;
