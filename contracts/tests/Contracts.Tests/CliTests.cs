using System.Text.Json.Nodes;
using LocalCloud.Testing;

namespace Contracts.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task List_PrintsTheCatalogueTable()
    {
        var result = await CliRunner.RunAsync("list");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.TrimEnd().Split('\n');
        Assert.StartsWith("SOURCE", lines[0], StringComparison.Ordinal);
        Assert.Contains("CONSUMERS", lines[0], StringComparison.Ordinal);
        Assert.Equal(7, lines.Length);
        Assert.Contains(lines, l => l.Contains("order.placed.v1", StringComparison.Ordinal)
            && l.Contains("notifications, search-indexer", StringComparison.Ordinal)
            && l.Contains("schemas/com.example.orders/order.placed.v1.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListJson_ReturnsOneObjectPerContract()
    {
        var result = await CliRunner.RunAsync("list", "--output", "json");

        Assert.Equal(0, result.ExitCode);
        var array = JsonNode.Parse(result.Out)!.AsArray();
        Assert.Equal(6, array.Count);
        var placed = array.Single(n => (string)n!["detailType"]! == "order.placed.v1")!;
        Assert.Equal("com.example.orders", (string)placed["source"]!);
        Assert.Equal(1, (int)placed["version"]!);
        Assert.Equal("Contracts.Orders.V1.OrderPlaced", (string)placed["type"]!);
    }

    [Fact]
    public async Task Show_PrintsSchemaAndValidExample()
    {
        var result = await CliRunner.RunAsync("show", "order.paid.v1", "--output", "json");

        Assert.Equal(0, result.ExitCode);
        var doc = JsonNode.Parse(result.Out)!;
        Assert.Equal("OrderPaid", (string)doc["schema"]!["title"]!);
        var validate = await CliRunner.RunWithInputAsync(doc["example"]!.ToJsonString(), "validate");
        Assert.Equal(0, validate.ExitCode);

        var text = await CliRunner.RunAsync("show", "order.paid.v1");
        Assert.Contains("Schema (schemas/com.example.orders/order.paid.v1.json):", text.Out, StringComparison.Ordinal);
        Assert.Contains("\"paymentId\"", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownDetailType_IsBadUsage()
    {
        var result = await CliRunner.RunAsync("show", "order.shipped.v1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown detail-type 'order.shipped.v1'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Example_IsCompleteValidEventWithFreshMetadata()
    {
        var first = await CliRunner.RunAsync("example", "order.placed.v1");
        var second = await CliRunner.RunAsync("example", "order.placed.v1");

        Assert.Equal(0, first.ExitCode);
        var a = JsonNode.Parse(first.Out)!.AsObject();
        var b = JsonNode.Parse(second.Out)!.AsObject();
        Assert.Equal(["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"], a.Select(p => p.Key));
        Assert.Equal("order.placed.v1", (string)a["detail-type"]!);
        Assert.Equal("com.example.orders", (string)a["source"]!);
        Assert.NotEqual((string)a["detail"]!["metadata"]!["eventId"]!, (string)b["detail"]!["metadata"]!["eventId"]!);
        Assert.NotEqual((string)a["detail"]!["metadata"]!["correlationId"]!, (string)b["detail"]!["metadata"]!["correlationId"]!);
        var occurredAt = DateTimeOffset.Parse((string)a["detail"]!["metadata"]!["occurredAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - occurredAt).TotalMinutes) < 5);
        Assert.Equal(0, (await CliRunner.RunWithInputAsync(first.Out, "validate")).ExitCode);
    }

    [Fact]
    public async Task Example_TakesTimeFromTheInjectedClock()
    {
        var environment = new Contracts.Cli.CliEnvironment { TimeProvider = new ManualTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero)) };

        var result = await CliRunner.RunInAsync(environment, null, "example", "payment.deadline-reached.v1");

        Assert.Equal(0, result.ExitCode);
        var evt = JsonNode.Parse(result.Out)!;
        Assert.Equal("2030-01-02T03:04:05Z", (string)evt["time"]!);
        Assert.Equal("2030-01-02T03:04:05Z", (string)evt["detail"]!["metadata"]!["occurredAt"]!);
    }

    [Fact]
    public async Task Example_SetOverridesFields()
    {
        var result = await CliRunner.RunAsync(
            "example", "order.placed.v1",
            "--set", "data.orderId=11111111-2222-4333-8444-555555555555",
            "--set", "data.lines[0].quantity=7",
            "--set", "data.customer.name=Grace Hopper",
            "--set", "data.giftWrap=true");

        Assert.Equal(0, result.ExitCode);
        var data = JsonNode.Parse(result.Out)!["detail"]!["data"]!;
        Assert.Equal("11111111-2222-4333-8444-555555555555", (string)data["orderId"]!);
        Assert.Equal(7, (int)data["lines"]![0]!["quantity"]!);
        Assert.Equal("Grace Hopper", (string)data["customer"]!["name"]!);
        Assert.True((bool)data["giftWrap"]!);
    }

    [Fact]
    public async Task Example_SetThatBreaksTheContract_FailsWithPath()
    {
        var result = await CliRunner.RunAsync("example", "order.placed.v1", "--set", "data.total.currency=euro");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Contains("$.detail.data.total.currency: [pattern]", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Example_MalformedSet_IsBadUsage()
    {
        var result = await CliRunner.RunAsync("example", "order.placed.v1", "--set", "no-equals-sign");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Validate_InvalidExampleFile_ReportsPathAndRule()
    {
        var file = Path.Combine(RepoPaths.Schemas, "com.example.orders", "examples", "order.placed.v1", "invalid-zero-quantity.json");

        var result = await CliRunner.RunAsync("validate", file, "--type", "order.placed.v1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("$.data.lines[0].quantity: [minimum]", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BareDetailWithoutType_IsNegative()
    {
        var detail = ContractCatalog.Find("order.paid.v1")!.DefaultExample.Json;

        var withoutType = await CliRunner.RunWithInputAsync(detail, "validate");
        var withType = await CliRunner.RunWithInputAsync(detail, "validate", "-", "--type", "order.paid.v1");

        Assert.Equal(1, withoutType.ExitCode);
        Assert.Contains("--type", withoutType.Out, StringComparison.Ordinal);
        Assert.Equal(0, withType.ExitCode);
        Assert.Contains("valid: detail matches order.paid.v1", withType.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FullEventWithBadEnvelopeAndDetail_ListsEveryError()
    {
        var evt = JsonNode.Parse((await CliRunner.RunAsync("example", "order.cancelled.v1")).Out)!.AsObject();
        evt["account"] = "42";
        evt["detail"]!["data"]!["reason"] = "OUT_OF_STOCK";
        evt["detail"]!["metadata"]!.AsObject().Remove("eventId");

        var result = await CliRunner.RunWithInputAsync(evt.ToJsonString(), "validate", "--output", "json");

        Assert.Equal(1, result.ExitCode);
        var doc = JsonNode.Parse(result.Out)!;
        Assert.False((bool)doc["valid"]!);
        Assert.Equal("event", (string)doc["kind"]!);
        var errors = doc["errors"]!.AsArray().Select(e => $"{(string)e!["path"]!} {(string)e["rule"]!}").ToList();
        Assert.Equal(["$.account pattern", "$.detail.data.reason enum", "$.detail.metadata.eventId required"], errors);
    }

    [Fact]
    public async Task Validate_SchemaVersionOfAnotherMajor_IsNegative()
    {
        var evt = (await CliRunner.RunAsync("example", "order.paid.v1", "--set", "metadata.schemaVersion=\"2.0\"")).Out;

        Assert.Equal(string.Empty, evt);
        var detail = JsonNode.Parse(ContractCatalog.Find("order.paid.v1")!.DefaultExample.Json)!;
        detail["metadata"]!["schemaVersion"] = "2.1";
        var result = await CliRunner.RunWithInputAsync(detail.ToJsonString(), "validate", "--type", "order.paid.v1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("$.metadata.schemaVersion: [majorVersion]", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownContract_IsNegative()
    {
        var evt = """{"source":"com.example.orders","detail-type":"order.shipped.v1","detail":{}}""";

        var result = await CliRunner.RunWithInputAsync(evt, "validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No contract for source 'com.example.orders' and detail-type 'order.shipped.v1'", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NotJson_IsBadUsage()
    {
        var result = await CliRunner.RunWithInputAsync("{not json", "validate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not valid JSON", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("show")]
    [InlineData("example")]
    [InlineData("validate")]
    [InlineData("compat")]
    [InlineData("test-pattern")]
    [InlineData("put-events")]
    [InlineData("registry")]
    [InlineData("registry push")]
    [InlineData("registry codegen")]
    public async Task Help_IsAvailableOnEveryCommand(string command)
    {
        var result = await CliRunner.RunAsync([.. command.Split(' '), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Contains("contract " + command, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_IsBadUsage()
    {
        var result = await CliRunner.RunAsync("frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("frobnicate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadOutputFormat_IsBadUsage()
    {
        var result = await CliRunner.RunAsync("list", "--output", "yaml");

        Assert.Equal(2, result.ExitCode);
    }
}
