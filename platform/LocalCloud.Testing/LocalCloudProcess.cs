using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LocalCloud.Testing;

/// <summary>
/// `dotnet LocalCloud.dll up --port P --data DIR` (or `--in-memory`) as a child process: started and
/// awaited until its `ready:` line, output captured, stopped with SIGTERM or killed with SIGKILL, and
/// restarted on the same port and data directory.
/// </summary>
public sealed class LocalCloudProcess : IAsyncDisposable
{
    private const string ReadyPrefix = "ready: ";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private readonly string? _dataDirectory;
    private readonly string[] _extraArguments;
    private readonly StringBuilder _output = new();
    private Process _process = null!;

    private LocalCloudProcess(string? dataDirectory, string[] extraArguments)
    {
        _dataDirectory = dataDirectory;
        _extraArguments = extraArguments;
    }

    public Uri Endpoint { get; private set; } = null!;

    public int Port => Endpoint.Port;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Standard output and error of the current run.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts on <paramref name="port"/> (0: any free port) with state under <paramref name="dataDirectory"/>, or in memory when it is null.</summary>
    public static async Task<LocalCloudProcess> StartAsync(string? dataDirectory, int port = 0, TimeSpan? timeout = null, params string[] extraArguments)
    {
        var cloud = new LocalCloudProcess(dataDirectory, extraArguments);
        await cloud.RunAsync(port, timeout ?? DefaultTimeout);
        return cloud;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then waits for the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the current run if it is still alive and starts again on the same port and data directory.</summary>
    public async Task RestartAsync(TimeSpan? timeout = null)
    {
        await KillAsync();
        _process.Dispose();
        lock (_output)
        {
            _output.Clear();
        }

        await RunAsync(Port, timeout ?? DefaultTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task RunAsync(int port, TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LocalCloud.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("LocalCloud.dll is not next to the test assembly", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] storage = _dataDirectory is null ? ["--in-memory"] : ["--data", _dataDirectory];
        foreach (var argument in new[] { dll, "up", "--port", port.ToString(CultureInfo.InvariantCulture) }.Concat(storage).Concat(_extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start LocalCloud");
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("LocalCloud exited before it was ready:\n" + Output));
                return;
            }

            Capture(e.Data);
            if (e.Data.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(new Uri(e.Data[ReadyPrefix.Length..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Capture(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            Endpoint = await ready.Task.WaitAsync(cts.Token);
            _process = process;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Abandon(process);
            throw new TimeoutException($"LocalCloud was not ready within {timeout.TotalSeconds} s:\n{Output}");
        }
        catch
        {
            Abandon(process);
            throw;
        }
    }

    private void Capture(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static void Abandon(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
