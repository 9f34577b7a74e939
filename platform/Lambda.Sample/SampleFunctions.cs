using System.Text.Json;
using System.Text.Json.Serialization;
using Lambda.Events;
using Microsoft.Extensions.Logging;

namespace Lambda.Sample;

internal static class SampleFunctions
{
    public static Task<HttpApiResponse> GreetAsync(HttpApiRequest request, ILambdaContext context, CancellationToken cancellationToken)
    {
        var name = request.QueryStringParameters?.GetValueOrDefault("name") ?? "world";
        context.Logger.LogInformation("Greeting {Name}", name);
        var body = JsonSerializer.Serialize(new Greeted(name), SampleJsonContext.Default.Greeted);
        return Task.FromResult(HttpApiResponse.Json(200, body));
    }

    public static Task OnGreetedAsync(EventBridgeEvent<Greeted> e, ILambdaContext context, CancellationToken cancellationToken)
    {
        context.Logger.LogInformation("{DetailType} {Id} for {Name}", e.DetailType, e.Id, e.Detail.Name);
        return Task.CompletedTask;
    }

    public static Task<SqsBatchResponse> OnMessagesAsync(SqsEvent e, ILambdaContext context, CancellationToken cancellationToken)
    {
        var failures = e.Records
            .Where(message => string.IsNullOrWhiteSpace(message.Body))
            .Select(message => new SqsBatchItemFailure { ItemIdentifier = message.MessageId })
            .ToList();
        return Task.FromResult(new SqsBatchResponse { BatchItemFailures = failures });
    }

    public static Task<IReadOnlyList<OutboxEvent>> EnrichAsync(
        IReadOnlyList<DynamoDbRecord> records,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<OutboxEvent> events =
        [
            .. records
                .Where(r => r.DynamoDb.NewImage?.GetValueOrDefault("detailType")?.S is not null)
                .Select(r => new OutboxEvent(
                    r.DynamoDb.NewImage!["detailType"].S!,
                    JsonDocument.Parse(r.DynamoDb.NewImage.GetValueOrDefault("detail")?.S ?? "{}").RootElement)),
        ];
        return Task.FromResult(events);
    }
}

internal sealed record Greeted([property: JsonPropertyName("name")] string Name);

internal sealed record OutboxEvent(
    [property: JsonPropertyName("detailType")] string DetailType,
    [property: JsonPropertyName("detail")] JsonElement Detail);

[JsonSerializable(typeof(Greeted))]
[JsonSerializable(typeof(EventBridgeEvent<Greeted>))]
[JsonSerializable(typeof(IReadOnlyList<OutboxEvent>))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
