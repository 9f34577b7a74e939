using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace LocalCloud.Lambda.Tests.EventSources;

/// <summary>The five operations: shapes, defaults, states and AWS's checks and messages.</summary>
public sealed class EventSourceMappingApiTests(EventSourceFixture fixture) : IClassFixture<EventSourceFixture>
{
    [Fact]
    public async Task CreateSqsMapping_AnswersAwsShapeWithDefaults()
    {
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function());
        var queue = await Queues.CreateAsync(fixture);

        var created = await lambda.CreateAsync(new { FunctionName = function.Name, EventSourceArn = queue.Arn, Enabled = false });
        var uuid = created.GetProperty("UUID").GetString()!;

        Assert.Equal(
            ["BatchSize", "EventSourceArn", "EventSourceMappingArn", "FunctionArn", "FunctionResponseTypes", "LastModified", "MaximumBatchingWindowInSeconds", "State", "StateTransitionReason", "UUID"],
            created.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(10, created.GetProperty("BatchSize").GetInt32());
        Assert.Equal(0, created.GetProperty("MaximumBatchingWindowInSeconds").GetInt32());
        Assert.Equal(queue.Arn, created.GetProperty("EventSourceArn").GetString());
        Assert.Equal(function.Arn, created.GetProperty("FunctionArn").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:event-source-mapping:{uuid}", created.GetProperty("EventSourceMappingArn").GetString());
        Assert.Equal("Creating", created.GetProperty("State").GetString());
        Assert.Equal("USER_INITIATED", created.GetProperty("StateTransitionReason").GetString());
        Assert.Empty(created.GetProperty("FunctionResponseTypes").EnumerateArray());
        Assert.Equal(JsonValueKind.Number, created.GetProperty("LastModified").ValueKind);
        Assert.Equal(36, uuid.Length);
        var fetched = await lambda.OkAsync(HttpMethod.Get, $"{LambdaCaller.Mappings}/{uuid}");
        Assert.Equal("Disabled", fetched.GetProperty("State").GetString());
    }

    [Fact]
    public async Task CreateStreamMapping_AnswersAwsShapeWithDefaults_AndGetSaysEnabled()
    {
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function());
        var stream = await Tables.CreateStreamedAsync(fixture);

        var created = await lambda.CreateAsync(new { FunctionName = function.Arn, EventSourceArn = stream, StartingPosition = "LATEST" });
        var fetched = await lambda.OkAsync(HttpMethod.Get, $"{LambdaCaller.Mappings}/{created.GetProperty("UUID").GetString()}");

        Assert.Equal(
            ["BatchSize", "BisectBatchOnFunctionError", "DestinationConfig", "EventSourceArn", "EventSourceMappingArn", "FunctionArn", "FunctionResponseTypes",
                "LastModified", "LastProcessingResult", "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds", "MaximumRetryAttempts", "ParallelizationFactor",
                "StartingPosition", "State", "StateTransitionReason", "TumblingWindowInSeconds", "UUID"],
            created.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(100, created.GetProperty("BatchSize").GetInt32());
        Assert.Equal(-1, created.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal(-1, created.GetProperty("MaximumRecordAgeInSeconds").GetInt32());
        Assert.Equal(1, created.GetProperty("ParallelizationFactor").GetInt32());
        Assert.False(created.GetProperty("BisectBatchOnFunctionError").GetBoolean());
        Assert.Equal("{\"OnFailure\":{}}", created.GetProperty("DestinationConfig").GetRawText());
        Assert.Equal("No records processed", created.GetProperty("LastProcessingResult").GetString());
        Assert.Equal("User action", created.GetProperty("StateTransitionReason").GetString());
        Assert.Equal("Creating", created.GetProperty("State").GetString());
        Assert.Equal("Enabled", fetched.GetProperty("State").GetString());
    }

    [Fact]
    public async Task UpdateAndDelete_AnswerTransitionalStates_AndDeletedIsNotFound()
    {
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function());
        var queue = await Queues.CreateAsync(fixture);
        var uuid = (await lambda.CreateAsync(new { FunctionName = function.Name, EventSourceArn = queue.Arn })).GetProperty("UUID").GetString()!;
        var path = $"{LambdaCaller.Mappings}/{uuid}";

        var disabling = await lambda.OkAsync(HttpMethod.Put, path, new { Enabled = false }, HttpStatusCode.Accepted);
        var updating = await lambda.OkAsync(HttpMethod.Put, path, new { BatchSize = 50, MaximumBatchingWindowInSeconds = 2 }, HttpStatusCode.Accepted);
        var enabling = await lambda.OkAsync(HttpMethod.Put, path, new { Enabled = true }, HttpStatusCode.Accepted);
        var deleting = await lambda.OkAsync(HttpMethod.Delete, path, expected: HttpStatusCode.Accepted);
        var gone = await lambda.CallAsync(HttpMethod.Get, path);
        var deleteAgain = await lambda.CallAsync(HttpMethod.Delete, path);

        Assert.Equal("Disabling", disabling.GetProperty("State").GetString());
        Assert.Equal("Updating", updating.GetProperty("State").GetString());
        Assert.Equal(50, updating.GetProperty("BatchSize").GetInt32());
        Assert.Equal(2, updating.GetProperty("MaximumBatchingWindowInSeconds").GetInt32());
        Assert.Equal("Enabling", enabling.GetProperty("State").GetString());
        Assert.Equal("Deleting", deleting.GetProperty("State").GetString());
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("ResourceNotFoundException", gone.ErrorType);
        Assert.Equal("The resource you requested does not exist.", gone.Message);
        Assert.Equal(HttpStatusCode.NotFound, deleteAgain.Status);
    }

    [Fact]
    public async Task List_FiltersBySourceAndFunction_AndPagesWithMarker()
    {
        using var lambda = fixture.Lambda();
        var first = fixture.Functions.Add(Names.Function());
        var second = fixture.Functions.Add(Names.Function());
        var queues = new[] { await Queues.CreateAsync(fixture), await Queues.CreateAsync(fixture), await Queues.CreateAsync(fixture) };
        foreach (var queue in queues)
        {
            await lambda.CreateAsync(new { FunctionName = first.Name, EventSourceArn = queue.Arn, Enabled = false });
        }

        await lambda.CreateAsync(new { FunctionName = second.Name, EventSourceArn = queues[0].Arn, Enabled = false });

        var bySource = await lambda.OkAsync(HttpMethod.Get, $"{LambdaCaller.Mappings}?EventSourceArn={Uri.EscapeDataString(queues[0].Arn)}");
        var byFunction = await lambda.OkAsync(HttpMethod.Get, $"{LambdaCaller.Mappings}?FunctionName={first.Name}&MaxItems=2");
        var nextPage = await lambda.OkAsync(HttpMethod.Get,
            $"{LambdaCaller.Mappings}?FunctionName={Uri.EscapeDataString(first.Arn)}&MaxItems=2&Marker={Uri.EscapeDataString(byFunction.GetProperty("NextMarker").GetString()!)}");
        var unknown = await lambda.OkAsync(HttpMethod.Get, $"{LambdaCaller.Mappings}?FunctionName=doesnotexist");
        var badMax = await lambda.CallAsync(HttpMethod.Get, $"{LambdaCaller.Mappings}?MaxItems=0");

        Assert.Equal(2, bySource.GetProperty("EventSourceMappings").GetArrayLength());
        Assert.Equal(2, byFunction.GetProperty("EventSourceMappings").GetArrayLength());
        var rest = Assert.Single(nextPage.GetProperty("EventSourceMappings").EnumerateArray());
        Assert.Equal(queues[2].Arn, rest.GetProperty("EventSourceArn").GetString());
        Assert.False(nextPage.TryGetProperty("NextMarker", out _));
        Assert.Empty(unknown.GetProperty("EventSourceMappings").EnumerateArray());
        Assert.Equal("ValidationException", badMax.ErrorType);
    }

    [Fact]
    public async Task Create_ASecondMappingOfTheSameSourceAndFunction_IsAConflict()
    {
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function());
        var queue = await Queues.CreateAsync(fixture);
        var uuid = (await lambda.CreateAsync(new { FunctionName = function.Name, EventSourceArn = queue.Arn, Enabled = false })).GetProperty("UUID").GetString();

        var again = await lambda.TryCreateAsync(new { FunctionName = function.Arn, EventSourceArn = queue.Arn });

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("ResourceConflictException", again.ErrorType);
        Assert.Equal(
            $"An event source mapping with SQS arn (\" {queue.Arn} \") and function (\" {function.Name} \") already exists. Please update or delete the existing mapping with UUID {uuid}",
            again.Message);
    }

