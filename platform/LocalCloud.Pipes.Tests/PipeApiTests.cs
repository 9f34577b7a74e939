using System.Net;
using System.Text.Json;

namespace LocalCloud.Pipes.Tests;

public sealed class PipeApiTests(PipesFixture fixture) : IClassFixture<PipesFixture>
{
    private const string Bus = "arn:aws:events:us-east-1:000000000000:event-bus/api-bus";

    private static string StreamPipe(string stream, string extra = "") =>
        $$$"""{"Source":"{{{stream}}}","Target":"{{{Bus}}}","RoleArn":"{{{PipesApi.Role}}}","SourceParameters":{"DynamoDBStreamParameters":{"StartingPosition":"TRIM_HORIZON"}}{{{extra}}}}""";

    [Fact]
    public async Task CreatePipe_AnswersCreating_ThenRunsWithAwsDefaults()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("api-create");

        var created = await api.CreateAsync("api-create", StreamPipe(stream, ""","Tags":{"team":"orders"},"Description":"outbox" """));
        var running = await api.WaitForStateAsync("api-create", "RUNNING");

        Assert.Equal("CREATING", created.GetProperty("CurrentState").GetString());
        Assert.Equal("RUNNING", created.GetProperty("DesiredState").GetString());
        Assert.Equal("arn:aws:pipes:us-east-1:000000000000:pipe/api-create", created.GetProperty("Arn").GetString());
        Assert.Equal(JsonValueKind.Number, created.GetProperty("CreationTime").ValueKind);
        var dynamo = running.GetProperty("SourceParameters").GetProperty("DynamoDBStreamParameters");
        Assert.Equal(100, dynamo.GetProperty("BatchSize").GetInt32());
        Assert.Equal(-1, dynamo.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal(-1, dynamo.GetProperty("MaximumRecordAgeInSeconds").GetInt32());
        Assert.Equal(1, dynamo.GetProperty("ParallelizationFactor").GetInt32());
        Assert.Equal("TRIM_HORIZON", dynamo.GetProperty("StartingPosition").GetString());
        Assert.Equal("orders", running.GetProperty("Tags").GetProperty("team").GetString());
        Assert.Equal("outbox", running.GetProperty("Description").GetString());
        Assert.Equal(PipesApi.Role, running.GetProperty("RoleArn").GetString());
    }

