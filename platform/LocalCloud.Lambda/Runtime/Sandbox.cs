using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using LocalCloud.Lambda.Model;

namespace LocalCloud.Lambda.Runtime;

/// <summary>One invocation on its way through a sandbox: what the runtime reads from <c>/invocation/next</c>
/// and the reply it posts back.</summary>
internal sealed class Invocation
{
    public required string RequestId { get; init; }

    public required ReadOnlyMemory<byte> Payload { get; init; }

    public required string InvokedFunctionArn { get; init; }

    public required string TraceId { get; init; }

    public string? ClientContext { get; init; }

    public long DeadlineUnixMs { get; set; }

    public TaskCompletionSource<InvocationReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The invocation's log lines, kept for <c>LogType: Tail</c>; null when not asked for.</summary>
    public List<string>? Log { get; init; }
}

/// <summary>What a runtime posted for an invocation: its response, or its error document and type.</summary>
internal readonly record struct InvocationReply(ReadOnlyMemory<byte> Payload, string? ErrorType);

/// <summary>
/// One execution environment: a native process of the function's <c>bootstrap</c>, speaking the Runtime API to
/// this local cloud under <c>/_localcloud/lambda/runtime/{id}/</c>. It serves one invocation at a time and is
/// reused while its function's configuration is unchanged.
/// </summary>
internal sealed class Sandbox
{
    private readonly Channel<Invocation> _next = Channel.CreateBounded<Invocation>(1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<InvocationReply> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _sinceStart = new();
    private Process? _process;
    private Invocation? _current;
    private int _killed;
    private long _lastOutput;

    public Sandbox(string id, FunctionRecord function)
    {
        Id = id;
        Function = function;
    }

    public string Id { get; }

    public FunctionRecord Function { get; }

    public bool Started => _process is not null;

    /// <summary>Completes when the runtime first asks for an invocation: its init phase is over.</summary>
    public Task Ready => _ready.Task;

    public Task<InvocationReply> InitError => _initError.Task;

    /// <summary>The process's exit status once it has exited.</summary>
    public Task<int> Exited => _exited.Task;

    public bool IsAlive => _process is not null && !_exited.Task.IsCompleted && Volatile.Read(ref _killed) == 0;

    public TimeSpan? InitDuration { get; private set; }

    /// <summary>Whether a REPORT line has carried <see cref="InitDuration"/> yet (only the first invocation's does).</summary>
    public bool InitReported { get; set; }

    public DateTimeOffset IdleSince { get; set; }

    public Invocation? Current => Volatile.Read(ref _current);

    /// <summary>The request id of the invocation in progress or, between invocations, of the last one: the
    /// request its output lines belong to.</summary>
    public string? LastRequestId { get; private set; }

    public long MaxRssBytes { get; private set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp of the last line the process wrote.</summary>
    public long LastOutputTimestamp => Volatile.Read(ref _lastOutput);

    public int? ProcessId => _process?.Id;

    /// <summary>Starts the process; false (with the reason as an init error) when it cannot be started.</summary>
    public bool Start(string executable, string workingDirectory, IReadOnlyDictionary<string, string> environment, Action<Sandbox, string, bool> onLine)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Volatile.Write(ref _lastOutput, Stopwatch.GetTimestamp());
                onLine(this, e.Data, false);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Volatile.Write(ref _lastOutput, Stopwatch.GetTimestamp());
                onLine(this, e.Data, true);
            }
        };
        process.Exited += (_, _) =>
        {
            int code;
            try
            {
                code = process.ExitCode;
            }
            catch (InvalidOperationException)
            {
                code = -1;
            }

            _exited.TrySetResult(code);
        };

        try
        {
            _sinceStart.Start();
            if (!process.Start())
            {
                throw new Win32Exception("The process did not start.");
            }
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            var detail = File.Exists(executable)
                ? $"fork/exec {executable}: permission denied ({ex.Message})"
                : $"Couldn't find valid bootstrap(s): [{executable}]";
            _initError.TrySetResult(new InvocationReply(ErrorDocument("Runtime.InvalidEntrypoint", detail), "Runtime.InvalidEntrypoint"));
            _exited.TrySetResult(-1);
            return false;
        }

        _process = process;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return true;
    }

    /// <summary>Called by <c>/invocation/next</c>: marks the init phase over and waits for the next invocation.</summary>
    public async ValueTask<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        if (!_ready.Task.IsCompleted)
        {
            InitDuration = _sinceStart.Elapsed;
            _ready.TrySetResult();
        }

        return await _next.Reader.ReadAsync(cancellationToken);
    }

    public void Deliver(Invocation invocation)
    {
        Volatile.Write(ref _current, invocation);
        LastRequestId = invocation.RequestId;
        if (!_next.Writer.TryWrite(invocation))
        {
            throw new InvalidOperationException($"Sandbox {Id} is already running an invocation.");
        }
    }

    /// <summary>Completes the invocation <paramref name="requestId"/>; false when it is not the one in progress.</summary>
    public bool Complete(string requestId, InvocationReply reply)
    {
        var current = Volatile.Read(ref _current);
        if (current is null || current.RequestId != requestId)
        {
            return false;
        }

        Volatile.Write(ref _current, null);
        current.Reply.TrySetResult(reply);
        return true;
    }

    /// <summary>The invocation in progress ended without a reply (timeout, exit): no later post can complete it.</summary>
    public void Abandon(string requestId)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.RequestId == requestId)
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    public void ReportInitError(InvocationReply error) => _initError.TrySetResult(error);

    /// <summary>Samples the process's resident memory (Linux <c>/proc</c>); the largest sample is the REPORT's
    /// "Max Memory Used".</summary>
    public long SampleRss()
    {
        if (_process is null || !OperatingSystem.IsLinux())
        {
            return 0;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                    var bytes = kb * 1024;
                    if (bytes > MaxRssBytes)
                    {
                        MaxRssBytes = bytes;
                    }

                    return bytes;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    /// <summary>Stops the process and its children (SIGKILL, as Lambda does to a timed-out or retired sandbox).</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return;
        }

        _next.Writer.TryComplete();
        var process = _process;
        if (process is null)
        {
            _exited.TrySetResult(-1);
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    /// <summary>Describes an exit status as Lambda's runtime interface does (<c>exit status 1</c>, <c>signal: killed</c>).</summary>
    public static string DescribeExit(int status) => status switch
    {
        128 + 9 or -9 => "signal: killed",
        128 + 11 or -11 => "signal: segmentation fault",
        128 + 6 or -6 => "signal: aborted",
        128 + 15 or -15 => "signal: terminated",
        _ => $"exit status {status}",
    };

    public static byte[] ErrorDocument(string errorType, string errorMessage)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, Core.Hosting.WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", errorMessage);
            writer.WriteString("errorType", errorType);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
