using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalCloud.Pipes.Wire;

// Wire shapes of EventBridge Pipes (botocore `pipes` 2015-10-07). Timestamps are epoch seconds (restJson1's
// default). Source, enrichment and target parameter blocks that the local cloud does not emulate are read as raw
// JSON so that a request naming them is rejected rather than silently ignored.

internal sealed class PipeRequest
{
    public string? Description { get; set; }

    public string? DesiredState { get; set; }

    public string? Source { get; set; }

    public SourceParametersWire? SourceParameters { get; set; }

    public string? Enrichment { get; set; }

    public EnrichmentParametersWire? EnrichmentParameters { get; set; }

    public string? Target { get; set; }

    public TargetParametersWire? TargetParameters { get; set; }

    public string? RoleArn { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public JsonElement? LogConfiguration { get; set; }

    public string? KmsKeyIdentifier { get; set; }
}

internal sealed class SourceParametersWire
{
    public FilterCriteriaWire? FilterCriteria { get; set; }

    public DynamoDbStreamParametersWire? DynamoDBStreamParameters { get; set; }

    public SqsQueueParametersWire? SqsQueueParameters { get; set; }

    public JsonElement? KinesisStreamParameters { get; set; }

    public JsonElement? ActiveMQBrokerParameters { get; set; }

    public JsonElement? RabbitMQBrokerParameters { get; set; }

    public JsonElement? ManagedStreamingKafkaParameters { get; set; }

    public JsonElement? SelfManagedKafkaParameters { get; set; }
}

internal sealed class FilterCriteriaWire
{
    public List<FilterWire>? Filters { get; set; }
}

internal sealed class FilterWire
{
    public string? Pattern { get; set; }
}

internal sealed class DynamoDbStreamParametersWire
{
    public int? BatchSize { get; set; }

    public DeadLetterConfigWire? DeadLetterConfig { get; set; }

    public string? OnPartialBatchItemFailure { get; set; }

    public int? MaximumBatchingWindowInSeconds { get; set; }

    public int? MaximumRecordAgeInSeconds { get; set; }

    public int? MaximumRetryAttempts { get; set; }

    public int? ParallelizationFactor { get; set; }

    public string? StartingPosition { get; set; }
}

internal sealed class SqsQueueParametersWire
{
    public int? BatchSize { get; set; }

    public int? MaximumBatchingWindowInSeconds { get; set; }
}

internal sealed class DeadLetterConfigWire
{
    public string? Arn { get; set; }
}

internal sealed class EnrichmentParametersWire
{
    public string? InputTemplate { get; set; }

    public JsonElement? HttpParameters { get; set; }
}

internal sealed class TargetParametersWire
{
    public string? InputTemplate { get; set; }

    public LambdaFunctionParametersWire? LambdaFunctionParameters { get; set; }

    public SqsTargetParametersWire? SqsQueueParameters { get; set; }

    public EventBusParametersWire? EventBridgeEventBusParameters { get; set; }

    public JsonElement? StepFunctionStateMachineParameters { get; set; }

    public JsonElement? KinesisStreamParameters { get; set; }

    public JsonElement? EcsTaskParameters { get; set; }

    public JsonElement? BatchJobParameters { get; set; }

    public JsonElement? HttpParameters { get; set; }

    public JsonElement? RedshiftDataParameters { get; set; }

    public JsonElement? SageMakerPipelineParameters { get; set; }

    public JsonElement? CloudWatchLogsParameters { get; set; }

    public JsonElement? TimestreamParameters { get; set; }
}

internal sealed class LambdaFunctionParametersWire
{
    public string? InvocationType { get; set; }
}

internal sealed class SqsTargetParametersWire
{
    public string? MessageGroupId { get; set; }

    public string? MessageDeduplicationId { get; set; }
}

internal sealed class EventBusParametersWire
{
    public string? EndpointId { get; set; }

    public string? DetailType { get; set; }

    public string? Source { get; set; }

    public List<string>? Resources { get; set; }

    public string? Time { get; set; }
}

internal sealed class TagResourceRequest
{
    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed record TagsOutput([property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string> Tags);

internal sealed record EmptyOutput;

/// <summary>The answer of CreatePipe, UpdatePipe, StartPipe, StopPipe and DeletePipe.</summary>
internal sealed record PipeStateOutput(
    string Arn,
    string Name,
    string DesiredState,
    string CurrentState,
    double CreationTime,
    double LastModifiedTime);

internal sealed record PipeSummaryOutput(
    string Name,
    string Arn,
    string DesiredState,
    string CurrentState,
    string? StateReason,
    double CreationTime,
    double LastModifiedTime,
    string Source,
    string Target,
    string? Enrichment);

internal sealed record ListPipesOutput(IReadOnlyList<PipeSummaryOutput> Pipes, string? NextToken);

internal sealed record DescribePipeOutput
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required string DesiredState { get; init; }

    public required string CurrentState { get; init; }

    public string? StateReason { get; init; }

    public required string Source { get; init; }

    public SourceParametersWire? SourceParameters { get; init; }

    public string? Enrichment { get; init; }

    public EnrichmentParametersWire? EnrichmentParameters { get; init; }

    public required string Target { get; init; }

    public TargetParametersWire? TargetParameters { get; init; }

    public required string RoleArn { get; init; }

    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    public required double CreationTime { get; init; }

    public required double LastModifiedTime { get; init; }

    public JsonElement? LogConfiguration { get; init; }

    public string? KmsKeyIdentifier { get; init; }
}

internal sealed record ValidationField(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("message")] string Message);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PipeRequest))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(TagsOutput))]
[JsonSerializable(typeof(EmptyOutput))]
[JsonSerializable(typeof(PipeStateOutput))]
[JsonSerializable(typeof(ListPipesOutput))]
[JsonSerializable(typeof(DescribePipeOutput))]
[JsonSerializable(typeof(List<ValidationField>))]
internal sealed partial class PipesJsonContext : JsonSerializerContext;
