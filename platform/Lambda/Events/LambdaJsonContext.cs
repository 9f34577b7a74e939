using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lambda.Events;

[JsonSerializable(typeof(EventBridgeEvent<JsonElement>))]
[JsonSerializable(typeof(DynamoDbEvent))]
[JsonSerializable(typeof(IReadOnlyList<DynamoDbRecord>))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(IReadOnlyList<SqsMessage>))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(HttpApiRequest))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(SchedulerInvocation))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class LambdaJsonContext : JsonSerializerContext;
