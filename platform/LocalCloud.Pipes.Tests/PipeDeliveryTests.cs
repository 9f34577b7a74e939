using System.Text.Json;
using Amazon.SQS.Model;
using LocalCloud.Pipes.Model;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Pipes.Tests;

public sealed class PipeDeliveryTests(PipesFixture fixture) : IClassFixture<PipesFixture>
{
    private static string BusArn(string name) => "arn:aws:events:us-east-1:000000000000:event-bus/" + name;

    /// <summary>A DynamoDB stream pipe: <paramref name="extra"/> continues inside SourceParameters, and may close it with
    /// <c>},</c> to add top-level members, leaving one object open that the body closes.</summary>
    private static string Body(string stream, string target, string sourceParameters = """{"StartingPosition":"TRIM_HORIZON"}""", string extra = "") =>
        $$"""{"Source":"{{stream}}","Target":"{{target}}","RoleArn":"{{PipesApi.Role}}","SourceParameters":{"DynamoDBStreamParameters":{{sourceParameters}}""" + extra + "}}";

    private async Task<string> StartAsync(string name, string body)
    {
        using var api = fixture.Api;
        await api.CreateAsync(name, body);
        await api.WaitForStateAsync(name, "RUNNING");
        return name;
    }

    private async Task<string> QueueAsync(string name)
    {
        using var sqs = fixture.CreateSqsClient();
        await sqs.CreateQueueAsync(name);
        return "arn:aws:sqs:us-east-1:000000000000:" + name;
    }

    private async Task<List<Message>> ReceiveAsync(string queueName, int count)
    {
        using var sqs = fixture.CreateSqsClient();
        var url = (await sqs.GetQueueUrlAsync(queueName)).QueueUrl;
        var messages = new List<Message>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
            messages.AddRange(received.Messages ?? []);
        }

