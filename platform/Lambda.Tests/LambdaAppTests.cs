using System.Text;
using System.Text.Json;
using Lambda.Events;
using Microsoft.Extensions.Logging;

namespace Lambda.Tests;

public sealed class LambdaAppTests
{
    private static readonly Dictionary<string, string> FunctionEnvironment = new()
    {
        ["AWS_LAMBDA_FUNCTION_NAME"] = "orders-PlaceOrder",
        ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
        ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/orders-PlaceOrder",
        ["AWS_LAMBDA_LOG_STREAM_NAME"] = "2024/01/01/[$LATEST]abc",
    };

    [Fact]
    public async Task TypedHandler_ReceivesEventAndPostsResponse()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"Ada"}"""));
        var app = Create(api, "Greet").Map("Greet", GreetAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);

        await using var run = Run(app);
        var posted = await api.ResultAsync("req-1");

        Assert.Equal("/2018-06-01/runtime/invocation/req-1/response", posted.Path);
        Assert.Null(posted.ErrorType);
        Assert.Equal("application/json", posted.ContentType);
        Assert.Equal("""{"Message":"Hello, Ada"}""", posted.Body);
        Assert.Equal(0, await run.StopAsync());
    }

    [Fact]
    public async Task Loop_ServesInvocationsOneAfterAnother()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var app = Create(api, "Greet").Map("Greet", GreetAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);
        await using var run = Run(app);

        for (var i = 0; i < 3; i++)
        {
            api.Enqueue(new FakeInvocation($"req-{i}", $$"""{"Name":"n{{i}}"}"""));
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal($$"""{"Message":"Hello, n{{i}}"}""", (await api.ResultAsync($"req-{i}")).Body);
        }
    }

    [Fact]
    public async Task Handler_SelectedByHandlerVariable_AmongSeveral()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"Ada"}"""));
        var app = LambdaApp.Create([], Options(api, new Dictionary<string, string>(FunctionEnvironment) { ["_HANDLER"] = "Shout" }))
            .Map("Greet", GreetAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply)
            .Map("Shout", (Greeting g, ILambdaContext _, CancellationToken _) => Task.FromResult(new Reply(g.Name.ToUpperInvariant())),
                TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);

        await using var run = Run(app);

        Assert.Equal("""{"Message":"ADA"}""", (await api.ResultAsync("req-1")).Body);
    }

    [Fact]
    public async Task HandlerArgument_OverridesHandlerVariable()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"Ada"}"""));
        var app = LambdaApp.Create(["--handler", "Greet"], Options(api, new Dictionary<string, string>(FunctionEnvironment) { ["_HANDLER"] = "Missing" }))
            .Map("Greet", GreetAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);

        await using var run = Run(app);

        Assert.Equal("""{"Message":"Hello, Ada"}""", (await api.ResultAsync("req-1")).Body);
    }

    [Fact]
    public async Task UnknownHandler_ReportsInitErrorAndExits()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var app = Create(api, "Nope")
            .Map("Greet", GreetAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply)
            .MapBytes("Echo", (payload, _, _) => Task.FromResult(payload));

        var exit = await app.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var posted = await api.InitErrorAsync();

        Assert.Equal(1, exit);
        Assert.Equal("/2018-06-01/runtime/init/error", posted.Path);
        Assert.Equal("Runtime.NoSuchHandler", posted.ErrorType);
        using var body = JsonDocument.Parse(posted.Body);
        Assert.Equal("Runtime.NoSuchHandler", body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("No function named 'Nope' in this executable; it has: Echo, Greet.", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("stackTrace").ValueKind);
    }

    [Fact]
    public async Task MissingHandlerVariable_ReportsInitError()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var app = LambdaApp.Create([], Options(api, FunctionEnvironment))
            .Map("Greet", GreetAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);

        var exit = await app.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var posted = await api.InitErrorAsync();

        Assert.Equal(1, exit);
        Assert.Equal("Runtime.NoSuchHandler", posted.ErrorType);
        Assert.Contains("_HANDLER is not set", posted.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitFailure_ReportsInitErrorWithTheException()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var app = Create(api, "Greet")
            .Map("Greet", GreetAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply)
            .OnInit(_ => throw new InvalidOperationException("table name missing"));

        var exit = await app.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var posted = await api.InitErrorAsync();

        Assert.Equal(1, exit);
        Assert.Equal("Runtime.InitError", posted.ErrorType);
        using var body = JsonDocument.Parse(posted.Body);
        Assert.Equal("InvalidOperationException", body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("table name missing", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.NotEqual(0, body.RootElement.GetProperty("stackTrace").GetArrayLength());
    }

    [Fact]
    public async Task Initializers_RunBeforeTheFirstInvocation()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"Ada"}"""));
        var greeting = "unset";
        var app = Create(api, "Greet")
            .OnInit(_ =>
            {
                greeting = "Welcome";
                return Task.CompletedTask;
            })
            .Map("Greet", (Greeting g, ILambdaContext _, CancellationToken _) => Task.FromResult(new Reply($"{greeting}, {g.Name}")),
                TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);

        await using var run = Run(app);

        Assert.Equal("""{"Message":"Welcome, Ada"}""", (await api.ResultAsync("req-1")).Body);
        Assert.False(api.HasInitError);
    }

    [Fact]
    public async Task HandlerException_PostsErrorBodyAndHeader_ThenKeepsServing()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"boom"}"""));
        api.Enqueue(new FakeInvocation("req-2", """{"Name":"Ada"}"""));
        var app = Create(api, "Greet").Map("Greet", ThrowOnBoomAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);

        await using var run = Run(app);
        var failed = await api.ResultAsync("req-1");
        var served = await api.ResultAsync("req-2");

        Assert.Equal("/2018-06-01/runtime/invocation/req-1/error", failed.Path);
        Assert.Equal("InvalidOperationException", failed.ErrorType);
        using var body = JsonDocument.Parse(failed.Body);
        Assert.Equal("InvalidOperationException", body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("order rejected", body.RootElement.GetProperty("errorMessage").GetString());
        var stack = body.RootElement.GetProperty("stackTrace").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(stack, line => line!.Contains(nameof(ThrowOnBoomAsync), StringComparison.Ordinal));
        var cause = body.RootElement.GetProperty("cause");
        Assert.Equal("FormatException", cause.GetProperty("errorType").GetString());
        Assert.Equal("""{"Message":"Hello, Ada"}""", served.Body);
    }

    [Fact]
    public async Task MalformedEvent_IsReportedAsInvocationError()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"""));
        api.Enqueue(new FakeInvocation("req-2", "null"));
        var app = Create(api, "Greet").Map("Greet", GreetAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);

        await using var run = Run(app);

        Assert.Equal("JsonException", (await api.ResultAsync("req-1")).ErrorType);
        var nullPayload = await api.ResultAsync("req-2");
        Assert.Equal("JsonException", nullPayload.ErrorType);
        Assert.Contains("JSON null", nullPayload.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_CarriesHeadersAndEnvironment()
    {
        var now = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var deadline = now.AddSeconds(3);
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation(
            "req-1",
            """{"Name":"Ada"}""",
            DeadlineMs: deadline.ToUnixTimeMilliseconds(),
            FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders-PlaceOrder:live",
            TraceId: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            ClientContext: """{"client":{"app_title":"shop"}}""",
            CognitoIdentity: """{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}"""));
        var app = LambdaApp.Create([], Options(api, new Dictionary<string, string>(FunctionEnvironment) { ["_HANDLER"] = "Inspect" }, new FixedTime(now)))
            .Map("Inspect", InspectAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.ContextView);

        await using var run = Run(app);
        var view = JsonSerializer.Deserialize((await api.ResultAsync("req-1")).Body, TestJsonContext.Default.ContextView)!;

        Assert.Equal("req-1", view.RequestId);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:orders-PlaceOrder:live", view.FunctionArn);
        Assert.Equal("orders-PlaceOrder", view.FunctionName);
        Assert.Equal("$LATEST", view.FunctionVersion);
        Assert.Equal(256, view.MemoryLimitInMB);
        Assert.Equal("/aws/lambda/orders-PlaceOrder", view.LogGroupName);
        Assert.Equal("2024/01/01/[$LATEST]abc", view.LogStreamName);
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), view.DeadlineMs);
        Assert.Equal(3000, view.RemainingMs);
        Assert.Equal("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", view.TraceId);
        Assert.Equal(view.TraceId, view.TraceVariable);
        Assert.Equal("""{"client":{"app_title":"shop"}}""", view.ClientContext);
        Assert.Equal("""{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}""", view.CognitoIdentity);
    }

    [Fact]
    public async Task TraceVariable_IsSetPerInvocation_AndClearedWithoutHeader()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"a"}""", TraceId: "Root=1-00000000-000000000000000000000001"));
        api.Enqueue(new FakeInvocation("req-2", """{"Name":"b"}"""));
        var app = Create(api, "Inspect").Map("Inspect", InspectAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.ContextView);

        await using var run = Run(app);
        var first = JsonSerializer.Deserialize((await api.ResultAsync("req-1")).Body, TestJsonContext.Default.ContextView)!;
        var second = JsonSerializer.Deserialize((await api.ResultAsync("req-2")).Body, TestJsonContext.Default.ContextView)!;

        Assert.Equal("Root=1-00000000-000000000000000000000001", first.TraceVariable);
        Assert.Null(second.TraceId);
        Assert.Null(second.TraceVariable);
    }

    [Fact]
    public async Task PassedDeadline_CancelsTheHandlerToken()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"slow"}""", DeadlineMs: DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds()));
        var app = Create(api, "Wait").Map(
            "Wait",
            async (Greeting _, ILambdaContext context, CancellationToken ct) =>
            {
                Assert.Equal(TimeSpan.Zero, context.RemainingTime);
                await Task.Delay(Timeout.Infinite, ct);
                return new Reply("unreachable");
            },
            TestJsonContext.Default.Greeting,
            TestJsonContext.Default.Reply);

        await using var run = Run(app);

        Assert.Equal("TaskCanceledException", (await api.ResultAsync("req-1")).ErrorType);
    }

    [Fact]
    public async Task VoidHandler_PostsEmptyResponse()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"Ada"}"""));
        var seen = new TaskCompletionSource<string>();
        var app = Create(api, "Consume").Map(
            "Consume",
            (Greeting g, ILambdaContext _, CancellationToken _) =>
            {
                seen.TrySetResult(g.Name);
                return Task.CompletedTask;
            },
            TestJsonContext.Default.Greeting);

        await using var run = Run(app);
        var posted = await api.ResultAsync("req-1");

        Assert.Equal("Ada", await seen.Task);
        Assert.EndsWith("/response", posted.Path, StringComparison.Ordinal);
        Assert.Equal("", posted.Body);
    }

    [Fact]
    public async Task StreamAndBytesHandlers_PassPayloadsThroughUntouched()
    {
        const string payload = """[ {"eventID": "1"} ]""";
        await using (var api = await FakeRuntimeApi.StartAsync())
        {
            api.Enqueue(new FakeInvocation("req-1", payload));
            var app = Create(api, "Echo").MapStream("Echo", (input, _, _) => Task.FromResult<Stream?>(input));
            await using var run = Run(app);
            Assert.Equal(payload, (await api.ResultAsync("req-1")).Body);
        }

        await using (var api = await FakeRuntimeApi.StartAsync())
        {
            api.Enqueue(new FakeInvocation("req-2", payload));
            var app = Create(api, "Upper").MapBytes(
                "Upper",
                (input, _, _) => Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(input.Span).ToUpperInvariant())));
            await using var run = Run(app);
            Assert.Equal(payload.ToUpperInvariant(), (await api.ResultAsync("req-2")).Body);
        }
    }

    [Fact]
    public async Task SqsHandler_ReturnsPartialBatchResponse()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sqs-event.json"))));
        var app = Create(api, "OnMessages").Map(
            "OnMessages",
            (SqsEvent e, ILambdaContext _, CancellationToken _) => Task.FromResult(new SqsBatchResponse
            {
                BatchItemFailures = [.. e.Records.Skip(1).Select(r => new SqsBatchItemFailure { ItemIdentifier = r.MessageId })],
            }),
            LambdaJsonContext.Default.SqsEvent,
            LambdaJsonContext.Default.SqsBatchResponse);

        await using var run = Run(app);

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"2e1424d4-f796-459a-8184-9c92662be6da"}]}""", (await api.ResultAsync("req-1")).Body);
    }

    [Fact]
    public async Task JsonLogFormat_WritesStructuredLinesWithRequestId()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"Ada"}""", TraceId: "Root=1-abc"));
        var output = new StringWriter();
        var environment = new Dictionary<string, string>(FunctionEnvironment) { ["_HANDLER"] = "Log", ["AWS_LAMBDA_LOG_FORMAT"] = "JSON" };
        var app = LambdaApp.Create([], Options(api, environment, logOutput: output)).Map(
            "Log",
            (Greeting g, ILambdaContext context, CancellationToken _) =>
            {
                context.Logger.LogDebug("hidden at INFO");
                context.Logger.LogInformation("Greeted {Name} with {Count} words", g.Name, 2);
                return Task.FromResult(new Reply("ok"));
            },
            TestJsonContext.Default.Greeting,
            TestJsonContext.Default.Reply);

        await using var run = Run(app);
        await api.ResultAsync("req-1");

        var line = Assert.Single(Lines(output));
        using var entry = JsonDocument.Parse(line);
        var root = entry.RootElement;
        Assert.Equal("INFO", root.GetProperty("level").GetString());
        Assert.Equal("Greeted Ada with 2 words", root.GetProperty("message").GetString());
        Assert.Equal("req-1", root.GetProperty("requestId").GetString());
        Assert.Equal("Root=1-abc", root.GetProperty("traceId").GetString());
        Assert.Equal("Ada", root.GetProperty("Name").GetString());
        Assert.Equal(2, root.GetProperty("Count").GetInt32());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestamp").GetString(), out _));
    }

    [Fact]
    public async Task JsonLogFormat_LogsHandlerFailuresWithTheError()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"Name":"boom"}"""));
        var output = new StringWriter();
        var environment = new Dictionary<string, string>(FunctionEnvironment) { ["_HANDLER"] = "Greet", ["AWS_LAMBDA_LOG_FORMAT"] = "JSON" };
        var app = LambdaApp.Create([], Options(api, environment, logOutput: output))
            .Map("Greet", ThrowOnBoomAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);

        await using var run = Run(app);
        await api.ResultAsync("req-1");
        await run.StopAsync();

        using var entry = JsonDocument.Parse(Assert.Single(Lines(output)));
        Assert.Equal("ERROR", entry.RootElement.GetProperty("level").GetString());
        Assert.Equal("req-1", entry.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("InvalidOperationException", entry.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("order rejected", entry.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, entry.RootElement.GetProperty("stackTrace").ValueKind);
    }

    [Fact]
    public async Task MissingRuntimeApi_ExitsWithoutServing()
    {
        var errors = new StringWriter();
        var app = LambdaApp.Create([], new LambdaAppOptions { Environment = _ => null, ErrorOutput = errors, LogOutput = TextWriter.Null })
            .Map("Greet", GreetAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);

        Assert.Equal(2, await app.RunAsync());
        Assert.Contains("AWS_LAMBDA_RUNTIME_API", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Map_SameNameTwice_Throws()
    {
        var app = LambdaApp.Create([]).Map("Greet", GreetAsync, TestJsonContext.Default.Greeting, TestJsonContext.Default.Reply);

        Assert.Throws<ArgumentException>(() => app.MapBytes("Greet", (p, _, _) => Task.FromResult(p)));
        Assert.Equal(["Greet"], app.FunctionNames);
    }

    private static Task<Reply> GreetAsync(Greeting greeting, ILambdaContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Reply($"Hello, {greeting.Name}"));

    private static Task<Reply> ThrowOnBoomAsync(Greeting greeting, ILambdaContext context, CancellationToken cancellationToken)
    {
        if (greeting.Name == "boom")
        {
            throw new InvalidOperationException("order rejected", new FormatException("bad sku"));
        }

        return GreetAsync(greeting, context, cancellationToken);
    }

    private static Task<ContextView> InspectAsync(Greeting greeting, ILambdaContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new ContextView(
            context.AwsRequestId,
            context.InvokedFunctionArn,
            context.FunctionName,
            context.FunctionVersion,
            context.MemoryLimitInMB,
            context.LogGroupName,
            context.LogStreamName,
            context.Deadline.ToUnixTimeMilliseconds(),
            context.RemainingTime.TotalMilliseconds,
            context.TraceId,
            Environment.GetEnvironmentVariable(LambdaApp.TraceIdVariable),
            context.ClientContext,
            context.CognitoIdentity));

    private static LambdaApp Create(FakeRuntimeApi api, string handler) =>
        LambdaApp.Create([], Options(api, new Dictionary<string, string>(FunctionEnvironment) { ["_HANDLER"] = handler }));

    private static LambdaAppOptions Options(
        FakeRuntimeApi api,
        IReadOnlyDictionary<string, string> environment,
        TimeProvider? time = null,
        TextWriter? logOutput = null) => new()
    {
        RuntimeApi = api.Address,
        Environment = name => environment.GetValueOrDefault(name),
        TimeProvider = time ?? TimeProvider.System,
        LogOutput = logOutput ?? TextWriter.Null,
    };

    private static List<string> Lines(StringWriter output) =>
        [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static RunningApp Run(LambdaApp app) => new(app);

    private sealed class RunningApp : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<int> _run;

        public RunningApp(LambdaApp app)
        {
            _run = app.RunAsync(_stop.Token);
        }

        public async Task<int> StopAsync()
        {
            await _stop.CancelAsync();
            return await _run.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
