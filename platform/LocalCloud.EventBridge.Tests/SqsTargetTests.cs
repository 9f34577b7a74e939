using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Aws;
using Aws.EventBridge;
using LocalCloud.Testing;

namespace LocalCloud.EventBridge.Tests;

public sealed class SqsTargetTests : IClassFixture<LocalCloudFixture>, IDisposable
{
    private static readonly List<string> AllAttributes = ["All"];
    private readonly AmazonSQSClient _sqs;
    private readonly EventBridgeClient _events;

    public SqsTargetTests(LocalCloudFixture fixture)
    {
        _sqs = fixture.CreateSqsClient();
        _events = new EventBridgeClient(new AwsClientOptions
        {
            ServiceUrl = fixture.Endpoint,
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("test", "test"),
            MaxAttempts = 1,
        });
    }

    public void Dispose()
    {
        _sqs.Dispose();
        _events.Dispose();
    }

    private async Task<(string Url, string Arn)> CreateQueueAsync(string name)
    {
        var url = (await _sqs.CreateQueueAsync(name)).QueueUrl;
        var attributes = await _sqs.GetQueueAttributesAsync(url, ["QueueArn"]);
        return (url, attributes.QueueARN);
    }

    private async Task<List<Message>> ReceiveAsync(string url, int expected)
    {
        var messages = new List<Message>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (messages.Count < expected && DateTime.UtcNow < deadline)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = url,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                MessageAttributeNames = AllAttributes,
            });
            messages.AddRange(response.Messages ?? []);
        }

        return messages;
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task PutEvents_ToRuleWithSqsTarget_IsReceivableWithTheAwsSqsClient()
    {
        var name = Unique("eb-sqs");
        var (url, arn) = await CreateQueueAsync(name);
        await _events.PutRuleAsync(new PutRuleRequest { Name = name, EventPattern = """{"source":["sqs.test"],"detail":{"n":[{"numeric":[">=",5]}]}}""" });
        var put = await _events.PutTargetsAsync(new PutTargetsRequest { Rule = name, Targets = [new Target { Id = "q", Arn = arn }] });
        Assert.Equal(0, put.FailedEntryCount);

        var result = await _events.PutEventsAsync(new PutEventsRequest
        {
            Entries = [.. Enumerable.Range(0, 10).Select(i => new PutEventsRequestEntry { Source = "sqs.test", DetailType = "Counted", Detail = $$"""{"n":{{i}}}""" })],
        });
        Assert.Equal(0, result.FailedEntryCount);

        var messages = await ReceiveAsync(url, 5);
        Assert.Equal(5, messages.Count);
        var numbers = messages.Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("detail").GetProperty("n").GetInt32()).Order();
        Assert.Equal([5, 6, 7, 8, 9], numbers);
        var ids = result.Entries.Skip(5).Select(e => e.EventId).ToHashSet();
        Assert.All(messages, m => Assert.Contains(JsonDocument.Parse(m.Body).RootElement.GetProperty("id").GetString(), ids));
    }

    [Fact]
    public async Task MissingTargetQueue_SendsOriginalEventToDeadLetterQueueWithDocumentedAttributes()
    {
        var name = Unique("eb-dlq");
        var (dlqUrl, dlqArn) = await CreateQueueAsync(name + "-dlq");
        var missing = $"arn:aws:sqs:us-east-1:000000000000:{name}-missing";
        var rule = await _events.PutRuleAsync(new PutRuleRequest { Name = name, EventPattern = """{"source":["dlq.test"]}""" });
        await _events.PutTargetsAsync(new PutTargetsRequest
        {
            Rule = name,
            Targets = [new Target { Id = "gone", Arn = missing, Input = """{"shaped":true}""", DeadLetterConfig = new DeadLetterConfig { Arn = dlqArn } }],
        });

        var result = await _events.PutEventsAsync(new PutEventsRequest
        {
            Entries = [new PutEventsRequestEntry { Source = "dlq.test", DetailType = "Lost", Detail = """{"k":"v"}""" }],
        });

        var message = Assert.Single(await ReceiveAsync(dlqUrl, 1));
        using var body = JsonDocument.Parse(message.Body);
        Assert.Equal(result.Entries[0].EventId, body.RootElement.GetProperty("id").GetString());
        Assert.Equal("v", body.RootElement.GetProperty("detail").GetProperty("k").GetString());
        var attributes = message.MessageAttributes;
        Assert.Equal(rule.RuleArn, attributes["RULE_ARN"].StringValue);
        Assert.Equal(missing, attributes["TARGET_ARN"].StringValue);
        Assert.Equal("NO_RESOURCE", attributes["ERROR_CODE"].StringValue);
        Assert.False(string.IsNullOrEmpty(attributes["ERROR_MESSAGE"].StringValue));
        Assert.Equal("0", attributes["RETRY_ATTEMPTS"].StringValue);
        Assert.Equal("String", attributes["RETRY_ATTEMPTS"].DataType);
        Assert.False(attributes.ContainsKey("EXHAUSTED_RETRY_CONDITION"));
    }

    [Fact]
    public async Task BusToBusForwarding_ReachesQueueOnTheSecondBusWithANewId()
    {
        var name = Unique("eb-fwd");
        var (url, arn) = await CreateQueueAsync(name);
        var downstream = await _events.CreateEventBusAsync(new CreateEventBusRequest { Name = name });
        await _events.PutRuleAsync(new PutRuleRequest { Name = "tap", EventBusName = name, EventPattern = """{"source":["fwd.test"]}""" });
        await _events.PutTargetsAsync(new PutTargetsRequest { Rule = "tap", EventBusName = name, Targets = [new Target { Id = "q", Arn = arn }] });
        await _events.PutRuleAsync(new PutRuleRequest { Name = name, EventPattern = """{"source":["fwd.test"]}""" });
        await _events.PutTargetsAsync(new PutTargetsRequest { Rule = name, Targets = [new Target { Id = "bus", Arn = downstream.EventBusArn! }] });

        var result = await _events.PutEventsAsync(new PutEventsRequest
        {
            Entries = [new PutEventsRequestEntry { Source = "fwd.test", DetailType = "Hop", Detail = """{"hop":1}""", Resources = ["arn:aws:s3:::b"] }],
        });

        var message = Assert.Single(await ReceiveAsync(url, 1));
        var root = JsonDocument.Parse(message.Body).RootElement;
        Assert.NotEqual(result.Entries[0].EventId, root.GetProperty("id").GetString());
        Assert.Equal("Hop", root.GetProperty("detail-type").GetString());
        Assert.Equal("arn:aws:s3:::b", root.GetProperty("resources")[0].GetString());
    }
}
