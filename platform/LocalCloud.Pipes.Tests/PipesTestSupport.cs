using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Streams;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Pipes.Tests;

/// <summary>A local cloud whose pipes read a fake change stream and call a fake bus and fake functions, with short
/// retry delays; SQS is the real service (dead-letter queues, SQS sources and targets).</summary>
public sealed class PipesFixture : LocalCloudFixture
{
    public FakeChangeStreams Streams { get; } = new();

    public FakeEventBus Bus { get; } = new();

    public FakeFunctions Functions { get; } = new();

    public PipesApi Api => new(CreateHttpClient());

    protected override void Configure(LocalCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ConfigureServices = services =>
        {
            services.AddSingleton<IChangeStreams>(Streams);
            services.AddSingleton<IEventBusPort>(Bus);
            services.AddSingleton<IFunctionPort>(Functions);
            services.AddSingleton(PipesApi.FastOptions());
        };
    }
}

/// <summary>Raw restJson calls to the Pipes API, with helpers that wait for a pipe's state.</summary>
public sealed class PipesApi(HttpClient http) : IDisposable
{
    public const string Role = "arn:aws:iam::000000000000:role/pipe-role";

    public static PipesOptions FastOptions() => new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaximumRetryDelay = TimeSpan.FromMilliseconds(40),
        ErrorDelay = TimeSpan.FromMilliseconds(20),
        QueueWait = TimeSpan.FromSeconds(1),
    };

    public HttpClient Http => http;

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? body = null)
    {
        var response = await RestJsonCall.SendAsync(http, method, path, body, "pipes");
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json, response);
    }

    public async Task<JsonElement> OkAsync(HttpMethod method, string path, string? body = null)
    {
        var (status, json, response) = await SendAsync(method, path, body);
        response.Dispose();
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {(int)status} {json}");
        return json;
    }

    public Task<JsonElement> CreateAsync(string name, string body) => OkAsync(HttpMethod.Post, "/v1/pipes/" + name, body);

    public Task<JsonElement> DescribeAsync(string name) => OkAsync(HttpMethod.Get, "/v1/pipes/" + name);

    public async Task<JsonElement> WaitForStateAsync(string name, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement pipe;
        do
        {
            pipe = await DescribeAsync(name);
            if (pipe.GetProperty("CurrentState").GetString() == state)
            {
                return pipe;
            }

            await Task.Delay(10);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"Pipe {name} did not reach {state}: {pipe}");
        return pipe;
    }

    public async Task WaitGoneAsync(string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var (status, _, response) = await SendAsync(HttpMethod.Get, "/v1/pipes/" + name);
            response.Dispose();
            if (status == HttpStatusCode.NotFound)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"Pipe {name} was not deleted.");
    }

    public void Dispose() => http.Dispose();
}

/// <summary>Polling with a deadline, for things that happen in the background.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<T> read, Func<T, bool> done, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
            value = read();
        }

        Assert.True(done(value), "The condition was not met in time.");
        return value;
    }
}

/// <summary>An in-memory change stream: records get increasing 21-digit sequence numbers and wake waiters at once.</summary>
public sealed class FakeChangeStreams : IChangeStreams
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<ChangeRecord>> _streams = new(StringComparer.Ordinal);
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence = 100;

    public static string StreamArn(string table) => $"arn:aws:dynamodb:us-east-1:000000000000:table/{table}/stream/2026-01-01T00:00:00.000";

    public string Create(string table)
    {
        var arn = StreamArn(table);
        lock (_lock)
        {
            _streams[arn] = [];
        }

        return arn;
    }

    /// <summary>Appends an INSERT of <paramref name="id"/> with a <c>payload</c> string attribute.</summary>
    public string Insert(string streamArn, string id, string payload, DateTimeOffset? createdAt = null, string eventName = "INSERT", string shard = "shardId-1")
    {
        lock (_lock)
        {
            var sequence = (++_sequence).ToString("D21", CultureInfo.InvariantCulture);
            var created = createdAt ?? DateTimeOffset.UtcNow;
            var json = $$$"""
                {"eventID":"e-{{{sequence}}}","eventName":"{{{eventName}}}","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1","dynamodb":{"ApproximateCreationDateTime":{{{created.ToUnixTimeSeconds()}}},"Keys":{"id":{"S":"{{{id}}}"}},"NewImage":{"id":{"S":"{{{id}}}"},"payload":{"S":{{{JsonSerializer.Serialize(payload)}}}}},"SequenceNumber":"{{{sequence}}}","SizeBytes":10,"StreamViewType":"NEW_IMAGE"}}
                """;
            _streams[streamArn].Add(new ChangeRecord(sequence, shard, created, Encoding.UTF8.GetBytes(json)));
            var woken = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            woken.TrySetResult();
            return sequence;
        }
    }

    public bool Exists(string streamArn)
    {
        lock (_lock)
        {
            return _streams.ContainsKey(streamArn);
        }
    }

    public string? Latest(string streamArn)
    {
        lock (_lock)
        {
            return _streams[streamArn] is { Count: > 0 } records ? records[^1].SequenceNumber : null;
        }
    }

    public ChangeBatch Read(string streamArn, string? after, int limit)
    {
        lock (_lock)
        {
            if (!_streams.TryGetValue(streamArn, out var records))
            {
                throw new KeyNotFoundException(streamArn);
            }

            var page = records.Where(r => after is null || string.CompareOrdinal(r.SequenceNumber, after) > 0).Take(limit).ToList();
            return new ChangeBatch(page, page.Count > 0 ? page[^1].SequenceNumber : after, false);
        }
    }

    public async Task WaitAsync(string streamArn, string? after, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wake;
            lock (_lock)
            {
                if (!_streams.TryGetValue(streamArn, out var records))
                {
                    throw new KeyNotFoundException(streamArn);
                }

                if (records.Any(r => after is null || string.CompareOrdinal(r.SequenceNumber, after) > 0))
                {
                    return;
                }

                wake = _appended.Task;
            }

            await wake.WaitAsync(cancellationToken);
        }
    }
}

