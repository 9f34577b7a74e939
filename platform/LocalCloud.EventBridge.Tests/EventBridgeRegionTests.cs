using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Aws;
using Aws.EventBridge;
using LocalCloud.Testing;

namespace LocalCloud.EventBridge.Tests;

public sealed class EventBridgeRegionTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private EventBridgeClient Events(string region, string accessKey = "test") => new(fixture.ClientOptions(region, accessKey));

    private AmazonSQSClient Sqs(string region) => new(
        new BasicAWSCredentials("test", "test"),
        LocalCloudFixture.SdkConfig<AmazonSQSConfig>(fixture.Endpoint, region));

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task BusInOneRegion_HasThatRegionsArn_AndIsInvisibleFromAnother()
    {
        using var west = Events("eu-west-1");
        using var east = Events("us-east-1");
        var name = Unique("regional");

        var created = await west.CreateEventBusAsync(new CreateEventBusRequest { Name = name });

        Assert.Equal($"arn:aws:events:eu-west-1:000000000000:event-bus/{name}", created.EventBusArn);
        Assert.Contains(name, (await west.ListEventBusesAsync(new ListEventBusesRequest { NamePrefix = name })).EventBuses.Select(b => b.Name));
        Assert.Empty((await east.ListEventBusesAsync(new ListEventBusesRequest { NamePrefix = name })).EventBuses);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => east.DescribeEventBusAsync(new DescribeEventBusRequest { Name = name }));
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task EveryRegion_HasItsOwnDefaultBus_AndRules()
    {
        using var west = Events("ap-southeast-2");
        using var east = Events("us-east-1");
        var rule = Unique("r");

        var defaultBus = await west.DescribeEventBusAsync(new DescribeEventBusRequest());
        var put = await west.PutRuleAsync(new PutRuleRequest { Name = rule, EventPattern = """{"source":["region.test"]}""" });

        Assert.Equal("arn:aws:events:ap-southeast-2:000000000000:event-bus/default", defaultBus.Arn);
        Assert.Equal($"arn:aws:events:ap-southeast-2:000000000000:rule/{rule}", put.RuleArn);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => east.DescribeRuleAsync(new RuleRequest { Name = rule }));
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task PutEvents_ReachesOnlyTheRulesOfItsRegion_WithThatRegionInTheEnvelope()
    {
        using var westEvents = Events("eu-central-1");
        using var eastEvents = Events("us-east-1");
        using var westSqs = Sqs("eu-central-1");
        using var eastSqs = Sqs("us-east-1");
        var name = Unique("routed");
        var westUrl = (await westSqs.CreateQueueAsync(name)).QueueUrl;
        var eastUrl = (await eastSqs.CreateQueueAsync(name)).QueueUrl;
        var westArn = (await westSqs.GetQueueAttributesAsync(westUrl, ["QueueArn"])).QueueARN;
        var eastArn = (await eastSqs.GetQueueAttributesAsync(eastUrl, ["QueueArn"])).QueueARN;
        var pattern = $$"""{"source":["{{name}}"]}""";
        await westEvents.PutRuleAsync(new PutRuleRequest { Name = name, EventPattern = pattern });
        await westEvents.PutTargetsAsync(new PutTargetsRequest { Rule = name, Targets = [new Target { Id = "q", Arn = westArn }] });
        await eastEvents.PutRuleAsync(new PutRuleRequest { Name = name, EventPattern = pattern });
        await eastEvents.PutTargetsAsync(new PutTargetsRequest { Rule = name, Targets = [new Target { Id = "q", Arn = eastArn }] });

        var result = await westEvents.PutEventsAsync(new PutEventsRequest
        {
            Entries = [new PutEventsRequestEntry { Source = name, DetailType = "t", Detail = """{"n":1}""" }],
        });

        Assert.Equal(0, result.FailedEntryCount);
        var received = await westSqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = westUrl, WaitTimeSeconds = 5 });
        var envelope = JsonDocument.Parse(Assert.Single(received.Messages).Body).RootElement;
        Assert.Equal("eu-central-1", envelope.GetProperty("region").GetString());
        Assert.Equal("000000000000", envelope.GetProperty("account").GetString());
        var other = await eastSqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = eastUrl, WaitTimeSeconds = 1 });
        Assert.Empty(other.Messages ?? []);
    }

    [Fact]
    public async Task TwelveDigitAccessKey_ActsInThatAccount()
    {
        using var other = Events("us-east-1", accessKey: "222222222222");
        using var mine = Events("us-east-1");
        var name = Unique("owned");

        var created = await other.CreateEventBusAsync(new CreateEventBusRequest { Name = name });

        Assert.Equal($"arn:aws:events:us-east-1:222222222222:event-bus/{name}", created.EventBusArn);
        Assert.Empty((await mine.ListEventBusesAsync(new ListEventBusesRequest { NamePrefix = name })).EventBuses);
    }

    [Fact]
    public async Task Archive_IsRegional()
    {
        using var west = Events("eu-west-3");
        var bus = await west.DescribeEventBusAsync(new DescribeEventBusRequest());
        using var http = new HttpClient { BaseAddress = fixture.Endpoint };
        var name = Unique("a");

        using var created = await SignedCallAsync(http, "eu-west-3", "CreateArchive", JsonSerializer.Serialize(new { ArchiveName = name, EventSourceArn = bus.Arn }));
        using var fromEast = await SignedCallAsync(http, "us-east-1", "DescribeArchive", JsonSerializer.Serialize(new { ArchiveName = name }));
        using var fromWest = await SignedCallAsync(http, "eu-west-3", "DescribeArchive", JsonSerializer.Serialize(new { ArchiveName = name }));

        Assert.Equal(200, (int)created.StatusCode);
        Assert.Contains($"arn:aws:events:eu-west-3:000000000000:archive/{name}", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(400, (int)fromEast.StatusCode);
        Assert.Contains("ResourceNotFoundException", await fromEast.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(200, (int)fromWest.StatusCode);
    }

    private static Task<HttpResponseMessage> SignedCallAsync(HttpClient http, string region, string operation, string body) =>
        AwsJsonCall.PostAsync(http, "AWSEvents." + operation, System.Text.Encoding.UTF8.GetBytes(body), "1.1", "events", region);
}
