using System.Text.Json.Serialization;
using Aws.Internal;

namespace Aws.EventBridge;

// Request and response shapes of the EventBridge API (awsJson1_1), member names as on the wire.

public static class RuleState
{
    public const string Enabled = "ENABLED";
    public const string Disabled = "DISABLED";
    public const string EnabledWithAllCloudTrailManagementEvents = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
}

public sealed record Tag
{
    public required string Key { get; init; }

    public required string Value { get; init; }
}

public sealed record DeadLetterConfig
{
    public string? Arn { get; init; }
}

public sealed record PutEventsRequest
{
    public required IReadOnlyList<PutEventsRequestEntry> Entries { get; init; }

    public string? EndpointId { get; init; }
}

public sealed record PutEventsRequestEntry
{
    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? Time { get; init; }

    public string? Source { get; init; }

    public IReadOnlyList<string>? Resources { get; init; }

    public string? DetailType { get; init; }

    public string? Detail { get; init; }

    public string? EventBusName { get; init; }

    public string? TraceHeader { get; init; }
}

public sealed record PutEventsResponse
{
    public int FailedEntryCount { get; init; }

    public IReadOnlyList<PutEventsResultEntry> Entries { get; init; } = [];
}

public sealed record PutEventsResultEntry
{
    public string? EventId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }
}

public sealed record CreateEventBusRequest
{
    public required string Name { get; init; }

    public string? EventSourceName { get; init; }

    public string? Description { get; init; }

    public string? KmsKeyIdentifier { get; init; }

    public DeadLetterConfig? DeadLetterConfig { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }
}

public sealed record CreateEventBusResponse
{
    public string? EventBusArn { get; init; }

    public string? Description { get; init; }

    public string? KmsKeyIdentifier { get; init; }

    public DeadLetterConfig? DeadLetterConfig { get; init; }
}

public sealed record DescribeEventBusRequest
{
    public string? Name { get; init; }
}

public sealed record DescribeEventBusResponse
{
    public string? Name { get; init; }

    public string? Arn { get; init; }

    public string? Description { get; init; }

    public string? KmsKeyIdentifier { get; init; }

    public DeadLetterConfig? DeadLetterConfig { get; init; }

    public string? Policy { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreationTime { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? LastModifiedTime { get; init; }
}

public sealed record ListEventBusesRequest
{
    public string? NamePrefix { get; init; }

    public string? NextToken { get; init; }

    public int? Limit { get; init; }
}

public sealed record ListEventBusesResponse
{
    public IReadOnlyList<EventBus> EventBuses { get; init; } = [];

    public string? NextToken { get; init; }
}

public sealed record EventBus
{
    public string? Name { get; init; }

    public string? Arn { get; init; }

    public string? Description { get; init; }

    public string? Policy { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreationTime { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? LastModifiedTime { get; init; }
}

public sealed record DeleteEventBusRequest
{
    public required string Name { get; init; }
}

public sealed record PutRuleRequest
{
    public required string Name { get; init; }

    public string? ScheduleExpression { get; init; }

    public string? EventPattern { get; init; }

    public string? State { get; init; }

    public string? Description { get; init; }

    public string? RoleArn { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }

    public string? EventBusName { get; init; }
}

public sealed record PutRuleResponse
{
    public string? RuleArn { get; init; }
}

public sealed record RuleRequest
{
    public required string Name { get; init; }

    public string? EventBusName { get; init; }
}

public sealed record DeleteRuleRequest
{
    public required string Name { get; init; }

    public string? EventBusName { get; init; }

    public bool? Force { get; init; }
}

public sealed record DescribeRuleResponse
{
    public string? Name { get; init; }

    public string? Arn { get; init; }

    public string? EventPattern { get; init; }

    public string? ScheduleExpression { get; init; }

    public string? State { get; init; }

    public string? Description { get; init; }

    public string? RoleArn { get; init; }

    public string? ManagedBy { get; init; }

    public string? EventBusName { get; init; }

    public string? CreatedBy { get; init; }
}

public sealed record ListRulesRequest
{
    public string? NamePrefix { get; init; }

    public string? EventBusName { get; init; }

    public string? NextToken { get; init; }

    public int? Limit { get; init; }
}

public sealed record ListRulesResponse
{
    public IReadOnlyList<Rule> Rules { get; init; } = [];

    public string? NextToken { get; init; }
}

public sealed record Rule
{
    public string? Name { get; init; }

    public string? Arn { get; init; }

    public string? EventPattern { get; init; }

    public string? State { get; init; }

    public string? Description { get; init; }

    public string? ScheduleExpression { get; init; }

    public string? RoleArn { get; init; }

    public string? ManagedBy { get; init; }

    public string? EventBusName { get; init; }
}

public sealed record ListRuleNamesByTargetRequest
{
    public required string TargetArn { get; init; }

    public string? EventBusName { get; init; }

    public string? NextToken { get; init; }

    public int? Limit { get; init; }
}

public sealed record ListRuleNamesByTargetResponse
{
    public IReadOnlyList<string> RuleNames { get; init; } = [];

    public string? NextToken { get; init; }
}

public sealed record Target
{
    public required string Id { get; init; }

    public required string Arn { get; init; }

    public string? RoleArn { get; init; }

    public string? Input { get; init; }

    public string? InputPath { get; init; }

    public InputTransformer? InputTransformer { get; init; }

    public SqsParameters? SqsParameters { get; init; }

    public HttpParameters? HttpParameters { get; init; }

    public DeadLetterConfig? DeadLetterConfig { get; init; }

    public RetryPolicy? RetryPolicy { get; init; }
}

public sealed record InputTransformer
{
    public IReadOnlyDictionary<string, string>? InputPathsMap { get; init; }

    public required string InputTemplate { get; init; }
}

public sealed record SqsParameters
{
    public string? MessageGroupId { get; init; }
}

public sealed record HttpParameters
{
    public IReadOnlyList<string>? PathParameterValues { get; init; }

    public IReadOnlyDictionary<string, string>? HeaderParameters { get; init; }

    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }
}

public sealed record RetryPolicy
{
    public int? MaximumRetryAttempts { get; init; }

    public int? MaximumEventAgeInSeconds { get; init; }
}

public sealed record PutTargetsRequest
{
    public required string Rule { get; init; }

    public string? EventBusName { get; init; }

    public required IReadOnlyList<Target> Targets { get; init; }
}

public sealed record RemoveTargetsRequest
{
    public required string Rule { get; init; }

    public string? EventBusName { get; init; }

    public required IReadOnlyList<string> Ids { get; init; }

    public bool? Force { get; init; }
}

public sealed record TargetsResponse
{
    public int FailedEntryCount { get; init; }

    public IReadOnlyList<FailedTargetEntry> FailedEntries { get; init; } = [];
}

public sealed record FailedTargetEntry
{
    public string? TargetId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }
}

public sealed record ListTargetsByRuleRequest
{
    public required string Rule { get; init; }

    public string? EventBusName { get; init; }

    public string? NextToken { get; init; }

    public int? Limit { get; init; }
}

public sealed record ListTargetsByRuleResponse
{
    public IReadOnlyList<Target> Targets { get; init; } = [];

    public string? NextToken { get; init; }
}

public sealed record TestEventPatternRequest
{
    public required string EventPattern { get; init; }

    public required string Event { get; init; }
}

public sealed record TestEventPatternResponse
{
    public bool Result { get; init; }
}

public sealed record EmptyResponse;
