using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;

namespace LocalCloud.EventBridge.Tests.Archives;

/// <summary>Archives and replays over HTTP against an in-memory host, counted on real SQS queues.</summary>
[SuppressMessage("Design", "CA1001", Justification = "xUnit disposes the clients through IAsyncLifetime.DisposeAsync.")]
public sealed class ArchiveReplayIntegrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private LocalCloudHost _host = null!;
    private EventsJsonClient _events = null!;
    private AmazonSQSClient _sqs = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalCloudFixture.StartHostAsync();
        _events = new EventsJsonClient(_host.Endpoint);
        _sqs = LocalCloudFixture.CreateSqsClient(_host);
    }

    public async Task DisposeAsync()
    {
        _sqs.Dispose();
        _events.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Replay_DeliversOnlyToRulesOfTheSourceBus_AndOnlyToFilterArnsWhenGiven()
    {
        await Call("CreateEventBus", new { Name = "orders" });
        await Call("CreateEventBus", new { Name = "elsewhere" });
        var pattern = """{"source":["it.orders"]}""";
        var consumer = await RuleWithQueueAsync("orders", "consumer", pattern);
        var audit = await RuleWithQueueAsync("orders", "audit", pattern);
        var foreign = await RuleWithQueueAsync("elsewhere", "foreign", pattern);
        var archive = await Call("CreateArchive", new
        {
            ArchiveName = "orders-archive",
            EventSourceArn = _host.Cloud.Arn("events", "event-bus/orders"),
            EventPattern = pattern,
        });
        Assert.Equal("ENABLED", archive.GetProperty("State").GetString());

        var eventTime = _host.Cloud.TimeProvider.GetUtcNow().AddMinutes(-10);
        await PutAsync("orders", eventTime, 3);
        await PutAsync("elsewhere", eventTime, 1);
        Assert.Equal(3, (await ReceiveAsync(consumer.Queue, 3)).Count);
        Assert.Equal(3, (await ReceiveAsync(audit.Queue, 3)).Count);
        Assert.Single(await ReceiveAsync(foreign.Queue, 1));
        await WaitAsync(async () => (await Call("DescribeArchive", new { ArchiveName = "orders-archive" })).GetProperty("EventCount").GetInt64() == 3);

        await ReplayAsync("only-consumer", eventTime, [consumer.RuleArn]);
        var filtered = await ReceiveAsync(consumer.Queue, 3);

        Assert.Equal(3, filtered.Count);
        Assert.All(filtered, m => Assert.Equal("only-consumer", m.GetProperty("replay-name").GetString()));
        Assert.Empty(await ReceiveAsync(audit.Queue, 0));
        Assert.Empty(await ReceiveAsync(foreign.Queue, 0));

        await ReplayAsync("everyone", eventTime, null);

        Assert.Equal(3, (await ReceiveAsync(consumer.Queue, 3)).Count);
        Assert.Equal(3, (await ReceiveAsync(audit.Queue, 3)).Count);
        Assert.Empty(await ReceiveAsync(foreign.Queue, 0));
        var described = await Call("DescribeArchive", new { ArchiveName = "orders-archive" });
        Assert.Equal(3, described.GetProperty("EventCount").GetInt64());
    }

    [Fact]
    public async Task CreateArchive_AddsAManagedRuleThatExcludesReplayedEvents_AndDeleteRemovesIt()
    {
        await Call("CreateArchive", new { ArchiveName = "everything", EventSourceArn = _host.Cloud.Arn("events", "event-bus/default") });

        var rule = await Call("DescribeRule", new { Name = "Events-Archive-everything" });
        var targets = await Call("ListTargetsByRule", new { Rule = "Events-Archive-everything" });

        Assert.Equal("prod.vhs.events.aws.internal", rule.GetProperty("ManagedBy").GetString());
        using (var patternDoc = JsonDocument.Parse(rule.GetProperty("EventPattern").GetString()!))
        {
            Assert.False(patternDoc.RootElement.GetProperty("replay-name")[0].GetProperty("exists").GetBoolean());
        }

        Assert.Equal(_host.Cloud.Arn("events", "archive/everything"), targets.GetProperty("Targets")[0].GetProperty("Arn").GetString());

        await Call("DeleteArchive", new { ArchiveName = "everything" });
        var error = await _events.ErrorAsync("DescribeRule", """{"Name":"Events-Archive-everything"}""");
        Assert.Equal("ResourceNotFoundException", error.Code);
    }

    [Fact]
    public async Task ArchiveErrors_UseAwsShapesOverTheWire()
    {
        var missing = await _events.ErrorAsync("DescribeArchive", """{"ArchiveName":"nope"}""");
        var badBus = await _events.ErrorAsync("CreateArchive", JsonSerializer.Serialize(new
        {
            ArchiveName = "x",
            EventSourceArn = _host.Cloud.Arn("events", "event-bus/ghost"),
        }));
        var malformed = await _events.ErrorAsync("StartReplay", "{not json");

        Assert.Equal((System.Net.HttpStatusCode.BadRequest, "ResourceNotFoundException", "Archive nope does not exist."), (missing.Status, missing.Code, missing.ErrorMessage));
        Assert.Equal(("ResourceNotFoundException", "Event bus ghost does not exist."), (badBus.Code, badBus.ErrorMessage));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, malformed.Status);
    }

    private async Task ReplayAsync(string name, DateTimeOffset eventTime, string[]? filters)
    {
        var destination = new Dictionary<string, object> { ["Arn"] = _host.Cloud.Arn("events", "event-bus/orders") };
        if (filters is not null)
        {
            destination["FilterArns"] = filters;
        }

        var started = await Call("StartReplay", new Dictionary<string, object>
        {
            ["ReplayName"] = name,
            ["EventSourceArn"] = _host.Cloud.Arn("events", "archive/orders-archive"),
            ["EventStartTime"] = eventTime.AddMinutes(-1).ToUnixTimeSeconds(),
            ["EventEndTime"] = eventTime.AddMinutes(1).ToUnixTimeSeconds(),
            ["Destination"] = destination,
        });
        Assert.Equal("STARTING", started.GetProperty("State").GetString());
        await WaitAsync(async () => (await Call("DescribeReplay", new { ReplayName = name })).GetProperty("State").GetString() == "COMPLETED");
    }

    private async Task<(string Queue, string RuleArn)> RuleWithQueueAsync(string bus, string rule, string pattern)
    {
        var url = (await _sqs.CreateQueueAsync($"{bus}-{rule}")).QueueUrl;
        var arn = (await _sqs.GetQueueAttributesAsync(url, ["QueueArn"])).QueueARN;
        var ruleArn = (await Call("PutRule", new { Name = rule, EventBusName = bus, EventPattern = pattern })).GetProperty("RuleArn").GetString()!;
        await Call("PutTargets", new { Rule = rule, EventBusName = bus, Targets = new[] { new { Id = "q", Arn = arn } } });
        return (url, ruleArn);
    }

    private async Task PutAsync(string bus, DateTimeOffset time, int count)
    {
        var response = await Call("PutEvents", new
        {
            Entries = Enumerable.Range(0, count).Select(i => new
            {
                Source = "it.orders",
                DetailType = "order.placed.v1",
                Detail = $$"""{"n":{{i}}}""",
                EventBusName = bus,
                Time = time.AddSeconds(i).ToUnixTimeSeconds(),
            }),
        });
        Assert.Equal(0, response.GetProperty("FailedEntryCount").GetInt32());
    }

    /// <summary>Receives until <paramref name="expected"/> messages arrived (then one more short poll for extras).</summary>
    private async Task<List<JsonElement>> ReceiveAsync(string queueUrl, int expected)
    {
        var bodies = new List<JsonElement>();
        var clock = Stopwatch.StartNew();
        var limit = expected == 0 ? TimeSpan.FromSeconds(1.5) : Patience;
        while (clock.Elapsed < limit)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
            foreach (var message in response.Messages ?? [])
            {
                bodies.Add(JsonDocument.Parse(message.Body).RootElement.Clone());
                await _sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
            }

            if (expected > 0 && bodies.Count >= expected)
            {
                break;
            }
        }

        return bodies;
    }

    private async Task<JsonElement> Call(string operation, object request) =>
        await _events.CallAsync(operation, JsonSerializer.Serialize(request));

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Patience, "condition not reached within " + Patience.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s");
            await Task.Delay(50);
        }
    }
}
