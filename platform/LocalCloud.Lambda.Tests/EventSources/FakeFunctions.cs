using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using LocalCloud.Core.Ports;

namespace LocalCloud.Lambda.Tests.EventSources;

/// <summary>What a fake function answers to one invocation: a payload, and whether it failed (<c>Unhandled</c>).</summary>
internal sealed record FakeAnswer(string Payload, bool Failed = false)
{
    public static FakeAnswer Ok { get; } = new("null");

    public static FakeAnswer Error { get; } = new("""{"errorMessage":"boom","errorType":"Exception","stackTrace":[]}""", Failed: true);
}

/// <summary>A function the fake port knows: it records every payload it is invoked with and answers as its script
/// says (the script sees the payload and the 1-based call number).</summary>
internal sealed class FakeFunction(string name, Func<JsonElement, int, Task<FakeAnswer>> script)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly Channel<JsonElement> _calls = Channel.CreateUnbounded<JsonElement>();
    private int _count;

    public string Name => name;

    public string Arn => $"arn:aws:lambda:us-east-1:000000000000:function:{name}";

    public int Count => Volatile.Read(ref _count);

    /// <summary>The payload of the next invocation; fails the test when none comes within 30 seconds.</summary>
    public async Task<JsonElement> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            return await _calls.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Function {name} was not invoked again (it was invoked {Count} times).");
        }
    }

    public async Task<List<JsonElement>> RecordsOfNextAsync() => [.. (await NextAsync()).GetProperty("Records").EnumerateArray()];

    public bool TryNext(out JsonElement payload) => _calls.Reader.TryRead(out payload);

    internal async Task<FunctionResult> InvokeAsync(ReadOnlyMemory<byte> payload)
    {
        var call = Interlocked.Increment(ref _count);
        using var document = JsonDocument.Parse(payload);
        var element = document.RootElement.Clone();
        await _calls.Writer.WriteAsync(element);
        var answer = await script(element, call);
        return new FunctionResult(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(answer.Payload), answer.Failed ? "Unhandled" : null, "$LATEST", null);
    }
}

/// <summary>The <see cref="IFunctionPort"/> of the event-source tests: functions exist once added.</summary>
internal sealed class FakeFunctions : IFunctionPort
{
    private readonly ConcurrentDictionary<string, FakeFunction> _functions = new(StringComparer.Ordinal);

    public FakeFunction Add(string name, Func<JsonElement, int, FakeAnswer>? script = null) =>
        AddAsync(name, script is null ? (_, _) => Task.FromResult(FakeAnswer.Ok) : (payload, call) => Task.FromResult(script(payload, call)));

    public FakeFunction AddAsync(string name, Func<JsonElement, int, Task<FakeAnswer>> script)
    {
        var function = new FakeFunction(name, script);
        _functions[name] = function;
        return function;
    }

    public FunctionDescription? Describe(string functionArn) =>
        _functions.TryGetValue(NameOf(functionArn), out var function)
            ? new FunctionDescription(function.Arn, function.Name, "000000000000", "us-east-1", 3, 128, null)
            : null;

    public bool IsInvokeAllowed(string functionArn, string principal, string? sourceArn, string? sourceAccount) => true;

    public Task<FunctionResult> InvokeAsync(string functionArn, ReadOnlyMemory<byte> payload, FunctionInvokeOptions? options, CancellationToken cancellationToken) =>
        _functions.TryGetValue(NameOf(functionArn), out var function)
            ? function.InvokeAsync(payload)
            : throw LambdaErrors.FunctionNotFound(functionArn);

    private static string NameOf(string functionArn)
    {
        var parts = functionArn.Split(':');
        return parts.Length >= 7 ? parts[6] : functionArn;
    }
}
