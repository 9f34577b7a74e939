using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LocalCloud.Tests.Crash;

/// <summary>`dotnet LocalCloud.dll up --port P --data DIR` as a child process that can be killed with SIGKILL.</summary>
internal sealed class LocalCloudProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private LocalCloudProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri Endpoint { get; }

    public string Output => string.Join(Environment.NewLine, _output);

    public static async Task<LocalCloudProcess> StartAsync(string dataDirectory, TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LocalCloud.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("LocalCloud.dll is not next to the test assembly", dll);
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "up", "--port", port.ToString(CultureInfo.InvariantCulture), "--data", dataDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start LocalCloud");
        var cloud = new LocalCloudProcess(process, port);
        process.OutputDataReceived += (_, e) => cloud.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => cloud.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await cloud.WaitUntilListeningAsync(timeout);
        }
        catch
        {
            cloud.Dispose();
            throw;
        }

        return cloud;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        try
        {
            KillHard();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is not null && _output.Count < 500)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"LocalCloud exited with {_process.ExitCode} before listening:{Environment.NewLine}{Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"LocalCloud did not listen on {Port} within {timeout.TotalSeconds} s:{Environment.NewLine}{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
