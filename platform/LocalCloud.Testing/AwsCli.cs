using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace LocalCloud.Testing;

/// <summary>
/// The AWS CLI (Debian's <c>awscli</c> package, which CI installs in <c>.ci/run</c>; else any <c>aws</c> on PATH)
/// aimed at a local cloud, with a private HOME so no user configuration leaks in. Without an <c>aws</c> executable
/// the tests that use it fail with the install hint.
/// </summary>
public sealed class AwsCli : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("localcloud-awscli-").FullName;
    private readonly Uri _endpoint;
    private readonly string _executable;

    public AwsCli(Uri endpoint)
    {
        _endpoint = endpoint;
        _executable = Find();
    }

    public static string Find()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var found = directories.Select(d => Path.Combine(d, "aws")).Prepend("/usr/bin/aws").FirstOrDefault(File.Exists);
        Assert.True(found is not null, "These tests need the AWS CLI: install it with `apt-get install -y awscli` (.ci/run does so).");
        return found!;
    }

    /// <summary>Runs <c>aws ARGUMENTS --endpoint-url … --output json</c> in <c>us-east-1</c> with test credentials.</summary>
    public async Task<AwsCliResult> RunAsync(params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(_executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(_endpoint.ToString());
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["HOME"] = _home;
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(_home, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home, "credentials");
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_PAGER"] = string.Empty;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new AwsCliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the command, asserts it succeeded and parses its JSON output.</summary>
    public async Task<JsonDocument> RunJsonAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
        return JsonDocument.Parse(result.Stdout);
    }

    public string TempPath(string name) => Path.Combine(_home, name);

    public void Dispose() => Directory.Delete(_home, recursive: true);
}

public sealed record AwsCliResult(int ExitCode, string Stdout, string Stderr);
