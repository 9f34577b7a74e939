using System.Collections.Concurrent;
using System.Text;
using LocalCloud.Core.Ports;

namespace LocalCloud.Lambda.Tests.Async;

/// <summary>Functions scripted by a test: each invocation takes the next scripted behaviour (succeed, fail, throttle)
/// and the default one once the script is used up; runs and throttles are counted.</summary>
internal sealed class FakeFunctionPort : IFunctionPort
{
    public const string Account = "000000000000";
    public const string Region = "us-east-1";

    private readonly ConcurrentDictionary<string, FakeFunction> _functions = new(StringComparer.Ordinal);

    public static string ArnOf(string name) => $"arn:aws:lambda:{Region}:{Account}:function:{name}";

    public FakeFunction Add(string name, string? deadLetterArn = null)
    {
        var function = new FakeFunction(new FunctionDescription(ArnOf(name), name, Account, Region, 3, 128, deadLetterArn));
        _functions[function.Description.FunctionArn] = function;
        return function;
    }

    public void Remove(string name) => _functions.TryRemove(ArnOf(name), out _);

    public FunctionDescription? Describe(string functionArn)
    {
        var (function, qualifier) = Find(functionArn);
        return function is not null && (qualifier is null or "$LATEST" || function.Qualifiers.Contains(qualifier)) ? function.Description : null;
    }

    public bool IsInvokeAllowed(string functionArn, string principal, string? sourceArn, string? sourceAccount)
    {
        var (function, _) = Find(functionArn);
        return function is not null && (function.AllowAnySource || (sourceArn is not null && function.AllowedSources.Contains((principal, sourceArn))));
    }

    public Task<FunctionResult> InvokeAsync(string functionArn, ReadOnlyMemory<byte> payload, FunctionInvokeOptions? options, CancellationToken cancellationToken)
    {
        var (function, _) = Find(functionArn);
        if (function is null)
        {
            throw LambdaErrors.FunctionNotFound(functionArn);
        }

        return Task.FromResult(function.Invoke(Encoding.UTF8.GetString(payload.Span), options?.RequestId ?? Guid.NewGuid().ToString()));
    }

    private (FakeFunction? Function, string? Qualifier) Find(string functionArn)
    {
        var parts = functionArn.Split(':');
        var unqualified = parts.Length > 7 ? string.Join(':', parts, 0, 7) : functionArn;
        return (_functions.GetValueOrDefault(unqualified), parts.Length > 7 ? parts[7] : null);
    }
}

internal enum FakeBehaviour
{
    Succeed,
    Fail,
    Throttle,
}

internal sealed record FakeRun(string Payload, string RequestId);

internal sealed class FakeFunction(FunctionDescription description)
{
    private readonly Lock _gate = new();
    private readonly Queue<FakeBehaviour> _script = new();
    private readonly List<FakeRun> _runs = [];
    private FakeBehaviour _default = FakeBehaviour.Succeed;
    private int _throttles;

    public FunctionDescription Description { get; } = description;

    public string Arn => Description.FunctionArn;

    public HashSet<string> Qualifiers { get; } = new(StringComparer.Ordinal);

    public HashSet<(string Principal, string SourceArn)> AllowedSources { get; } = [];

    public bool AllowAnySource { get; set; }

    public IReadOnlyList<FakeRun> Runs
    {
        get
        {
            lock (_gate)
            {
                return [.. _runs];
            }
        }
    }

    public int Throttles
    {
        get
        {
            lock (_gate)
            {
                return _throttles;
            }
        }
    }

    public FakeFunction Then(FakeBehaviour behaviour, int times = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _script.Enqueue(behaviour);
            }
        }

        return this;
    }

    public FakeFunction Otherwise(FakeBehaviour behaviour)
    {
        lock (_gate)
        {
            _default = behaviour;
        }

        return this;
    }

    public FunctionResult Invoke(string payload, string requestId)
    {
        FakeBehaviour behaviour;
        int run;
        lock (_gate)
        {
            behaviour = _script.TryDequeue(out var next) ? next : _default;
            if (behaviour == FakeBehaviour.Throttle)
            {
                _throttles++;
                throw LambdaErrors.TooManyRequests("Rate Exceeded.", "ReservedFunctionConcurrentInvocationLimitExceeded");
            }

            _runs.Add(new FakeRun(payload, requestId));
            run = _runs.Count;
        }

        return behaviour == FakeBehaviour.Succeed
            ? new FunctionResult(requestId, Encoding.UTF8.GetBytes($$"""{"ok":true,"run":{{run}}}"""), null, "$LATEST", null)
            : new FunctionResult(requestId, Encoding.UTF8.GetBytes($$"""{"errorMessage":"boom {{run}}","errorType":"Error","stackTrace":[]}"""), "Unhandled", "$LATEST", null);
    }
}

internal static class Eventually
{
    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> otherwise.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(10);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(10);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, int seconds = 20)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(10);
        }
    }
}
