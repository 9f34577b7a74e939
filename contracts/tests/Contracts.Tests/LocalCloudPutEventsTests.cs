using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Aws;
using Aws.EventBridge;

namespace Contracts.Tests;

public sealed class LocalCloudPutEventsTests(ContractsCloudFixture cloud) : IClassFixture<ContractsCloudFixture>
{
    private static readonly string Limit = ContractsCloudFixture.MaxPutEventsRequestBytes.ToString(CultureInfo.InvariantCulture);
    private static readonly string Notes = "data.notes=" + new string('n', 1000);

    [Fact]
    public async Task PutEvents_OnACustomBus_ReturnsAnEventIdPerEntry()
    {
        var bus = "orders-" + Guid.NewGuid().ToString("N")[..8];
        using (var events = CreateEventBridgeClient())
        {
            await events.CreateEventBusAsync(new CreateEventBusRequest { Name = bus });
        }

        var result = await RunAsync("put-events", "order.placed.v1", "order.paid.v1", "order.cancelled.v1", "--count", "7", "--bus", bus, "--output", "json");

        Assert.Equal(0, result.ExitCode);
        var doc = JsonNode.Parse(result.Out)!;
        Assert.Equal(21, (int)doc["put"]!);
        Assert.Equal(0, (int)doc["failed"]!);
        var ids = doc["entries"]!.AsArray().Select(e => (string)e!["eventId"]!).ToList();
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _), id));
        Assert.Equal(21, ids.Distinct().Count());
    }

    [Fact]
    public async Task PutEvents_WithinTheServiceSizeLimit_SplitsBatchesSoEveryRequestIsAccepted()
    {
        var result = await RunAsync("put-events", "order.placed.v1", "--count", "30", "--set", Notes, "--max-request-bytes", Limit);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("30 put, 0 failed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutEvents_OverTheServiceSizeLimit_ReportsTheServiceError()
    {
        var result = await RunAsync("put-events", "order.placed.v1", "--count", "10", "--set", Notes);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error ValidationException: Total size of the entries in the request is over the limit.", result.Out, StringComparison.Ordinal);
        Assert.Contains("0 put, 10 failed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutEvents_MatchingEventsReachTheRuleTargetAsValidContractEvents()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var bus = "shop-" + suffix;
        using var sqs = new AmazonSQSClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonSQSConfig { ServiceURL = cloud.Host.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var queueUrl = (await sqs.CreateQueueAsync("orders-tap-" + suffix)).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"])).Attributes["QueueArn"];
        using (var events = CreateEventBridgeClient())
        {
            await events.CreateEventBusAsync(new CreateEventBusRequest { Name = bus });
            await events.PutRuleAsync(new PutRuleRequest
            {
                Name = "order-events",
                EventBusName = bus,
                EventPattern = """{"source":["com.example.orders"],"detail-type":[{"wildcard":"order.*.v1"}]}""",
            });
            await events.PutTargetsAsync(new PutTargetsRequest
            {
                Rule = "order-events",
                EventBusName = bus,
                Targets = [new Target { Id = "tap", Arn = queueArn }],
            });
        }

        var result = await RunAsync("put-events", "payment.deadline-reached.v1", "order.placed.v1", "notification.sent.v1", "--bus", bus, "--output", "json");

        Assert.Equal(0, result.ExitCode);
        var placedId = (string)JsonNode.Parse(result.Out)!["entries"]!.AsArray().Single(e => (string)e!["detailType"]! == "order.placed.v1")!["eventId"]!;
        var bodies = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (bodies.Count == 0 && DateTime.UtcNow < deadline)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 1, MaxNumberOfMessages = 10 });
            bodies.AddRange(received.Messages?.Select(m => m.Body) ?? []);
        }

        var delivered = Assert.Single(bodies);
        var envelope = JsonNode.Parse(delivered)!;
        Assert.Equal(placedId, (string)envelope["id"]!);
        Assert.Equal("order.placed.v1", (string)envelope["detail-type"]!);
        var validation = await CliRunner.RunWithInputAsync(delivered, "validate");
        Assert.Equal(0, validation.ExitCode);
    }

    private EventBridgeClient CreateEventBridgeClient() => new(new AwsClientOptions
    {
        ServiceUrl = cloud.Host.Endpoint,
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("test", "test"),
        MaxAttempts = 1,
    });

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunInAsync(cloud.Environment, null, args);
}
