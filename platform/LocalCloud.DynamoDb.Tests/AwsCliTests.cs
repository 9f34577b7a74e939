using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.Ddb;

namespace LocalCloud.DynamoDb.Tests;

/// <summary>
/// The AWS CLI (Debian's <c>awscli</c> package, which CI installs in <c>.ci/run</c>) driving DynamoDB on an in-process
/// local cloud. Without an <c>aws</c> executable these tests fail.
/// </summary>
public sealed class AwsCliTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task Cli_TableLifecycleAndItemCommands_RunAgainstTheLocalCloud()
    {
        using var aws = new AwsCli(fixture.Endpoint);
        var name = NewName("cli");

        using var created = await aws.RunJsonAsync("dynamodb", "create-table", "--table-name", name,
            "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
            "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
            "--billing-mode", "PAY_PER_REQUEST");
        var waited = await aws.RunAsync("dynamodb", "wait", "table-exists", "--table-name", name);
        var put = await aws.RunAsync("dynamodb", "put-item", "--table-name", name,
            "--item", """{"pk":{"S":"order"},"sk":{"N":"1"},"status":{"S":"PLACED"},"total":{"N":"12.50"}}""");
        await aws.RunAsync("dynamodb", "put-item", "--table-name", name, "--item", """{"pk":{"S":"order"},"sk":{"N":"2"},"status":{"S":"PAID"}}""");
        using var got = await aws.RunJsonAsync("dynamodb", "get-item", "--table-name", name, "--key", """{"pk":{"S":"order"},"sk":{"N":"1"}}""", "--consistent-read");
        using var updated = await aws.RunJsonAsync("dynamodb", "update-item", "--table-name", name,
            "--key", """{"pk":{"S":"order"},"sk":{"N":"1"}}""",
            "--update-expression", "SET #s = :paid ADD version :one",
            "--expression-attribute-names", """{"#s":"status"}""",
            "--expression-attribute-values", """{":paid":{"S":"PAID"},":one":{"N":"1"}}""",
            "--return-values", "ALL_NEW");
        using var queried = await aws.RunJsonAsync("dynamodb", "query", "--table-name", name,
            "--key-condition-expression", "pk = :p", "--expression-attribute-values", """{":p":{"S":"order"}}""", "--no-scan-index-forward");
        using var transacted = await aws.RunJsonAsync("dynamodb", "transact-write-items", "--transact-items",
            """[{"Put":{"TableName":"@0@","Item":{"pk":{"S":"order"},"sk":{"N":"3"}}}},{"Delete":{"TableName":"@1@","Key":{"pk":{"S":"order"},"sk":{"N":"2"}}}}]""".Replace("@0@", name, StringComparison.Ordinal).Replace("@1@", name, StringComparison.Ordinal),
            "--return-consumed-capacity", "TOTAL");
        var failed = await aws.RunAsync("dynamodb", "put-item", "--table-name", name,
            "--item", """{"pk":{"S":"order"},"sk":{"N":"1"}}""", "--condition-expression", "attribute_not_exists(pk)");
        using var described = await aws.RunJsonAsync("dynamodb", "describe-table", "--table-name", name);
        using var deleted = await aws.RunJsonAsync("dynamodb", "delete-table", "--table-name", name);
        var missing = await aws.RunAsync("dynamodb", "describe-table", "--table-name", name);

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
        using var aws = new AwsCli(fixture.Endpoint);
        var name = NewName("cli-scan");
        await aws.RunJsonAsync("dynamodb", "create-table", "--table-name", name,
            "--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST");
        await aws.RunAsync("dynamodb", "wait", "table-exists", "--table-name", name);
        for (var i = 0; i < 7; i++)
        {
            await aws.RunAsync("dynamodb", "put-item", "--table-name", name, "--item", """{"pk":{"S":"k@0@"}}""".Replace("@0@", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        using var scanned = await aws.RunJsonAsync("dynamodb", "scan", "--table-name", name, "--page-size", "2");

        Assert.Equal(7, scanned.RootElement.GetProperty("Count").GetInt32());
        Assert.Equal(7, scanned.RootElement.GetProperty("Items").GetArrayLength());
    }

    [Fact]
    public async Task Cli_DynamoDbStreamsCommands_ReadTheTablesStream()
    {
        using var aws = new AwsCli(fixture.Endpoint);
        var name = NewName("cli-stream");

        using var created = await aws.RunJsonAsync("dynamodb", "create-table", "--table-name", name,
            "--attribute-definitions", "AttributeName=pk,AttributeType=S",
            "--key-schema", "AttributeName=pk,KeyType=HASH",
            "--billing-mode", "PAY_PER_REQUEST",
            "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
        var arn = created.RootElement.GetProperty("TableDescription").GetProperty("LatestStreamArn").GetString()!;
        await aws.RunAsync("dynamodb", "put-item", "--table-name", name, "--item", """{"pk":{"S":"a"},"v":{"N":"1"}}""");
        await aws.RunAsync("dynamodb", "put-item", "--table-name", name, "--item", """{"pk":{"S":"a"},"v":{"N":"2"}}""");
        using var listed = await aws.RunJsonAsync("dynamodbstreams", "list-streams", "--table-name", name);
        using var described = await aws.RunJsonAsync("dynamodbstreams", "describe-stream", "--stream-arn", arn);
        var shard = described.RootElement.GetProperty("StreamDescription").GetProperty("Shards")[0].GetProperty("ShardId").GetString()!;
        using var iterator = await aws.RunJsonAsync("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn,
            "--shard-id", shard, "--shard-iterator-type", "TRIM_HORIZON");
        using var records = await aws.RunJsonAsync("dynamodbstreams", "get-records",
            "--shard-iterator", iterator.RootElement.GetProperty("ShardIterator").GetString()!);

        Assert.Equal(arn, listed.RootElement.GetProperty("Streams")[0].GetProperty("StreamArn").GetString());
        Assert.Equal("ENABLED", described.RootElement.GetProperty("StreamDescription").GetProperty("StreamStatus").GetString());
        var got = records.RootElement.GetProperty("Records").EnumerateArray().ToList();
        Assert.Equal(["INSERT", "MODIFY"], got.Select(r => r.GetProperty("eventName").GetString()));
        Assert.Equal("1", got[1].GetProperty("dynamodb").GetProperty("OldImage").GetProperty("v").GetProperty("N").GetString());
        Assert.Equal("2", got[1].GetProperty("dynamodb").GetProperty("NewImage").GetProperty("v").GetProperty("N").GetString());
    }
}
