using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LocalCloud.DynamoDb.Benchmarks;

/// <summary>dynalite from npm in a temp dir, run by node on a loopback port with a LevelDB store in that
/// dir (durable, like ours) and tables that are ACTIVE at once.</summary>
internal sealed class DynaliteServer : ServerUnderTest
{
    private readonly string _version;

    private DynaliteServer(Process process, string tempDir, Uri endpoint, string version)
        : base(process, tempDir, endpoint)
    {
        _version = version;
    }

    public override string Name => "dynalite";

    public override string Description => $"dynalite {_version} (node process {Process.Id}, LevelDB in a temp dir)";

    public static async Task<DynaliteServer> StartAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("ddb-bench-dynalite-").FullName;
        try
        {
            log.WriteLine($"installing dynalite from npm into {dir} ...");
            await RunToEndAsync("npm", ["install", "dynalite", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error"],
                dir, TimeSpan.FromMinutes(5), cancellationToken);
            var package = Path.Combine(dir, "node_modules", "dynalite");
            var version = ReadVersion(Path.Combine(package, "package.json"));
            var node = (await RunToEndAsync("node", ["--version"], dir, TimeSpan.FromSeconds(30), cancellationToken)).Trim();
            var port = FreePort();
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                Path.Combine(package, "cli.js"), "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
                "--path", Path.Combine(dir, "data"), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0",
            })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            ForwardStandardError(process, "[dynalite] ");
            var server = new DynaliteServer(process, dir, new Uri($"http://127.0.0.1:{port}/"), $"{version} on node {node}");
            try
            {
                await WaitUntilListeningAsync(port, process, TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }

            return server;
        }
        catch
        {
            DeleteTempDir(dir);
            throw;
        }
    }

    private static string ReadVersion(string packageJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(packageJson));
        return document.RootElement.GetProperty("version").GetString() ?? "?";
    }

    private static async Task<string> RunToEndAsync(string file, string[] args, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