        return messages;
    }

    [Fact]
    public async Task Filter_DropsRecords_DefaultsNameTheSource_AndThePositionMovesPastThem()
    {
        var stream = fixture.Streams.Create("filter");
        var bus = BusArn("filter");
        await StartAsync("filter", Body(stream, bus, extra: ""","FilterCriteria":{"Filters":[{"Pattern":"{\"dynamodb\":{\"NewImage\":{\"payload\":{\"S\":[{\"prefix\":\"keep\"}]}}}}"}]}"""));

        fixture.Streams.Insert(stream, "1", "keep-1");
        fixture.Streams.Insert(stream, "2", "drop");
        fixture.Streams.Insert(stream, "3", "keep-3");
        var last = fixture.Streams.Insert(stream, "4", "drop");
        var entries = await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 2);
        var store = fixture.Services.GetRequiredService<PipesStore>();
        await Eventually.GetAsync(() => store.Position(PipeKeys.Key("000000000000", "us-east-1", "filter")), p => p == last);

        Assert.Equal(["1", "3"], entries.Select(e => Id(e.Detail)));
        Assert.All(entries, e => Assert.Equal("Pipe filter", e.Source));
        Assert.All(entries, e => Assert.Equal("Event from aws:dynamodb", e.DetailType));
        using var detail = JsonDocument.Parse(entries[0].Detail);
        Assert.Equal(stream, detail.RootElement.GetProperty("eventSourceARN").GetString());
        Assert.Equal("aws:dynamodb", detail.RootElement.GetProperty("eventSource").GetString());
    }

    [Fact]
    public async Task Enrichment_GetsTheBatchAsAnArray_AndEachOutputElementIsOneEvent()
    {
        var stream = fixture.Streams.Create("enrich");
        var bus = BusArn("enrich");
        var enricher = fixture.Functions.Add("enricher", payload =>
        {
            using var records = JsonDocument.Parse(payload);
            var events = records.RootElement.EnumerateArray().SelectMany(r =>
            {
                var id = r.GetProperty("id").GetString();
                return new[] { $$$"""{"detailType":"order.placed.v1","detail":{"orderId":"{{{id}}}"}}""", $$$"""{"detailType":"order.audit.v1","detail":{"orderId":"{{{id}}}"}}""" };
            });
            return "[" + string.Join(",", events) + "]";
        });
        fixture.Streams.Insert(stream, "a", "x");
        fixture.Streams.Insert(stream, "b", "y");
        await StartAsync("enrich", Body(stream, bus, """{"StartingPosition":"TRIM_HORIZON","MaximumBatchingWindowInSeconds":0}""", $$"""
            },"Enrichment":"{{enricher}}","EnrichmentParameters":{"InputTemplate":"{\"id\":<$.dynamodb.Keys.id.S>,\"pipe\":\"<aws.pipes.pipe-name>\"}"},
            "TargetParameters":{"InputTemplate":"<$.detail>","EventBridgeEventBusParameters":{"DetailType":"$.detailType","Source":"com.example.orders"}
            """));

        var entries = await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 4);

        var payloads = fixture.Functions.PayloadsOf(enricher);
        using (var first = JsonDocument.Parse(payloads[0]))
        {
            Assert.Equal(JsonValueKind.Array, first.RootElement.ValueKind);
            Assert.Equal("""{"id":"a","pipe":"enrich"}""", first.RootElement[0].GetRawText());
        }

        Assert.Equal(["order.placed.v1", "order.audit.v1", "order.placed.v1", "order.audit.v1"], entries.Select(e => e.DetailType));
        Assert.Equal("""{"orderId":"a"}""", entries[0].Detail);
        Assert.Equal("""{"orderId":"b"}""", entries[3].Detail);
        Assert.All(entries, e => Assert.Equal("com.example.orders", e.Source));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Enrichment_EmptyAnswer_DropsTheBatch(string answer)
    {
        var name = "enrich-empty-" + answer.Length + (answer.Length > 0 ? (int)answer[0] : 0);
        var stream = fixture.Streams.Create(name);
        var bus = BusArn(name);
        var enricher = fixture.Functions.Add(name, payload => payload.Contains("\"skip\"", StringComparison.Ordinal) ? answer : """{"kept":true}""");
        await StartAsync(name, Body(stream, bus, """{"StartingPosition":"TRIM_HORIZON","BatchSize":1}""", $$"""},"Enrichment":"{{enricher}}","Tags":{"t":"1" """));

        fixture.Streams.Insert(stream, "1", "skip");
        fixture.Streams.Insert(stream, "2", "deliver");
        var entries = await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 1);
        await Task.Delay(100);

        Assert.Equal("""{"kept":true}""", Assert.Single(fixture.Bus.For(bus)).Detail);
        Assert.Equal(2, fixture.Functions.PayloadsOf(enricher).Count);
        Assert.Single(entries);
    }

    [Fact]
    public async Task TargetTemplate_FillsReservedVariablesAndPaths()
    {
        var stream = fixture.Streams.Create("template");
        var bus = BusArn("template");
        await StartAsync("template", Body(stream, bus, extra: """
            },"TargetParameters":{"InputTemplate":"{\"arn\":<aws.pipes.pipe-arn>,\"name\":\"<aws.pipes.pipe-name>\",\"source\":<aws.pipes.source-arn>,\"target\":<aws.pipes.target-arn>,\"id\":\"<$.dynamodb.Keys.id.S>\",\"image\":<$.dynamodb.NewImage>,\"missing\":<$.nope>,\"event\":<aws.pipes.event.json>,\"at\":<aws.pipes.event.ingestion-time>}","EventBridgeEventBusParameters":{"Resources":["$.eventSourceARN","static"]}
            """));

        fixture.Streams.Insert(stream, "k1", "hello");
        var entry = (await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 1))[0];

        using var detail = JsonDocument.Parse(entry.Detail);
        var root = detail.RootElement;
        Assert.Equal("arn:aws:pipes:us-east-1:000000000000:pipe/template", root.GetProperty("arn").GetString());
        Assert.Equal("template", root.GetProperty("name").GetString());
        Assert.Equal(stream, root.GetProperty("source").GetString());
        Assert.Equal(bus, root.GetProperty("target").GetString());
        Assert.Equal("k1", root.GetProperty("id").GetString());
        Assert.Equal("hello", root.GetProperty("image").GetProperty("payload").GetProperty("S").GetString());
        Assert.Equal("", root.GetProperty("missing").GetString());
        Assert.Equal("INSERT", root.GetProperty("event").GetProperty("eventName").GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("at").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal([stream, "static"], entry.Resources!);
    }

    [Fact]
    public async Task BusTarget_PutsAtMostTenEntriesPerCall_InOrder()
    {
        var stream = fixture.Streams.Create("chunks");
        var bus = BusArn("chunks");
        for (var i = 0; i < 25; i++)
        {
            fixture.Streams.Insert(stream, i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), "p");
        }

        var before = fixture.Bus.CallSizes.Count;
        await StartAsync("chunks", Body(stream, bus));
        var entries = await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 25);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)), entries.Select(e => Id(e.Detail)));
        Assert.All(fixture.Bus.CallSizes.Skip(before), size => Assert.InRange(size, 1, 10));
    }

    [Fact]
    public async Task FailingRecord_WithBisection_IsRetriedThenDeadLettered_AndTheRestArriveInOrder()
    {
        var stream = fixture.Streams.Create("bisect");
        var bus = BusArn("bisect");
        var dlq = await QueueAsync("bisect-dlq");
        fixture.Bus.Reject = e => e.EventBusName == bus && e.Detail.Contains("\"poison\"", StringComparison.Ordinal) ? "InternalFailure" : null;
        fixture.Streams.Insert(stream, "1", "ok");
        var poison = fixture.Streams.Insert(stream, "2", "poison");
        fixture.Streams.Insert(stream, "3", "ok");
        fixture.Streams.Insert(stream, "4", "ok");
        await StartAsync("bisect", Body(stream, bus, $$$"""{"StartingPosition":"TRIM_HORIZON","MaximumRetryAttempts":3,"OnPartialBatchItemFailure":"AUTOMATIC_BISECT","DeadLetterConfig":{"Arn":"{{{dlq}}}"}}"""));

        var entries = await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 3);
        var dead = Assert.Single(await ReceiveAsync("bisect-dlq", 1));

        Assert.Equal(["1", "3", "4"], entries.Select(e => Id(e.Detail)));
        using var record = JsonDocument.Parse(dead.Body);
        var info = record.RootElement.GetProperty("DDBStreamBatchInfo");
        Assert.Equal(poison, info.GetProperty("startSequenceNumber").GetString());
        Assert.Equal(poison, info.GetProperty("endSequenceNumber").GetString());
        Assert.Equal(1, info.GetProperty("batchSize").GetInt32());
        Assert.Equal(stream, info.GetProperty("streamArn").GetString());
        Assert.Equal("shardId-1", info.GetProperty("shardId").GetString());
        Assert.Equal("RetryAttemptsExhausted", record.RootElement.GetProperty("context").GetProperty("condition").GetString());
        Assert.Equal("arn:aws:pipes:us-east-1:000000000000:pipe/bisect", record.RootElement.GetProperty("context").GetProperty("partnerResourceArn").GetString());
        Assert.Equal("1.0", record.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task FailingRecord_WithoutBisection_DeadLettersFromTheFailureOn_AndLosesNothing()
    {
        var stream = fixture.Streams.Create("nobisect");
        var bus = BusArn("nobisect");
        var dlq = await QueueAsync("nobisect-dlq");
        var previous = fixture.Bus.Reject;
        fixture.Bus.Reject = e => e.EventBusName == bus && e.Detail.Contains("\"poison\"", StringComparison.Ordinal) ? "InternalFailure" : previous?.Invoke(e);
        fixture.Streams.Insert(stream, "1", "ok");
        var poison = fixture.Streams.Insert(stream, "2", "poison");
        var after = fixture.Streams.Insert(stream, "3", "ok");
        await StartAsync("nobisect", Body(stream, bus, $$$"""{"StartingPosition":"TRIM_HORIZON","MaximumRetryAttempts":1,"DeadLetterConfig":{"Arn":"{{{dlq}}}"}}"""));

        var dead = Assert.Single(await ReceiveAsync("nobisect-dlq", 1));
        var delivered = fixture.Bus.For(bus);

        // PutEvents accepted record 3 beside the rejected 2; it is not put again, and the dead-letter record still
        // covers it because the pipe gave up on the batch from 2 on.
        Assert.Equal(["1", "3"], delivered.Select(e => Id(e.Detail)));
        using var record = JsonDocument.Parse(dead.Body);
        var info = record.RootElement.GetProperty("DDBStreamBatchInfo");
        Assert.Equal(poison, info.GetProperty("startSequenceNumber").GetString());
        Assert.Equal(after, info.GetProperty("endSequenceNumber").GetString());
        Assert.Equal(2, info.GetProperty("batchSize").GetInt32());
    }

    [Fact]
    public async Task OldRecords_PastMaximumRecordAge_GoToTheDeadLetterQueueUndelivered()
    {
        var stream = fixture.Streams.Create("age");
        var bus = BusArn("age");
        var dlq = await QueueAsync("age-dlq");
        fixture.Streams.Insert(stream, "old", "p", DateTimeOffset.UtcNow.AddHours(-2));
        fixture.Streams.Insert(stream, "new", "p");
        await StartAsync("age", Body(stream, bus, $$$"""{"StartingPosition":"TRIM_HORIZON","MaximumRecordAgeInSeconds":60,"DeadLetterConfig":{"Arn":"{{{dlq}}}"}}"""));

        var entries = await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 1);
        var dead = Assert.Single(await ReceiveAsync("age-dlq", 1));

        Assert.Equal("new", Id(Assert.Single(entries).Detail));
        using var record = JsonDocument.Parse(dead.Body);
        Assert.Equal("RecordAgeExceeded", record.RootElement.GetProperty("context").GetProperty("condition").GetString());
    }

    [Fact]
    public async Task LambdaTarget_BatchItemFailures_RetryFromTheFirstFailedRecord()
    {
        var stream = fixture.Streams.Create("lambda-target");
        var attempts = 0;
        var target = fixture.Functions.Add("lambda-target", payload =>
        {
            using var records = JsonDocument.Parse(payload);
            var second = records.RootElement.GetArrayLength() > 1 ? records.RootElement[1].GetProperty("eventID").GetString() : null;
            return Interlocked.Increment(ref attempts) == 1 ? $$"""{"batchItemFailures":[{"itemIdentifier":"{{second}}"}]}""" : """{"batchItemFailures":[]}""";
        });
        fixture.Streams.Insert(stream, "a", "p");
        fixture.Streams.Insert(stream, "b", "p");
        fixture.Streams.Insert(stream, "c", "p");
        await StartAsync("lambda-target", Body(stream, target));

        var calls = await Eventually.GetAsync(() => fixture.Functions.PayloadsOf(target), c => c.Count >= 2);

        Assert.Equal(["a", "b", "c"], Ids(calls[0]));
        Assert.Equal(["b", "c"], Ids(calls[1]));
    }

    [Fact]
    public async Task FailingEnrichment_IsRetried_AndNothingIsLostOrReordered()
    {
        var stream = fixture.Streams.Create("enrich-fail");
        var bus = BusArn("enrich-fail");
        var calls = 0;
        var enricher = fixture.Functions.Add("enrich-fail", payload => Interlocked.Increment(ref calls) <= 2 ? null : payload);
        fixture.Streams.Insert(stream, "1", "p");
        fixture.Streams.Insert(stream, "2", "p");
        await StartAsync("enrich-fail", Body(stream, bus, extra: $$"""},"Enrichment":"{{enricher}}","Tags":{"t":"1" """));
        fixture.Streams.Insert(stream, "3", "p");

        var entries = await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 3);

        Assert.Equal(["1", "2", "3"], entries.Select(e => Id(e.Detail)));
        Assert.True(calls >= 3);
    }

    [Fact]
    public async Task ParallelizationFactor_KeepsOrderPerPartitionKey()
    {
        var stream = fixture.Streams.Create("parallel");
        var bus = BusArn("parallel");
        for (var i = 0; i < 40; i++)
        {
            fixture.Streams.Insert(stream, "k" + (i % 4), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await StartAsync("parallel", Body(stream, bus, """{"StartingPosition":"TRIM_HORIZON","ParallelizationFactor":4,"BatchSize":40}"""));
        var entries = await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 40);

        foreach (var key in Enumerable.Range(0, 4).Select(k => "k" + k))
        {
            var payloads = entries.Where(e => Id(e.Detail) == key).Select(e => int.Parse(Payload(e.Detail), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(payloads.Order(), payloads);
            Assert.Equal(10, payloads.Count);
        }
    }

    [Fact]
    public async Task StoppedPipe_DeliversNothing_AndResumesFromItsPosition()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("resume");
        var bus = BusArn("resume");
        await StartAsync("resume", Body(stream, bus, """{"StartingPosition":"LATEST"}"""));
        fixture.Streams.Insert(stream, "1", "p");
        await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 1);

        await api.OkAsync(HttpMethod.Post, "/v1/pipes/resume/stop");
        await api.WaitForStateAsync("resume", "STOPPED");
        fixture.Streams.Insert(stream, "2", "p");
        await Task.Delay(150);
        var whileStopped = fixture.Bus.For(bus).Count;
        await api.OkAsync(HttpMethod.Post, "/v1/pipes/resume/start");
        var entries = await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 2);

        Assert.Equal(1, whileStopped);
        Assert.Equal(["1", "2"], entries.Select(e => Id(e.Detail)));
    }

    [Fact]
    public async Task LatestStartingPosition_SkipsWhatWasWrittenBeforeTheCreate()
    {
        var stream = fixture.Streams.Create("latest");
        var bus = BusArn("latest");
        fixture.Streams.Insert(stream, "before", "p");

        await StartAsync("latest", Body(stream, bus, """{"StartingPosition":"LATEST"}"""));
        fixture.Streams.Insert(stream, "after", "p");
        var entries = await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 1);
        await Task.Delay(50);

        Assert.Equal("after", Id(Assert.Single(fixture.Bus.For(bus)).Detail));
        Assert.Single(entries);
    }

    [Fact]
    public async Task SqsSource_FiltersAndTemplatesReadTheBodyAsJson_AndDeliveredMessagesAreDeleted()
    {
        var source = await QueueAsync("sqs-source");
        var bus = BusArn("sqs-source");
        await StartAsync("sqs-source", $$$"""
            {"Source":"{{{source}}}","Target":"{{{bus}}}","RoleArn":"{{{PipesApi.Role}}}",
             "SourceParameters":{"SqsQueueParameters":{"BatchSize":5},"FilterCriteria":{"Filters":[{"Pattern":"{\"body\":{\"kind\":[\"order\"]}}"}]}},
             "TargetParameters":{"InputTemplate":"{\"kind\":<$.body.kind>,\"id\":\"<$.messageId>\"}","EventBridgeEventBusParameters":{"DetailType":"$.body.kind"}} }
            """);
        using var sqs = fixture.CreateSqsClient();
        var url = (await sqs.GetQueueUrlAsync("sqs-source")).QueueUrl;

        await sqs.SendMessageAsync(url, """{"kind":"other"}""");
        var sent = await sqs.SendMessageAsync(url, """{"kind":"order"}""");
        await sqs.SendMessageAsync(url, "not json");
        var entry = (await Eventually.GetAsync(() => fixture.Bus.For(bus), e => e.Count >= 1))[0];
        var left = await Eventually.GetAsync(
            () => sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]).GetAwaiter().GetResult(),
            a => a.ApproximateNumberOfMessages + a.ApproximateNumberOfMessagesNotVisible == 0);

        Assert.Equal($$"""{"kind":"order","id":"{{sent.MessageId}}"}""", entry.Detail);
        Assert.Equal("order", entry.DetailType);
        Assert.Equal("Pipe sqs-source", entry.Source);
        Assert.Equal(0, left.ApproximateNumberOfMessages);
    }

    [Fact]
    public async Task SqsTarget_GetsOneMessagePerRecord()
    {
        var stream = fixture.Streams.Create("sqs-target");
        var target = await QueueAsync("sqs-target");
        await StartAsync("sqs-target", Body(stream, target, extra: """},"TargetParameters":{"InputTemplate":"{\"id\":<$.dynamodb.Keys.id.S>}" """));

        fixture.Streams.Insert(stream, "x", "p");
        fixture.Streams.Insert(stream, "y", "p");
        var messages = await ReceiveAsync("sqs-target", 2);

        Assert.Equal(["""{"id":"x"}""", """{"id":"y"}"""], messages.Select(m => m.Body).Order());
    }

    private static string Id(string detail)
    {
        using var document = JsonDocument.Parse(detail);
        return document.RootElement.GetProperty("dynamodb").GetProperty("Keys").GetProperty("id").GetProperty("S").GetString()!;
    }

    private static string Payload(string detail)
    {
        using var document = JsonDocument.Parse(detail);
        return document.RootElement.GetProperty("dynamodb").GetProperty("NewImage").GetProperty("payload").GetProperty("S").GetString()!;
    }

    private static List<string> Ids(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return [.. document.RootElement.EnumerateArray().Select(r => r.GetProperty("dynamodb").GetProperty("Keys").GetProperty("id").GetProperty("S").GetString()!)];
    }
}
