using System.Text.Json.Serialization;

namespace LocalCloud.Lambda.EventSources.Wire;

// Wire shapes of Lambda's event-source mapping operations (botocore `lambda` 2015-03-31). Timestamps are epoch
// seconds, as restJson1 writes them. Members the local cloud does not act on (Kafka, MQ, DocumentDB, KMS, metrics,
// logging, provisioned pollers) are read and ignored.

internal sealed class EventSourceMappingRequest
{
    public string? EventSourceArn { get; set; }

    public string? FunctionName { get; set; }

    public bool? Enabled { get; set; }

    public int? BatchSize { get; set; }

    public FilterCriteriaWire? FilterCriteria { get; set; }

    public int? MaximumBatchingWindowInSeconds { get; set; }

    public int? ParallelizationFactor { get; set; }

    public string? StartingPosition { get; set; }

    public double? StartingPositionTimestamp { get; set; }

    public DestinationConfigWire? DestinationConfig { get; set; }

    public int? MaximumRecordAgeInSeconds { get; set; }

    public bool? BisectBatchOnFunctionError { get; set; }

    public int? MaximumRetryAttempts { get; set; }

    public int? TumblingWindowInSeconds { get; set; }

    public List<string>? FunctionResponseTypes { get; set; }

    public ScalingConfigWire? ScalingConfig { get; set; }

    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class FilterCriteriaWire
{
    public List<FilterWire?>? Filters { get; set; }
}

internal sealed class FilterWire
{
    public string? Pattern { get; set; }
}

internal sealed class DestinationConfigWire
{
    public DestinationWire? OnSuccess { get; set; }

    public DestinationWire? OnFailure { get; set; }
}

internal sealed class DestinationWire
{
    public string? Destination { get; set; }
}

internal sealed class ScalingConfigWire
{
    public int? MaximumConcurrency { get; set; }
}

internal sealed class EventSourceMappingConfiguration
{
    public string? UUID { get; set; }

    public string? StartingPosition { get; set; }

    public int? BatchSize { get; set; }

    public int? MaximumBatchingWindowInSeconds { get; set; }

    public int? ParallelizationFactor { get; set; }

    public string? EventSourceArn { get; set; }

    public FilterCriteriaWire? FilterCriteria { get; set; }

    public string? FunctionArn { get; set; }

    public double? LastModified { get; set; }

    public string? LastProcessingResult { get; set; }

    public string? State { get; set; }

    public string? StateTransitionReason { get; set; }

    public DestinationConfigWire? DestinationConfig { get; set; }

    public int? MaximumRecordAgeInSeconds { get; set; }

    public bool? BisectBatchOnFunctionError { get; set; }

    public int? MaximumRetryAttempts { get; set; }

    public int? TumblingWindowInSeconds { get; set; }

    public List<string>? FunctionResponseTypes { get; set; }

    public ScalingConfigWire? ScalingConfig { get; set; }

    public string? EventSourceMappingArn { get; set; }
}

internal sealed class ListEventSourceMappingsResponse
{
    public string? NextMarker { get; set; }

    public List<EventSourceMappingConfiguration> EventSourceMappings { get; set; } = [];
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventSourceMappingRequest))]
[JsonSerializable(typeof(EventSourceMappingConfiguration))]
[JsonSerializable(typeof(ListEventSourceMappingsResponse))]
internal sealed partial class EventSourceJsonContext : JsonSerializerContext;
