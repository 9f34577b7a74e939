using System.Text.Json.Nodes;
using Contracts.Cli.Commands;

namespace Contracts.Tests;

public sealed class PutEventsTests
{
    [Fact]
    public async Task ManyEvents_AreBatchedByTenWithOneEventIdEach()
    {
        var fake = new FakeEventBridge();

        var result = await CliRunner.RunInAsync(fake.Environment, null, "put-events", "order.placed.v1", "order.paid.v1", "--count", "60", "--bus", "orders", "--output", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10], fake.Batches.Select(b => b.Count));
        Assert.All(fake.Uris, u => Assert.Equal(FakeEventBridge.Endpoint, u.GetLeftPart(UriPartial.Path)));
        var entries = fake.Batches.SelectMany(b => b).ToList();
        Assert.All(entries, e => Assert.Equal("orders", (string)e!["EventBusName"]!));
        Assert.Equal(60, entries.Count(e => (string)e!["DetailType"]! == "order.placed.v1"));
        Assert.Equal(120, entries.Select(e => (string)JsonNode.Parse((string)e!["Detail"]!)!["metadata"]!["eventId"]!).Distinct().Count());
        var doc = JsonNode.Parse(result.Out)!;
        Assert.Equal(120, (int)doc["put"]!);
        Assert.All(doc["entries"]!.AsArray(), e => Assert.True(Guid.TryParse((string?)e!["eventId"], out _)));
        Assert.Contains("put 120/120 events", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetValues_AreAppliedAndValidatedBeforeSending()
    {
        var fake = new FakeEventBridge();

        var ok = await CliRunner.RunInAsync(fake.Environment, null, "put-events", "order.cancelled.v1", "--set", "data.reason=CUSTOMER_REQUEST");
        var bad = await CliRunner.RunInAsync(fake.Environment, null, "put-events", "order.cancelled.v1", "--set", "data.reason=LOST");

        Assert.Equal(0, ok.ExitCode);
        Assert.Matches("^\\[0\\] order.cancelled.v1 EventId [0-9a-f-]{36}\n1 put, 0 failed\n$", ok.Out);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("$.detail.data.reason: [enum]", bad.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was put", bad.Error, StringComparison.Ordinal);
        Assert.Single(fake.Batches);
    }

    [Fact]
    public async Task FileOfEvents_ReportsFailedEntries()
    {
        var fake = new FakeEventBridge();
        var good = JsonNode.Parse((await CliRunner.RunAsync("example", "order.paid.v1")).Out)!.ToJsonString();
        var rejected = JsonNode.Parse((await CliRunner.RunAsync("example", "order.paid.v1", "--set", "data.paymentId=REJECT-ME")).Out)!.ToJsonString();

        var result = await CliRunner.RunInAsync(fake.Environment, good + "\n" + rejected + "\n", "put-events", "--file", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[0] order.paid.v1 EventId ", result.Out, StringComparison.Ordinal);
        Assert.Contains("[1] order.paid.v1 error InvalidArgument: Rejected by the fake.", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 put, 1 failed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SizeLimit_SplitsBatchesAndRefusesOversizedEntries()
    {
        var fake = new FakeEventBridge();
        var evt = JsonNode.Parse((await CliRunner.RunAsync("example", "order.placed.v1")).Out)!.AsObject();
        var entrySize = PutEventsCommand.EntrySize(new Aws.EventBridge.PutEventsRequestEntry
        {
            Source = "com.example.orders",
            DetailType = "order.placed.v1",
            Detail = evt["detail"]!.ToJsonString(),
            Time = DateTimeOffset.UtcNow,
        });
        var limit = (entrySize * 3) + 10;
        var big = evt.DeepClone().AsObject();
        big["detail"]!["data"]!["notes"] = new string('x', limit);
        var input = new JsonArray(evt.DeepClone(), evt.DeepClone(), evt.DeepClone(), evt.DeepClone(), big, evt.DeepClone(), evt.DeepClone()).ToJsonString();

        var result = await CliRunner.RunInAsync(fake.Environment, input, "put-events", "--file", "-", "--max-request-bytes", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([3, 3], fake.Batches.Select(b => b.Count));
        Assert.Contains("[4] order.placed.v1 error EntryTooLarge:", result.Out, StringComparison.Ordinal);
        Assert.Contains("6 put, 1 failed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoEventsGiven_IsBadUsage()
    {
        var result = await CliRunner.RunAsync("put-events");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Give one or more detail-types or --file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownDetailType_IsBadUsage()
    {
        var result = await CliRunner.RunInAsync(new FakeEventBridge().Environment, null, "put-events", "order.lost.v1");

        Assert.Equal(2, result.ExitCode);
    }
}
