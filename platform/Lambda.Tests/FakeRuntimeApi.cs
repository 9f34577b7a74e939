using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lambda.Tests;

internal sealed record FakeInvocation(
    string RequestId,
    string Payload,
    long? DeadlineMs = null,
    string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:orders-PlaceOrder",
    string? TraceId = null,
    string? ClientContext = null,
    string? CognitoIdentity = null);

internal sealed record PostedResult(string Path, string? ErrorType, string? ContentType, string Body);

internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly Channel<FakeInvocation> _queue = Channel.CreateUnbounded<FakeInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<PostedResult>> _results = new();

    private FakeRuntimeApi(WebApplication app)
    {
        _app = app;
    }

    public string Address { get; private set; } = "";

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeRuntimeApi(app);
        app.MapGet("/2018-06-01/runtime/invocation/next", api.NextAsync);
        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (HttpContext http, string id) => api.RecordAsync(http, id));
        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (HttpContext http, string id) => api.RecordAsync(http, id));
        app.MapPost("/2018-06-01/runtime/init/error", (HttpContext http) => api.RecordAsync(http, "init"));
        await app.StartAsync();
        api.Address = new Uri(app.Urls.First()).Authority;
        return api;
    }

    public void Enqueue(FakeInvocation invocation) => _queue.Writer.TryWrite(invocation);

    public Task<PostedResult> ResultAsync(string requestId) => Slot(requestId).Task.WaitAsync(Bound);

    public Task<PostedResult> InitErrorAsync() => Slot("init").Task.WaitAsync(Bound);

    public bool HasInitError => _results.TryGetValue("init", out var slot) && slot.Task.IsCompleted;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private TaskCompletionSource<PostedResult> Slot(string key) =>
        _results.GetOrAdd(key, _ => new TaskCompletionSource<PostedResult>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task NextAsync(HttpContext http)
    {
        FakeInvocation invocation;
        try
        {
            invocation = await _queue.Reader.ReadAsync(http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var headers = http.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        headers["Lambda-Runtime-Deadline-Ms"] = (invocation.DeadlineMs ?? DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds())
            .ToString(CultureInfo.InvariantCulture);
        if (invocation.TraceId is not null)
        {
            headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        }

        if (invocation.ClientContext is not null)
        {
            headers["Lambda-Runtime-Client-Context"] = invocation.ClientContext;
        }

        if (invocation.CognitoIdentity is not null)
        {
            headers["Lambda-Runtime-Cognito-Identity"] = invocation.CognitoIdentity;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(invocation.Payload, Encoding.UTF8);
    }

    private async Task RecordAsync(HttpContext http, string key)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var errorType = http.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        Slot(key).TrySetResult(new PostedResult(http.Request.Path, errorType, http.Request.ContentType, body));
        http.Response.StatusCode = StatusCodes.Status202Accepted;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("""{"status":"OK"}""");
    }
}
