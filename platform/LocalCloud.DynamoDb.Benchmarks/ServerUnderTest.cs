using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LocalCloud.DynamoDb.Benchmarks;

/// <summary>A DynamoDB server in a child process on a loopback port: its endpoint, its CPU time and,
/// when it can tell, the bytes it has allocated.</summary>
internal abstract class ServerUnderTest : IAsyncDisposable
{
    private readonly string _tempDir;

    protected ServerUnderTest(Process process, string tempDir, Uri endpoint)
    {
        Process = process;
        _tempDir = tempDir;
        Endpoint = endpoint;
    }

    public abstract string Name { get; }

    public abstract string Description { get; }

    public Uri Endpoint { get; }

    protected Process Process { get; }

    public TimeSpan SampleCpu()
    {
        Process.Refresh();
        return Process.TotalProcessorTime;
    }

    /// <summary>Bytes allocated so far on the server's managed heap, or null when the server cannot say.</summary>
    public virtual Task<long?> SampleAllocatedBytesAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Process.Dispose();
        DeleteTempDir(_tempDir);
    }

    protected virtual async Task StopAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
    }

    public static void DeleteTempDir(string path)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(200);
            }
        }

        Console.Error.WriteLine($"warning: could not delete {path}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitUntilListeningAsync(int port, Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited (code {process.ExitCode}) before it listened");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new TimeoutException($"the server did not listen on port {port} within {timeout.TotalSeconds} s");
    }

    protected static void ForwardStandardError(Process process, string prefix)
    {
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(prefix + e.Data);
            }
        };
        process.BeginErrorReadLine();
    }
}
