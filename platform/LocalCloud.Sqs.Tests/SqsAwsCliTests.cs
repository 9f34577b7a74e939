using System.Diagnostics;
using System.Text.Json;
using LocalCloud.Testing;

namespace LocalCloud.Sqs.Tests;

/// <summary>
/// The AWS CLI that Debian ships (2.9, built before SQS's JSON switch, so it speaks awsQuery) against an
/// in-process local cloud. CI installs it (<c>.ci/run</c>); without it this test fails.
/// </summary>
public sealed class SqsAwsCliTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("localcloud-awscli-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task QueryEraAwsCli_SqsCommands_RunAgainstTheLocalCloud()
    {
        var aws = FindQueryEraCli();
        var name = $"cli-{Guid.NewGuid().ToString("N")[..12]}";

        using var created = await RunJsonAsync(aws, "sqs", "create-queue", "--queue-name", name, "--attributes", "VisibilityTimeout=45", "--tags", "team=orders");
        var url = created.RootElement.GetProperty("QueueUrl").GetString()!;
        using var listed = await RunJsonAsync(aws, "sqs", "list-queues", "--queue-name-prefix", name);
        using var found = await RunJsonAsync(aws, "sqs", "get-queue-url", "--queue-name", name);
        using var sent = await RunJsonAsync(aws, "sqs", "send-message", "--queue-url", url, "--message-body", "hello from the CLI",
            "--message-attributes", """{"color":{"DataType":"String","StringValue":"blue"},"raw":{"DataType":"Binary","BinaryValue":"AQID"}}""");
        using var received = await RunJsonAsync(aws, "sqs", "receive-message", "--queue-url", url,
            "--attribute-names", "All", "--message-attribute-names", "All", "--max-number-of-messages", "10");
        var message = Assert.Single(received.RootElement.GetProperty("Messages").EnumerateArray());
        var deleted = await RunAsync(aws, "sqs", "delete-message", "--queue-url", url, "--receipt-handle", message.GetProperty("ReceiptHandle").GetString()!);
        var set = await RunAsync(aws, "sqs", "set-queue-attributes", "--queue-url", url, "--attributes", "DelaySeconds=2");
        using var attributes = await RunJsonAsync(aws, "sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All");
        var tagged = await RunAsync(aws, "sqs", "tag-queue", "--queue-url", url, "--tags", "env=dev");
        using var tags = await RunJsonAsync(aws, "sqs", "list-queue-tags", "--queue-url", url);
        using var batch = await RunJsonAsync(aws, "sqs", "send-message-batch", "--queue-url", url,
            "--entries", "Id=a,MessageBody=first", "Id=b,MessageBody=second");
        var deletedQueue = await RunAsync(aws, "sqs", "delete-queue", "--queue-url", url);
        var missing = await RunAsync(aws, "sqs", "get-queue-url", "--queue-name", name);

        Assert.Equal($"http://127.0.0.1:{fixture.Endpoint.Port}/000000000000/{name}", url);
        Assert.Equal([url], listed.RootElement.GetProperty("QueueUrls").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(url, found.RootElement.GetProperty("QueueUrl").GetString());
        Assert.Equal("59da6b08ceb7b6dcb24f80ac24fb822e", sent.RootElement.GetProperty("MD5OfMessageBody").GetString());
        Assert.Equal(sent.RootElement.GetProperty("MessageId").GetString(), message.GetProperty("MessageId").GetString());
        Assert.Equal("hello from the CLI", message.GetProperty("Body").GetString());
        Assert.Equal("1", message.GetProperty("Attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal("blue", message.GetProperty("MessageAttributes").GetProperty("color").GetProperty("StringValue").GetString());
        Assert.Equal("AQID", message.GetProperty("MessageAttributes").GetProperty("raw").GetProperty("BinaryValue").GetString());
        Assert.Equal((0, ""), (deleted.ExitCode, deleted.Stdout.Trim()));
        Assert.Equal(0, set.ExitCode);
        var queueAttributes = attributes.RootElement.GetProperty("Attributes");
        Assert.Equal("45", queueAttributes.GetProperty("VisibilityTimeout").GetString());
        Assert.Equal("2", queueAttributes.GetProperty("DelaySeconds").GetString());
        Assert.Equal("0", queueAttributes.GetProperty("ApproximateNumberOfMessages").GetString());
        Assert.Equal(0, tagged.ExitCode);
        Assert.Equal("""{"team":"orders","env":"dev"}""", JsonSerializer.Serialize(tags.RootElement.GetProperty("Tags")));
        Assert.Equal(["a", "b"], batch.RootElement.GetProperty("Successful").EnumerateArray().Select(e => e.GetProperty("Id").GetString()));
        Assert.False(batch.RootElement.TryGetProperty("Failed", out var failed) && failed.GetArrayLength() > 0);
        Assert.Equal(0, deletedQueue.ExitCode);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("AWS.SimpleQueueService.NonExistentQueue", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("The specified queue does not exist.", missing.Stderr, StringComparison.Ordinal);
    }

    private static string FindQueryEraCli()
    {
        var seen = new List<string>();
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var candidate in directories.Select(d => Path.Combine(d, "aws")).Append("/usr/bin/aws").Distinct(StringComparer.Ordinal))
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            var version = Version(candidate);
            seen.Add($"{candidate}: {version}");
            if (version.StartsWith("aws-cli/2.9.", StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        Assert.Fail(
            "This test needs the query-era AWS CLI that Debian ships (aws-cli/2.9.x): install it with `apt-get install -y awscli` "
            + "(.ci/run does so). Found: " + (seen.Count == 0 ? "no aws on PATH" : string.Join("; ", seen)));
        return string.Empty;
    }

    private static string Version(string aws)
    {
        using var process = Process.Start(new ProcessStartInfo(aws, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }

    private async Task<JsonDocument> RunJsonAsync(string aws, params string[] arguments)
    {
        var result = await RunAsync(aws, arguments);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
        return JsonDocument.Parse(result.Stdout);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string aws, params string[] arguments)
    {
        var start = new ProcessStartInfo(aws) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // AWS CLI 2.9 predates AWS_ENDPOINT_URL: the endpoint is passed as --endpoint-url too.
        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(fixture.Endpoint.ToString());
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["HOME"] = _home;
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(_home, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home, "credentials");
        start.Environment["AWS_ENDPOINT_URL"] = fixture.Endpoint.ToString();
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_PAGER"] = string.Empty;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
