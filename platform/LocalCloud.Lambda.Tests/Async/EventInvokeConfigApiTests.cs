using System.Text.Json;

namespace LocalCloud.Lambda.Tests.Async;

public sealed class EventInvokeConfigApiTests(AsyncInvocationHostFixture fixture) : IClassFixture<AsyncInvocationHostFixture>
{
    private const string Queue = "arn:aws:sqs:us-east-1:000000000000:destination";

    private AsyncHost Cloud => fixture.Cloud;

    private FakeFunction NewFunction() => Cloud.Functions.Add($"cfg-{Guid.NewGuid():N}"[..16]);

    [Fact]
    public async Task Put_AnswersTheConfiguration_WithTheQualifiedArnAndEmptyDestinations()
    {
        var function = NewFunction();

        var put = await Cloud.PutConfigAsync(function.Description.FunctionName, new { MaximumRetryAttempts = 1 });

        Assert.Equal(200, put.Status);
        Assert.Equal(function.Arn + ":$LATEST", put.Body.GetProperty("FunctionArn").GetString());
        Assert.Equal(1, put.Body.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.False(put.Body.TryGetProperty("MaximumEventAgeInSeconds", out _));
        Assert.Equal(JsonValueKind.Number, put.Body.GetProperty("LastModified").ValueKind);
        Assert.Equal("""{"OnSuccess":{},"OnFailure":{}}""", put.Body.GetProperty("DestinationConfig").GetRawText());
    }

    [Fact]
    public async Task Put_ReplacesEverything_WhileUpdate_ChangesOnlyWhatItGives()
    {
        var function = NewFunction();
        var name = function.Description.FunctionName;
        await Cloud.PutConfigAsync(name, new { MaximumRetryAttempts = 2, MaximumEventAgeInSeconds = 60, DestinationConfig = new { OnFailure = new { Destination = Queue } } });

        var replaced = await Cloud.PutConfigAsync(name, new { MaximumRetryAttempts = 0 });
        Assert.False(replaced.Body.TryGetProperty("MaximumEventAgeInSeconds", out _));
        Assert.False(replaced.Body.GetProperty("DestinationConfig").GetProperty("OnFailure").TryGetProperty("Destination", out _));

        var updated = await Cloud.LambdaAsync(HttpMethod.Post, name, """{"MaximumEventAgeInSeconds":120}""");
        Assert.Equal(200, updated.Status);
        Assert.Equal(0, updated.Body.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal(120, updated.Body.GetProperty("MaximumEventAgeInSeconds").GetInt32());

        var got = await Cloud.LambdaAsync(HttpMethod.Get, name);
        Assert.Equal(200, got.Status);
        Assert.Equal(updated.Body.GetProperty("MaximumEventAgeInSeconds").GetInt32(), got.Body.GetProperty("MaximumEventAgeInSeconds").GetInt32());
        Assert.Equal(0, got.Body.GetProperty("MaximumRetryAttempts").GetInt32());
    }

    [Fact]
    public async Task Delete_RemovesTheConfiguration()
    {
        var function = NewFunction();
        var name = function.Description.FunctionName;
        await Cloud.PutConfigAsync(name, new { MaximumRetryAttempts = 0 });

        Assert.Equal(204, (await Cloud.LambdaAsync(HttpMethod.Delete, name)).Status);

        var missing = await Cloud.LambdaAsync(HttpMethod.Get, name);
        Assert.Equal(404, missing.Status);
        Assert.Equal("ResourceNotFoundException", missing.ErrorType);
        Assert.Equal($"The function {function.Arn}:$LATEST doesn't have an EventInvokeConfig", missing.Message);
        Assert.Equal("User", missing.Body.GetProperty("Type").GetString());
        Assert.Equal(404, (await Cloud.LambdaAsync(HttpMethod.Delete, name)).Status);
    }

    [Fact]
    public async Task Qualifiers_NameVersionsAndAliases_InEveryFunctionNameForm()
    {
        var function = NewFunction();
        function.Qualifiers.Add("1");
        function.Qualifiers.Add("live");
        var name = function.Description.FunctionName;

        Assert.Equal(function.Arn + ":1", (await Cloud.PutConfigAsync(name, new { MaximumRetryAttempts = 1 }, "Qualifier=1")).Body.GetProperty("FunctionArn").GetString());
        Assert.Equal(function.Arn + ":live", (await Cloud.PutConfigAsync(name + ":live", new { MaximumRetryAttempts = 1 })).Body.GetProperty("FunctionArn").GetString());
        Assert.Equal(function.Arn + ":$LATEST", (await Cloud.PutConfigAsync($"000000000000:function:{name}", new { MaximumRetryAttempts = 1 })).Body.GetProperty("FunctionArn").GetString());
        Assert.Equal(200, (await Cloud.LambdaAsync(HttpMethod.Get, function.Arn + ":live")).Status);
        Assert.Equal(200, (await Cloud.LambdaAsync(HttpMethod.Get, function.Arn, query: "Qualifier=1")).Status);

        var list = await Cloud.LambdaAsync(HttpMethod.Get, name, list: true);
        Assert.Equal(
            [function.Arn + ":1", function.Arn + ":live", function.Arn + ":$LATEST"],
            list.Body.GetProperty("FunctionEventInvokeConfigs").EnumerateArray().Select(c => c.GetProperty("FunctionArn").GetString()));

        var mismatch = await Cloud.PutConfigAsync(name + ":live", new { MaximumRetryAttempts = 1 }, "Qualifier=1");
        Assert.Equal(400, mismatch.Status);
        Assert.Equal("InvalidParameterValueException", mismatch.ErrorType);
        Assert.Equal("The derived qualifier from the function name does not match the specified qualifier.", mismatch.Message);

        var noVersion = await Cloud.PutConfigAsync(name, new { MaximumRetryAttempts = 1 }, "Qualifier=7");
        Assert.Equal(404, noVersion.Status);
        Assert.Equal("The function doesn't exist.", noVersion.Message);
    }

    [Fact]
    public async Task List_PagesWithMaxItemsAndMarker()
    {
        var function = NewFunction();
        function.Qualifiers.Add("1");
        var name = function.Description.FunctionName;
        await Cloud.PutConfigAsync(name, new { MaximumRetryAttempts = 1 });
        await Cloud.PutConfigAsync(name, new { MaximumRetryAttempts = 1 }, "Qualifier=1");

        var first = await Cloud.LambdaAsync(HttpMethod.Get, name, query: "MaxItems=1", list: true);
        var marker = first.Body.GetProperty("NextMarker").GetString()!;
        var second = await Cloud.LambdaAsync(HttpMethod.Get, name, query: "MaxItems=1&Marker=" + Uri.EscapeDataString(marker), list: true);

        Assert.Equal(function.Arn + ":$LATEST", first.Body.GetProperty("FunctionEventInvokeConfigs")[0].GetProperty("FunctionArn").GetString());
        Assert.Equal(function.Arn + ":1", second.Body.GetProperty("FunctionEventInvokeConfigs").EnumerateArray().Single().GetProperty("FunctionArn").GetString());
        Assert.False(second.Body.TryGetProperty("NextMarker", out _));
        Assert.Equal(400, (await Cloud.LambdaAsync(HttpMethod.Get, name, query: "MaxItems=51", list: true)).Status);
    }

    [Fact]
    public async Task MissingFunction_IsResourceNotFound_AsLambdaWordsIt()
    {
        var arn = FakeFunctionPort.ArnOf("nobody");

        var put = await Cloud.PutConfigAsync("nobody", new { MaximumRetryAttempts = 1 });
        var update = await Cloud.LambdaAsync(HttpMethod.Post, "nobody", """{"MaximumRetryAttempts":1}""");
        var get = await Cloud.LambdaAsync(HttpMethod.Get, "nobody");
        var delete = await Cloud.LambdaAsync(HttpMethod.Delete, "nobody");
        var list = await Cloud.LambdaAsync(HttpMethod.Get, "nobody", list: true);

        Assert.All([put, update, get, delete, list], a => Assert.Equal((404, "ResourceNotFoundException"), (a.Status, a.ErrorType)));
        Assert.Equal("The function doesn't exist.", put.Message);
        Assert.Equal("The function doesn't exist.", update.Message);
        Assert.Equal("The function doesn't exist.", list.Message);
        Assert.Equal($"The function {arn}:$LATEST doesn't have an EventInvokeConfig", get.Message);
        Assert.Equal($"The function {arn}:$LATEST doesn't have an EventInvokeConfig", delete.Message);
    }

    [Fact]
    public async Task UpdateWithoutAConfiguration_IsResourceNotFound()
    {
        var function = NewFunction();

        var update = await Cloud.LambdaAsync(HttpMethod.Post, function.Description.FunctionName, """{"MaximumRetryAttempts":1}""");

        Assert.Equal(404, update.Status);
        Assert.Equal($"The function {function.Arn}:$LATEST doesn't have an EventInvokeConfig", update.Message);
    }

    [Theory]
    [InlineData("""{"MaximumRetryAttempts":3}""", "ValidationException", "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2")]
    [InlineData("""{"MaximumRetryAttempts":-1}""", "ValidationException", "1 validation error detected: Value '-1' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value greater than or equal to 0")]
    [InlineData("""{"MaximumEventAgeInSeconds":59}""", "ValidationException", "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60")]
    [InlineData("""{"MaximumEventAgeInSeconds":21601}""", "ValidationException", "1 validation error detected: Value '21601' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600")]
    [InlineData("{}", "InvalidParameterValueException", "You must specify at least one of error handling or destination setting.")]
    [InlineData("""{"DestinationConfig":{"OnSuccess":{"Destination":"arn:aws:iam:us-east-1:000000000000:role/x"}}}""", "InvalidParameterValueException", "The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=arn:aws:iam:us-east-1:000000000000:role/x), onFailure=null) is invalid.")]
    [InlineData("""{"DestinationConfig":{"OnFailure":{"Destination":"arn:aws:lambda:us-east-1:000000000000:function:doesnotexist"}}}""", "InvalidParameterValueException", "The destination ARN arn:aws:lambda:us-east-1:000000000000:function:doesnotexist is invalid.")]
    [InlineData("""{"DestinationConfig":{"OnSuccess":{"Destination":"arn:aws:s3:::bucket"}}}""", "InvalidParameterValueException", "The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=arn:aws:s3:::bucket), onFailure=null) is invalid.")]
    [InlineData("""{"MaximumRetryAttempts":"two"}""", "InvalidRequestContentException", null)]
    public async Task InvalidConfiguration_IsRejected(string body, string errorType, string? message)
    {
        var function = NewFunction();

        var answer = await Cloud.LambdaAsync(HttpMethod.Put, function.Description.FunctionName, body);

        Assert.Equal(400, answer.Status);
        Assert.Equal(errorType, answer.ErrorType);
        if (message is not null)
        {
            Assert.Equal(message, answer.Message);
        }
    }

    [Fact]
    public async Task DestinationArnNotMatchingThePattern_IsAValidationError()
    {
        var function = NewFunction();

        var answer = await Cloud.PutConfigAsync(function.Description.FunctionName, new { DestinationConfig = new { OnFailure = new { Destination = "arn:aws:_-/!lambda:us-east-1:000000000000:function:x" } } });

        Assert.Equal(400, answer.Status);
        Assert.Equal("ValidationException", answer.ErrorType);
        Assert.StartsWith(
            "1 validation error detected: Value 'arn:aws:_-/!lambda:us-east-1:000000000000:function:x' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: $|kafka://",
            answer.Message);
    }

    [Fact]
    public async Task FunctionAsItsOwnDestination_IsRejected_WhileAnotherFunctionAndEmptyDestinationsAreAccepted()
    {
        var function = NewFunction();
        var other = NewFunction();
        var name = function.Description.FunctionName;

        var self = await Cloud.PutConfigAsync(name, new { DestinationConfig = new { OnSuccess = new { Destination = function.Arn } } });
        var otherFunction = await Cloud.PutConfigAsync(name, new { DestinationConfig = new { OnSuccess = new { Destination = other.Arn } } });
        var empty = await Cloud.PutConfigAsync(name, new { DestinationConfig = new { OnFailure = new { } } });
        var s3OnFailure = await Cloud.PutConfigAsync(name, new { DestinationConfig = new { OnFailure = new { Destination = "arn:aws:s3:::bucket" } } });

        Assert.Equal("You can't specify the function as a destination for itself.", self.Message);
        Assert.Equal(other.Arn, otherFunction.Body.GetProperty("DestinationConfig").GetProperty("OnSuccess").GetProperty("Destination").GetString());
        Assert.Equal("""{"OnSuccess":{},"OnFailure":{}}""", empty.Body.GetProperty("DestinationConfig").GetRawText());
        Assert.Equal(200, s3OnFailure.Status);
    }

    [Fact]
    public async Task FunctionArnOfAnotherRegion_IsNotReachable()
    {
        var answer = await Cloud.PutConfigAsync("arn:aws:lambda:eu-west-1:000000000000:function:x", new { MaximumRetryAttempts = 1 });

        Assert.Equal(404, answer.Status);
        Assert.Equal("Functions from 'eu-west-1' are not reachable in this region ('us-east-1')", answer.Message);
    }

    [Fact]
    public async Task FunctionArnWithoutTheFunctionPart_NamesTheFunction()
    {
        var function = NewFunction();

        var answer = await Cloud.PutConfigAsync($"arn:aws:lambda:us-east-1:000000000000:{function.Description.FunctionName}", new { MaximumRetryAttempts = 1 });

        Assert.Equal(200, answer.Status);
        Assert.Equal(function.Arn + ":$LATEST", answer.Body.GetProperty("FunctionArn").GetString());
    }

    [Fact]
    public async Task FunctionNameNotMatchingThePattern_IsAValidationError()
    {
        var answer = await Cloud.PutConfigAsync("bad name!", new { MaximumRetryAttempts = 1 });

        Assert.Equal(400, answer.Status);
        Assert.Equal("ValidationException", answer.ErrorType);
        Assert.StartsWith("1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern:", answer.Message);
    }
}
