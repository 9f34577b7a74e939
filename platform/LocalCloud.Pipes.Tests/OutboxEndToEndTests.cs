using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Pipes.Tests;

/// <summary>
/// The outbox flow on the real services: DynamoDB transactions write an order and its outbox item, the table's stream
/// feeds a pipe (filter: outbox inserts) that puts events on a bus, and a rule sends them to an SQS queue.
/// </summary>
public sealed class OutboxEndToEndTests : IAsyncLifetime
{
    private const string Region = "us-east-1";
    private const string QueueArnPrefix = "arn:aws:sqs:us-east-1:000000000000:";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "pipes-e2e-" + Guid.NewGuid().ToString("N"));
    private LocalCloudHost? _host;

    public async Task InitializeAsync() => _host = await StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task TransactionalOutboxWrites_ArriveOnTheQueue_InOrder_OnceEach()
    {
        var stream = await SetUpAsync("orders");

        await WriteOrdersAsync("orders", 0, 20);
        var events = await ReceiveAsync("orders-events", 20);

        Assert.Equal(Enumerable.Range(0, 20), events.Select(e => e.Seq));
        Assert.All(events, e => Assert.Equal("order.placed.v1", e.DetailType));
        Assert.All(events, e => Assert.Equal("com.example.orders", e.Source));
        Assert.Contains("stream", stream, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingTarget_IsRetriedThenDeadLettered_AndNoRecordIsLost()
    {
        var stream = await SetUpAsync("orders");
        using (var sqs = LocalCloudFixture.CreateSqsClient(Host))
        {
            await sqs.CreateQueueAsync("outbox-dlq");
        }

        await CreatePipeAsync("broken", $$$"""
            {"Source":"{{{stream}}}","Target":"{{{QueueArnPrefix}}}does-not-exist","RoleArn":"{{{PipesApi.Role}}}",
             "SourceParameters":{"DynamoDBStreamParameters":{"StartingPosition":"TRIM_HORIZON","MaximumRetryAttempts":2,"BatchSize":4,"DeadLetterConfig":{"Arn":"{{{QueueArnPrefix}}}outbox-dlq"}},
               "FilterCriteria":{"Filters":[{"Pattern":"{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"pk\":{\"S\":[{\"prefix\":\"OUTBOX#\"}]}} }}"}]}} }
            """);

        await WriteOrdersAsync("orders", 0, 10);
        var delivered = await ReceiveAsync("orders-events", 10);
        var deadLettered = new List<JsonElement>();
        using (var sqs = LocalCloudFixture.CreateSqsClient(Host))
        {
            var url = (await sqs.GetQueueUrlAsync("outbox-dlq")).QueueUrl;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (deadLettered.Sum(d => d.GetProperty("DDBStreamBatchInfo").GetProperty("batchSize").GetInt32()) < 10 && DateTime.UtcNow < deadline)
            {
                var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
                deadLettered.AddRange((received.Messages ?? []).Select(m => JsonDocument.Parse(m.Body).RootElement.Clone()));
            }
        }

        Assert.Equal(Enumerable.Range(0, 10), delivered.Select(e => e.Seq));
        Assert.Equal(10, deadLettered.Sum(d => d.GetProperty("DDBStreamBatchInfo").GetProperty("batchSize").GetInt32()));
        Assert.All(deadLettered, d => Assert.Equal("RetryAttemptsExhausted", d.GetProperty("context").GetProperty("condition").GetString()));
        Assert.All(deadLettered, d => Assert.Equal(stream, d.GetProperty("DDBStreamBatchInfo").GetProperty("streamArn").GetString()));
    }

    [Fact]
    public async Task RestartMidStream_OnTheSameData_SkipsNothingAndRepeatsNothing()
    {
        await SetUpAsync("orders");
        await WriteOrdersAsync("orders", 0, 15);

        await Host.DisposeAsync();
        _host = await StartAsync();
        using (var api = new PipesApi(new HttpClient { BaseAddress = Host.Endpoint }))
        {
            await api.WaitForStateAsync("outbox", "RUNNING");
        }

        await WriteOrdersAsync("orders", 15, 15);
        var events = await ReceiveAsync("orders-events", 30);
        await Task.Delay(300);
        events.AddRange(await ReceiveAsync("orders-events", 0));

        Assert.Equal(Enumerable.Range(0, 30), events.Select(e => e.Seq));
    }

    private LocalCloudHost Host => _host ?? throw new InvalidOperationException("No host.");

    private Task<LocalCloudHost> StartAsync() =>
        LocalCloudFixture.StartHostAsync(o =>
        {
            o.InMemory = false;
            o.DataDirectory = _data;
            o.ConfigureServices = services => services.AddSingleton(PipesApi.FastOptions());
        });

    /// <summary>The table (with a stream), the bus, the rule to the queue and the outbox pipe; returns the stream ARN.</summary>
    private async Task<string> SetUpAsync(string table)
    {
        using var dynamo = LocalCloudFixture.CreateDynamoDbClient(Host);
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE },
        });
        var stream = (await dynamo.DescribeTableAsync(table)).Table.LatestStreamArn;

        using var sqs = LocalCloudFixture.CreateSqsClient(Host);
        await sqs.CreateQueueAsync("orders-events");
        using var events = new EventsJsonClient(Host.Endpoint);
        await events.CallAsync("CreateEventBus", """{"Name":"orders-bus"}""");
        await events.CallAsync("PutRule", """{"Name":"to-queue","EventBusName":"orders-bus","EventPattern":"{\"source\":[\"com.example.orders\"]}"}""");
        await events.CallAsync("PutTargets", $$"""{"Rule":"to-queue","EventBusName":"orders-bus","Targets":[{"Id":"q","Arn":"{{QueueArnPrefix}}orders-events"}]}""");

        await CreatePipeAsync("outbox", $$$"""
            {"Source":"{{{stream}}}","Target":"arn:aws:events:us-east-1:000000000000:event-bus/orders-bus","RoleArn":"{{{PipesApi.Role}}}",
             "SourceParameters":{"DynamoDBStreamParameters":{"StartingPosition":"TRIM_HORIZON","BatchSize":5},
               "FilterCriteria":{"Filters":[{"Pattern":"{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"pk\":{\"S\":[{\"prefix\":\"OUTBOX#\"}]}} }}"}]}},
             "TargetParameters":{"InputTemplate":"{\"eventId\":<$.dynamodb.NewImage.eventId.S>,\"seq\":<$.dynamodb.NewImage.seq.N>}",
               "EventBridgeEventBusParameters":{"Source":"com.example.orders","DetailType":"$.dynamodb.NewImage.detailType.S"}} }
            """);
        return stream;
    }

    private async Task CreatePipeAsync(string name, string body)
    {
        using var api = new PipesApi(new HttpClient { BaseAddress = Host.Endpoint });
        await api.CreateAsync(name, body);
        await api.WaitForStateAsync(name, "RUNNING");
    }

    private async Task WriteOrdersAsync(string table, int first, int count)
    {
        using var dynamo = LocalCloudFixture.CreateDynamoDbClient(Host);
        for (var i = first; i < first + count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem { Put = new Put { TableName = table, Item = new() { ["pk"] = new AttributeValue("ORDER#" + n), ["status"] = new AttributeValue("PLACED") } } },
                    new TransactWriteItem
                    {
                        Put = new Put
                        {
                            TableName = table,
                            Item = new()
                            {
                                ["pk"] = new AttributeValue("OUTBOX#" + n),
                                ["eventId"] = new AttributeValue(Guid.NewGuid().ToString()),
                                ["seq"] = new AttributeValue { N = n },
                                ["detailType"] = new AttributeValue("order.placed.v1"),
                            },
                        },
                    },
                ],
            });
        }
    }

    private async Task<List<ReceivedEvent>> ReceiveAsync(string queue, int count)
    {
        using var sqs = LocalCloudFixture.CreateSqsClient(Host);
        var url = (await sqs.GetQueueUrlAsync(queue)).QueueUrl;
        var events = new List<ReceivedEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = count == 0 ? 0 : 1 });
            foreach (var message in received.Messages ?? [])
            {
                using var envelope = JsonDocument.Parse(message.Body);
                var root = envelope.RootElement;
                events.Add(new ReceivedEvent(
                    int.Parse(root.GetProperty("detail").GetProperty("seq").GetString()!, CultureInfo.InvariantCulture),
                    root.GetProperty("detail-type").GetString()!,
                    root.GetProperty("source").GetString()!));
                await sqs.DeleteMessageAsync(url, message.ReceiptHandle);
            }

            if (count == 0)
            {
                break;
            }
        }
        while (events.Count < count && DateTime.UtcNow < deadline);
        return events;
    }

    private sealed record ReceivedEvent(int Seq, string DetailType, string Source);
}
