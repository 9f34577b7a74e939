using System.Text.Json.Nodes;

namespace Contracts.Tests;

public sealed class CompatTests : IDisposable
{
    private readonly TempSchemas _copy = TempSchemas.Copy();

    private string Baseline => _copy.Path;

    public void Dispose() => _copy.Dispose();

    [Fact]
    public async Task SameSchemas_AreCompatible()
    {
        var result = await CliRunner.RunAsync("compat", "--baseline", Baseline);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("compatible: 6 baseline schema(s), 0 non-breaking change(s)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BreakingChanges_AreReportedPerField()
    {
        Edit("com.example.orders/order.placed.v1.json", s =>
        {
            s["properties"]!["data"]!["properties"]!["couponCode"] = new JsonObject { ["type"] = "string", ["description"] = "x" };
            s["properties"]!["data"]!["properties"]!["lines"]!["items"]!["properties"]!["quantity"]!["type"] = "number";
        });
        Edit("com.example.orders/order.cancelled.v1.json", s =>
            s["properties"]!["data"]!["properties"]!["reason"]!["enum"]!.AsArray().Add("OUT_OF_STOCK"));
        Edit("com.example.orders/order.paid.v1.json", s =>
        {
            s["properties"]!["data"]!["properties"]!["paidAt"]!["format"] = "date";
            s["properties"]!["data"]!["required"] = new JsonArray("orderId", "amount", "paidAt");
        });

        var result = await CliRunner.RunAsync("compat", "--baseline", Baseline, "--output", "json");

        Assert.Equal(1, result.ExitCode);
        var doc = JsonNode.Parse(result.Out)!;
        var changes = doc["changes"]!.AsArray()
            .Select(c => $"{(string)c!["detailType"]!} {(string)c["path"]!} {(string)c["kind"]!} {(bool)c["breaking"]!}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            [
                "order.cancelled.v1 $.data.reason enum-narrowed True",
                "order.paid.v1 $.data.paidAt format-changed True",
                "order.paid.v1 $.data.paymentId field-now-required True",
                "order.placed.v1 $.data.couponCode field-removed True",
                "order.placed.v1 $.data.lines[].quantity type-changed True",
            ],
            changes);
        Assert.Equal(5, (int)doc["breaking"]!);
    }

    [Fact]
    public async Task NewOptionalFieldAndWiderEnum_AreNotBreaking()
    {
        Edit("com.example.orders/order.placed.v1.json", s =>
            s["properties"]!["data"]!["properties"]!.AsObject().Remove("paymentDueAt"));
        Edit("com.example.orders/order.placed.v1.json", s =>
            s["properties"]!["data"]!["required"]!.AsArray().RemoveAt(5));
        Edit("com.example.orders/order.cancelled.v1.json", s =>
            s["properties"]!["data"]!["properties"]!["reason"]!["enum"]!.AsArray().RemoveAt(1));

        var result = await CliRunner.RunAsync("compat", "--baseline", Baseline);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("BREAKING  order.placed.v1  $.data.paymentDueAt: new required field", result.Out, StringComparison.Ordinal);
        Assert.Contains("ok        order.cancelled.v1  $.data.reason: enum widened", result.Out, StringComparison.Ordinal);

        Edit("com.example.orders/order.placed.v1.json", s => s["properties"]!["data"]!["required"]!.AsArray().Add("paymentDueAt"));
        Edit("com.example.orders/order.placed.v1.json", s =>
            s["properties"]!["data"]!["properties"]!["paymentDueAt"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" });
        var optional = await CliRunner.RunAsync("compat", "--baseline", Baseline);
        Assert.Equal(0, optional.ExitCode);
    }

    [Fact]
    public async Task RemovedContract_IsBreaking()
    {
        var extra = Path.Combine(Baseline, "com.example.orders", "order.shipped.v1.json");
        File.Copy(Path.Combine(Baseline, "com.example.orders", "order.paid.v1.json"), extra);

        var result = await CliRunner.RunAsync("compat", "--baseline", Baseline);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("BREAKING  order.shipped.v1  $: Contract order.shipped.v1 is gone", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingBaselineDirectory_IsBadUsage()
    {
        var result = await CliRunner.RunAsync("compat", "--baseline", Path.Combine(Baseline, "nope"));

        Assert.Equal(2, result.ExitCode);
    }

    private void Edit(string relativePath, Action<JsonObject> change) => _copy.Edit(relativePath, change);
}
