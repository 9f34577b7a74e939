using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.Ddb;

namespace LocalCloud.DynamoDb.Tests;

public sealed class BatchTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task BatchWrite_PutsAndDeletesAcrossTables_AllApply()
    {
        using var client = fixture.CreateDynamoDbClient();
        var first = await HashTableAsync(client);
        var second = await RangeTableAsync(client);
        await client.PutItemAsync(first, Key("doomed"));

        var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [first] = [new() { PutRequest = new() { Item = Key("a") } }, new() { DeleteRequest = new() { Key = Key("doomed") } }],
                [second] = [new() { PutRequest = new() { Item = Item(("pk", S("b")), ("sk", N(1))) } }],
            },
        });

        Assert.Empty(response.UnprocessedItems);
        Assert.True((await client.GetItemAsync(first, Key("a"))).IsItemSet);
        Assert.False((await client.GetItemAsync(first, Key("doomed"))).IsItemSet);
        Assert.True((await client.GetItemAsync(second, Key("b", 1))).IsItemSet);
    }

    [Fact]
    public async Task BatchWrite_TwentyFiveItems_AreAccepted()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [name] = Enumerable.Range(0, 25).Select(i => new WriteRequest { PutRequest = new() { Item = Key($"k{i}") } }).ToList() },
        });

        Assert.Equal(25, (await client.ScanAsync(new ScanRequest { TableName = name, Select = Select.COUNT })).Count);
    }

    [Fact]
    public async Task BatchWrite_TwentySixItemsInOneTable_FailTheMapConstraint()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var error = await Assert.ThrowsAnyAsync<Amazon.DynamoDBv2.AmazonDynamoDBException>(() => client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [name] = Enumerable.Range(0, 26).Select(i => new WriteRequest { PutRequest = new() { Item = Key($"k{i}") } }).ToList() },
        }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.StartsWith("1 validation error detected: Value '{", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchWrite_TwentySixItemsOverTwoTables_AreTooMany()
    {
        using var client = fixture.CreateDynamoDbClient();
        var first = await HashTableAsync(client);
        var second = await HashTableAsync(client);

        await ValidationAsync(() => client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [first] = Enumerable.Range(0, 20).Select(i => new WriteRequest { PutRequest = new() { Item = Key($"k{i}") } }).ToList(),
                [second] = Enumerable.Range(0, 6).Select(i => new WriteRequest { PutRequest = new() { Item = Key($"k{i}") } }).ToList(),
            },
        }), "Too many items requested for the BatchWriteItem call");
    }

    [Fact]
    public async Task BatchWrite_TheSameKeyTwice_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [name] = [new() { PutRequest = new() { Item = Key("a") } }, new() { DeleteRequest = new() { Key = Key("a") } }] },
        }), "Provided list of item keys contains duplicates");
        Assert.False((await client.GetItemAsync(name, Key("a"))).IsItemSet);
    }

    [Fact]
    public async Task BatchWrite_MissingTable_IsResourceNotFound()
    {
        using var client = fixture.CreateDynamoDbClient();

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [NewName("missing")] = [new() { PutRequest = new() { Item = Key("a") } }] },
        }));

        Assert.Equal("Requested resource not found", error.Message);
    }

    [Fact]
    public async Task BatchWrite_OversizedItem_RejectsTheWholeBatch()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [name] = [new() { PutRequest = new() { Item = Key("small") } }, new() { PutRequest = new() { Item = Item(("pk", S("big")), ("v", S(new string('x', 400 * 1024)))) } }],
            },
        }), "Item size has exceeded the maximum allowed size");
        Assert.False((await client.GetItemAsync(name, Key("small"))).IsItemSet);
    }

    [Fact]
    public async Task BatchWrite_ConsumedCapacity_IsReportedPerTable()
    {
        using var client = fixture.CreateDynamoDbClient();
        var first = await HashTableAsync(client);
        var second = await HashTableAsync(client);

        var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [first] = [new() { PutRequest = new() { Item = Key("a") } }, new() { PutRequest = new() { Item = Item(("pk", S("b")), ("v", S(new string('x', 2000)))) } }],
                [second] = [new() { PutRequest = new() { Item = Key("c") } }],
            },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        var units = response.ConsumedCapacity.ToDictionary(c => c.TableName, c => c.CapacityUnits, StringComparer.Ordinal);

        Assert.Equal(3.0, units[first]);
        Assert.Equal(1.0, units[second]);
    }

    [Fact]
    public async Task BatchGet_FoundItems_AreReturnedPerTableAndMissingOnesLeftOut()
    {
        using var client = fixture.CreateDynamoDbClient();
        var first = await HashTableAsync(client);
        var second = await RangeTableAsync(client);
        await client.PutItemAsync(first, Item(("pk", S("a")), ("v", S("1"))));
        await client.PutItemAsync(first, Item(("pk", S("b")), ("v", S("2"))));
        await client.PutItemAsync(second, Item(("pk", S("c")), ("sk", N(3))));

        var response = await client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new()
            {
                [first] = new KeysAndAttributes { Keys = [Key("a"), Key("b"), Key("missing")] },
                [second] = new KeysAndAttributes { Keys = [Key("c", 3)], ConsistentRead = true },
            },
        });

        Assert.Equal(["a", "b"], response.Responses[first].Select(i => i["pk"].S).Order(StringComparer.Ordinal));
        Assert.Equal("3", Assert.Single(response.Responses[second])["sk"].N);
        Assert.Empty(response.UnprocessedKeys);
    }

    [Fact]
    public async Task BatchGet_ProjectionExpression_AppliesPerTable()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("a")), ("keep", S("1")), ("drop", S("2"))));

        var response = await client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [name] = new KeysAndAttributes { Keys = [Key("a")], ProjectionExpression = "#k", ExpressionAttributeNames = new() { ["#k"] = "keep" } } },
        });

        Assert.Equal(["keep"], Assert.Single(response.Responses[name]).Keys);
    }

    [Fact]
    public async Task BatchGet_HundredKeys_AreAccepted()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        for (var i = 0; i < 100; i += 25)
        {
            await client.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new() { [name] = Enumerable.Range(i, 25).Select(k => new WriteRequest { PutRequest = new() { Item = Key($"k{k}") } }).ToList() },
            });
        }

        var response = await client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [name] = new KeysAndAttributes { Keys = Enumerable.Range(0, 100).Select(k => Key($"k{k}")).ToList() } },
        });

        Assert.Equal(100, response.Responses[name].Count);
    }

    [Fact]
    public async Task BatchGet_HundredAndOneKeysInOneTable_FailTheListConstraint()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var error = await Assert.ThrowsAnyAsync<Amazon.DynamoDBv2.AmazonDynamoDBException>(() => client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [name] = new KeysAndAttributes { Keys = Enumerable.Range(0, 101).Select(k => Key($"k{k}")).ToList() } },
        }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.StartsWith("1 validation error detected: Value '[", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"' at 'requestItems.{name}.member.keys' failed to satisfy constraint: Member must have length less than or equal to 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchGet_HundredAndOneKeysOverTwoTables_AreTooMany()
    {
        using var client = fixture.CreateDynamoDbClient();
        var first = await HashTableAsync(client);
        var second = await HashTableAsync(client);

        await ValidationAsync(() => client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new()
            {
                [first] = new KeysAndAttributes { Keys = Enumerable.Range(0, 100).Select(k => Key($"k{k}")).ToList() },
                [second] = new KeysAndAttributes { Keys = [Key("x")] },
            },
        }), "Too many items requested for the BatchGetItem call");
    }

    [Fact]
    public async Task BatchGet_DuplicateKeys_AreRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await RangeTableAsync(client);

        await ValidationAsync(() => client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [name] = new KeysAndAttributes { Keys = [Key("a", 1), Item(("sk", N(1)), ("pk", S("a")))] } },
        }), "Provided list of item keys contains duplicates");
    }

    [Fact]
    public async Task BatchGet_MissingTable_IsResourceNotFound()
    {
        using var client = fixture.CreateDynamoDbClient();

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [NewName("missing")] = new KeysAndAttributes { Keys = [Key("a")] } },
        }));

        Assert.Equal("Requested resource not found", error.Message);
    }

    [Fact]
    public async Task BatchGet_ConsumedCapacity_IsReportedPerTable()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        for (var i = 0; i < 3; i++)
        {
            await client.PutItemAsync(name, Item(("pk", S($"k{i}")), ("v", S(new string('x', 1000)))));
        }

        var eventual = await client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [name] = new KeysAndAttributes { Keys = Enumerable.Range(0, 3).Select(i => Key($"k{i}")).ToList() } },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        var consistent = await client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [name] = new KeysAndAttributes { Keys = Enumerable.Range(0, 3).Select(i => Key($"k{i}")).ToList(), ConsistentRead = true } },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });

        Assert.Equal((name, 1.5), (Assert.Single(eventual.ConsumedCapacity).TableName, eventual.ConsumedCapacity[0].CapacityUnits));
        Assert.Equal(3.0, Assert.Single(consistent.ConsumedCapacity).CapacityUnits);
    }

    [Fact]
    public async Task BatchGet_OnTheWire_AlwaysCarriesAnEmptyUnprocessedKeysMap()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("a")), ("n", N(1))));

        var (status, body) = await RawAsync(fixture, "BatchGetItem", """{"RequestItems":{"@0@":{"Keys":[{"pk":{"S":"a"}}]}}}""".Replace("@0@", name, StringComparison.Ordinal));

        Assert.Equal(200, status);
        Assert.Equal("""{"Responses":{"@0@":[{"pk":{"S":"a"},"n":{"N":"1"}}]},"UnprocessedKeys":{}}""".Replace("@0@", name, StringComparison.Ordinal), body.GetRawText());
    }

    [Fact]
    public async Task BatchWrite_OnTheWire_AlwaysCarriesAnEmptyUnprocessedItemsMap()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var (status, body) = await RawAsync(fixture, "BatchWriteItem",
            """{"RequestItems":{"@0@":[{"PutRequest":{"Item":{"pk":{"S":"a"},"n":{"N":"@1@"}}}}]}}""".Replace("@0@", name, StringComparison.Ordinal).Replace("@1@", 1.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(200, status);
        Assert.Equal("""{"UnprocessedItems":{}}""", body.GetRawText());
    }
}
