using System.Text.Json.Serialization;

namespace LocalCloud.EventBridge.Wire;

internal sealed class CreateEventBusRequest
{
    public string? Name { get; set; }
    public string? EventSourceName { get; set; }
    public string? Description { get; set; }
    public string? KmsKeyIdentifier { get; set; }
    public DeadLetterConfigDto? DeadLetterConfig { get; set; }
    public List<TagDto>? Tags { get; set; }
}

internal sealed class CreateEventBusResponse
{
    public string? EventBusArn { get; set; }
    public string? Description { get; set; }
    public string? KmsKeyIdentifier { get; set; }
    public DeadLetterConfigDto? DeadLetterConfig { get; set; }
}

internal sealed class UpdateEventBusRequest
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? KmsKeyIdentifier { get; set; }
    public DeadLetterConfigDto? DeadLetterConfig { get; set; }
}

internal sealed class UpdateEventBusResponse
{
    public string? Arn { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? KmsKeyIdentifier { get; set; }
    public DeadLetterConfigDto? DeadLetterConfig { get; set; }
}

internal sealed class NameRequest
{
    public string? Name { get; set; }
}

internal sealed class EventBusDto
{
    public string? Name { get; set; }
    public string? Arn { get; set; }
    public string? Description { get; set; }
    public string? KmsKeyIdentifier { get; set; }
    public DeadLetterConfigDto? DeadLetterConfig { get; set; }
    public string? Policy { get; set; }
    public double? CreationTime { get; set; }
    public double? LastModifiedTime { get; set; }
}

internal sealed class ListEventBusesRequest
{
    public string? NamePrefix { get; set; }
    public string? NextToken { get; set; }
    public int? Limit { get; set; }
}

internal sealed class ListEventBusesResponse
{
    public List<EventBusDto> EventBuses { get; set; } = [];
    public string? NextToken { get; set; }
}

internal sealed class PutRuleRequest
{
    public string? Name { get; set; }
    public string? ScheduleExpression { get; set; }
    public string? EventPattern { get; set; }
    public string? State { get; set; }
    public string? Description { get; set; }
    public string? RoleArn { get; set; }
    public List<TagDto>? Tags { get; set; }
    public string? EventBusName { get; set; }
}

internal sealed class PutRuleResponse
{
    public string? RuleArn { get; set; }
}

internal sealed class RuleRequest
{
    public string? Name { get; set; }
    public string? EventBusName { get; set; }
    public bool? Force { get; set; }
}

internal sealed class RuleDto
{
    public string? Name { get; set; }
    public string? Arn { get; set; }
    public string? EventPattern { get; set; }
    public string? ScheduleExpression { get; set; }
    public string? State { get; set; }
    public string? Description { get; set; }
    public string? RoleArn { get; set; }
    public string? ManagedBy { get; set; }
    public string? EventBusName { get; set; }
    public string? CreatedBy { get; set; }
}

internal sealed class ListRulesRequest
{
    public string? NamePrefix { get; set; }
    public string? EventBusName { get; set; }
    public string? NextToken { get; set; }
    public int? Limit { get; set; }
}

internal sealed class ListRulesResponse
{
    public List<RuleDto> Rules { get; set; } = [];
    public string? NextToken { get; set; }
}

internal sealed class ListRuleNamesByTargetRequest
{
    public string? TargetArn { get; set; }
    public string? EventBusName { get; set; }
    public string? NextToken { get; set; }
    public int? Limit { get; set; }
}

internal sealed class ListRuleNamesByTargetResponse
{
    public List<string> RuleNames { get; set; } = [];
    public string? NextToken { get; set; }
}

internal sealed class TagDto
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}

internal sealed class DeadLetterConfigDto
{
    public string? Arn { get; set; }
}

internal sealed class RetryPolicyDto
{
    public int? MaximumRetryAttempts { get; set; }
    public int? MaximumEventAgeInSeconds { get; set; }
}

internal sealed class InputTransformerDto
{
    public Dictionary<string, string>? InputPathsMap { get; set; }
    public string? InputTemplate { get; set; }
}

