using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;

namespace LocalCloud.Lambda.Tests.EventSources;

/// <summary>DynamoDB streams as event sources: the event a function receives, filters, batch item failures,
/// bisection, retries to the on-failure destination, and resuming from the checkpoint after a restart.</summary>
public sealed class StreamEventSourceTests(EventSourceFixture fixture) : IClassFixture<EventSourceFixture>
{
    private static readonly string[] ReportFailures = ["ReportBatchItemFailures"];

    [Fact]
    public async Task Function_ReceivesTheEventAwsSends()
    {
        using var dynamo = fixture.CreateDynamoDbClient();
        using var lambda = fixture.Lambda();
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "platform", "Lambda.Tests", "Fixtures", "dynamodb-stream-event.json")));
        var awsRecords = expected.RootElement.GetProperty("Records").EnumerateArray().ToList();
        var function = fixture.Functions.Add(Names.Function());
        var table = Names.Table();
        var stream = await Tables.CreateStreamedAsync(fixture, table);
        await dynamo.PutItemAsync(table, new() { ["Id"] = new() { N = "101" }, ["Message"] = new() { S = "New item!" } });
        await dynamo.PutItemAsync(table, new() { ["Id"] = new() { N = "101" }, ["Message"] = new() { S = "This item has changed" } });
        await dynamo.DeleteItemAsync(table, new() { ["Id"] = new() { N = "101" } });

        await lambda.CreateAsync(new { FunctionName = function.Name, EventSourceArn = stream, StartingPosition = "TRIM_HORIZON" });
        var records = await function.RecordsOfNextAsync();

        Assert.Equal(3, records.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Keys(awsRecords[i]).Order(StringComparer.Ordinal), Keys(records[i]).Order(StringComparer.Ordinal));
            Assert.Equal(awsRecords[i].GetProperty("eventName").GetString(), records[i].GetProperty("eventName").GetString());
            Assert.Equal("aws:dynamodb", records[i].GetProperty("eventSource").GetString());
            Assert.Equal(stream, records[i].GetProperty("eventSourceARN").GetString());
            Assert.Equal("us-east-1", records[i].GetProperty("awsRegion").GetString());
            var ours = records[i].GetProperty("dynamodb");
            var theirs = awsRecords[i].GetProperty("dynamodb");
            Assert.Equal(JsonValueKind.Number, ours.GetProperty("ApproximateCreationDateTime").ValueKind);
            foreach (var member in theirs.EnumerateObject().Where(m => m.Name != "SequenceNumber"))
            {
                Assert.True(
                    Normalized(member.Value) == Normalized(ours.GetProperty(member.Name)),
                    $"record {i} dynamodb.{member.Name}: {ours.GetProperty(member.Name)} is not {member.Value}");
            }
        }

        Assert.True(string.CompareOrdinal(Sequence(records[0]), Sequence(records[1])) < 0 && string.CompareOrdinal(Sequence(records[1]), Sequence(records[2])) < 0);
    }

    [Fact]
    public async Task Filters_DropRecordsThatMatchNoPattern_AndTheCheckpointMovesPastThem()
    {
        using var dynamo = fixture.CreateDynamoDbClient();
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function());
        var table = Names.Table();
        var stream = await Tables.CreateStreamedAsync(fixture, table);
        await lambda.CreateAsync(new
        {
            FunctionName = function.Name,
            EventSourceArn = stream,
            StartingPosition = "LATEST",
            FilterCriteria = new { Filters = new[] { new { Pattern = """{"dynamodb":{"NewImage":{"Message":{"S":["keep"]}}}}""" } } },
        });

        await PutAsync(dynamo, table, 1, "drop");
        await PutAsync(dynamo, table, 2, "keep");
        var first = await function.RecordsOfNextAsync();
        await PutAsync(dynamo, table, 3, "drop");
        await PutAsync(dynamo, table, 4, "keep");
        var second = await function.RecordsOfNextAsync();

        Assert.Equal(["2"], first.Select(Id));
        Assert.Equal(["4"], second.Select(Id));
    }

    [Fact]
    public async Task ReportedItemFailures_CheckpointBeforeTheFirstFailure_AndExhaustedRecordsGoToTheDestination()
    {
        using var dynamo = fixture.CreateDynamoDbClient();
        using var sqs = fixture.CreateSqsClient();
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function(), (payload, _) => new FakeAnswer(JsonSerializer.Serialize(new
        {
            batchItemFailures = payload.GetProperty("Records").EnumerateArray()
                .Where(r => Id(r) == "2")
                .Select(r => new { itemIdentifier = Sequence(r) }),
        })));
        var destination = await Queues.CreateAsync(fixture);
        var table = Names.Table();
        var stream = await Tables.CreateStreamedAsync(fixture, table);
        for (var id = 1; id <= 3; id++)
        {
            await PutAsync(dynamo, table, id, "x");
        }

        await lambda.CreateAsync(new
        {
            FunctionName = function.Name,
            EventSourceArn = stream,
            StartingPosition = "TRIM_HORIZON",
            FunctionResponseTypes = ReportFailures,
            MaximumRetryAttempts = 1,
            DestinationConfig = new { OnFailure = new { Destination = destination.Arn } },
        });
        var first = await function.RecordsOfNextAsync();
        var second = await function.RecordsOfNextAsync();
        var failure = await OnFailureRecordAsync(sqs, destination);
        await PutAsync(dynamo, table, 4, "x");
        var third = await function.RecordsOfNextAsync();

        Assert.Equal(["1", "2", "3"], first.Select(Id));
        Assert.Equal(["2", "3"], second.Select(Id));
        Assert.Equal(["4"], third.Select(Id));
        Assert.Equal("RetryAttemptsExhausted", failure.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(2, failure.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal(function.Arn, failure.GetProperty("requestContext").GetProperty("functionArn").GetString());
        Assert.Equal(JsonValueKind.Null, failure.GetProperty("responseContext").GetProperty("functionError").ValueKind);
        var info = failure.GetProperty("DDBStreamBatchInfo");
        Assert.Equal(Sequence(second[0]), info.GetProperty("startSequenceNumber").GetString());
        Assert.Equal(Sequence(second[1]), info.GetProperty("endSequenceNumber").GetString());
        Assert.Equal(2, info.GetProperty("batchSize").GetInt32());
        Assert.Equal(stream, info.GetProperty("streamArn").GetString());
    }

    [Fact]
    public async Task BisectOnFunctionError_IsolatesTheBadRecord_AndSendsItAloneToTheDestination()
    {
        using var dynamo = fixture.CreateDynamoDbClient();
        using var sqs = fixture.CreateSqsClient();
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function(), (payload, _) =>
            payload.GetProperty("Records").EnumerateArray().Any(r => Id(r) == "2") ? FakeAnswer.Error : FakeAnswer.Ok);
        var destination = await Queues.CreateAsync(fixture);
        var table = Names.Table();
        var stream = await Tables.CreateStreamedAsync(fixture, table);
        for (var id = 1; id <= 4; id++)
        {
            await PutAsync(dynamo, table, id, "x");
        }

        await lambda.CreateAsync(new
        {
            FunctionName = function.Name,
            EventSourceArn = stream,
            StartingPosition = "TRIM_HORIZON",
            BisectBatchOnFunctionError = true,
            MaximumRetryAttempts = 2,
            DestinationConfig = new { OnFailure = new { Destination = destination.Arn } },
        });
        var batches = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            batches.Add(string.Join(",", (await function.RecordsOfNextAsync()).Select(Id)));
        }

        var failure = await OnFailureRecordAsync(sqs, destination);

        Assert.Equal(["1,2,3,4", "1,2", "1", "2", "3,4"], batches);
        Assert.Equal(["requestContext", "responseContext", "version", "timestamp", "DDBStreamBatchInfo"], Keys(failure));
        Assert.Equal(["requestId", "functionArn", "condition", "approximateInvokeCount"], Keys(failure.GetProperty("requestContext")));
        Assert.Equal(["statusCode", "executedVersion", "functionError"], Keys(failure.GetProperty("responseContext")));
        Assert.Equal(["shardId", "startSequenceNumber", "endSequenceNumber", "approximateArrivalOfFirstRecord", "approximateArrivalOfLastRecord", "batchSize", "streamArn"],
            Keys(failure.GetProperty("DDBStreamBatchInfo")));
        Assert.Equal("Unhandled", failure.GetProperty("responseContext").GetProperty("functionError").GetString());
        Assert.Equal("$LATEST", failure.GetProperty("responseContext").GetProperty("executedVersion").GetString());
        Assert.Equal(200, failure.GetProperty("responseContext").GetProperty("statusCode").GetInt32());
        Assert.Equal("1.0", failure.GetProperty("version").GetString());
        Assert.Equal(3, failure.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal(1, failure.GetProperty("DDBStreamBatchInfo").GetProperty("batchSize").GetInt32());
        Assert.EndsWith("Z", failure.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterARestart_TheMappingResumesFromItsCheckpoint()
    {
        var directory = Directory.CreateTempSubdirectory("esm-resume-");
        try
        {
            var functions = new FakeFunctions();
            var function = functions.Add(Names.Function());
            var table = Names.Table();
            void Configure(LocalCloudOptions options)
            {
                options.InMemory = false;
                options.DataDirectory = directory.FullName;
                EventSourceFixture.UseFakes(options, functions);
            }

            List<JsonElement> before;
            await using (var host = await LocalCloudFixture.StartHostAsync(Configure))
            {
                using var dynamo = LocalCloudFixture.CreateDynamoDbClient(host);
                using var lambda = new LambdaCaller(new HttpClient { BaseAddress = host.Endpoint });
                var stream = (await dynamo.CreateTableAsync(new CreateTableRequest
                {
                    TableName = table,
                    KeySchema = [new KeySchemaElement("Id", Amazon.DynamoDBv2.KeyType.HASH)],
                    AttributeDefinitions = [new AttributeDefinition("Id", Amazon.DynamoDBv2.ScalarAttributeType.N)],
                    BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
                    StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = Amazon.DynamoDBv2.StreamViewType.NEW_IMAGE },
                })).TableDescription.LatestStreamArn;
                await lambda.CreateAsync(new { FunctionName = function.Name, EventSourceArn = stream, StartingPosition = "TRIM_HORIZON" });
                await PutAsync(dynamo, table, 1, "before");
                before = await function.RecordsOfNextAsync();
            }

            List<JsonElement> after;
            await using (var host = await LocalCloudFixture.StartHostAsync(Configure))
            {
                using var dynamo = LocalCloudFixture.CreateDynamoDbClient(host);
                await PutAsync(dynamo, table, 2, "after");
                after = await function.RecordsOfNextAsync();
            }

            Assert.Equal(["1"], before.Select(Id));
            Assert.Equal(["2"], after.Select(Id));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<JsonElement> OnFailureRecordAsync(Amazon.SQS.AmazonSQSClient sqs, TestQueue destination)
    {
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = destination.Url, WaitTimeSeconds = 20 });
        using var document = JsonDocument.Parse(Assert.Single(received.Messages).Body);
        return document.RootElement.Clone();
    }

    private static Task<PutItemResponse> PutAsync(Amazon.DynamoDBv2.AmazonDynamoDBClient dynamo, string table, int id, string message) =>
        dynamo.PutItemAsync(table, new() { ["Id"] = new() { N = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ["Message"] = new() { S = message } });

    private static string Id(JsonElement record) => record.GetProperty("dynamodb").GetProperty("Keys").GetProperty("Id").GetProperty("N").GetString()!;

    private static string Sequence(JsonElement record) => record.GetProperty("dynamodb").GetProperty("SequenceNumber").GetString()!;

    private static List<string> Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static string Normalized(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"\"{p.Name}\":{Normalized(p.Value)}")) + "}"
            : element.GetRawText();
}
