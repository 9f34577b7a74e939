using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.StreamsClient;

namespace LocalCloud.DynamoDb.Tests;

/// <summary>What DynamoDB Streams records hold, per view type, and which writes produce them.</summary>
public sealed class StreamRecordTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Theory]
    [InlineData("KEYS_ONLY", false, false)]
    [InlineData("NEW_IMAGE", true, false)]
    [InlineData("OLD_IMAGE", false, true)]
    [InlineData("NEW_AND_OLD_IMAGES", true, true)]
    public async Task InsertModifyRemove_RecordsCarryWhatTheViewTypeAsksFor(string viewType, bool hasNew, bool hasOld)
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = Name();
        var arn = await CreateStreamedTableAsync(client, table, viewType);

        await client.PutItemAsync(table, Item("a", ("v", "1")));
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Item("a"),
            UpdateExpression = "SET v = :v",
            ExpressionAttributeValues = new() { [":v"] = new() { S = "2" } },
        });
        await client.DeleteItemAsync(table, Item("a"));
        var records = await streams.ReadAllAsync(arn);

        Assert.Equal(["INSERT", "MODIFY", "REMOVE"], records.Select(r => r.GetProperty("eventName").GetString()));
        foreach (var record in records)
        {
            Assert.Equal("1.1", record.GetProperty("eventVersion").GetString());
            Assert.Equal("aws:dynamodb", record.GetProperty("eventSource").GetString());
            Assert.Equal("us-east-1", record.GetProperty("awsRegion").GetString());
            Assert.Matches("^[0-9a-f]{32}$", record.GetProperty("eventID").GetString());
            Assert.False(record.TryGetProperty("eventSourceARN", out _));
            Assert.False(record.TryGetProperty("userIdentity", out _));
            var data = record.GetProperty("dynamodb");
            Assert.Equal(viewType, data.GetProperty("StreamViewType").GetString());
            Assert.Equal("""{"pk":{"S":"a"}}""", data.GetProperty("Keys").GetRawText());
            Assert.Equal(JsonValueKind.Number, data.GetProperty("ApproximateCreationDateTime").ValueKind);
            Assert.InRange(data.GetProperty("ApproximateCreationDateTime").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
            Assert.True(data.GetProperty("SizeBytes").GetInt32() > 0);
        }

        string? Image(int index, string name) =>
            records[index].GetProperty("dynamodb").TryGetProperty(name, out var image) ? image.GetRawText() : null;
        Assert.Equal(hasNew ? """{"pk":{"S":"a"},"v":{"S":"1"}}""" : null, Normalize(Image(0, "NewImage")));
        Assert.Null(Image(0, "OldImage"));
        Assert.Equal(hasNew ? """{"pk":{"S":"a"},"v":{"S":"2"}}""" : null, Normalize(Image(1, "NewImage")));
        Assert.Equal(hasOld ? """{"pk":{"S":"a"},"v":{"S":"1"}}""" : null, Normalize(Image(1, "OldImage")));
        Assert.Null(Image(2, "NewImage"));
        Assert.Equal(hasOld ? """{"pk":{"S":"a"},"v":{"S":"2"}}""" : null, Normalize(Image(2, "OldImage")));
        var sequence = records.Select(r => BigInteger.Parse(r.GetProperty("dynamodb").GetProperty("SequenceNumber").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sequence.Order(), sequence);
        Assert.Equal(3, sequence.Distinct().Count());
    }

    [Fact]
    public async Task WritesThatChangeNothing_ProduceNoRecord()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = Name();
        var arn = await CreateStreamedTableAsync(client, table);

        await client.PutItemAsync(table, Item("a", ("v", "1")));
        await client.PutItemAsync(table, Item("a", ("v", "1")));
        await client.DeleteItemAsync(table, Item("missing"));
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = Item("a"),
            UpdateExpression = "SET v = :v",
            ExpressionAttributeValues = new() { [":v"] = new() { S = "1" } },
        });
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = Item("a", ("v", "9")),
            ConditionExpression = "attribute_not_exists(pk)",
        }));

        var records = await streams.ReadAllAsync(arn);
        Assert.Equal(["INSERT"], records.Select(r => r.GetProperty("eventName").GetString()));
    }

    [Fact]
    public async Task Transaction_WritesOneRecordPerItemChanged_AndNoneWhenCancelled()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = Name();
        var arn = await CreateStreamedTableAsync(client, table);
        await client.PutItemAsync(table, Item("existing", ("v", "1")));

        await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new Put { TableName = table, Item = Item("t1") } },
                new() { Put = new Put { TableName = table, Item = Item("t2") } },
                new() { Delete = new Delete { TableName = table, Key = Item("existing") } },
                new() { ConditionCheck = new ConditionCheck { TableName = table, Key = Item("t3"), ConditionExpression = "attribute_not_exists(pk)" } },
            ],
        });
        await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new Put { TableName = table, Item = Item("t4") } },
                new() { Put = new Put { TableName = table, Item = Item("t1"), ConditionExpression = "attribute_not_exists(pk)" } },
            ],
        }));

        var records = await streams.ReadAllAsync(arn);
        Assert.Equal(
            ["INSERT existing", "INSERT t1", "INSERT t2", "REMOVE existing"],
            records.Select(r => $"{r.GetProperty("eventName").GetString()} {r.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString()}"));
    }

    [Fact]
    public async Task BatchWrite_RecordsEveryPutAndDelete()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = Name();
        var arn = await CreateStreamedTableAsync(client, table, "KEYS_ONLY");
        await client.PutItemAsync(table, Item("gone"));

        await client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [table] =
                [
                    new WriteRequest { PutRequest = new PutRequest { Item = Item("b1") } },
                    new WriteRequest { PutRequest = new PutRequest { Item = Item("b2") } },
                    new WriteRequest { DeleteRequest = new DeleteRequest { Key = Item("gone") } },
                ],
            },
        });

        var records = await streams.ReadAllAsync(arn);
        Assert.Equal(["INSERT", "INSERT", "INSERT", "REMOVE"], records.Select(r => r.GetProperty("eventName").GetString()));
    }

    [Fact]
    public async Task ConcurrentUpdatesOfOneItem_AreRecordedInCommitOrder()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = Name();
        var arn = await CreateStreamedTableAsync(client, table, "NEW_IMAGE");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < 10; i++)
            {
                await client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = table,
                    Key = Item("counter"),
                    UpdateExpression = "ADD n :one",
                    ExpressionAttributeValues = new() { [":one"] = new() { N = "1" } },
                });
            }
        }));

        var counts = (await streams.ReadAllAsync(arn))
            .Select(r => int.Parse(r.GetProperty("dynamodb").GetProperty("NewImage").GetProperty("n").GetProperty("N").GetString()!, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(Enumerable.Range(1, 80), counts);
    }

    [Fact]
    public async Task TableWithoutStream_RecordsNothing_AndHasNoStreamArn()
    {
        using var client = fixture.CreateDynamoDbClient();
        var table = Name();
        var created = await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
        });
        await client.PutItemAsync(table, Item("a"));
        using var streams = For(fixture);
        var listed = await streams.CallAsync("ListStreams", new { TableName = table });

        Assert.Null(created.TableDescription.LatestStreamArn);
        Assert.Empty(listed.GetProperty("Streams").EnumerateArray());
    }

    internal static string Name() => $"streams-{Guid.NewGuid():N}";

    private static string? Normalize(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToDictionary(p => p.Name, p => p.Value));
    }
}
