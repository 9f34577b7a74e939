using System.Net;
using Aws.EventBridge;
using LocalCloud.Testing;

namespace Aws.Tests;

public sealed class EventBridgeClientTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private EventBridgeClient CreateClient() => new(new AwsClientOptions
    {
        ServiceUrl = fixture.Endpoint,
        Region = fixture.Host.Cloud.Region,
        Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test"),
        MaxAttempts = 1,
    });

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task BusRuleAndTargetLifecycle_AgainstTheLocalCloud()
    {
        using var client = CreateClient();
        var bus = Unique("orders");
        var sink = Unique("sink");

        var created = await client.CreateEventBusAsync(new CreateEventBusRequest { Name = bus, Description = "orders bus" });
        var sinkArn = (await client.CreateEventBusAsync(new CreateEventBusRequest { Name = sink })).EventBusArn!;
        var described = await client.DescribeEventBusAsync(new DescribeEventBusRequest { Name = bus });
        var listed = await client.ListEventBusesAsync(new ListEventBusesRequest { NamePrefix = bus });
        var rule = await client.PutRuleAsync(new PutRuleRequest
        {
            Name = "placed",
            EventBusName = bus,
            EventPattern = """{"source":["com.example.orders"],"detail-type":[{"wildcard":"order.*.v1"}]}""",
            Description = "order events",
        });
        await client.DisableRuleAsync(new RuleRequest { Name = "placed", EventBusName = bus });
        var disabled = await client.DescribeRuleAsync(new RuleRequest { Name = "placed", EventBusName = bus });
        await client.EnableRuleAsync(new RuleRequest { Name = "placed", EventBusName = bus });
        var put = await client.PutTargetsAsync(new PutTargetsRequest
        {
            Rule = "placed",
            EventBusName = bus,
            Targets = [new Target { Id = "sink", Arn = sinkArn, InputPath = "$.detail", RetryPolicy = new RetryPolicy { MaximumRetryAttempts = 3 } }],
        });
        var targets = new List<Target>();
        await foreach (var target in client.ListAllTargetsByRuleAsync("placed", bus))
        {
            targets.Add(target);
        }

        var rules = new List<Rule>();
        await foreach (var r in client.ListAllRulesAsync(bus))
        {
            rules.Add(r);
        }

        var byTarget = await client.ListRuleNamesByTargetAsync(new ListRuleNamesByTargetRequest { TargetArn = sinkArn, EventBusName = bus });
        var removed = await client.RemoveTargetsAsync(new RemoveTargetsRequest { Rule = "placed", EventBusName = bus, Ids = ["sink"] });
        await client.DeleteRuleAsync(new DeleteRuleRequest { Name = "placed", EventBusName = bus });
        await client.DeleteEventBusAsync(new DeleteEventBusRequest { Name = bus });

        Assert.Equal($"arn:aws:events:us-east-1:000000000000:event-bus/{bus}", created.EventBusArn);
        Assert.Equal(bus, described.Name);
        Assert.Equal(created.EventBusArn, described.Arn);
        Assert.Equal("orders bus", described.Description);
        Assert.Equal(bus, Assert.Single(listed.EventBuses).Name);
        Assert.Equal($"arn:aws:events:us-east-1:000000000000:rule/{bus}/placed", rule.RuleArn);
        Assert.Equal(RuleState.Disabled, disabled.State);
        Assert.Equal(bus, disabled.EventBusName);
        Assert.Equal(0, put.FailedEntryCount);
        var listedTarget = Assert.Single(targets);
        Assert.Equal(sinkArn, listedTarget.Arn);
        Assert.Equal("$.detail", listedTarget.InputPath);
        Assert.Equal(3, listedTarget.RetryPolicy!.MaximumRetryAttempts);
        var listedRule = Assert.Single(rules);
        Assert.Equal(RuleState.Enabled, listedRule.State);
        Assert.Equal("order events", listedRule.Description);
        Assert.Equal(["placed"], byTarget.RuleNames);
        Assert.Equal(0, removed.FailedEntryCount);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeEventBusAsync(new DescribeEventBusRequest { Name = bus }));
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task PutEvents_ReportsPerEntryResults()
    {
        using var client = CreateClient();

        var response = await client.PutEventsAsync(new PutEventsRequest
        {
            Entries =
            [
                new PutEventsRequestEntry { Source = "com.example.orders", DetailType = "order.placed.v1", Detail = """{"orderId":"o-1"}""", Time = DateTimeOffset.UtcNow },
                new PutEventsRequestEntry { Source = "com.example.orders", DetailType = "order.placed.v1", Detail = "{not json" },
            ],
        });

        Assert.Equal(1, response.FailedEntryCount);
        Assert.Equal(2, response.Entries.Count);
        Assert.False(string.IsNullOrEmpty(response.Entries[0].EventId));
        Assert.Null(response.Entries[0].ErrorCode);
        Assert.Equal("MalformedDetail", response.Entries[1].ErrorCode);
        Assert.Null(response.Entries[1].EventId);
    }

    [Fact]
    public async Task TestEventPattern_AnswersMatchAndMismatch()
    {
        using var client = CreateClient();
        const string Event = """
            {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"order.placed.v1","source":"com.example.orders",
             "account":"000000000000","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{"total":42}}
            """;

        var match = await client.TestEventPatternAsync(new TestEventPatternRequest { EventPattern = """{"detail":{"total":[{"numeric":[">",40]}]}}""", Event = Event });
        var mismatch = await client.TestEventPatternAsync(new TestEventPatternRequest { EventPattern = """{"source":["com.example.payments"]}""", Event = Event });
        var invalid = await Assert.ThrowsAsync<AwsServiceException>(() => client.TestEventPatternAsync(new TestEventPatternRequest { EventPattern = """{"source":"not-an-array"}""", Event = Event }));

        Assert.True(match.Result);
        Assert.False(mismatch.Result);
        Assert.Equal("InvalidEventPatternException", invalid.ErrorCode);
    }
}
