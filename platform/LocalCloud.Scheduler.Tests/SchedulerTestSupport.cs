using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Scheduler.Tests;

internal static class SchedulerApi
{
    public const string Role = "arn:aws:iam::000000000000:role/scheduler";
    public const string Account = "000000000000";

    public static async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        var json = body switch
        {
            null => null,
            string s => s,
            _ => JsonSerializer.Serialize(body),
        };
        using var response = await RestJsonCall.SendAsync(http, method, path, json, "scheduler");
        var text = await response.Content.ReadAsStringAsync();
        var element = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, element);
    }

    public static async Task<JsonElement> OkAsync(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        var (status, element) = await CallAsync(http, method, path, body);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {status} {element}");
        return element;
    }

    public static async Task<(HttpStatusCode Status, string Code, string Message)> ErrorAsync(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        var json = body switch
        {
            null => null,
            string s => s,
            _ => JsonSerializer.Serialize(body),
        };
        using var response = await RestJsonCall.SendAsync(http, method, path, json, "scheduler");
        var text = await response.Content.ReadAsStringAsync();
        var code = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.First() : "";
        var message = text.Length > 0 && JsonDocument.Parse(text).RootElement.TryGetProperty("Message", out var m) ? m.GetString()! : "";
        return (response.StatusCode, code, message);
    }

    public static object Schedule(string expression, object target, object? extra = null)
    {
        var schedule = new Dictionary<string, object?>
        {
            ["ScheduleExpression"] = expression,
            ["FlexibleTimeWindow"] = new { Mode = "OFF" },
            ["Target"] = target,
        };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                schedule[property.Name] = property.Value;
            }
        }

        return schedule;
    }

    public static object QueueTarget(string queueArn, string? input = null, object? more = null) => Target(queueArn, input, more);

    public static object Target(string arn, string? input = null, object? more = null)
    {
        var target = new Dictionary<string, object?> { ["Arn"] = arn, ["RoleArn"] = Role };
        if (input is not null)
        {
            target["Input"] = input;
        }

        if (more is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(more).EnumerateObject())
            {
                target[property.Name] = property.Value;
            }
        }

        return target;
    }

    public static string QueueArn(string name) => $"arn:aws:sqs:us-east-1:{Account}:{name}";

    public static string At(DateTimeOffset time) => $"at({time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss})";

    /// <summary>Waits (in real time, at most 15 s) until the asynchronous <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "timed out waiting for " + what);
            await Task.Delay(10);
        }
    }

    /// <summary>Waits (in real time, at most 15 s) until <paramref name="condition"/> holds, moving
    /// <paramref name="clock"/> forward by <paramref name="step"/> between looks when one is given.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, ManualTimeProvider? clock = null, TimeSpan? step = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "timed out waiting for " + what);
            if (clock is not null && step is { } by)
            {
                clock.Advance(by);
            }

            await Task.Delay(10);
        }
    }
}

/// <summary>An in-memory local cloud whose ports are fakes: the scheduler's targets and dead-letter queue are seen
/// without the real services, on a clock the test moves.</summary>
internal sealed class FakeTargets
{
    public FakeQueues Queues { get; } = new();

    public FakeBuses Buses { get; } = new();

    public FakeFunctions Functions { get; } = new();

    public FakeLambdaKind LambdaKind { get; } = new();

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IQueuePort>(Queues);
        services.AddSingleton<IEventBusPort>(Buses);
        services.AddSingleton<IFunctionPort>(Functions);
        services.AddSingleton<IDeliveryTargetKind>(LambdaKind);
        services.AddSingleton(new DeliveryOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(100), MaximumRetryDelay = TimeSpan.FromMilliseconds(200) });
    }

    public static Task<LocalCloudHost> StartAsync(FakeTargets fakes, ManualTimeProvider clock, string? dataDirectory = null) =>
        LocalCloudFixture.StartHostAsync(o =>
        {
            o.TimeProvider = clock;
            if (dataDirectory is not null)
            {
                o.InMemory = false;
                o.DataDirectory = dataDirectory;
            }

            o.ConfigureServices = fakes.Register;
        });
}

