using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Contracts;

public sealed class EventEnvelopeOptions
{
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string Account { get; init; } = "000000000000";

    public string Region { get; init; } = "us-east-1";

    public string? Id { get; init; }

    public IReadOnlyList<string> Resources { get; init; } = [];
}

public static class EventEnvelope
{
    public static JsonObject Create(string source, string detailType, JsonNode detail, EventEnvelopeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detail);
        options ??= new EventEnvelopeOptions();
        var resources = new JsonArray();
        foreach (var resource in options.Resources)
        {
            resources.Add((JsonNode)JsonValue.Create(resource));
        }

        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = options.Id ?? Guid.NewGuid().ToString(),
            ["detail-type"] = detailType,
            ["source"] = source,
            ["account"] = options.Account,
            ["time"] = FormatTime(options.TimeProvider.GetUtcNow()),
            ["region"] = options.Region,
            ["resources"] = resources,
            ["detail"] = detail.Parent is null ? detail : detail.DeepClone(),
        };
    }

    public static JsonObject Create<T>(T detail, EventEnvelopeOptions? options = null)
        where T : class
    {
        var descriptor = ContractCatalog.For<T>();
        var node = JsonSerializer.SerializeToNode(detail, (JsonTypeInfo<T>)descriptor.JsonTypeInfo)
            ?? throw new ArgumentException("Detail serialized to null.", nameof(detail));
        return descriptor.CreateEvent(node, options);
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
