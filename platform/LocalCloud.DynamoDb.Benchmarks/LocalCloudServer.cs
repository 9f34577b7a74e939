using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using LocalCloud.Core.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalCloud.DynamoDb.Benchmarks;

/// <summary>
/// The local cloud in a child process: this program again with <see cref="ServeArgument"/>, which starts
/// <see cref="LocalCloudApplication"/> with durable SQLite state in a temp dir, prints its endpoint and then
/// answers <c>alloc</c> on standard input with <see cref="GC.GetTotalAllocatedBytes(bool)"/>. It stops when
/// standard input closes.
/// </summary>
internal sealed class LocalCloudServer : ServerUnderTest
{
    public const string ServeArgument = "--serve-localcloud";
    private const string ListeningPrefix = "listening ";
    private readonly SemaphoreSlim _control = new(1, 1);

    private LocalCloudServer(Process process, string tempDir, Uri endpoint)
        : base(process, tempDir, endpoint)
    {
    }

    public override string Name => "ours";

    public override string Description =>
        $"LocalCloud (LocalCloudApplication in child process {Process.Id}, durable SQLite in a temp dir, .NET {Environment.Version})";

    public static async Task<LocalCloudServer> StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("ddb-bench-localcloud-").FullName;
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add(ServeArgument);
        start.ArgumentList.Add(dataDir);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the local cloud");
        ForwardStandardError(process, "[localcloud] ");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null || !line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the local cloud did not start: {line ?? "no output"}");
            }

            return new LocalCloudServer(process, dataDir, new Uri(line[ListeningPrefix.Length..], UriKind.Absolute));
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            DeleteTempDir(dataDir);
            throw;
        }
    }

    public override async Task<long?> SampleAllocatedBytesAsync(CancellationToken cancellationToken)
    {
        await _control.WaitAsync(cancellationToken);
        try
        {
            await Process.StandardInput.WriteLineAsync("alloc".AsMemory(), cancellationToken);
            await Process.StandardInput.FlushAsync(cancellationToken);
            var line = await Process.StandardOutput.ReadLineAsync(cancellationToken);
            return long.Parse(line ?? throw new InvalidOperationException("the local cloud closed its output"), CultureInfo.InvariantCulture);
        }
        finally
        {
            _control.Release();
        }
    }

    protected override async Task StopAsync()
    {
        if (!Process.HasExited)
        {
            Process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await Process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await base.StopAsync();
        _control.Dispose();
    }

    /// <summary>The child's side: runs until standard input closes.</summary>
    public static async Task<int> ServeAsync(string dataDir)
    {
        var options = new LocalCloudOptions
        {
            Port = 0,
            DataDirectory = dataDir,
            ConfigureLogging = logging => logging
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
                .SetMinimumLevel(LogLevel.Warning),
        };
        await using var host = await LocalCloudApplication.StartAsync(options);
        var output = Console.Out;
        await output.WriteLineAsync(ListeningPrefix + host.Endpoint);
        await output.FlushAsync();
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == "alloc")
            {
                await output.WriteLineAsync(GC.GetTotalAllocatedBytes(precise: true).ToString(CultureInfo.InvariantCulture));
                await output.FlushAsync();
            }
        }

        return 0;
    }
}
