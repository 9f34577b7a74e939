using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Lambda.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Lambda.Runtime;

/// <summary>
/// Runs functions: keeps each function's sandboxes (<see cref="FunctionPool"/>), starts more under concurrent load
/// up to the reserved or account concurrency, enforces the timeout and memory size, writes Lambda's START, END and
/// REPORT lines, and answers other services through <see cref="IFunctionPort"/>.
/// </summary>
internal sealed partial class FunctionRunner : IFunctionPort, IHostedService, IDisposable
{
    public const int MaxPayloadBytes = 6 * 1024 * 1024;
    public const int MaxResponseBytes = 6 * 1024 * 1024;
    private const int TailBytes = 4096;

    private readonly LambdaStore _store;
    private readonly CodeCache _code;
    private readonly FunctionLogs _logs;
    private readonly CloudContext _cloud;
    private readonly LambdaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FunctionRunner> _logger;
    private readonly ConcurrentDictionary<string, FunctionPool> _pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Sandbox> _sandboxes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _accountBusy;
    private int _reservedTotal = -1;
    private Task? _reaper;
    private int _disposed;

    public FunctionRunner(LambdaStore store, CodeCache code, FunctionLogs logs, CloudContext cloud, LambdaOptions options, TimeProvider time, ILogger<FunctionRunner> logger)
    {
        _store = store;
        _code = code;
        _logs = logs;
        _cloud = cloud;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public int RunningSandboxes => _sandboxes.Count;

    public (int Busy, int Warm) PoolCounts(string functionArn) =>
        _pools.TryGetValue(functionArn, out var pool) ? (pool.Busy, pool.Warm) : (0, 0);

    public Sandbox? FindSandbox(string id) => _sandboxes.GetValueOrDefault(id);

    // ---- IFunctionPort --------------------------------------------------------------------------------------------

    public FunctionDescription? Describe(string functionArn)
    {
        if (!FunctionNames.TryResolveArn(functionArn, out var reference) || _store.Get(reference.Scope, reference.Name) is not { } function)
        {
            return null;
        }

        var configuration = function.Configuration;
        return new FunctionDescription(
            function.Arn,
            function.Name,
            function.Scope.AccountId,
            function.Scope.Region,
            configuration.Timeout,
            configuration.MemorySize,
            configuration.DeadLetterConfig?.TargetArn);
    }

    public bool IsInvokeAllowed(string functionArn, string principal, string? sourceArn, string? sourceAccount)
    {
        if (!FunctionNames.TryResolveArn(functionArn, out var reference) || _store.Get(reference.Scope, reference.Name) is not { } function)
        {
            return false;
        }

        return principal == function.Scope.AccountId || PolicyEvaluation.Allows(function.Policy, principal, sourceArn, sourceAccount);
    }

    public Task<FunctionResult> InvokeAsync(string functionArn, ReadOnlyMemory<byte> payload, FunctionInvokeOptions? options, CancellationToken cancellationToken)
    {
        if (!FunctionNames.TryResolveArn(functionArn, out var reference))
        {
            throw LambdaErrors.FunctionNotFound(functionArn);
        }

        var function = _store.Get(reference.Scope, reference.Name) ?? throw LambdaErrors.FunctionNotFound(reference.QualifiedArn);
        return InvokeAsync(function, reference.Qualifier, payload, options, cancellationToken);
    }

    // ---- invocation ----------------------------------------------------------------------------------------------

    /// <summary>Runs one synchronous invocation of <paramref name="function"/>. The invocation goes on when the caller
    /// stops waiting (<paramref name="cancellationToken"/>), as on AWS.</summary>
    public Task<FunctionResult> InvokeAsync(FunctionRecord function, string? qualifier, ReadOnlyMemory<byte> payload, FunctionInvokeOptions? options, CancellationToken cancellationToken)
    {
        if (payload.Length > MaxPayloadBytes)
        {
            throw LambdaErrors.RequestTooLarge($"Request must be smaller than {MaxPayloadBytes} bytes for the InvokeFunction operation");
        }

        CheckJson(payload);
        var sandbox = Acquire(function, out var pool);
        var requestId = options?.RequestId ?? Guid.NewGuid().ToString();
        var invocation = new Invocation
        {
            RequestId = requestId,
            Payload = payload,
            InvokedFunctionArn = qualifier is null ? function.Arn : $"{function.Arn}:{qualifier}",
            TraceId = NewTraceId(),
            ClientContext = options?.ClientContext is { } context ? DecodeClientContext(context) : null,
            Log = options?.TailLog == true ? [] : null,
        };
        var run = RunAsync(function, pool, sandbox, invocation);
        return run.WaitAsync(cancellationToken);
    }

    private Sandbox Acquire(FunctionRecord function, out FunctionPool pool)
    {
        pool = _pools.GetOrAdd(function.Arn, _ => new FunctionPool());
        int limit;
        if (function.ReservedConcurrency is { } reserved)
        {
            limit = reserved;
        }
        else
        {
            var unreserved = _options.ConcurrentExecutions - ReservedTotal();
            if (Interlocked.Increment(ref _accountBusy) > unreserved)
            {
                Interlocked.Decrement(ref _accountBusy);
                throw LambdaErrors.TooManyRequests("Rate Exceeded.", "ConcurrentInvocationLimitExceeded");
            }

            limit = int.MaxValue;
        }

        var stale = new List<Sandbox>();
        var sandbox = pool.TryAcquire(function, limit, () => NewSandbox(function), stale);
        Retire(stale);
        if (sandbox is null)
        {
            if (function.ReservedConcurrency is null)
            {
                Interlocked.Decrement(ref _accountBusy);
            }

            throw LambdaErrors.TooManyRequests("Rate Exceeded.", "ReservedFunctionConcurrentInvocationLimitExceeded");
        }

        return sandbox;
    }

    private Sandbox NewSandbox(FunctionRecord function)
    {
        var sandbox = new Sandbox(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), function);
        _sandboxes[sandbox.Id] = sandbox;
        return sandbox;
    }

