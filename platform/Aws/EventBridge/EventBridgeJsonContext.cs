using System.Text.Json.Serialization;

namespace Aws.EventBridge;

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(PutEventsRequest))]
[JsonSerializable(typeof(PutEventsResponse))]
[JsonSerializable(typeof(CreateEventBusRequest))]
[JsonSerializable(typeof(CreateEventBusResponse))]
[JsonSerializable(typeof(DescribeEventBusRequest))]
[JsonSerializable(typeof(DescribeEventBusResponse))]
[JsonSerializable(typeof(ListEventBusesRequest))]
[JsonSerializable(typeof(ListEventBusesResponse))]
[JsonSerializable(typeof(DeleteEventBusRequest))]
[JsonSerializable(typeof(PutRuleRequest))]
[JsonSerializable(typeof(PutRuleResponse))]
[JsonSerializable(typeof(RuleRequest))]
[JsonSerializable(typeof(DeleteRuleRequest))]
[JsonSerializable(typeof(DescribeRuleResponse))]
[JsonSerializable(typeof(ListRulesRequest))]
[JsonSerializable(typeof(ListRulesResponse))]
[JsonSerializable(typeof(ListRuleNamesByTargetRequest))]
[JsonSerializable(typeof(ListRuleNamesByTargetResponse))]
[JsonSerializable(typeof(PutTargetsRequest))]
[JsonSerializable(typeof(RemoveTargetsRequest))]
[JsonSerializable(typeof(TargetsResponse))]
[JsonSerializable(typeof(ListTargetsByRuleRequest))]
[JsonSerializable(typeof(ListTargetsByRuleResponse))]
[JsonSerializable(typeof(TestEventPatternRequest))]
[JsonSerializable(typeof(TestEventPatternResponse))]
[JsonSerializable(typeof(EmptyResponse))]
internal sealed partial class EventBridgeJsonContext : JsonSerializerContext;