/// <summary>A bus that keeps every entry put to it; <see cref="Reject"/> decides per entry whether it fails.</summary>
public sealed class FakeEventBus : IEventBusPort
{
    public ConcurrentQueue<EventBusEntry> Entries { get; } = new();

    public ConcurrentQueue<int> CallSizes { get; } = new();

    public Func<EventBusEntry, string?>? Reject { get; set; }

    public IReadOnlyList<EventBusEntry> For(string busArn) => [.. Entries.Where(e => e.EventBusName == busArn)];

    public bool Exists(ResourceScope scope, string eventBusNameOrArn) => true;

    public Task<IReadOnlyList<EventBusPutResult>> PutEventsAsync(ResourceScope scope, IReadOnlyList<EventBusEntry> entries, CancellationToken cancellationToken)
    {
        CallSizes.Enqueue(entries.Count);
        var results = new List<EventBusPutResult>();
        foreach (var entry in entries)
        {
            if (Reject?.Invoke(entry) is { } code)
            {
                results.Add(new EventBusPutResult(null, code, "rejected by the test"));
                continue;
            }

            Entries.Enqueue(entry);
            results.Add(new EventBusPutResult(Guid.NewGuid().ToString(), null, null));
        }

        return Task.FromResult<IReadOnlyList<EventBusPutResult>>(results);
    }
}

/// <summary>Functions answered by test handlers (payload in, payload out; null answers an Unhandled error).</summary>
public sealed class FakeFunctions : IFunctionPort
{
    private readonly ConcurrentDictionary<string, Func<string, string?>> _handlers = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Arn, string Payload)> Calls { get; } = new();

    public static string Arn(string name) => $"arn:aws:lambda:us-east-1:000000000000:function:{name}";

    public string Add(string name, Func<string, string?> handler)
    {
        _handlers[Arn(name)] = handler;
        return Arn(name);
    }

    public IReadOnlyList<string> PayloadsOf(string arn) => [.. Calls.Where(c => c.Arn == arn).Select(c => c.Payload)];

    public FunctionDescription? Describe(string functionArn) =>
        _handlers.ContainsKey(functionArn) ? new FunctionDescription(functionArn, functionArn[(functionArn.LastIndexOf(':') + 1)..], "000000000000", "us-east-1", 3, 128, null) : null;

    public bool IsInvokeAllowed(string functionArn, string principal, string? sourceArn, string? sourceAccount) => true;

    public Task<FunctionResult> InvokeAsync(string functionArn, ReadOnlyMemory<byte> payload, FunctionInvokeOptions? options, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(functionArn, out var handler))
        {
            throw new ServiceException("ResourceNotFoundException", "Function not found: " + functionArn, 404);
        }

        var text = Encoding.UTF8.GetString(payload.Span);
        Calls.Enqueue((functionArn, text));
        var answer = handler(text);
        return Task.FromResult(answer is null
            ? new FunctionResult(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes("""{"errorMessage":"boom","errorType":"Error"}"""), "Unhandled", "$LATEST", null)
            : new FunctionResult(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(answer), null, "$LATEST", null));
    }
}