    private async Task<FunctionResult> RunAsync(FunctionRecord function, FunctionPool pool, Sandbox sandbox, Invocation invocation)
    {
        try
        {
            var (payload, errorType) = await RunInSandboxAsync(function, sandbox, invocation);
            var tail = invocation.Log is { } lines ? Tail(lines) : null;
            return new FunctionResult(invocation.RequestId, payload, errorType is null ? null : "Unhandled", FunctionNames.Latest, tail);
        }
        finally
        {
            if (function.ReservedConcurrency is null)
            {
                Interlocked.Decrement(ref _accountBusy);
            }

            var current = _store.Get(function.Scope, function.Name);
            if (current is null || !pool.Release(sandbox, current.RevisionId, _time.GetUtcNow()))
            {
                Retire([sandbox]);
            }
        }
    }

    private async Task<InvocationReply> RunInSandboxAsync(FunctionRecord function, Sandbox sandbox, Invocation invocation)
    {
        var configuration = function.Configuration;
        if (!sandbox.Started)
        {
            var init = await StartAsync(function, sandbox, invocation);
            if (init is { } failed)
            {
                Emit(function, sandbox, invocation, $"START RequestId: {invocation.RequestId} Version: {FunctionNames.Latest}");
                Finish(function, sandbox, invocation, TimeSpan.Zero);
                return failed;
            }
        }

        var timeout = function.Timeout;
        var started = Stopwatch.GetTimestamp();
        invocation.DeadlineUnixMs = _time.GetUtcNow().Add(timeout).ToUnixTimeMilliseconds();
        Emit(function, sandbox, invocation, $"START RequestId: {invocation.RequestId} Version: {FunctionNames.Latest}");
        sandbox.Deliver(invocation);
        var limitBytes = (long)configuration.MemorySize * 1024 * 1024;
        InvocationReply reply;
        while (true)
        {
            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            var wait = remaining < _options.MemorySampleInterval ? remaining : _options.MemorySampleInterval;
            var done = wait > TimeSpan.Zero
                ? await Task.WhenAny(invocation.Reply.Task, sandbox.Exited, Task.Delay(wait, _stopping.Token)).ConfigureAwait(false)
                : null;
            if (invocation.Reply.Task.IsCompleted)
            {
                reply = invocation.Reply.Task.Result;
                break;
            }

            if (sandbox.Exited.IsCompleted)
            {
                sandbox.Abandon(invocation.RequestId);
                var status = sandbox.Exited.Result;
                reply = Failure("Runtime.ExitError", $"RequestId: {invocation.RequestId} Error: Runtime exited with error: {Sandbox.DescribeExit(status)}");
                break;
            }

            if (done is null || Stopwatch.GetElapsedTime(started) >= timeout || _stopping.IsCancellationRequested)
            {
                sandbox.Abandon(invocation.RequestId);
                sandbox.Kill();
                var seconds = timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
                Emit(function, sandbox, invocation, $"{_time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {invocation.RequestId} Task timed out after {seconds} seconds");
                reply = Failure("Sandbox.Timedout", $"RequestId: {invocation.RequestId} Error: Task timed out after {seconds} seconds");
                break;
            }

            if (sandbox.SampleRss() > limitBytes)
            {
                sandbox.Abandon(invocation.RequestId);
                sandbox.Kill();
                reply = Failure("Runtime.OutOfMemory", $"RequestId: {invocation.RequestId} Error: Runtime exited with error: signal: killed");
                break;
            }
        }

        if (invocation.Log is not null)
        {
            await DrainOutputAsync(sandbox);
        }

        Finish(function, sandbox, invocation, Stopwatch.GetElapsedTime(started));
        return reply;
    }

