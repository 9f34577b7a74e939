using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LocalCloud.Benchmarks;

/// <summary>The local cloud the benchmark drives, and how to read its memory use.</summary>
internal abstract class CloudUnderTest : IAsyncDisposable
{
    public abstract Uri Endpoint { get; }

    public abstract string Description { get; }

    /// <summary>Working set and managed heap in bytes; the heap is null when it cannot be read.</summary>
    public abstract (long WorkingSet, long? GcHeap) SampleMemory();

    /// <summary>CPU time used so far by the process that serves the requests (or by this one).</summary>
    public virtual TimeSpan SampleCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public abstract ValueTask DisposeAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitUntilListeningAsync(int port, Func<bool> exited, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (exited())
            {
                throw new InvalidOperationException("the local cloud exited before it listened");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"the local cloud did not listen on port {port} within {timeout.TotalSeconds} s");
    }
}

internal sealed class ExternalCloud(Uri endpoint) : CloudUnderTest
{
    public override Uri Endpoint => endpoint;

    public override string Description => $"external local cloud at {endpoint} (memory below is the benchmark client's own)";

    public override (long WorkingSet, long? GcHeap) SampleMemory() =>
        (Environment.WorkingSet, GC.GetGCMemoryInfo().HeapSizeBytes);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>`dotnet LocalCloud.dll up --port P --data DIR` as a child process with a temp data dir.</summary>
internal sealed class SpawnedCloud : CloudUnderTest
{
    private readonly Process _process;
    private readonly string _dataDir;

    private SpawnedCloud(Process process, string dataDir, int port)
    {
        _process = process;
        _dataDir = dataDir;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    public override Uri Endpoint { get; }

    public override string Description => $"child process `LocalCloud up` (pid {_process.Id}), durable data in a temp dir";

    public static async Task<SpawnedCloud> StartAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LocalCloud.dll");
        var dataDir = Directory.CreateTempSubdirectory("localcloud-bench-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "up", "--port", port.ToString(CultureInfo.InvariantCulture), "--data", dataDir })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start LocalCloud");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("[localcloud] " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var cloud = new SpawnedCloud(process, dataDir, port);
        try
        {
            await WaitUntilListeningAsync(port, () => process.HasExited, TimeSpan.FromSeconds(30));
        }
        catch
        {
            await cloud.DisposeAsync();
            throw;
        }

        return cloud;
    }

    public override (long WorkingSet, long? GcHeap) SampleMemory()
    {
        _process.Refresh();
        return (_process.WorkingSet64, null);
    }

    public override TimeSpan SampleCpu()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
