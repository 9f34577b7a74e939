using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Orders.V1;
using LocalCloud.Testing;

namespace Contracts.Tests;

public sealed class RoundTripTests
{
    public static TheoryData<string> ValidExamples() => [.. RepoPaths.ExampleFiles(valid: true).Select(f => Path.GetRelativePath(RepoPaths.Schemas, f))];

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void GeneratedType_RoundTripsValidExample(string example)
    {
        var file = Path.Combine(RepoPaths.Schemas, example);
        var contract = ContractCatalog.Find(RepoPaths.DetailTypeOfExample(file))!;
        var json = File.ReadAllText(file);

        var typed = JsonSerializer.Deserialize(json, contract.JsonTypeInfo);
        Assert.NotNull(typed);
        Assert.IsType(contract.DetailClrType, typed);
        var written = JsonSerializer.Serialize(typed, contract.JsonTypeInfo);

        AssertJsonEquivalent(JsonNode.Parse(json), JsonNode.Parse(written), "$");
    }

    [Fact]
    public void OrderPlaced_DeserializesToTypedValues()
    {
        var json = ContractCatalog.For<OrderPlaced>().DefaultExample.Json;
        var placed = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.OrdersV1OrderPlaced)!;

        Assert.Equal(Guid.Parse("7d3f6a2e-1c4b-4f7e-9a51-2b8c0d9e4f10"), placed.Data.OrderId);
        Assert.Equal(59.90m, placed.Data.Total.Amount);
        Assert.Equal("EUR", placed.Data.Total.Currency);
        Assert.Equal(2, placed.Data.Lines.Count);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 15, 0, TimeSpan.Zero), placed.Metadata.OccurredAt);
        Assert.Null(placed.Metadata.CausationId);
    }

    [Fact]
    public void EnvelopeFromTypedDetail_IsCompleteAndValid()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var cancelled = new OrderCancelled
        {
            Metadata = new EventMetadata
            {
                EventId = Guid.NewGuid(),
                CorrelationId = "corr-1",
                OccurredAt = time.GetUtcNow(),
                SchemaVersion = "1.0",
            },
            Data = new OrderCancelledData
            {
                OrderId = Guid.NewGuid(),
                Reason = OrderCancelledDataReason.CUSTOMER_REQUEST,
                CancelledAt = time.GetUtcNow(),
            },
        };

        var envelope = EventEnvelope.Create(cancelled, new EventEnvelopeOptions { TimeProvider = time, Account = "123456789012", Region = "eu-west-1" });

        Assert.Equal(
            ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"],
            envelope.Select(p => p.Key));
        Assert.Equal(OrderCancelled.DetailType, (string)envelope["detail-type"]!);
        Assert.Equal(OrderCancelled.Source, (string)envelope["source"]!);
        Assert.Equal("2026-05-01T12:00:00Z", (string)envelope["time"]!);
        Assert.Equal("CUSTOMER_REQUEST", (string)envelope["detail"]!["data"]!["reason"]!);
        Assert.Equal("2026-05-01T12:00:00Z", (string)envelope["detail"]!["metadata"]!["occurredAt"]!);
        var outcome = Cli.Validation.ContractValidator.Validate(envelope, null);
        Assert.True(outcome.IsValid, string.Join("; ", outcome.Problems.Select(p => p.Path + " " + p.Message)));
    }

    private static void AssertJsonEquivalent(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject e:
                var a = Assert.IsType<JsonObject>(actual);
                Assert.Equal(e.Select(p => p.Key).Order(StringComparer.Ordinal), a.Select(p => p.Key).Order(StringComparer.Ordinal));
                foreach (var (key, value) in e)
                {
                    AssertJsonEquivalent(value, a[key], $"{path}.{key}");
                }

                break;
            case JsonArray e:
                var arr = Assert.IsType<JsonArray>(actual);
                Assert.Equal(e.Count, arr.Count);
                for (var i = 0; i < e.Count; i++)
                {
                    AssertJsonEquivalent(e[i], arr[i], $"{path}[{i}]");
                }

                break;
            case JsonValue e when e.GetValueKind() == JsonValueKind.Number:
                Assert.True(e.GetValue<decimal>() == actual!.GetValue<decimal>(), $"{path}: {e} != {actual}");
                break;
            case JsonValue e when e.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(e.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
                && e.GetValue<string>().Contains('T', StringComparison.Ordinal):
                Assert.Equal(time, DateTimeOffset.Parse(actual!.GetValue<string>(), CultureInfo.InvariantCulture));
                break;
            default:
                Assert.Equal(expected?.ToJsonString(), actual?.ToJsonString());
                break;
        }
    }
}
