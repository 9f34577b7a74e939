using LocalCloud.Testing;
using static LocalCloud.EventBridge.Tests.EventBridgeApi;

namespace LocalCloud.EventBridge.Tests;

public sealed class EventBridgeControlPlaneTests : IClassFixture<LocalCloudFixture>
{
    private const string Account = "000000000000";
    private static readonly string[] TwoIds = ["q", "t"];
    private readonly HttpClient _http;

    public EventBridgeControlPlaneTests(LocalCloudFixture fixture)
    {
        _http = fixture.CreateHttpClient();
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task DescribeEventBus_WithoutName_ReturnsDefaultBus()
    {
        var bus = await OkAsync(_http, "DescribeEventBus", "{}");
        Assert.Equal("default", bus.GetProperty("Name").GetString());
        Assert.Equal($"arn:aws:events:us-east-1:{Account}:event-bus/default", bus.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task CreateEventBus_ThenDescribeByNameAndArn_ThenDelete()
    {
        var name = Unique("orders");
        var created = await OkAsync(_http, "CreateEventBus", Json(new { Name = name, Description = "orders bus" }));
        var arn = created.GetProperty("EventBusArn").GetString();
        Assert.Equal($"arn:aws:events:us-east-1:{Account}:event-bus/{name}", arn);

        var byArn = await OkAsync(_http, "DescribeEventBus", Json(new { Name = arn }));
        Assert.Equal(name, byArn.GetProperty("Name").GetString());
        Assert.Equal("orders bus", byArn.GetProperty("Description").GetString());
        Assert.True(byArn.GetProperty("CreationTime").GetDouble() > 1_600_000_000);

        await OkAsync(_http, "DeleteEventBus", Json(new { Name = name }));
        var missing = await ErrorAsync(_http, "DescribeEventBus", Json(new { Name = name }), "ResourceNotFoundException");
        Assert.Equal($"Event bus {name} does not exist.", missing.Message);
    }

    [Fact]
    public async Task CreateEventBus_Twice_IsResourceAlreadyExists()
    {
        var name = Unique("dup");
        await OkAsync(_http, "CreateEventBus", Json(new { Name = name }));
        var error = await ErrorAsync(_http, "CreateEventBus", Json(new { Name = name }), "ResourceAlreadyExistsException");
        Assert.Equal($"Event bus {name} already exists.", error.Message);
        await ErrorAsync(_http, "CreateEventBus", Json(new { Name = "default" }), "ResourceAlreadyExistsException");
    }

    [Fact]
    public async Task CreateEventBus_InvalidOrMissingName_IsValidationException()
    {
        await ErrorAsync(_http, "CreateEventBus", Json(new { Name = "bad name!" }), "ValidationException");
        await ErrorAsync(_http, "CreateEventBus", "{}", "ValidationException");
        await ErrorAsync(_http, "CreateEventBus", Json(new { Name = "a/b" }), "ValidationException");
    }

    [Fact]
    public async Task DeleteEventBus_Default_IsRejected_AndUnknownIsIgnored()
    {
        var error = await ErrorAsync(_http, "DeleteEventBus", Json(new { Name = "default" }), "ValidationException");
        Assert.Equal("Cannot delete event bus default.", error.Message);
        await OkAsync(_http, "DeleteEventBus", Json(new { Name = Unique("never") }));
    }

    [Fact]
    public async Task ListEventBuses_FiltersByPrefixAndPages()
    {
        var prefix = Unique("pg");
        foreach (var i in Enumerable.Range(0, 5))
        {
            await OkAsync(_http, "CreateEventBus", Json(new { Name = $"{prefix}-{i}" }));
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await OkAsync(_http, "ListEventBuses", token is null
                ? Json(new { NamePrefix = prefix, Limit = 2 })
                : Json(new { NamePrefix = prefix, Limit = 2, NextToken = token }));
            names.AddRange(page.GetProperty("EventBuses").EnumerateArray().Select(b => b.GetProperty("Name").GetString()!));
            token = page.TryGetProperty("NextToken", out var t) ? t.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), names);
        await ErrorAsync(_http, "ListEventBuses", Json(new { Limit = 0 }), "ValidationException");
    }

    [Fact]
    public async Task PutRule_DescribeEnableDisableListDelete()
    {
        var bus = Unique("rules");
        await OkAsync(_http, "CreateEventBus", Json(new { Name = bus }));
        var pattern = """{"source":["orders"]}""";
        var put = await OkAsync(_http, "PutRule", Json(new { Name = "r1", EventBusName = bus, EventPattern = pattern, Description = "d" }));
        Assert.Equal($"arn:aws:events:us-east-1:{Account}:rule/{bus}/r1", put.GetProperty("RuleArn").GetString());

        var rule = await OkAsync(_http, "DescribeRule", Json(new { Name = "r1", EventBusName = bus }));
        Assert.Equal("ENABLED", rule.GetProperty("State").GetString());
        Assert.Equal(pattern, rule.GetProperty("EventPattern").GetString());
        Assert.Equal(bus, rule.GetProperty("EventBusName").GetString());

        await OkAsync(_http, "DisableRule", Json(new { Name = "r1", EventBusName = bus }));
        rule = await OkAsync(_http, "DescribeRule", Json(new { Name = "r1", EventBusName = bus }));
        Assert.Equal("DISABLED", rule.GetProperty("State").GetString());
        await OkAsync(_http, "EnableRule", Json(new { Name = "r1", EventBusName = $"arn:aws:events:us-east-1:{Account}:event-bus/{bus}" }));
        rule = await OkAsync(_http, "DescribeRule", Json(new { Name = "r1", EventBusName = bus }));
        Assert.Equal("ENABLED", rule.GetProperty("State").GetString());

        await OkAsync(_http, "PutRule", Json(new { Name = "r2", EventBusName = bus, EventPattern = pattern }));
        await OkAsync(_http, "PutRule", Json(new { Name = "x3", EventBusName = bus, EventPattern = pattern }));
        var page1 = await OkAsync(_http, "ListRules", Json(new { EventBusName = bus, NamePrefix = "r", Limit = 1 }));
        Assert.Equal("r1", page1.GetProperty("Rules")[0].GetProperty("Name").GetString());
        var page2 = await OkAsync(_http, "ListRules", Json(new { EventBusName = bus, NamePrefix = "r", Limit = 1, NextToken = page1.GetProperty("NextToken").GetString() }));
        Assert.Equal("r2", page2.GetProperty("Rules")[0].GetProperty("Name").GetString());
        Assert.False(page2.TryGetProperty("NextToken", out _));

        await OkAsync(_http, "DeleteRule", Json(new { Name = "r1", EventBusName = bus }));
        var missing = await ErrorAsync(_http, "DescribeRule", Json(new { Name = "r1", EventBusName = bus }), "ResourceNotFoundException");
        Assert.Equal($"Rule r1 does not exist on EventBus {bus}.", missing.Message);
        await OkAsync(_http, "DeleteRule", Json(new { Name = "r1", EventBusName = bus }));
        await ErrorAsync(_http, "EnableRule", Json(new { Name = "r1", EventBusName = bus }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task ErrorMessages_AreWrittenWithoutHtmlEscaping()
    {
        using var response = await AwsJsonCall.PostAsync(
            _http, "AWSEvents.PutRule", Json(new { Name = "bad", EventPattern = """{"detail-type":[{"wildcard":"a**b"}]}""" }), "1.1", "events");
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("'*'", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutRule_Errors_FollowAws()
    {
        var invalid = await ErrorAsync(_http, "PutRule", Json(new { Name = "bad", EventPattern = """{"source":"orders"}""" }), "InvalidEventPatternException");
        Assert.False(string.IsNullOrEmpty(invalid.Message));
        await ErrorAsync(_http, "PutRule", Json(new { Name = "bad", EventPattern = "not json" }), "InvalidEventPatternException");

        var schedule = await ErrorAsync(_http, "PutRule", Json(new { Name = "cron", ScheduleExpression = "rate(5 minutes)" }), "ValidationException");
        Assert.Contains("Scheduler", schedule.Message, StringComparison.Ordinal);

        var neither = await ErrorAsync(_http, "PutRule", Json(new { Name = "none" }), "ValidationException");
        Assert.Equal("Parameter(s) EventPattern or ScheduleExpression must be specified.", neither.Message);

        var noBus = await ErrorAsync(_http, "PutRule", Json(new { Name = "r", EventBusName = "nope-bus", EventPattern = """{"source":["a"]}""" }), "ResourceNotFoundException");
        Assert.Equal("Event bus nope-bus does not exist.", noBus.Message);

        await ErrorAsync(_http, "PutRule", Json(new { Name = "bad name", EventPattern = """{"source":["a"]}""" }), "ValidationException");
        await ErrorAsync(_http, "PutRule", Json(new { Name = "s", State = "ON", EventPattern = """{"source":["a"]}""" }), "ValidationException");
        await ErrorAsync(_http, "PutRule", """{"Name": 5}""", "SerializationException");
    }

    [Fact]
    public async Task Targets_PutListRemove_AndDeleteRuleNeedsNoTargets()
    {
        var rule = Unique("tr");
        var queueArn = $"arn:aws:sqs:us-east-1:{Account}:{rule}-q";
        await OkAsync(_http, "PutRule", Json(new { Name = rule, EventPattern = """{"source":["a"]}""" }));
        var put = await OkAsync(_http, "PutTargets", Json(new
        {
            Rule = rule,
            Targets = new object[]
            {
                new { Id = "q", Arn = queueArn, RetryPolicy = new { MaximumRetryAttempts = 3, MaximumEventAgeInSeconds = 120 }, DeadLetterConfig = new { Arn = $"arn:aws:sqs:us-east-1:{Account}:dlq" } },
                new { Id = "t", Arn = queueArn, InputTransformer = new { InputPathsMap = new Dictionary<string, string> { ["s"] = "$.source" }, InputTemplate = "\"from <s>\"" } },
            },
        }));
        Assert.Equal(0, put.GetProperty("FailedEntryCount").GetInt32());
        Assert.Equal(0, put.GetProperty("FailedEntries").GetArrayLength());

        var listed = await OkAsync(_http, "ListTargetsByRule", Json(new { Rule = rule }));
        var targets = listed.GetProperty("Targets");
        Assert.Equal(2, targets.GetArrayLength());
        Assert.Equal(3, targets[0].GetProperty("RetryPolicy").GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal("\"from <s>\"", targets[1].GetProperty("InputTransformer").GetProperty("InputTemplate").GetString());

        var names = await OkAsync(_http, "ListRuleNamesByTarget", Json(new { TargetArn = queueArn }));
        Assert.Equal([rule], names.GetProperty("RuleNames").EnumerateArray().Select(n => n.GetString()));

        var blocked = await ErrorAsync(_http, "DeleteRule", Json(new { Name = rule }), "ValidationException");
        Assert.Equal("Rule can't be deleted since it has targets.", blocked.Message);

        var removed = await OkAsync(_http, "RemoveTargets", Json(new { Rule = rule, Ids = TwoIds }));
        Assert.Equal(0, removed.GetProperty("FailedEntryCount").GetInt32());
        await OkAsync(_http, "DeleteRule", Json(new { Name = rule }));
    }

    [Fact]
    public async Task PutTargets_Errors_FollowAws()
    {
        var rule = Unique("te");
        var queueArn = $"arn:aws:sqs:us-east-1:{Account}:q";
        var missingRule = await ErrorAsync(_http, "PutTargets", Json(new { Rule = rule, Targets = new[] { new { Id = "a", Arn = queueArn } } }), "ResourceNotFoundException");
        Assert.Equal($"Rule {rule} does not exist on EventBus default.", missingRule.Message);

        await OkAsync(_http, "PutRule", Json(new { Name = rule, EventPattern = """{"source":["a"]}""" }));
        var placeholder = await ErrorAsync(_http, "PutTargets", Json(new
        {
            Rule = rule,
            Targets = new[] { new { Id = "a", Arn = queueArn, InputTransformer = new { InputPathsMap = new Dictionary<string, string>(), InputTemplate = "{\"x\": <y>}" } } },
        }), "ValidationException");
        Assert.Equal("InputTemplate for target a contains invalid placeholder y.", placeholder.Message);

        await ErrorAsync(_http, "PutTargets", Json(new { Rule = rule, Targets = new[] { new { Id = "a", Arn = queueArn, Input = "{}", InputPath = "$.detail" } } }), "ValidationException");
        await ErrorAsync(_http, "PutTargets", Json(new { Rule = rule, Targets = new[] { new { Id = "a", Arn = queueArn, RetryPolicy = new { MaximumRetryAttempts = 186 } } } }), "ValidationException");
        await ErrorAsync(_http, "PutTargets", Json(new { Rule = rule, Targets = new[] { new { Id = "a", Arn = queueArn, RetryPolicy = new { MaximumEventAgeInSeconds = 59 } } } }), "ValidationException");
        await ErrorAsync(_http, "PutTargets", Json(new { Rule = rule, Targets = new[] { new { Id = "a", Arn = queueArn, DeadLetterConfig = new { Arn = queueArn + ".fifo" } } } }), "ValidationException");
        var badArn = await ErrorAsync(_http, "PutTargets", Json(new { Rule = rule, Targets = new[] { new { Id = "a", Arn = "not-an-arn" } } }), "ValidationException");
        Assert.Equal("Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.", badArn.Message);
        await ErrorAsync(_http, "PutTargets", Json(new { Rule = rule, Targets = Array.Empty<object>() }), "ValidationException");

        var unsupported = await OkAsync(_http, "PutTargets", Json(new { Rule = rule, Targets = new[] { new { Id = "sns", Arn = $"arn:aws:sns:us-east-1:{Account}:topic" } } }));
        Assert.Equal(1, unsupported.GetProperty("FailedEntryCount").GetInt32());
        Assert.Equal("sns", unsupported.GetProperty("FailedEntries")[0].GetProperty("TargetId").GetString());

        var six = Enumerable.Range(0, 6).Select(i => new { Id = "t" + i, Arn = queueArn }).ToArray();
        await ErrorAsync(_http, "PutTargets", Json(new { Rule = rule, Targets = six }), "LimitExceededException");
    }

    [Fact]
    public async Task TestEventPattern_MatchesAndReportsErrors()
    {
        var @event = """{"id":"1","account":"000000000000","source":"orders","time":"2026-01-01T00:00:00Z","region":"us-east-1","detail-type":"OrderPlaced","resources":[],"detail":{"total":5}}""";
        var yes = await OkAsync(_http, "TestEventPattern", Json(new { EventPattern = """{"source":["orders"]}""", Event = @event }));
        Assert.True(yes.GetProperty("Result").GetBoolean());
        var no = await OkAsync(_http, "TestEventPattern", Json(new { EventPattern = """{"source":["billing"]}""", Event = @event }));
        Assert.False(no.GetProperty("Result").GetBoolean());

        await ErrorAsync(_http, "TestEventPattern", Json(new { EventPattern = """{"source":"orders"}""", Event = @event }), "InvalidEventPatternException");
        var notJson = await ErrorAsync(_http, "TestEventPattern", Json(new { EventPattern = """{"source":["orders"]}""", Event = "nope" }), "ValidationException");
        Assert.Equal("Parameter Event is not valid.", notJson.Message);
        await ErrorAsync(_http, "TestEventPattern", Json(new { EventPattern = """{"source":["orders"]}""", Event = """{"source":"orders"}""" }), "ValidationException");
    }
}