    [Fact]
    public async Task CreatePipe_WithMissingSource_EndsCreateFailedWithAReason()
    {
        using var api = fixture.Api;

        await api.CreateAsync("api-missing", StreamPipe(FakeChangeStreams.StreamArn("no-such-table")));
        var failed = await api.WaitForStateAsync("api-missing", "CREATE_FAILED");

        Assert.Contains("does not exist", failed.GetProperty("StateReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePipe_Twice_IsConflictNamingThePipe()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("api-twice");
        await api.CreateAsync("api-twice", StreamPipe(stream));

        var (status, body, response) = await api.SendAsync(HttpMethod.Post, "/v1/pipes/api-twice", StreamPipe(stream));
        using (response)
        {
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Equal("ConflictException", response.Headers.GetValues("X-Amzn-ErrorType").Single());
            Assert.Equal("api-twice", body.GetProperty("resourceId").GetString());
            Assert.Equal("pipe", body.GetProperty("resourceType").GetString());
            Assert.Contains("already exists", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"Source":"S","Target":"T"}""", "roleArn")]
    [InlineData("""{"Source":"arn:aws:sqs:us-east-1:000000000000:q","Target":"arn:aws:sqs:us-east-1:000000000000:t","RoleArn":"not-a-role"}""", "roleArn")]
    [InlineData("""{"Source":"arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x","Target":"arn:aws:sqs:us-east-1:000000000000:t","RoleArn":"arn:aws:iam::000000000000:role/r"}""", "sourceParameters.dynamoDBStreamParameters.startingPosition")]
    [InlineData("""{"Source":"arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x","Target":"arn:aws:sqs:us-east-1:000000000000:t","RoleArn":"arn:aws:iam::000000000000:role/r","SourceParameters":{"DynamoDBStreamParameters":{"StartingPosition":"LATEST","BatchSize":0}}}""", "sourceParameters.dynamoDBStreamParameters.batchSize")]
    [InlineData("""{"Source":"arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x","Target":"arn:aws:sqs:us-east-1:000000000000:t","RoleArn":"arn:aws:iam::000000000000:role/r","SourceParameters":{"DynamoDBStreamParameters":{"StartingPosition":"AT_TIMESTAMP"}}}""", "sourceParameters.dynamoDBStreamParameters.startingPosition")]
    [InlineData("""{"Source":"arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x","Target":"arn:aws:sqs:us-east-1:000000000000:t","RoleArn":"arn:aws:iam::000000000000:role/r","SourceParameters":{"DynamoDBStreamParameters":{"StartingPosition":"LATEST"},"SqsQueueParameters":{}}}""", "sourceParameters.sqsQueueParameters")]
    [InlineData("""{"Source":"arn:aws:sqs:us-east-1:000000000000:q","Target":"arn:aws:states:us-east-1:000000000000:stateMachine:m","RoleArn":"arn:aws:iam::000000000000:role/r"}""", "target")]
    [InlineData("""{"Source":"arn:aws:sqs:us-east-1:000000000000:q","Target":"arn:aws:sqs:us-east-1:000000000000:t","Enrichment":"arn:aws:states:us-east-1:000000000000:stateMachine:m","RoleArn":"arn:aws:iam::000000000000:role/r"}""", "enrichment")]
    [InlineData("""{"Source":"arn:aws:sqs:us-east-1:000000000000:q","Target":"arn:aws:sqs:us-east-1:000000000000:t","Enrichment":"arn:aws:events:us-east-1:000000000000:api-destination/d","RoleArn":"arn:aws:iam::000000000000:role/r"}""", "enrichment")]
    [InlineData("""{"Source":"arn:aws:kinesis:us-east-1:000000000000:stream/s","Target":"arn:aws:sqs:us-east-1:000000000000:t","RoleArn":"arn:aws:iam::000000000000:role/r"}""", "source")]
    [InlineData("""{"Source":"arn:aws:sqs:us-east-1:000000000000:q","Target":"arn:aws:sqs:us-east-1:000000000000:t","RoleArn":"arn:aws:iam::000000000000:role/r","SourceParameters":{"FilterCriteria":{"Filters":[{"Pattern":"{not json"}]}}}""", "sourceParameters.filterCriteria.filters.1.member.pattern")]
    [InlineData("""{"Source":"arn:aws:sqs:us-east-1:000000000000:q","Target":"arn:aws:sqs:us-east-1:000000000000:t","RoleArn":"arn:aws:iam::000000000000:role/r","TargetParameters":{"InputTemplate":"{\"a\":<aws.pipes.nope>}"}}""", "targetParameters.inputTemplate")]
    [InlineData("""{"Source":"arn:aws:sqs:us-east-1:000000000000:q","Target":"arn:aws:sqs:us-east-1:000000000000:t","RoleArn":"arn:aws:iam::000000000000:role/r","TargetParameters":{"EventBridgeEventBusParameters":{"Source":"x"}}}""", "targetParameters.eventBridgeEventBusParameters")]
    [InlineData("""{"Source":"arn:aws:sqs:us-east-1:000000000000:q","Target":"arn:aws:events:us-east-1:000000000000:event-bus/b","RoleArn":"arn:aws:iam::000000000000:role/r","TargetParameters":{"EventBridgeEventBusParameters":{"Source":"aws.orders"}}}""", "targetParameters.eventBridgeEventBusParameters.source")]
    [InlineData("""{"Source":"arn:aws:sqs:us-east-1:000000000000:q","Target":"arn:aws:lambda:us-east-1:000000000000:function:f","RoleArn":"arn:aws:iam::000000000000:role/r","TargetParameters":{"LambdaFunctionParameters":{"InvocationType":"EVENT"}}}""", "targetParameters.lambdaFunctionParameters.invocationType")]
    public async Task CreatePipe_InvalidInput_IsValidationExceptionWithTheField(string body, string field)
    {
        using var api = fixture.Api;

        var (status, json, response) = await api.SendAsync(HttpMethod.Post, "/v1/pipes/invalid-" + Guid.NewGuid().ToString("N")[..8], body);
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("ValidationException", response.Headers.GetValues("X-Amzn-ErrorType").Single());
            Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
            Assert.Equal(field, json.GetProperty("fieldList")[0].GetProperty("name").GetString());
        }
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("a-name-that-is-far-too-long-for-a-pipe-because-pipes-allow-at-most-64-chars")]
    public async Task CreatePipe_BadName_IsValidationException(string name)
    {
        using var api = fixture.Api;

        var (status, json, response) = await api.SendAsync(HttpMethod.Post, "/v1/pipes/" + Uri.EscapeDataString(name), StreamPipe(FakeChangeStreams.StreamArn("x")));
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("name", json.GetProperty("fieldList")[0].GetProperty("name").GetString());
        }
    }

    [Theory]
    [InlineData("""{"Source":5}""")]
    [InlineData("""[]""")]
    [InlineData("""{"Source":"a",""")]
    [InlineData("""{"SourceParameters":{"DynamoDBStreamParameters":{"BatchSize":"ten"}}}""")]
    public async Task CreatePipe_MalformedBody_IsSerializationException(string body)
    {
        using var api = fixture.Api;

        var (status, _, response) = await api.SendAsync(HttpMethod.Post, "/v1/pipes/malformed", body);
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("SerializationException", response.Headers.GetValues("X-Amzn-ErrorType").Single());
        }
    }

    [Fact]
    public async Task DescribePipe_Unknown_IsNotFound()
    {
        using var api = fixture.Api;

        var (status, json, response) = await api.SendAsync(HttpMethod.Get, "/v1/pipes/nope");
        using (response)
        {
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("NotFoundException", response.Headers.GetValues("X-Amzn-ErrorType").Single());
            Assert.Equal("Pipe nope does not exist.", json.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task StopAndStart_MoveThroughStoppingAndStarting()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("api-stop");
        await api.CreateAsync("api-stop", StreamPipe(stream));
        await api.WaitForStateAsync("api-stop", "RUNNING");

        var stopping = await api.OkAsync(HttpMethod.Post, "/v1/pipes/api-stop/stop");
        var stopped = await api.WaitForStateAsync("api-stop", "STOPPED");
        var starting = await api.OkAsync(HttpMethod.Post, "/v1/pipes/api-stop/start");
        var running = await api.WaitForStateAsync("api-stop", "RUNNING");

        Assert.Equal("STOPPING", stopping.GetProperty("CurrentState").GetString());
        Assert.Equal("STOPPED", stopping.GetProperty("DesiredState").GetString());
        Assert.Equal("STOPPED", stopped.GetProperty("DesiredState").GetString());
        Assert.Equal("STARTING", starting.GetProperty("CurrentState").GetString());
        Assert.Equal("RUNNING", running.GetProperty("DesiredState").GetString());
    }

    [Fact]
    public async Task CreatePipe_DesiredStopped_EndsStopped()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("api-desired-stopped");

        await api.CreateAsync("api-desired-stopped", StreamPipe(stream, ""","DesiredState":"STOPPED" """));

        await api.WaitForStateAsync("api-desired-stopped", "STOPPED");
    }

    [Fact]
    public async Task UpdatePipe_ReplacesTheGivenBlocks_AndKeepsTheRest()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("api-update");
        await api.CreateAsync("api-update", StreamPipe(stream, ""","Description":"before","TargetParameters":{"EventBridgeEventBusParameters":{"Source":"a.b"}}"""));
        await api.WaitForStateAsync("api-update", "RUNNING");

        var updating = await api.OkAsync(HttpMethod.Put, "/v1/pipes/api-update", $$$"""
            {"RoleArn":"{{{PipesApi.Role}}}","SourceParameters":{"DynamoDBStreamParameters":{"BatchSize":7,"MaximumRetryAttempts":3}},"TargetParameters":{"InputTemplate":"{\"id\":<$.eventID>}"}}
            """);
        var updated = await api.WaitForStateAsync("api-update", "RUNNING");

        Assert.Equal("UPDATING", updating.GetProperty("CurrentState").GetString());
        var dynamo = updated.GetProperty("SourceParameters").GetProperty("DynamoDBStreamParameters");
        Assert.Equal(7, dynamo.GetProperty("BatchSize").GetInt32());
        Assert.Equal(3, dynamo.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal("TRIM_HORIZON", dynamo.GetProperty("StartingPosition").GetString());
        Assert.Equal("before", updated.GetProperty("Description").GetString());
        var target = updated.GetProperty("TargetParameters");
        Assert.Equal("{\"id\":<$.eventID>}", target.GetProperty("InputTemplate").GetString());
        Assert.Equal("a.b", target.GetProperty("EventBridgeEventBusParameters").GetProperty("Source").GetString());
    }

    [Fact]
    public async Task UpdatePipe_Unknown_IsNotFound()
    {
        using var api = fixture.Api;

        var (status, _, response) = await api.SendAsync(HttpMethod.Put, "/v1/pipes/nope-update", $$"""{"RoleArn":"{{PipesApi.Role}}"}""");
        response.Dispose();

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task DeletePipe_AnswersDeleting_ThenThePipeIsGone()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("api-delete");
        await api.CreateAsync("api-delete", StreamPipe(stream));
        await api.WaitForStateAsync("api-delete", "RUNNING");

        var deleting = await api.OkAsync(HttpMethod.Delete, "/v1/pipes/api-delete");
        await api.WaitGoneAsync("api-delete");
        var list = await api.OkAsync(HttpMethod.Get, "/v1/pipes?NamePrefix=api-delete");

        Assert.Equal("DELETING", deleting.GetProperty("CurrentState").GetString());
        Assert.Equal("DELETED", deleting.GetProperty("DesiredState").GetString());
        Assert.Equal(0, list.GetProperty("Pipes").GetArrayLength());
    }

    [Fact]
    public async Task ListPipes_FiltersAndPages()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("api-list");
        foreach (var name in new[] { "list-a", "list-b", "list-c" })
        {
            await api.CreateAsync(name, StreamPipe(stream));
            await api.WaitForStateAsync(name, "RUNNING");
        }

        await api.OkAsync(HttpMethod.Post, "/v1/pipes/list-b/stop");
        await api.WaitForStateAsync("list-b", "STOPPED");

        var first = await api.OkAsync(HttpMethod.Get, "/v1/pipes?NamePrefix=list-&Limit=2");
        var token = first.GetProperty("NextToken").GetString()!;
        var second = await api.OkAsync(HttpMethod.Get, "/v1/pipes?NamePrefix=list-&Limit=2&NextToken=" + Uri.EscapeDataString(token));
        var stopped = await api.OkAsync(HttpMethod.Get, "/v1/pipes?NamePrefix=list-&CurrentState=STOPPED");
        var bySource = await api.OkAsync(HttpMethod.Get, "/v1/pipes?NamePrefix=list-&SourcePrefix=" + Uri.EscapeDataString(stream));
        var byTarget = await api.OkAsync(HttpMethod.Get, "/v1/pipes?NamePrefix=list-&TargetPrefix=arn:aws:sqs");
        var (badLimit, _, response) = await api.SendAsync(HttpMethod.Get, "/v1/pipes?Limit=0");
        response.Dispose();

        Assert.Equal(["list-a", "list-b"], first.GetProperty("Pipes").EnumerateArray().Select(p => p.GetProperty("Name").GetString()));
        var last = Assert.Single(second.GetProperty("Pipes").EnumerateArray());
        Assert.Equal("list-c", last.GetProperty("Name").GetString());
        Assert.Equal(Bus, last.GetProperty("Target").GetString());
        Assert.False(second.TryGetProperty("NextToken", out _));
        Assert.Equal("list-b", Assert.Single(stopped.GetProperty("Pipes").EnumerateArray()).GetProperty("Name").GetString());
        Assert.Equal(3, bySource.GetProperty("Pipes").GetArrayLength());
        Assert.Equal(0, byTarget.GetProperty("Pipes").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, badLimit);
    }

    [Fact]
    public async Task Tags_AreAddedListedAndRemoved()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("api-tags");
        var created = await api.CreateAsync("api-tags", StreamPipe(stream, ""","Tags":{"a":"1"}"""));
        var arn = Uri.EscapeDataString(created.GetProperty("Arn").GetString()!);

        await api.OkAsync(HttpMethod.Post, "/tags/" + arn, """{"tags":{"b":"2","c":"3"}}""");
        await api.OkAsync(HttpMethod.Delete, $"/tags/{arn}?tagKeys=a&tagKeys=c");
        var tags = await api.OkAsync(HttpMethod.Get, "/tags/" + arn);
        var (missing, _, response) = await api.SendAsync(HttpMethod.Get, "/tags/" + Uri.EscapeDataString("arn:aws:pipes:us-east-1:000000000000:pipe/none"));
        response.Dispose();

        Assert.Equal("""{"b":"2"}""", tags.GetProperty("tags").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task Status_CountsPipesByState()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("api-status");
        await api.CreateAsync("api-status", StreamPipe(stream));
        await api.WaitForStateAsync("api-status", "RUNNING");

        using var response = await api.Http.GetAsync("/_localcloud/status");
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var text = status.RootElement.GetRawText();
        Assert.Contains("\"byState\"", text, StringComparison.Ordinal);
        Assert.Contains("\"RUNNING\"", text, StringComparison.Ordinal);
    }
}