    [Fact]
    public async Task Create_ChecksTheRequestAsAwsDoes()
    {
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function());
        var queue = await Queues.CreateAsync(fixture);
        var stream = await Tables.CreateStreamedAsync(fixture);
        var missingQueue = "arn:aws:sqs:us-east-1:000000000000:" + Names.Queue();

        var cases = new (object Request, string Code, string Message)[]
        {
            (new { FunctionName = function.Name }, "InvalidParameterValueException", "Unrecognized event source."),
            (new { FunctionName = "doesnotexist", EventSourceArn = queue.Arn }, "InvalidParameterValueException", "Function does not exist"),
            (new { FunctionName = function.Name, EventSourceArn = queue.Arn, DestinationConfig = new { OnSuccess = new { Destination = queue.Arn } } },
                "InvalidParameterValueException", "Unsupported DestinationConfig parameter for given event source mapping type."),
            (new { FunctionName = function.Name, EventSourceArn = queue.Arn, BatchSize = 11 },
                "InvalidParameterValueException", "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"),
            (new { FunctionName = function.Name, EventSourceArn = queue.Arn, StartingPosition = "LATEST" },
                "InvalidParameterValueException", "StartingPosition is not valid for SQS event sources."),
            (new { FunctionName = function.Name, EventSourceArn = queue.Arn, BatchSize = 10001 },
                "ValidationException", "1 validation error detected: Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000"),
            (new { FunctionName = function.Name, EventSourceArn = queue.Arn, MaximumBatchingWindowInSeconds = 301 },
                "ValidationException", "1 validation error detected: Value '301' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300"),
            (new { FunctionName = function.Name, EventSourceArn = queue.Arn, FilterCriteria = new { Filters = new[] { new { Pattern = "simple string" } } } },
                "InvalidParameterValueException", "Invalid filter pattern definition."),
            (new { FunctionName = function.Name, EventSourceArn = missingQueue },
                "InvalidParameterValueException", "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist."),
            (new { FunctionName = function.Name, EventSourceArn = stream },
                "InvalidParameterValueException", "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null."),
            (new { FunctionName = function.Name, EventSourceArn = stream, StartingPosition = "invalid" },
                "ValidationException", "1 validation error detected: Value 'invalid' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]"),
            (new { FunctionName = function.Name, EventSourceArn = stream, StartingPosition = "AT_TIMESTAMP" },
                "InvalidParameterValueException", $"Unsupported starting position for arn type: {stream}"),
            (new { FunctionName = function.Name, EventSourceArn = stream, StartingPosition = "LATEST", MaximumRecordAgeInSeconds = 30 },
                "InvalidParameterValueException", "MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)"),
            (new { FunctionName = function.Name, EventSourceArn = stream, StartingPosition = "LATEST", MaximumRetryAttempts = 10001 },
                "ValidationException", "1 validation error detected: Value '10001' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 10000"),
            (new { FunctionName = function.Name, EventSourceArn = stream, StartingPosition = "LATEST", FunctionResponseTypes = new[] { "Nope" } },
                "ValidationException", "1 validation error detected: Value '[Nope]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]"),
            (new { FunctionName = function.Name, EventSourceArn = stream + "x", StartingPosition = "LATEST" },
                "InvalidParameterValueException", $"Stream not found: {stream}x"),
        };