    /// <summary>Starts the sandbox's process and waits for its init phase; null when it is ready, else the failure
    /// the invocation returns.</summary>
    private async Task<InvocationReply?> StartAsync(FunctionRecord function, Sandbox sandbox, Invocation invocation)
    {
        string directory;
        try
        {
            directory = _code.Directory(function.CodeSha256, () => _store.GetCode(function.CodeSha256));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "Could not unpack the code of {FunctionArn}", function.Arn);
            return Failure("Runtime.InvalidEntrypoint", $"RequestId: {invocation.RequestId} Error: the code package could not be unpacked: {ex.Message}");
        }

        Emit(function, sandbox, null, $"INIT_START Runtime Version: {function.Configuration.Runtime ?? "provided.al2023"}");
        var bootstrap = Path.Combine(directory, "bootstrap");
        if (!sandbox.Start(bootstrap, directory, Environment(function, sandbox, directory), OnLine))
        {
            var error = await sandbox.InitError;
            Emit(function, sandbox, null, Encoding.UTF8.GetString(error.Payload.Span));
            return error;
        }

        _ = sandbox.Exited.ContinueWith(_ => OnExited(function, sandbox), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var initTimeout = Task.Delay(_options.InitTimeout, _stopping.Token);
        var first = await Task.WhenAny(sandbox.Ready, sandbox.InitError, sandbox.Exited, initTimeout).ConfigureAwait(false);
        if (first == sandbox.Ready)
        {
            return null;
        }

        sandbox.Kill();
        if (first == sandbox.InitError)
        {
            return sandbox.InitError.Result;
        }

        if (first == sandbox.Exited)
        {
            var status = sandbox.Exited.Result;
            Emit(function, sandbox, null, $"INIT_REPORT Init Duration: 0 ms Phase: init Status: error Error Type: Runtime.ExitError");
            return Failure("Runtime.ExitError", $"RequestId: {invocation.RequestId} Error: Runtime exited with error: {Sandbox.DescribeExit(status)}");
        }

        var seconds = _options.InitTimeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        Emit(function, sandbox, null, $"INIT_REPORT Init Duration: {_options.InitTimeout.TotalMilliseconds:0} ms Phase: init Status: timeout");
        return Failure("Sandbox.Timedout", $"RequestId: {invocation.RequestId} Error: Init phase timed out after {seconds} seconds");
    }