internal sealed record SentMessage(string QueueArn, string Body, IReadOnlyDictionary<string, (string DataType, string Value)> Attributes);

internal sealed class FakeQueues : IQueuePort
{
    private readonly ConcurrentQueue<SentMessage> _sent = new();

    public HashSet<string> Existing { get; } = [];

    public IReadOnlyList<SentMessage> Sent => [.. _sent];

    public IReadOnlyList<SentMessage> To(string queueArn) => [.. _sent.Where(m => m.QueueArn == queueArn)];

    public bool Exists(string queueArn)
    {
        lock (Existing)
        {
            return Existing.Contains(queueArn);
        }
    }

    public string? GetQueueUrl(string queueArn) => Exists(queueArn) ? "http://127.0.0.1/" + queueArn : null;

    public Task<string> SendAsync(string queueArn, string body, IReadOnlyDictionary<string, (string DataType, string Value)>? attributes, CancellationToken cancellationToken)
    {
        _sent.Enqueue(new SentMessage(queueArn, body, attributes ?? new Dictionary<string, (string, string)>()));
        return Task.FromResult(Guid.NewGuid().ToString());
    }

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queueArn, int maxMessages, TimeSpan wait, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task DeleteAsync(string queueArn, IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class FakeBuses : IEventBusPort
{
    private readonly ConcurrentQueue<(ResourceScope Scope, EventBusEntry Entry)> _entries = new();
    private int _failures;

    public IReadOnlyList<(ResourceScope Scope, EventBusEntry Entry)> Entries => [.. _entries];

    public int Calls;

    /// <summary>The next <paramref name="count"/> puts fail with <c>ThrottlingException</c>.</summary>
    public void Throttle(int count) => _failures = count;

    public bool Exists(ResourceScope scope, string eventBusNameOrArn) => !eventBusNameOrArn.EndsWith("/missing", StringComparison.Ordinal);

    public Task<IReadOnlyList<EventBusPutResult>> PutEventsAsync(ResourceScope scope, IReadOnlyList<EventBusEntry> entries, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            return Task.FromResult<IReadOnlyList<EventBusPutResult>>([.. entries.Select(_ => new EventBusPutResult(null, "ThrottlingException", "Rate exceeded"))]);
        }

        foreach (var entry in entries)
        {
            _entries.Enqueue((scope, entry));
        }

        return Task.FromResult<IReadOnlyList<EventBusPutResult>>([.. entries.Select(_ => new EventBusPutResult(Guid.NewGuid().ToString(), null, null))]);
    }
}

internal sealed class FakeFunctions : IFunctionPort
{
    private readonly ConcurrentQueue<(string Arn, string Payload)> _invocations = new();

    public HashSet<string> Existing { get; } = [];

    public IReadOnlyList<(string Arn, string Payload)> Invocations => [.. _invocations];

    public FunctionDescription? Describe(string functionArn) =>
        Existing.Contains(functionArn) ? new FunctionDescription(functionArn, functionArn.Split(':')[^1], "000000000000", "us-east-1", 3, 128, null) : null;

    public bool IsInvokeAllowed(string functionArn, string principal, string? sourceArn, string? sourceAccount) => true;

    public Task<FunctionResult> InvokeAsync(string functionArn, ReadOnlyMemory<byte> payload, FunctionInvokeOptions? options, CancellationToken cancellationToken)
    {
        _invocations.Enqueue((functionArn, System.Text.Encoding.UTF8.GetString(payload.Span)));
        return Task.FromResult(new FunctionResult(Guid.NewGuid().ToString(), "null"u8.ToArray(), null, "$LATEST", null));
    }
}

/// <summary>Stands in for Lambda's <c>lambda</c> delivery kind: records the asynchronous events it is handed.</summary>
internal sealed class FakeLambdaKind : IDeliveryTargetKind
{
    private readonly ConcurrentQueue<DeliveryRecord> _accepted = new();

    public string Kind => "lambda";

    public IReadOnlyList<DeliveryRecord> Accepted => [.. _accepted];

    public ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        _accepted.Enqueue(delivery);
        return ValueTask.FromResult(DeliveryOutcome.Delivered);
    }
}