        foreach (var (request, code, message) in cases)
        {
            var result = await lambda.TryCreateAsync(request);
            Assert.True(result.ErrorType == code && result.Message == message, $"{JsonSerializer.Serialize(request)} answered {result.ErrorType}: {result.Message}");
            Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        }
    }
}

internal static class Names
{
    public static string Function() => "fn-" + Guid.NewGuid().ToString("N")[..12];

    public static string Queue() => "q-" + Guid.NewGuid().ToString("N")[..12];

    public static string Table() => "t-" + Guid.NewGuid().ToString("N")[..12];
}

internal sealed record TestQueue(string Url, string Arn);

internal static class Queues
{
    public static async Task<TestQueue> CreateAsync(EventSourceFixture fixture, Dictionary<string, string>? attributes = null)
    {
        using var sqs = fixture.CreateSqsClient();
        var url = (await sqs.CreateQueueAsync(new Amazon.SQS.Model.CreateQueueRequest { QueueName = Names.Queue(), Attributes = attributes ?? [] })).QueueUrl;
        var arn = (await sqs.GetQueueAttributesAsync(url, ["QueueArn"])).QueueARN;
        return new TestQueue(url, arn);
    }
}

internal static class Tables
{
    /// <summary>A table keyed by a number <c>Id</c> with a NEW_AND_OLD_IMAGES stream; its stream ARN.</summary>
    public static async Task<string> CreateStreamedAsync(EventSourceFixture fixture, string? name = null)
    {
        using var dynamo = fixture.CreateDynamoDbClient();
        var table = await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = name ?? Names.Table(),
            KeySchema = [new KeySchemaElement("Id", Amazon.DynamoDBv2.KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("Id", Amazon.DynamoDBv2.ScalarAttributeType.N)],
            BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = Amazon.DynamoDBv2.StreamViewType.NEW_AND_OLD_IMAGES },
        });
        return table.TableDescription.LatestStreamArn;
    }
}
