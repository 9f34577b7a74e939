using System.Diagnostics;
using System.Text.Json;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.Ddb;

namespace LocalCloud.DynamoDb.Tests;

/// <summary>
/// The AWS CLI (Debian's <c>awscli</c> package, which CI installs in <c>.ci/run</c>) driving DynamoDB on an in-process
/// local cloud. Without an <c>aws</c> executable these tests fail.
/// </summary>
public sealed class AwsCliTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("localcloud-ddb-awscli-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task Cli_TableLifecycleAndItemCommands_RunAgainstTheLocalCloud()
    {
        var aws = FindCli();
        var name = NewName("cli");

        using var created = await RunJsonAsync(aws, "dynamodb", "create-table", "--table-name", name,
            "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
            "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
            "--billing-mode", "PAY_PER_REQUEST");
        var waited = await RunAsync(aws, "dynamodb", "wait", "table-exists", "--table-name", name);
        var put = await RunAsync(aws, "dynamodb", "put-item", "--table-name", name,
            "--item", """{"pk":{"S":"order"},"sk":{"N":"1"},"status":{"S":"PLACED"},"total":{"N":"12.50"}}""");
        await RunAsync(aws, "dynamodb", "put-item", "--table-name", name, "--item", """{"pk":{"S":"order"},"sk":{"N":"2"},"status":{"S":"PAID"}}""");
        using var got = await RunJsonAsync(aws, "dynamodb", "get-item", "--table-name", name, "--key", """{"pk":{"S":"order"},"sk":{"N":"1"}}""", "--consistent-read");
        using var updated = await RunJsonAsync(aws, "dynamodb", "update-item", "--table-name", name,
            "--key", """{"pk":{"S":"order"},"sk":{"N":"1"}}""",
            "--update-expression", "SET #s = :paid ADD version :one",
            "--expression-attribute-names", """{"#s":"status"}""",
            "--expression-attribute-values", """{":paid":{"S":"PAID"},":one":{"N":"1"}}""",
            "--return-values", "ALL_NEW");
        using var queried = await RunJsonAsync(aws, "dynamodb", "query", "--table-name", name,
            "--key-condition-expression", "pk = :p", "--expression-attribute-values", """{":p":{"S":"order"}}""", "--no-scan-index-forward");
        using var transacted = await RunJsonAsync(aws, "dynamodb", "transact-write-items", "--transact-items",
            """[{"Put":{"TableName":"@0@","Item":{"pk":{"S":"order"},"sk":{"N":"3"}}}},{"Delete":{"TableName":"@1@","Key":{"pk":{"S":"order"},"sk":{"N":"2"}}}}]""".Replace("@0@", name, StringComparison.Ordinal).Replace("@1@", name, StringComparison.Ordinal),
            "--return-consumed-capacity", "TOTAL");
        var failed = await RunAsync(aws, "dynamodb", "put-item", "--table-name", name,
            "--item", """{"pk":{"S":"order"},"sk":{"N":"1"}}""", "--condition-expression", "attribute_not_exists(pk)");
        using var described = await RunJsonAsync(aws, "dynamodb", "describe-table", "--table-name", name);
        using var deleted = await RunJsonAsync(aws, "dynamodb", "delete-table", "--table-name", name);
        var missing = await RunAsync(aws, "dynamodb", "describe-table", "--table-name", name);

        Assert.Equal(name, created.RootElement.GetProperty("TableDescription").GetProperty("TableName").GetString());
        Assert.Equal(0, waited.ExitCode);
        Assert.Equal((0, string.Empty), (put.ExitCode, put.Stdout.Trim()));
        Assert.Equal("12.5", got.RootElement.GetProperty("Item").GetProperty("total").GetProperty("N").GetString());
        var attributes = updated.RootElement.GetProperty("Attributes");
        Assert.Equal(("PAID", "1"), (attributes.GetProperty("status").GetProperty("S").GetString(), attributes.GetProperty("version").GetProperty("N").GetString()));
        Assert.Equal(["2", "1"], queried.RootElement.GetProperty("Items").EnumerateArray().Select(i => i.GetProperty("sk").GetProperty("N").GetString()));
        Assert.Equal(4.0, transacted.RootElement.GetProperty("ConsumedCapacity")[0].GetProperty("CapacityUnits").GetDouble());
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("ConditionalCheckFailedException", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, described.RootElement.GetProperty("Table").GetProperty("ItemCount").GetInt32());
        Assert.Equal("DELETING", deleted.RootElement.GetProperty("TableDescription").GetProperty("TableStatus").GetString());
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("ResourceNotFoundException", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Requested resource not found: Table: {name} not found", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_ScanPaginates_OverEveryItem()
    {
        var aws = FindCli();
        var name = NewName("cli-scan");
        await RunJsonAsync(aws, "dynamodb", "create-table", "--table-name", name,
            "--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST");
        await RunAsync(aws, "dynamodb", "wait", "table-exists", "--table-name", name);
        for (var i = 0; i < 7; i++)
        {
            await RunAsync(aws, "dynamodb", "put-item", "--table-name", name, "--item", """{"pk":{"S":"k@0@"}}""".Replace("@0@", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        using var scanned = await RunJsonAsync(aws, "dynamodb", "scan", "--table-name", name, "--page-size", "2");

        Assert.Equal(7, scanned.RootElement.GetProperty("Count").GetInt32());
        Assert.Equal(7, scanned.RootElement.GetProperty("Items").GetArrayLength());
    }

    /// <summary>Debian's CLI first (what CI installs), then any other <c>aws</c> on PATH: DynamoDB's protocol is the same in every version.</summary>
    [Fact]
    public async Task Cli_DynamoDbStreamsCommands_ReadTheTablesStream()
    {
        var aws = FindCli();
        var name = NewName("cli-stream");

        using var created = await RunJsonAsync(aws, "dynamodb", "create-table", "--table-name", name,
            "--attribute-definitions", "AttributeName=pk,AttributeType=S",
            "--key-schema", "AttributeName=pk,KeyType=HASH",
            "--billing-mode", "PAY_PER_REQUEST",
            "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
        var arn = created.RootElement.GetProperty("TableDescription").GetProperty("LatestStreamArn").GetString()!;
        await RunAsync(aws, "dynamodb", "put-item", "--table-name", name, "--item", """{"pk":{"S":"a"},"v":{"N":"1"}}""");
        await RunAsync(aws, "dynamodb", "put-item", "--table-name", name, "--item", """{"pk":{"S":"a"},"v":{"N":"2"}}""");
        using var listed = await RunJsonAsync(aws, "dynamodbstreams", "list-streams", "--table-name", name);
        using var described = await RunJsonAsync(aws, "dynamodbstreams", "describe-stream", "--stream-arn", arn);
        var shard = described.RootElement.GetProperty("StreamDescription").GetProperty("Shards")[0].GetProperty("ShardId").GetString()!;
        using var iterator = await RunJsonAsync(aws, "dynamodbstreams", "get-shard-iterator", "--stream-arn", arn,
            "--shard-id", shard, "--shard-iterator-type", "TRIM_HORIZON");
        using var records = await RunJsonAsync(aws, "dynamodbstreams", "get-records",
            "--shard-iterator", iterator.RootElement.GetProperty("ShardIterator").GetString()!);

        Assert.Equal(arn, listed.RootElement.GetProperty("Streams")[0].GetProperty("StreamArn").GetString());
        Assert.Equal("ENABLED", described.RootElement.GetProperty("StreamDescription").GetProperty("StreamStatus").GetString());
        var got = records.RootElement.GetProperty("Records").EnumerateArray().ToList();
        Assert.Equal(["INSERT", "MODIFY"], got.Select(r => r.GetProperty("eventName").GetString()));
        Assert.Equal("1", got[1].GetProperty("dynamodb").GetProperty("OldImage").GetProperty("v").GetProperty("N").GetString());
        Assert.Equal("2", got[1].GetProperty("dynamodb").GetProperty("NewImage").GetProperty("v").GetProperty("N").GetString());
    }

    private static string FindCli()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var found = directories.Select(d => Path.Combine(d, "aws")).Prepend("/usr/bin/aws").FirstOrDefault(File.Exists);
        Assert.True(found is not null, "These tests need the AWS CLI: install it with `apt-get install -y awscli` (.ci/run does so).");
        return found!;
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
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_PAGER"] = string.Empty;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