internal sealed class SqsParametersDto
{
    public string? MessageGroupId { get; set; }
}

internal sealed class TargetDto
{
    public string? Id { get; set; }
    public string? Arn { get; set; }
    public string? RoleArn { get; set; }
    public string? Input { get; set; }
    public string? InputPath { get; set; }
    public InputTransformerDto? InputTransformer { get; set; }
    public SqsParametersDto? SqsParameters { get; set; }
    public RetryPolicyDto? RetryPolicy { get; set; }
    public DeadLetterConfigDto? DeadLetterConfig { get; set; }
}

internal sealed class PutTargetsRequest
{
    public string? Rule { get; set; }
    public string? EventBusName { get; set; }
    public List<TargetDto>? Targets { get; set; }
}

internal sealed class TargetResultEntryDto
{
    public string? TargetId { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
}

internal sealed class TargetsResultResponse
{
    public int FailedEntryCount { get; set; }
    public List<TargetResultEntryDto> FailedEntries { get; set; } = [];
}

internal sealed class RemoveTargetsRequest
{
    public string? Rule { get; set; }
    public string? EventBusName { get; set; }
    public List<string>? Ids { get; set; }
    public bool? Force { get; set; }
}

internal sealed class ListTargetsByRuleRequest
{
    public string? Rule { get; set; }
    public string? EventBusName { get; set; }
    public string? NextToken { get; set; }
    public int? Limit { get; set; }
}

internal sealed class ListTargetsByRuleResponse
{
    public List<TargetDto> Targets { get; set; } = [];
    public string? NextToken { get; set; }
}

internal sealed class TestEventPatternRequest
{
    public string? EventPattern { get; set; }
    public string? Event { get; set; }
}

internal sealed class TestEventPatternResponse
{
    public bool Result { get; set; }
}

internal sealed class PutEventsEntryDto
{
    public double? Time { get; set; }
    public string? Source { get; set; }
    public List<string>? Resources { get; set; }
    public string? DetailType { get; set; }
    public string? Detail { get; set; }
    public string? EventBusName { get; set; }
    public string? TraceHeader { get; set; }
}

internal sealed class PutEventsRequest
{
    public List<PutEventsEntryDto>? Entries { get; set; }
    public string? EndpointId { get; set; }
}

internal sealed class PutEventsResultEntryDto
{
    public string? EventId { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
}

internal sealed class PutEventsResponse
{
    public int FailedEntryCount { get; set; }
    public List<PutEventsResultEntryDto> Entries { get; set; } = [];
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateEventBusRequest))]
[JsonSerializable(typeof(CreateEventBusResponse))]
[JsonSerializable(typeof(UpdateEventBusRequest))]
[JsonSerializable(typeof(UpdateEventBusResponse))]
[JsonSerializable(typeof(NameRequest))]
[JsonSerializable(typeof(EventBusDto))]
[JsonSerializable(typeof(ListEventBusesRequest))]
[JsonSerializable(typeof(ListEventBusesResponse))]
[JsonSerializable(typeof(PutRuleRequest))]
[JsonSerializable(typeof(PutRuleResponse))]
[JsonSerializable(typeof(RuleRequest))]
[JsonSerializable(typeof(RuleDto))]
[JsonSerializable(typeof(ListRulesRequest))]
[JsonSerializable(typeof(ListRulesResponse))]
[JsonSerializable(typeof(ListRuleNamesByTargetRequest))]
[JsonSerializable(typeof(ListRuleNamesByTargetResponse))]
[JsonSerializable(typeof(PutTargetsRequest))]
[JsonSerializable(typeof(TargetsResultResponse))]
[JsonSerializable(typeof(RemoveTargetsRequest))]
[JsonSerializable(typeof(ListTargetsByRuleRequest))]
[JsonSerializable(typeof(ListTargetsByRuleResponse))]
[JsonSerializable(typeof(TestEventPatternRequest))]
[JsonSerializable(typeof(TestEventPatternResponse))]
[JsonSerializable(typeof(PutEventsRequest))]
[JsonSerializable(typeof(PutEventsResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class EventBridgeJsonContext : JsonSerializerContext;
