using System.Text.Json;
using Amazon.SQS.Model;
using LocalCloud.Testing;

namespace LocalCloud.Lambda.Tests.EventSources;

/// <summary>SQS queues as event sources: the event a function receives, batching, filters and failures.</summary>
public sealed class SqsEventSourceTests(EventSourceFixture fixture) : IClassFixture<EventSourceFixture>
{
    private static readonly string[] ReportFailures = ["ReportBatchItemFailures"];

    private static readonly Dictionary<string, string> RedeliverAtOnce = new() { ["VisibilityTimeout"] = "0" };

    [Fact]
    public async Task Function_ReceivesTheEventAwsSends()
    {
        using var sqs = fixture.CreateSqsClient();
        using var lambda = fixture.Lambda();
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "platform", "Lambda.Tests", "Fixtures", "sqs-event.json")));
        var awsRecords = expected.RootElement.GetProperty("Records").EnumerateArray().ToList();
        var function = fixture.Functions.Add(Names.Function());
        var queue = await Queues.CreateAsync(fixture);
        await sqs.SendMessageBatchAsync(queue.Url,
        [
            new SendMessageBatchRequestEntry("with", "Test message.")
            {
                MessageAttributes = new() { ["myAttribute"] = new MessageAttributeValue { DataType = "String", StringValue = "myValue" } },
            },
            new SendMessageBatchRequestEntry("without", "Test message."),
        ]);

        await lambda.CreateAsync(new { FunctionName = function.Name, EventSourceArn = queue.Arn });
        var records = await function.RecordsOfNextAsync();

        Assert.Equal(2, records.Count);
        var with = records.Single(r => r.GetProperty("messageAttributes").EnumerateObject().Any());
        var without = records.Single(r => !r.GetProperty("messageAttributes").EnumerateObject().Any());
        Assert.Equal(Keys(awsRecords[1]), Keys(without));
        Assert.Equal(Keys(awsRecords[1].GetProperty("attributes")), Keys(without.GetProperty("attributes")));
        Assert.Equal(JsonSerializer.Serialize(awsRecords[0].GetProperty("messageAttributes")), JsonSerializer.Serialize(with.GetProperty("messageAttributes")));
        Assert.True(with.TryGetProperty("md5OfMessageAttributes", out _));
        foreach (var record in records)
        {
            Assert.Equal("Test message.", record.GetProperty("body").GetString());
            Assert.Equal(awsRecords[0].GetProperty("md5OfBody").GetString(), record.GetProperty("md5OfBody").GetString());
            Assert.Equal("aws:sqs", record.GetProperty("eventSource").GetString());
            Assert.Equal(queue.Arn, record.GetProperty("eventSourceARN").GetString());
            Assert.Equal("us-east-1", record.GetProperty("awsRegion").GetString());
            Assert.Equal("1", record.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
            Assert.True(long.TryParse(record.GetProperty("attributes").GetProperty("SentTimestamp").GetString(), out _));
        }
    }

    [Fact]
    public async Task BatchSizeAboveTen_GathersOneBatchWithinTheWindow()
    {
        using var sqs = fixture.CreateSqsClient();
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function());
        var queue = await Queues.CreateAsync(fixture);
        await sqs.SendMessageBatchAsync(queue.Url, [.. Enumerable.Range(0, 10).Select(i => new SendMessageBatchRequestEntry($"m{i}", $"m{i}"))]);
        await sqs.SendMessageBatchAsync(queue.Url, [.. Enumerable.Range(10, 5).Select(i => new SendMessageBatchRequestEntry($"m{i}", $"m{i}"))]);

        await lambda.CreateAsync(new { FunctionName = function.Name, EventSourceArn = queue.Arn, BatchSize = 15, MaximumBatchingWindowInSeconds = 5 });
        var records = await function.RecordsOfNextAsync();

        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"m{i}").Order(StringComparer.Ordinal), records.Select(r => r.GetProperty("body").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Filters_PassMatchingMessages_AndDeleteTheOthers()
    {
        using var sqs = fixture.CreateSqsClient();
        using var lambda = fixture.Lambda();
        var release = new TaskCompletionSource<FakeAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var function = fixture.Functions.AddAsync(Names.Function(), (_, _) => release.Task);
        var queue = await Queues.CreateAsync(fixture);
        await sqs.SendMessageBatchAsync(queue.Url,
        [
            new SendMessageBatchRequestEntry("keep", """{"kind":"keep","n":1}"""),
            new SendMessageBatchRequestEntry("drop", """{"kind":"drop","n":2}"""),
            new SendMessageBatchRequestEntry("plain", "kind keep"),
        ]);

        await lambda.CreateAsync(new
        {
            FunctionName = function.Name,
            EventSourceArn = queue.Arn,
            FilterCriteria = new { Filters = new[] { new { Pattern = """{"body":{"kind":["keep"]}}""" } } },
        });
        var records = await function.RecordsOfNextAsync();
        var whileInvoked = await sqs.GetQueueAttributesAsync(queue.Url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        release.SetResult(FakeAnswer.Ok);

        var record = Assert.Single(records);
        Assert.Equal("""{"kind":"keep","n":1}""", record.GetProperty("body").GetString());
        Assert.Equal(0, whileInvoked.ApproximateNumberOfMessages);
        Assert.Equal(1, whileInvoked.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task ReportedItemFailures_AreRedelivered_AndTheRestIsDeleted()
    {
        using var sqs = fixture.CreateSqsClient();
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function(), (payload, call) => call == 1
            ? new FakeAnswer(JsonSerializer.Serialize(new
            {
                batchItemFailures = payload.GetProperty("Records").EnumerateArray()
                    .Where(r => r.GetProperty("body").GetString() == "b")
                    .Select(r => new { itemIdentifier = r.GetProperty("messageId").GetString() }),
            }))
            : FakeAnswer.Ok);
        var queue = await Queues.CreateAsync(fixture, RedeliverAtOnce);
        await sqs.SendMessageBatchAsync(queue.Url, [new("a", "a"), new("b", "b"), new("c", "c")]);

        await lambda.CreateAsync(new { FunctionName = function.Name, EventSourceArn = queue.Arn, FunctionResponseTypes = ReportFailures });
        var first = await function.RecordsOfNextAsync();
        var second = await function.RecordsOfNextAsync();

        Assert.Equal(["a", "b", "c"], first.Select(r => r.GetProperty("body").GetString()).Order(StringComparer.Ordinal));
        var retried = Assert.Single(second);
        Assert.Equal("b", retried.GetProperty("body").GetString());
        Assert.Equal("2", retried.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
    }

    [Fact]
    public async Task AnInvalidBatchResponse_FailsTheWholeBatch()
    {
        using var sqs = fixture.CreateSqsClient();
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function(), (_, call) => call == 1
            ? new FakeAnswer("""{"batchItemFailures":[{"itemIdentifier":""}]}""")
            : FakeAnswer.Ok);
        var queue = await Queues.CreateAsync(fixture, RedeliverAtOnce);
        await sqs.SendMessageBatchAsync(queue.Url, [new("a", "a"), new("b", "b")]);

        await lambda.CreateAsync(new { FunctionName = function.Name, EventSourceArn = queue.Arn, FunctionResponseTypes = ReportFailures });
        await function.NextAsync();
        var second = await function.RecordsOfNextAsync();

        Assert.Equal(["a", "b"], second.Select(r => r.GetProperty("body").GetString()).Order(StringComparer.Ordinal));
        Assert.All(second, r => Assert.Equal("2", r.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString()));
    }

    [Fact]
    public async Task AFailingFunction_LeavesTheMessageToTheQueuesRedrivePolicy()
    {
        using var sqs = fixture.CreateSqsClient();
        using var lambda = fixture.Lambda();
        var function = fixture.Functions.Add(Names.Function(), (_, _) => FakeAnswer.Error);
        var deadLetters = await Queues.CreateAsync(fixture);
        var queue = await Queues.CreateAsync(fixture, new()
        {
            ["VisibilityTimeout"] = "0",
            ["RedrivePolicy"] = JsonSerializer.Serialize(new { deadLetterTargetArn = deadLetters.Arn, maxReceiveCount = 1 }),
        });
        await sqs.SendMessageAsync(queue.Url, "poison");

        await lambda.CreateAsync(new { FunctionName = function.Name, EventSourceArn = queue.Arn });
        await function.NextAsync();
        var dead = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = deadLetters.Url, WaitTimeSeconds = 20 });

        Assert.Equal("poison", Assert.Single(dead.Messages).Body);
        Assert.Equal(1, function.Count);
    }

    private static List<string> Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
