using System.Text.Json;
using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Testing;
using LocalCloud.Testing.Resources;
using static LocalCloud.EventBridge.Tests.EventBridgeApi;

namespace LocalCloud.EventBridge.Tests.Resources;

public sealed class EventBridgeProviderTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private const string Bus = "AWS::Events::EventBus";
    private const string Rule = "AWS::Events::Rule";
    private const string Archive = "AWS::Events::Archive";
    private const string Account = "000000000000";

    private ResourceOperations Stack() => new(fixture.Host, "stack" + Guid.NewGuid().ToString("N")[..6]);

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    private static string QueueArn(string name) => $"arn:aws:sqs:us-east-1:{Account}:{name}";

    private static JsonObject Pattern(string source) => new() { ["source"] = new JsonArray(source) };

    private static JsonObject Target(string id, string queue, JsonObject? extra = null)
    {
        var target = new JsonObject { ["Id"] = id, ["Arn"] = QueueArn(queue) };
        foreach (var (key, value) in extra ?? [])
        {
            target[key] = value?.DeepClone();
        }

        return target;
    }

    private static async Task<Dictionary<string, JsonElement>> TargetsOf(HttpClient http, string rule, string? bus = null)
    {
        var body = await OkAsync(http, "ListTargetsByRule", Json(new { Rule = rule, EventBusName = bus }));
        return body.GetProperty("Targets").EnumerateArray().ToDictionary(t => t.GetProperty("Id").GetString()!, t => t.Clone());
    }

    [Fact]
    public async Task EventBus_CreateUpdateDelete()
    {
        var stack = Stack();
        using var http = fixture.CreateHttpClient();
        var name = NewName("bus");
        var before = new JsonObject { ["Name"] = name, ["Description"] = "first", ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "k", ["Value"] = "v" }) };

        var created = await stack.CreateAsync(Bus, "Bus", before);

        Assert.Equal(name, created.PhysicalId);
        Assert.Equal($"arn:aws:events:us-east-1:{Account}:event-bus/{name}", created.Attributes["Arn"]!.GetValue<string>());
        Assert.Equal(name, created.Attributes["Name"]!.GetValue<string>());
        var described = await OkAsync(http, "DescribeEventBus", Json(new { Name = name }));
        Assert.Equal("first", described.GetProperty("Description").GetString());

        var dlq = NewName("dlq");
        await fixture.CreateSqsClient().CreateQueueAsync(dlq);
        var after = new JsonObject { ["Name"] = name, ["Description"] = "second", ["DeadLetterConfig"] = new JsonObject { ["Arn"] = QueueArn(dlq) } };
        var updated = await stack.UpdateAsync(Bus, "Bus", created, before, after);

        Assert.Equal(created.PhysicalId, updated.PhysicalId);
        described = await OkAsync(http, "DescribeEventBus", Json(new { Name = name }));
        Assert.Equal("second", described.GetProperty("Description").GetString());
        Assert.Equal(QueueArn(dlq), described.GetProperty("DeadLetterConfig").GetProperty("Arn").GetString());

        await stack.DeleteAsync(Bus, "Bus", after, updated);
        await stack.DeleteAsync(Bus, "Bus", after, updated);
        await ErrorAsync(http, "DescribeEventBus", Json(new { Name = name }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task UpdateEventBus_OverTheWire_SetsOrClearsTheMembers_AndKnowsOnlyExistingBuses()
    {
        using var http = fixture.CreateHttpClient();
        var name = NewName("wire");
        await OkAsync(http, "CreateEventBus", Json(new { Name = name, Description = "old" }));

        var updated = await OkAsync(http, "UpdateEventBus", Json(new { Name = name, Description = "new" }));
        Assert.Equal("new", updated.GetProperty("Description").GetString());
        Assert.Equal($"arn:aws:events:us-east-1:{Account}:event-bus/{name}", updated.GetProperty("Arn").GetString());
        await OkAsync(http, "UpdateEventBus", Json(new { Name = name }));
        Assert.False((await OkAsync(http, "DescribeEventBus", Json(new { Name = name }))).TryGetProperty("Description", out _));

        var missing = await ErrorAsync(http, "UpdateEventBus", Json(new { Name = "no-such-bus" }), "ResourceNotFoundException");
        Assert.Equal("Event bus no-such-bus does not exist.", missing.Message);
        await ErrorAsync(http, "UpdateEventBus", Json(new { Name = name, Description = new string('d', 513) }), "ValidationException");
    }

    [Fact]
    public async Task EventBus_ExistingName_FailsWithTheServiceMessage()
    {
        var name = NewName("dup");
        await Stack().CreateAsync(Bus, "First", new JsonObject { ["Name"] = name });

        var error = await Assert.ThrowsAsync<ServiceException>(() => Stack().CreateAsync(Bus, "Second", new JsonObject { ["Name"] = name }));

        Assert.Equal($"Event bus {name} already exists.", error.Message);
    }

    [Fact]
    public async Task EventBus_InterruptedCreate_IsDeletedFromItsProperties()
    {
        var stack = Stack();
        using var http = fixture.CreateHttpClient();
        var properties = new JsonObject { ["Name"] = NewName("crash") };
        await stack.CreateAsync(Bus, "Bus", properties);

        await stack.DeleteAsync(Bus, "Bus", properties, current: null);

        await ErrorAsync(http, "DescribeEventBus", Json(new { Name = properties["Name"]!.GetValue<string>() }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Rule_OnTheDefaultBus_RefIsTheNameAndTargetsAreSet()
    {
        var stack = Stack();
        using var http = fixture.CreateHttpClient();
        var queue = NewName("q");
        await fixture.CreateSqsClient().CreateQueueAsync(queue);
        var properties = new JsonObject
        {
            ["EventPattern"] = Pattern("orders"),
            ["Description"] = "orders rule",
            ["Targets"] = new JsonArray(Target("q1", queue, new JsonObject
            {
                ["InputTransformer"] = new JsonObject
                {
                    ["InputPathsMap"] = new JsonObject { ["id"] = "$.detail.id" },
                    ["InputTemplate"] = "{\"order\": <id>}",
                },
                ["RetryPolicy"] = new JsonObject { ["MaximumRetryAttempts"] = "3", ["MaximumEventAgeInSeconds"] = 120 },
            })),
        };

        var created = await stack.CreateAsync(Rule, "OrdersRule", properties);

        var name = stack.GeneratedName("OrdersRule", 64);
        Assert.Equal(name, created.PhysicalId);
        Assert.Equal($"arn:aws:events:us-east-1:{Account}:rule/{name}", created.Attributes["Arn"]!.GetValue<string>());
        var rule = await OkAsync(http, "DescribeRule", Json(new { Name = name }));
        Assert.Equal("ENABLED", rule.GetProperty("State").GetString());
        Assert.Equal("orders rule", rule.GetProperty("Description").GetString());
        Assert.True(JsonNode.DeepEquals(Pattern("orders"), JsonNode.Parse(rule.GetProperty("EventPattern").GetString()!)));
        var target = (await TargetsOf(http, name))["q1"];
        Assert.Equal("$.detail.id", target.GetProperty("InputTransformer").GetProperty("InputPathsMap").GetProperty("id").GetString());
        Assert.Equal(3, target.GetProperty("RetryPolicy").GetProperty("MaximumRetryAttempts").GetInt32());
    }

    [Fact]
    public async Task Rule_OnACustomBus_PhysicalIdIsBusBarName_UpdateDiffsTargets_DeleteRemovesAll()
    {
        var stack = Stack();
        using var http = fixture.CreateHttpClient();
        var bus = NewName("bus");
        await stack.CreateAsync(Bus, "Bus", new JsonObject { ["Name"] = bus });
        var (q1, q2, q3) = (NewName("q"), NewName("q"), NewName("q"));
        using var sqs = fixture.CreateSqsClient();
        foreach (var q in new[] { q1, q2, q3 })
        {
            await sqs.CreateQueueAsync(q);
        }

        var before = new JsonObject
        {
            ["Name"] = "orders",
            ["EventBusName"] = $"arn:aws:events:us-east-1:{Account}:event-bus/{bus}",
            ["EventPattern"] = Pattern("orders"),
            ["Targets"] = new JsonArray(Target("keep", q1), Target("change", q2), Target("drop", q3)),
        };
        var created = await stack.CreateAsync(Rule, "Rule", before);

        Assert.Equal($"{bus}|orders", created.PhysicalId);
        Assert.Equal($"arn:aws:events:us-east-1:{Account}:rule/{bus}/orders", created.Attributes["Arn"]!.GetValue<string>());

        var after = new JsonObject
        {
            ["Name"] = "orders",
            ["EventBusName"] = $"arn:aws:events:us-east-1:{Account}:event-bus/{bus}",
            ["EventPattern"] = Pattern("payments"),
            ["State"] = "DISABLED",
            ["Targets"] = new JsonArray(Target("keep", q1), Target("change", q2, new JsonObject { ["Input"] = "{\"fixed\":true}" }), Target("new", q3)),
        };
        var updated = await stack.UpdateAsync(Rule, "Rule", created, before, after);

        Assert.Equal(created.PhysicalId, updated.PhysicalId);
        var rule = await OkAsync(http, "DescribeRule", Json(new { Name = "orders", EventBusName = bus }));
        Assert.Equal("DISABLED", rule.GetProperty("State").GetString());
        Assert.Contains("payments", rule.GetProperty("EventPattern").GetString(), StringComparison.Ordinal);
        var targets = await TargetsOf(http, "orders", bus);
        Assert.Equal(["change", "keep", "new"], targets.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("{\"fixed\":true}", targets["change"].GetProperty("Input").GetString());

        await stack.DeleteAsync(Rule, "Rule", after, updated);
        await stack.DeleteAsync(Rule, "Rule", after, updated);
        await ErrorAsync(http, "DescribeRule", Json(new { Name = "orders", EventBusName = bus }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Rule_InterruptedCreate_IsDeletedWithItsTargets()
    {
        var stack = Stack();
        using var http = fixture.CreateHttpClient();
        var queue = NewName("q");
        await fixture.CreateSqsClient().CreateQueueAsync(queue);
        var properties = new JsonObject { ["EventPattern"] = Pattern("x"), ["Targets"] = new JsonArray(Target("t", queue)) };
        await stack.CreateAsync(Rule, "Crashed", properties);

        await stack.DeleteAsync(Rule, "Crashed", properties, current: null);

        await ErrorAsync(http, "DescribeRule", Json(new { Name = stack.GeneratedName("Crashed", 64) }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Rule_InvalidPattern_FailsWithTheServiceMessage()
    {
        var properties = new JsonObject { ["EventPattern"] = new JsonObject { ["source"] = "not-a-list" } };

        var error = await Assert.ThrowsAsync<ServiceException>(() => Stack().CreateAsync(Rule, "Bad", properties));

        Assert.Equal("InvalidEventPatternException", error.Code);
    }

    [Fact]
    public async Task Rule_TargetTheServiceRejects_FailsAndLeavesNoRule()
    {
        var stack = Stack();
        using var http = fixture.CreateHttpClient();
        var properties = new JsonObject
        {
            ["EventPattern"] = Pattern("x"),
            ["Targets"] = new JsonArray(new JsonObject { ["Id"] = "t", ["Arn"] = $"arn:aws:sns:us-east-1:{Account}:topic" }),
        };

        var error = await Assert.ThrowsAsync<ResourceProviderException>(() => stack.CreateAsync(Rule, "Unsupported", properties));

        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
        await ErrorAsync(http, "DescribeRule", Json(new { Name = stack.GeneratedName("Unsupported", 64) }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Archive_CreateUpdateDelete()
    {
        var stack = Stack();
        using var http = fixture.CreateHttpClient();
        var bus = NewName("bus");
        var busArn = (await stack.CreateAsync(Bus, "Bus", new JsonObject { ["Name"] = bus })).Attributes["Arn"]!.GetValue<string>();
        var before = new JsonObject { ["SourceArn"] = busArn, ["EventPattern"] = Pattern("orders"), ["RetentionDays"] = "7" };

        var created = await stack.CreateAsync(Archive, "Archive", before);

        var name = stack.GeneratedName("Archive", 48);
        Assert.True(name.Length <= 48);
        Assert.Equal(name, created.PhysicalId);
        Assert.Equal($"arn:aws:events:us-east-1:{Account}:archive/{name}", created.Attributes["Arn"]!.GetValue<string>());
        var archive = await OkAsync(http, "DescribeArchive", Json(new { ArchiveName = name }));
        Assert.Equal(7, archive.GetProperty("RetentionDays").GetInt32());

        var after = new JsonObject { ["SourceArn"] = busArn, ["Description"] = "all events", ["RetentionDays"] = 30 };
        await stack.UpdateAsync(Archive, "Archive", created, before, after);

        archive = await OkAsync(http, "DescribeArchive", Json(new { ArchiveName = name }));
        Assert.Equal(30, archive.GetProperty("RetentionDays").GetInt32());
        Assert.Equal("all events", archive.GetProperty("Description").GetString());

        await stack.DeleteAsync(Archive, "Archive", after, created);
        await stack.DeleteAsync(Archive, "Archive", after, created);
        await stack.DeleteAsync(Archive, "Archive", after, current: null);
        await ErrorAsync(http, "DescribeArchive", Json(new { ArchiveName = name }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Archive_UnknownBus_FailsWithTheServiceMessage()
    {
        var properties = new JsonObject { ["SourceArn"] = $"arn:aws:events:us-east-1:{Account}:event-bus/nowhere" };

        var error = await Assert.ThrowsAsync<ServiceException>(() => Stack().CreateAsync(Archive, "Archive", properties));

        Assert.Equal("Event bus nowhere does not exist.", error.Message);
    }

    [Fact]
    public void Properties_FollowTheResourceReference()
    {
        var stack = Stack();

        Assert.Equal(UpdateBehavior.Replacement, stack.Provider(Rule).Properties["EventBusName"]);
        Assert.Equal(UpdateBehavior.Replacement, stack.Provider(Rule).Properties["Name"]);
        Assert.Equal(UpdateBehavior.NoInterruption, stack.Provider(Rule).Properties["Targets"]);
        Assert.Equal(UpdateBehavior.Replacement, stack.Provider(Bus).Properties["Name"]);
        Assert.Equal(UpdateBehavior.Replacement, stack.Provider(Archive).Properties["SourceArn"]);
    }
}
