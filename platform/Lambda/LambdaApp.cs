using System.Runtime.InteropServices;
using System.Text.Json.Serialization.Metadata;
using Lambda.Internal;
using Lambda.Logging;
using Microsoft.Extensions.Logging;

namespace Lambda;

public sealed class LambdaApp
{
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";
    public const string NoSuchHandlerError = "Runtime.NoSuchHandler";
    public const string InitError = "Runtime.InitError";

    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly Dictionary<string, IFunctionHandler> _functions = new(StringComparer.Ordinal);
    private readonly List<Func<CancellationToken, Task>> _initializers = [];
    private readonly LambdaAppOptions _options;
    private readonly string? _handlerArgument;
    private readonly LambdaLogWriter _logWriter;

    private LambdaApp(string? handlerArgument, LambdaAppOptions options)
    {
        _handlerArgument = handlerArgument;
        _options = options;
        _logWriter = new LambdaLogWriter(
            options.LogOutput ?? Console.Out,
            LambdaLogSettings.From(options.Environment),
            options.TimeProvider);
        LoggerProvider = new LambdaLoggerProvider(_logWriter);
        Logger = LoggerProvider.CreateLogger("Lambda");
    }

    public ILoggerProvider LoggerProvider { get; }

    public ILogger Logger { get; }

    public IReadOnlyCollection<string> FunctionNames => _functions.Keys;

    public static LambdaApp Create(string[] args, LambdaAppOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? handler = null;
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--handler")
            {
                handler = args[i + 1];
            }
        }

        return new LambdaApp(handler, options ?? new LambdaAppOptions());
    }

    public LambdaApp Map<TEvent, TResult>(
        string name,
        Func<TEvent, ILambdaContext, CancellationToken, Task<TResult>> handler,
        JsonTypeInfo<TEvent> eventType,
        JsonTypeInfo<TResult> resultType)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(resultType);
        return Add(name, new JsonFunctionHandler<TEvent, TResult>(handler, eventType, resultType));
    }

    public LambdaApp Map<TEvent>(
        string name,
        Func<TEvent, ILambdaContext, CancellationToken, Task> handler,
        JsonTypeInfo<TEvent> eventType)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(eventType);
        return Add(name, new JsonFunctionHandler<TEvent>(handler, eventType));
    }

    public LambdaApp MapStream(string name, Func<Stream, ILambdaContext, CancellationToken, Task<Stream?>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(name, new StreamFunctionHandler(handler));
    }

    public LambdaApp MapBytes(
        string name,
        Func<ReadOnlyMemory<byte>, ILambdaContext, CancellationToken, Task<ReadOnlyMemory<byte>>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(name, new BytesFunctionHandler(handler));
    }

    public LambdaApp OnInit(Func<CancellationToken, Task> initializer)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        _initializers.Add(initializer);
        return this;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var errors = _options.ErrorOutput ?? Console.Error;
        var runtimeApi = _options.RuntimeApi ?? _options.Environment("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            await errors.WriteLineAsync(
                "AWS_LAMBDA_RUNTIME_API is not set: this executable runs under Lambda or the local cloud, which set it. " +
                $"Functions: {string.Join(", ", _functions.Keys)}.");
            return 2;
        }

        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = RegisterTermination(shutdown);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var client = new RuntimeApiClient(http, runtimeApi.Trim());
        var function = FunctionSettings.From(_options.Environment);

        try
        {
            var handler = await InitializeAsync(client, shutdown.Token);
            if (handler is null)
            {
                return 1;
            }

            await LoopAsync(client, handler, function, shutdown.Token);
            return 0;
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or RuntimeApiException)
        {
            Logger.LogCritical(ex, "The Runtime API at {RuntimeApi} failed", runtimeApi);
            return 1;
        }
    }

    private LambdaApp Add(string name, IFunctionHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_functions.TryAdd(name, handler))
        {
            throw new ArgumentException($"A function named '{name}' is already mapped.", nameof(name));
        }

        return this;
    }

    private async Task<IFunctionHandler?> InitializeAsync(RuntimeApiClient client, CancellationToken cancellationToken)
    {
        var name = _options.Handler ?? _handlerArgument ?? _options.Environment("_HANDLER");
        if (string.IsNullOrWhiteSpace(name) || !_functions.TryGetValue(name, out var handler))
        {
            var known = _functions.Count == 0 ? "none" : string.Join(", ", _functions.Keys.Order(StringComparer.Ordinal));
            var message = string.IsNullOrWhiteSpace(name)
                ? $"_HANDLER is not set; this executable has the functions: {known}."
                : $"No function named '{name}' in this executable; it has: {known}.";
            Logger.LogCritical("{ErrorType}: {ErrorMessage}", NoSuchHandlerError, message);
            await client.ReportInitErrorAsync(NoSuchHandlerError, ErrorPayload.From(NoSuchHandlerError, message), cancellationToken);
            return null;
        }

        try
        {
            foreach (var initializer in _initializers)
            {
                await initializer(cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Logger.LogCritical(ex, "Initialization of {Function} failed", name);
            await client.ReportInitErrorAsync(InitError, ErrorPayload.From(ex), cancellationToken);
            return null;
        }

        return handler;
    }

    private async Task LoopAsync(RuntimeApiClient client, IFunctionHandler handler, FunctionSettings function, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        while (!cancellationToken.IsCancellationRequested)
        {
            var invocation = await client.NextAsync(cancellationToken);
            Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);
            _logWriter.Current = new InvocationScope(invocation.RequestId, invocation.TraceId);
            var context = new LambdaContext(invocation, function, Logger, time);

            byte[]? response = null;
            Exception? failure = null;
            using (var deadline = DeadlineSource(context.RemainingTime, invocation.Deadline, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
            {
                try
                {
                    response = await handler.InvokeAsync(invocation.Payload, context, linked.Token);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            }

            RuntimeApiAnswer answer;
            if (failure is null)
            {
                answer = await client.RespondAsync(invocation.RequestId, response!, CancellationToken.None);
            }
            else
            {
                Logger.LogError(failure, "The function failed with {ErrorType}", ErrorPayload.ErrorType(failure));
                answer = await client.ReportInvocationErrorAsync(
                    invocation.RequestId, ErrorPayload.ErrorType(failure), ErrorPayload.From(failure), CancellationToken.None);
            }

            if (!answer.Accepted)
            {
                Logger.LogWarning("The Runtime API refused the result with {StatusCode}: {Body}", answer.StatusCode, answer.Body);
            }

            _logWriter.Current = null;
        }
    }

    private static CancellationTokenSource DeadlineSource(TimeSpan remaining, DateTimeOffset deadline, TimeProvider time) =>
        deadline == DateTimeOffset.MaxValue
            ? new CancellationTokenSource()
            : new CancellationTokenSource(remaining < LongestTimer ? remaining : LongestTimer, time);

    private static PosixSignalRegistration? RegisterTermination(CancellationTokenSource shutdown)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            shutdown.Cancel();
        });
    }
}