    private Dictionary<string, string> Environment(FunctionRecord function, Sandbox sandbox, string directory)
    {
        var configuration = function.Configuration;
        var endpoint = _cloud.Endpoint;
        var hostAndPort = $"{endpoint.Host}:{endpoint.Port}";
        var now = _time.GetUtcNow();
        var logGroup = configuration.LoggingConfig?.LogGroup ?? $"/aws/lambda/{function.Name}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            ["LANG"] = "en_US.UTF-8",
            ["TZ"] = ":UTC",
            ["LAMBDA_TASK_ROOT"] = directory,
            ["LAMBDA_RUNTIME_DIR"] = directory,
            ["_HANDLER"] = configuration.Handler ?? string.Empty,
            ["AWS_LAMBDA_RUNTIME_API"] = $"{hostAndPort}{RuntimeApiEndpoints.Prefix}/{sandbox.Id}",
            ["AWS_LAMBDA_FUNCTION_NAME"] = function.Name,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = FunctionNames.Latest,
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = configuration.MemorySize.ToString(CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = logGroup,
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{now:yyyy/MM/dd}/[{FunctionNames.Latest}]{sandbox.Id}{sandbox.Id}",
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
            ["AWS_REGION"] = function.Scope.Region,
            ["AWS_DEFAULT_REGION"] = function.Scope.Region,
            ["AWS_ACCESS_KEY_ID"] = function.Scope.AccountId,
            ["AWS_SECRET_ACCESS_KEY"] = "localcloud",
            ["AWS_SESSION_TOKEN"] = "localcloud",
            ["AWS_ENDPOINT_URL"] = endpoint.GetLeftPart(UriPartial.Authority),
            ["AWS_XRAY_CONTEXT_MISSING"] = "LOG_ERROR",
            ["DOTNET_GCHeapHardLimit"] = ((long)configuration.MemorySize * 1024 * 1024 * 3 / 4).ToString("X", CultureInfo.InvariantCulture),
        };
        foreach (var name in (string[])["DOTNET_ROOT", "HOME", "DOTNET_CLI_HOME", "TMPDIR"])
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        if (configuration.LoggingConfig is { LogFormat: "JSON" } logging)
        {
            environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON";
            environment["AWS_LAMBDA_LOG_LEVEL"] = logging.ApplicationLogLevel ?? "INFO";
        }

        if (configuration.Environment?.Variables is { } variables)
        {
            foreach (var (name, value) in variables)
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    private void OnLine(Sandbox sandbox, string line, bool standardError)
    {
        var invocation = sandbox.Current;
        invocation?.Log?.Add(line);
        _logs.Append(sandbox.Function.Arn, sandbox.Function.Name, invocation?.RequestId ?? sandbox.LastRequestId, line);
    }

    private void Emit(FunctionRecord function, Sandbox sandbox, Invocation? invocation, string line)
    {
        invocation?.Log?.Add(line);
        _logs.Append(function.Arn, function.Name, invocation?.RequestId ?? sandbox.LastRequestId, line);
    }

    private void Finish(FunctionRecord function, Sandbox sandbox, Invocation invocation, TimeSpan duration)
    {
        sandbox.SampleRss();
        Emit(function, sandbox, invocation, $"END RequestId: {invocation.RequestId}");
        var report = new StringBuilder(160)
            .Append(CultureInfo.InvariantCulture, $"REPORT RequestId: {invocation.RequestId}\t")
            .Append(CultureInfo.InvariantCulture, $"Duration: {duration.TotalMilliseconds:0.00} ms\t")
            .Append(CultureInfo.InvariantCulture, $"Billed Duration: {Math.Max(1, (long)Math.Ceiling(duration.TotalMilliseconds))} ms\t")
            .Append(CultureInfo.InvariantCulture, $"Memory Size: {function.Configuration.MemorySize} MB\t")
            .Append(CultureInfo.InvariantCulture, $"Max Memory Used: {Math.Max(1, sandbox.MaxRssBytes / (1024 * 1024))} MB\t");
        if (sandbox.InitDuration is { } init && !sandbox.InitReported)
        {
            sandbox.InitReported = true;
            report.Append(CultureInfo.InvariantCulture, $"Init Duration: {init.TotalMilliseconds:0.00} ms\t");
        }

        Emit(function, sandbox, invocation, report.ToString());
    }

    /// <summary>Lets lines the runtime wrote just before it replied arrive before the tail is cut: waits until no
    /// at least 5 ms, then until no line has arrived for 5 ms, at most 100 ms; only for <c>LogType: Tail</c>.</summary>
    private static async Task DrainOutputAsync(Sandbox sandbox)
    {
        var waited = Stopwatch.StartNew();
        await Task.Delay(5).ConfigureAwait(false);
        while (Stopwatch.GetElapsedTime(sandbox.LastOutputTimestamp) < TimeSpan.FromMilliseconds(5) && waited.ElapsedMilliseconds < 100)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    private void OnExited(FunctionRecord function, Sandbox sandbox)
    {
        if (_sandboxes.TryRemove(sandbox.Id, out _))
        {
            if (_pools.TryGetValue(function.Arn, out var pool))
            {
                pool.Forget(sandbox);
            }
        }
    }

    /// <summary>Stops sandboxes that may not serve again (stale configuration, dead, retired).</summary>
    private void Retire(IEnumerable<Sandbox> sandboxes)
    {
        foreach (var sandbox in sandboxes)
        {
            _sandboxes.TryRemove(sandbox.Id, out _);
            sandbox.Dispose();
        }
    }

    /// <summary>Stops a function's warm sandboxes (its code or configuration changed, or it was deleted); busy ones
    /// stop when their invocation ends.</summary>
    public void Retire(string functionArn)
    {
        if (_pools.TryGetValue(functionArn, out var pool))
        {
            Retire(pool.TakeIdle(null));
        }

        Interlocked.Exchange(ref _reservedTotal, -1);
    }

    private int ReservedTotal()
    {
        var total = Volatile.Read(ref _reservedTotal);
        if (total >= 0)
        {
            return total;
        }

        total = _store.All().Sum(f => f.ReservedConcurrency ?? 0);
        Volatile.Write(ref _reservedTotal, total);
        return total;
    }

    public int AccountConcurrency => _options.ConcurrentExecutions;

    public int UnreservedConcurrency => _options.ConcurrentExecutions - ReservedTotal();

    public void ReservedConcurrencyChanged() => Interlocked.Exchange(ref _reservedTotal, -1);

    // ---- lifetime ------------------------------------------------------------------------------------------------

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _reaper = Task.Run(() => ReapAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        foreach (var sandbox in _sandboxes.Values)
        {
            sandbox.Kill();
        }

        if (_reaper is not null)
        {
            await _reaper.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        // Registered under three service types, so the container may dispose it more than once.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        foreach (var sandbox in _sandboxes.Values)
        {
            sandbox.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task ReapAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(_options.IdleTimeout.TotalSeconds / 4, 1, 30));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var cutoff = _time.GetUtcNow() - _options.IdleTimeout;
                foreach (var pool in _pools.Values)
                {
                    Retire(pool.TakeIdle(cutoff));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static InvocationReply Failure(string errorType, string message) => new(Sandbox.ErrorDocument(errorType, message), errorType);

    private static string? Tail(List<string> lines)
    {
        var text = string.Join('\n', lines) + "\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToBase64String(bytes.Length <= TailBytes ? bytes : bytes.AsSpan(bytes.Length - TailBytes));
    }

    private static void CheckJson(ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(payload.Span);
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            throw LambdaErrors.InvalidRequestContent($"Could not parse request body into json: Could not parse payload into json: {ex.Message}");
        }
    }

    private static string? DecodeClientContext(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw LambdaErrors.InvalidRequestContent("Client context must be a valid Base64-encoded JSON object.");
        }
    }

    private string NewTraceId()
    {
        var epoch = _time.GetUtcNow().ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        return $"Root=1-{epoch}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))};Parent={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))};Sampled=0";
    }
}
