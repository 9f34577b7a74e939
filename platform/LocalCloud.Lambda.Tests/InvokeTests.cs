using System.Net;
using System.Text;
using System.Text.Json;

namespace LocalCloud.Lambda.Tests;

public sealed class InvokeTests(LambdaHostFixture fixture) : IClassFixture<LambdaHostFixture>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task A_request_response_invocation_returns_the_function_s_answer_and_the_executed_version()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("echo");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo"));

        var result = await lambda.InvokeAsync(name, """{"order":"o-1","items":[1,2,3]}""");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("""{"order":"o-1","items":[1,2,3]}""", result.Text);
        Assert.Equal("$LATEST", result.Header("X-Amz-Executed-Version"));
        Assert.Null(result.Header("X-Amz-Function-Error"));
    }

    [Fact]
    public async Task The_runtime_sees_Lambda_s_environment_and_headers_and_a_warm_sandbox_is_reused()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("env");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "env", timeout: 7, memory: 256, environment: new() { ["CUSTOM"] = "value-1" }));

        var first = (await lambda.InvokeAsync(name)).Json;
        var second = (await lambda.InvokeAsync(name)).Json;

        Assert.Equal(name, first.GetProperty("name").GetString());
        Assert.Equal("256", first.GetProperty("memory").GetString());
        Assert.Equal("us-east-1", first.GetProperty("region").GetString());
        Assert.Equal("$LATEST", first.GetProperty("version").GetString());
        Assert.Equal($"/aws/lambda/{name}", first.GetProperty("group").GetString());
        Assert.Equal("value-1", first.GetProperty("custom").GetString());
        Assert.Equal("000000000000", first.GetProperty("key").GetString());
        Assert.Equal(fixture.Endpoint.GetLeftPart(UriPartial.Authority), first.GetProperty("endpoint").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}", first.GetProperty("arn").GetString());
        Assert.Equal(first.GetProperty("root").GetString(), first.GetProperty("cwd").GetString());
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(first.GetProperty("deadline").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(deadline - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7));
        Assert.Equal(first.GetProperty("pid").GetString(), second.GetProperty("pid").GetString());
        Assert.NotEqual(first.GetProperty("requestId").GetString(), second.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task A_handler_error_is_an_unhandled_function_error_with_the_runtime_s_error_document()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("fail");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "fail"));

        var result = await lambda.InvokeAsync(name);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("Unhandled", result.Header("X-Amz-Function-Error"));
        Assert.Equal("boom", result.Json.GetProperty("errorMessage").GetString());
        Assert.Equal("BoomError", result.Json.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task LogType_Tail_returns_the_invocation_s_log_with_START_END_and_REPORT()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("log");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "log"));

        var result = await lambda.InvokeAsync(name, "{}", new Dictionary<string, string> { ["X-Amz-Log-Type"] = "Tail" });

        var log = Encoding.UTF8.GetString(Convert.FromBase64String(result.Header("X-Amz-Log-Result")!));
        var requestId = result.Headers.GetValueOrDefault("x-amzn-RequestId");
        Assert.NotNull(requestId);
        Assert.Matches(@"START RequestId: [0-9a-f-]{36} Version: \$LATEST", log);
        Assert.Contains("hello from ", log, StringComparison.Ordinal);
        Assert.Contains("warning from ", log, StringComparison.Ordinal);
        Assert.Matches(@"END RequestId: [0-9a-f-]{36}", log);
        Assert.Matches(@"REPORT RequestId: [0-9a-f-]{36}\tDuration: [0-9.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB", log);
        Assert.Contains("Init Duration:", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_that_runs_past_its_timeout_is_stopped_and_the_next_invocation_gets_a_new_sandbox()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("slow");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "sleep", timeout: 1, environment: new() { ["SLEEP"] = "30" }));

        var result = await lambda.InvokeAsync(name);

        Assert.Equal("Unhandled", result.Header("X-Amz-Function-Error"));
        Assert.Equal("Sandbox.Timedout", result.Json.GetProperty("errorType").GetString());
        Assert.Matches(@"^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$", result.Json.GetProperty("errorMessage").GetString());

        await lambda.OkAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/configuration", """{"Environment":{"Variables":{"SLEEP":"0"}}}""");
        var after = await lambda.InvokeAsync(name);
        Assert.Equal("\"slept\"", after.Text);
    }

    [Fact]
    public async Task A_runtime_that_exits_mid_invocation_fails_it_as_Runtime_ExitError_and_is_replaced()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("exit");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "exit"));

        var first = await lambda.InvokeAsync(name);
        var second = await lambda.InvokeAsync(name);

        foreach (var result in new[] { first, second })
        {
            Assert.Equal("Unhandled", result.Header("X-Amz-Function-Error"));
            Assert.Equal("Runtime.ExitError", result.Json.GetProperty("errorType").GetString());
            Assert.Matches(@"^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 3$", result.Json.GetProperty("errorMessage").GetString());
        }
    }

    [Fact]
    public async Task An_init_error_fails_the_invocation_with_the_reported_error()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("initfail");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "initfail"));

        var result = await lambda.InvokeAsync(name);

        Assert.Equal("Unhandled", result.Header("X-Amz-Function-Error"));
        Assert.Equal("Runtime.ConfigError", result.Json.GetProperty("errorType").GetString());
        Assert.Equal("missing setting", result.Json.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task A_package_whose_bootstrap_is_not_executable_fails_as_Runtime_InvalidEntrypoint()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("noexec");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo", zip: TestFunctions.ShellFunction(executable: false)));

        var result = await lambda.InvokeAsync(name);

        Assert.Equal("Unhandled", result.Header("X-Amz-Function-Error"));
        Assert.Equal("Runtime.InvalidEntrypoint", result.Json.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task A_package_without_a_bootstrap_fails_as_Runtime_InvalidEntrypoint()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("nobootstrap");
        var zip = TestFunctions.Zip(new Dictionary<string, string> { ["handler.py"] = "print('hi')" });
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo", zip: zip));

        var result = await lambda.InvokeAsync(name);

        Assert.Equal("Runtime.InvalidEntrypoint", result.Json.GetProperty("errorType").GetString());
        Assert.Contains("Couldn't find valid bootstrap(s)", result.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payloads_that_are_not_JSON_or_too_large_are_refused_before_the_function_runs()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("echo");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo"));

        var notJson = await lambda.InvokeAsync(name, "not json");
        var large = await lambda.InvokeAsync(name, "\"" + new string('x', 6 * 1024 * 1024) + "\"");

        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Equal("InvalidRequestContentException", notJson.ErrorType);
        Assert.StartsWith("Could not parse request body into json", notJson.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.Status);
        Assert.Equal("RequestTooLargeException", large.ErrorType);
        Assert.Equal("Request must be smaller than 6291456 bytes for the InvokeFunction operation", large.Message);
    }

    [Fact]
    public async Task DryRun_checks_the_request_without_running_the_function()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("echo");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo"));

        var dry = await lambda.InvokeAsync(name, "{}", new Dictionary<string, string> { ["X-Amz-Invocation-Type"] = "DryRun" });
        var missing = await lambda.InvokeAsync(Unique("missing"), "{}", new Dictionary<string, string> { ["X-Amz-Invocation-Type"] = "DryRun" });

        Assert.Equal(HttpStatusCode.NoContent, dry.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("ResourceNotFoundException", missing.ErrorType);
        Assert.Equal("User", missing.Json.GetProperty("Type").GetString());
        Assert.StartsWith("Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing-", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserved_concurrency_throttles_synchronous_invocations_beyond_it()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("busy");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "sleep", timeout: 10, environment: new() { ["SLEEP"] = "2" }));
        await lambda.OkAsync(HttpMethod.Put, $"/2017-10-31/functions/{name}/concurrency", """{"ReservedConcurrentExecutions":1}""");

        var first = lambda.InvokeAsync(name);
        LambdaResult? throttled = null;
        for (var i = 0; i < 50 && throttled is null; i++)
        {
            var attempt = await lambda.InvokeAsync(name);
            if (attempt.Status == HttpStatusCode.TooManyRequests)
            {
                throttled = attempt;
            }
        }

        Assert.NotNull(throttled);
        Assert.Equal("TooManyRequestsException", throttled.ErrorType);
        Assert.Equal("ReservedFunctionConcurrentInvocationLimitExceeded", throttled.Json.GetProperty("Reason").GetString());
        Assert.Equal("Rate Exceeded.", throttled.Message);
        Assert.Equal("\"slept\"", (await first).Text);

        await lambda.OkAsync(HttpMethod.Put, $"/2017-10-31/functions/{name}/concurrency", """{"ReservedConcurrentExecutions":0}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await lambda.InvokeAsync(name)).Status);
    }

    [Fact]
    public async Task New_code_is_run_by_a_new_sandbox()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("env");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "env"));
        var before = (await lambda.InvokeAsync(name)).Json.GetProperty("pid").GetString();

        var newScript = TestFunctions.Zip(new Dictionary<string, string> { ["bootstrap"] = TestFunctions.Script, ["VERSION"] = "2" });
        await lambda.OkAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/code", JsonSerializer.Serialize(new { ZipFile = Convert.ToBase64String(newScript) }));
        var after = (await lambda.InvokeAsync(name)).Json.GetProperty("pid").GetString();

        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task The_function_s_log_is_readable_from_the_logs_endpoint()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("log");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "log"));
        await lambda.InvokeAsync(name);

        using var http = fixture.CreateHttpClient();
        var messages = new List<string>();
        long after = 0;
        for (var i = 0; i < 60 && !messages.Any(m => m.StartsWith("REPORT", StringComparison.Ordinal)); i++)
        {
            var body = JsonDocument.Parse(await http.GetStringAsync($"/_localcloud/lambda/logs?function={name}&after={after}&wait=1")).RootElement;
            after = body.GetProperty("next").GetInt64();
            messages.AddRange(body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!));
        }

        Assert.Contains(messages, m => m.StartsWith("INIT_START", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("START RequestId:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("hello from ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("REPORT RequestId:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_invocations_run_in_parallel_sandboxes()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("env");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "sleep", environment: new() { ["SLEEP"] = "1" }));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => lambda.InvokeAsync(name)));

        Assert.All(results, r => Assert.Equal("\"slept\"", r.Text));
        var runner = (Runtime.FunctionRunner)fixture.Services.GetService(typeof(Runtime.FunctionRunner))!;
        Assert.Equal(4, runner.PoolCounts($"arn:aws:lambda:us-east-1:000000000000:function:{name}").Warm);
    }
}
