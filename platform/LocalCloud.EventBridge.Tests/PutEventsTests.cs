using System.Text.Json;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;
using static LocalCloud.EventBridge.Tests.EventBridgeApi;

namespace LocalCloud.EventBridge.Tests;

public sealed class PutEventsTests : IAsyncLifetime, IDisposable
{
    private const string Account = "000000000000";
    private static readonly string[] Resources = ["arn:r1"];
    private readonly FakeSqs _sqs = new();
    private LocalCloudHost? _host;
    private HttpClient? _http;

    private HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        _host = await LocalCloudFixture.StartHostAsync(o =>
        {
            o.ConfigureServices = services =>
            {
                services.AddSingleton(new EventBridgeOptions { MaxPutEventsRequestBytes = 4096 });
                services.AddSingleton<IDeliveryTargetKind>(_sqs);
                services.AddSingleton<IDeadLetterSink>(_sqs);
                services.AddSingleton(new DeliveryOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(5), MaximumRetryDelay = TimeSpan.FromMilliseconds(50) });
            };
        });
        _http = new HttpClient { BaseAddress = _host.Endpoint };
    }

    public void Dispose() => _http?.Dispose();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static string Queue(string name) => $"arn:aws:sqs:us-east-1:{Account}:{name}";

    private static string Entry(string source = "orders", string detailType = "OrderPlaced", string detail = """{"orderId":"o-1"}""", string? bus = null) =>
        Json(new { Source = source, DetailType = detailType, Detail = detail, EventBusName = bus });

    private async Task<JsonElement> PutAsync(params string[] entries) =>
        await OkAsync(Http, "PutEvents", "{\"Entries\":[" + string.Join(",", entries) + "]}");

    private async Task RuleToQueueAsync(string rule, string pattern, object target, string? bus = null)
    {
        await OkAsync(Http, "PutRule", Json(new { Name = rule, EventPattern = pattern, EventBusName = bus }));
        var put = await OkAsync(Http, "PutTargets", Json(new { Rule = rule, EventBusName = bus, Targets = new[] { target } }));
        Assert.Equal(0, put.GetProperty("FailedEntryCount").GetInt32());
    }

    private static async Task WaitUntil(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task EntryCountOutsideOneToTen_FailsWholeRequest()
    {
        var eleven = "{\"Entries\":[" + string.Join(",", Enumerable.Repeat(Entry(), 11)) + "]}";
        var error = await ErrorAsync(Http, "PutEvents", eleven, "ValidationException");
        Assert.StartsWith("1 validation error detected: Value '[", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10", error.Message, StringComparison.Ordinal);
        await ErrorAsync(Http, "PutEvents", "{\"Entries\":[]}", "ValidationException");
        await ErrorAsync(Http, "PutEvents", "{}", "ValidationException");
    }

    [Fact]
    public async Task TotalEntrySizeOverLimit_FailsWholeRequest()
    {
        var big = Json(new { Source = "s", DetailType = "d", Detail = "{\"x\":\"" + new string('a', 4100) + "\"}" });
        var error = await ErrorAsync(Http, "PutEvents", "{\"Entries\":[" + big + "]}", "ValidationException");
        Assert.Equal("Total size of the entries in the request is over the limit.", error.Message);
    }

    [Fact]
    public async Task InvalidEntries_FailIndividuallyWithAwsCodes()
    {
        var result = await PutAsync(
            Json(new { DetailType = "d", Detail = "{}" }),
            Json(new { Source = "s", Detail = "{}" }),
            Json(new { Source = "s", DetailType = "d" }),
            Json(new { Source = "s", DetailType = "d", Detail = "[]" }),
            Json(new { Source = "s", DetailType = "d", Detail = "{not json" }),
            Json(new { Source = "aws.ec2", DetailType = "d", Detail = "{}" }),
            Entry());
        Assert.Equal(6, result.GetProperty("FailedEntryCount").GetInt32());
        var entries = result.GetProperty("Entries");
        Assert.Equal("InvalidArgument", entries[0].GetProperty("ErrorCode").GetString());
        Assert.Equal("Parameter Source is not valid. Reason: Source is a required argument.", entries[0].GetProperty("ErrorMessage").GetString());
        Assert.Equal("Parameter DetailType is not valid. Reason: DetailType is a required argument.", entries[1].GetProperty("ErrorMessage").GetString());
        Assert.Equal("Parameter Detail is not valid. Reason: Detail is a required argument.", entries[2].GetProperty("ErrorMessage").GetString());
        Assert.Equal("MalformedDetail", entries[3].GetProperty("ErrorCode").GetString());
        Assert.Equal("Detail is malformed.", entries[3].GetProperty("ErrorMessage").GetString());
        Assert.Equal("MalformedDetail", entries[4].GetProperty("ErrorCode").GetString());
        Assert.Equal("NotAuthorizedForSourceException", entries[5].GetProperty("ErrorCode").GetString());
        Assert.True(Guid.TryParse(entries[6].GetProperty("EventId").GetString(), out _));
    }

    [Fact]
    public async Task UnknownBus_IsAcceptedAndDropped()
    {
        var result = await PutAsync(Entry(bus: "no-such-bus"), Entry(bus: $"arn:aws:events:us-east-1:{Account}:event-bus/no-such-bus"));
        Assert.Equal(0, result.GetProperty("FailedEntryCount").GetInt32());
        Assert.All(result.GetProperty("Entries").EnumerateArray(), e => Assert.True(e.TryGetProperty("EventId", out _)));
    }

    [Fact]
    public async Task MatchingEvent_ReachesSqsTargetAsExactAwsEnvelope()
    {
        var queue = Queue("envelope");
        await RuleToQueueAsync("envelope", """{"source":["shop"],"detail":{"kind":["a"]}}""", new { Id = "q", Arn = queue });

        var result = await PutAsync(
            Json(new { Source = "shop", DetailType = "Thing Happened", Detail = """{ "kind": "a", "n": [1, 2] }""", Resources, Time = 1767261600 }),
            Json(new { Source = "shop", DetailType = "Other", Detail = """{"kind":"b"}""" }));
        var id = result.GetProperty("Entries")[0].GetProperty("EventId").GetString();

        await WaitUntil(() => _sqs.BodiesFor(queue).Count == 1);
        await Task.Delay(50);
        var body = Assert.Single(_sqs.BodiesFor(queue));
        Assert.Equal(
            $$$"""{"version":"0","id":"{{{id}}}","detail-type":"Thing Happened","source":"shop","account":"{{{Account}}}","time":"2026-01-01T10:00:00Z","region":"us-east-1","resources":["arn:r1"],"detail":{"kind":"a","n":[1,2]}}""",
            body);
    }

    [Fact]
    public async Task InputTransformer_ShapesWhatTheTargetReceives()
    {
        var queue = Queue("transformed");
        await RuleToQueueAsync("transformed", """{"source":["billing"]}""", new
        {
            Id = "q",
            Arn = queue,
            InputTransformer = new
            {
                InputPathsMap = new Dictionary<string, string> { ["id"] = "$.detail.invoiceId", ["all"] = "$.detail" },
                InputTemplate = """{"invoice": "<id>", "payload": <all>, "rule": "<aws.events.rule-name>"}""",
            },
        });

        await PutAsync(Entry(source: "billing", detail: """{"invoiceId":"i-9","amount":3}"""));

        await WaitUntil(() => _sqs.BodiesFor(queue).Count == 1);
        Assert.Equal("""{"invoice":"i-9","payload":{"invoiceId":"i-9","amount":3},"rule":"transformed"}""", _sqs.BodiesFor(queue)[0]);
    }

    [Fact]
    public async Task BusTarget_ForwardsWithNewIdToRulesOnTheOtherBus()
    {
        await OkAsync(Http, "CreateEventBus", Json(new { Name = "downstream" }));
        var queue = Queue("forwarded");
        await RuleToQueueAsync("tap", """{"source":["fwd"]}""", new { Id = "q", Arn = queue }, bus: "downstream");
        await RuleToQueueAsync("forward", """{"source":["fwd"]}""", new { Id = "bus", Arn = $"arn:aws:events:us-east-1:{Account}:event-bus/downstream" });

        var result = await PutAsync(Entry(source: "fwd", detail: """{"n":1}"""));
        var originalId = result.GetProperty("Entries")[0].GetProperty("EventId").GetString();

        await WaitUntil(() => _sqs.BodiesFor(queue).Count == 1);
        using var forwarded = JsonDocument.Parse(_sqs.BodiesFor(queue)[0]);
        var root = forwarded.RootElement;
        Assert.NotEqual(originalId, root.GetProperty("id").GetString());
        Assert.Equal("fwd", root.GetProperty("source").GetString());
        Assert.Equal(1, root.GetProperty("detail").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task DisabledRule_DeliversNothing()
    {
        var queue = Queue("disabled");
        await RuleToQueueAsync("disabled", """{"source":["quiet"]}""", new { Id = "q", Arn = queue });
        await OkAsync(Http, "DisableRule", Json(new { Name = "disabled" }));
        await PutAsync(Entry(source: "quiet"));
        await OkAsync(Http, "EnableRule", Json(new { Name = "disabled" }));
        await PutAsync(Entry(source: "quiet", detail: """{"second":true}"""));

        await WaitUntil(() => _sqs.BodiesFor(queue).Count == 1);
        await Task.Delay(100);
        Assert.Contains("second", Assert.Single(_sqs.BodiesFor(queue)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetThatFailsThenRecovers_GetsEveryEvent()
    {
        var queue = Queue("flaky");
        var dlq = Queue("flaky-dlq");
        await RuleToQueueAsync("flaky", """{"source":["flaky"]}""", new { Id = "q", Arn = queue, DeadLetterConfig = new { Arn = dlq } });
        _sqs.FailNext(queue, 25);

        for (var batch = 0; batch < 3; batch++)
        {
            await PutAsync([.. Enumerable.Range(0, 10).Select(i => Entry(source: "flaky", detail: $$"""{"n":{{(batch * 10) + i}}}"""))]);
        }

        await WaitUntil(() => _sqs.BodiesFor(queue).Count >= 30);
        var seen = _sqs.BodiesFor(queue).Select(b => JsonDocument.Parse(b).RootElement.GetProperty("detail").GetProperty("n").GetInt32()).ToHashSet();
        Assert.Equal(30, seen.Count);
        Assert.Empty(_sqs.BodiesFor(dlq));
        Assert.True(_sqs.AttemptsOn(queue) >= 55);
    }

    [Fact]
    public async Task ExhaustedRetries_SendOriginalEventToDeadLetterQueueWithAttributes()
    {
        var queue = Queue("down");
        var dlq = Queue("down-dlq");
        await RuleToQueueAsync("down", """{"source":["down"]}""", new
        {
            Id = "q",
            Arn = queue,
            Input = """{"constant":true}""",
            RetryPolicy = new { MaximumRetryAttempts = 2, MaximumEventAgeInSeconds = 60 },
            DeadLetterConfig = new { Arn = dlq },
        });
        _sqs.FailNext(queue, int.MaxValue);

        var result = await PutAsync(Entry(source: "down"));
        var id = result.GetProperty("Entries")[0].GetProperty("EventId").GetString();

        await WaitUntil(() => _sqs.BodiesFor(dlq).Count == 1);
        var message = _sqs.Messages.Single(m => m.Queue == dlq);
        Assert.Equal(3, _sqs.AttemptsOn(queue));
        Assert.Equal(id, JsonDocument.Parse(message.Body).RootElement.GetProperty("id").GetString());
        var attributes = message.Attributes!;
        Assert.Equal($"arn:aws:events:us-east-1:{Account}:rule/down", attributes["RULE_ARN"]);
        Assert.Equal(queue, attributes["TARGET_ARN"]);
        Assert.Equal("CONNECTION_FAILURE", attributes["ERROR_CODE"]);
        Assert.Equal("queue unavailable", attributes["ERROR_MESSAGE"]);
        Assert.Equal("2", attributes["RETRY_ATTEMPTS"]);
        Assert.Equal("MaximumRetryAttempts", attributes["EXHAUSTED_RETRY_CONDITION"]);
    }

    [Fact]
    public async Task MissingTargetBus_GoesStraightToDeadLetterQueue()
    {
        var dlq = Queue("nobus-dlq");
        await RuleToQueueAsync("nobus", """{"source":["nobus"]}""", new
        {
            Id = "b",
            Arn = $"arn:aws:events:us-east-1:{Account}:event-bus/ghost",
            DeadLetterConfig = new { Arn = dlq },
        });

        await PutAsync(Entry(source: "nobus"));

        await WaitUntil(() => _sqs.BodiesFor(dlq).Count == 1);
        var attributes = _sqs.Messages.Single(m => m.Queue == dlq).Attributes!;
        Assert.Equal("NO_RESOURCE", attributes["ERROR_CODE"]);
        Assert.Equal("0", attributes["RETRY_ATTEMPTS"]);
        Assert.False(attributes.ContainsKey("EXHAUSTED_RETRY_CONDITION"));
    }

    [Fact]
    public async Task DeeplyNestedDetail_IsAcceptedAndDelivered()
    {
        var queue = Queue("deep");
        await RuleToQueueAsync("deep", """{"source":["deep"]}""", new { Id = "q", Arn = queue });
        var detail = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";
        var tooDeep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 1200)) + string.Concat(Enumerable.Repeat("]", 1200)) + "}";

        var accepted = await PutAsync(Entry(source: "deep", detail: detail));
        var nearTheLimit = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 990)) + string.Concat(Enumerable.Repeat("]", 990)) + "}";
        var acceptedDeeper = await PutAsync(Entry(source: "deep", detail: nearTheLimit));
        Assert.Equal(0, acceptedDeeper.GetProperty("FailedEntryCount").GetInt32());
        var rejected = await PutAsync(Entry(source: "deep", detail: tooDeep));

        Assert.Equal(0, accepted.GetProperty("FailedEntryCount").GetInt32());
        Assert.Equal("MalformedDetail", rejected.GetProperty("Entries")[0].GetProperty("ErrorCode").GetString());
        await WaitUntil(() => _sqs.BodiesFor(queue).Count == 2);
    }
}
