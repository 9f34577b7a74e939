using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.Ddb;

namespace LocalCloud.DynamoDb.Tests;

public sealed class TransactionTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task TransactWrite_PutUpdateDeleteAndCheck_AllApply()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var other = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("update")), ("n", N(1))));
        await client.PutItemAsync(name, Key("delete"));
        await client.PutItemAsync(other, Item(("pk", S("check")), ("state", S("open"))));

        await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new() { TableName = name, Item = Item(("pk", S("put")), ("v", S("new"))), ConditionExpression = "attribute_not_exists(pk)" } },
                new() { Update = new() { TableName = name, Key = Key("update"), UpdateExpression = "ADD n :one", ExpressionAttributeValues = new() { [":one"] = N(1) } } },
                new() { Delete = new() { TableName = name, Key = Key("delete") } },
                new()
                {
                    ConditionCheck = new()
                    {
                        TableName = other,
                        Key = Key("check"),
                        ConditionExpression = "#s = :open",
                        ExpressionAttributeNames = new() { ["#s"] = "state" },
                        ExpressionAttributeValues = new() { [":open"] = S("open") },
                    },
                },
            ],
        });

        Assert.Equal("new", (await client.GetItemAsync(name, Key("put"))).Item["v"].S);
        Assert.Equal("2", (await client.GetItemAsync(name, Key("update"))).Item["n"].N);
        Assert.False((await client.GetItemAsync(name, Key("delete"))).IsItemSet);
    }

    [Fact]
    public async Task TransactWrite_OneFailedCondition_CancelsEverythingWithReasonsInRequestOrder()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("taken")), ("v", S("old"))));

        var error = await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new() { TableName = name, Item = Key("first") } },
                new() { Put = new() { TableName = name, Item = Item(("pk", S("taken")), ("v", S("new"))), ConditionExpression = "attribute_not_exists(pk)" } },
                new() { Update = new() { TableName = name, Key = Key("third"), UpdateExpression = "SET v = :v", ExpressionAttributeValues = new() { [":v"] = S("x") } } },
            ],
        }));

        Assert.Equal(["None", "ConditionalCheckFailed", "None"], error.CancellationReasons.Select(r => r.Code));
        Assert.Equal("The conditional request failed", error.CancellationReasons[1].Message);
        Assert.Equal("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]", error.Message);
        Assert.False((await client.GetItemAsync(name, Key("first"))).IsItemSet);
        Assert.False((await client.GetItemAsync(name, Key("third"))).IsItemSet);
        Assert.Equal("old", (await client.GetItemAsync(name, Key("taken"))).Item["v"].S);
    }

    [Fact]
    public async Task TransactWrite_FailedConditionWithAllOld_ReturnsTheItemInItsReason()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("a")), ("version", N(3))));

        var error = await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new() { TableName = name, Item = Key("b") } },
                new()
                {
                    ConditionCheck = new()
                    {
                        TableName = name,
                        Key = Key("a"),
                        ConditionExpression = "version = :v",
                        ExpressionAttributeValues = new() { [":v"] = N(2) },
                        ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                    },
                },
            ],
        }));

        Assert.Null(error.CancellationReasons[0].Item);
        Assert.Equal("3", error.CancellationReasons[1].Item["version"].N);
    }

    [Fact]
    public async Task TransactWrite_HundredItems_AreAccepted()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = Enumerable.Range(0, 100).Select(i => new TransactWriteItem { Put = new() { TableName = name, Item = Key($"k{i}") } }).ToList(),
        });

        Assert.Equal(100, (await client.ScanAsync(new ScanRequest { TableName = name, Select = Select.COUNT })).Count);
    }

    [Fact]
    public async Task TransactWrite_HundredAndOneItems_FailTheListConstraint()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = Enumerable.Range(0, 101).Select(i => new TransactWriteItem { Put = new() { TableName = name, Item = Key($"k{i}") } }).ToList(),
        }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.StartsWith("1 validation error detected: Value '[", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransactWrite_TwoOperationsOnOneItem_AreRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new() { TableName = name, Item = Key("same") } },
                new() { Delete = new() { TableName = name, Key = Key("same") } },
            ],
        }), "Transaction request cannot include multiple operations on one item");
    }

    [Fact]
    public async Task TransactWrite_SameClientRequestToken_AppliesOnce()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var token = Guid.NewGuid().ToString();
        TransactWriteItemsRequest Request() => new()
        {
            ClientRequestToken = token,
            TransactItems = [new() { Update = new() { TableName = name, Key = Key("counter"), UpdateExpression = "ADD n :one", ExpressionAttributeValues = new() { [":one"] = N(1) } } }],
        };

        await client.TransactWriteItemsAsync(Request());
        await client.TransactWriteItemsAsync(Request());

        Assert.Equal("1", (await client.GetItemAsync(name, Key("counter"))).Item["n"].N);
    }

    [Fact]
    public async Task TransactWrite_SameTokenWithOtherParameters_IsIdempotentParameterMismatch()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var token = Guid.NewGuid().ToString();

        await client.TransactWriteItemsAsync(new TransactWriteItemsRequest { ClientRequestToken = token, TransactItems = [new() { Put = new() { TableName = name, Item = Key("a") } }] });
        var error = await Assert.ThrowsAsync<IdempotentParameterMismatchException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            ClientRequestToken = token,
            TransactItems = [new() { Put = new() { TableName = name, Item = Key("b") } }],
        }));

        Assert.Equal("Request with the same client token was previously made with different parameters.", error.Message);
        Assert.False((await client.GetItemAsync(name, Key("b"))).IsItemSet);
    }

    [Fact]
    public async Task TransactWrite_ConsumedCapacity_IsTwiceTheWriteUnitsPerTable()
    {
        using var client = fixture.CreateDynamoDbClient();
        var first = await HashTableAsync(client);
        var second = await HashTableAsync(client);

        var response = await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new() { TableName = first, Item = Key("a") } },
                new() { Put = new() { TableName = first, Item = Item(("pk", S("b")), ("v", S(new string('x', 1500)))) } },
                new() { Put = new() { TableName = second, Item = Key("c") } },
            ],
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        var units = response.ConsumedCapacity.ToDictionary(c => c.TableName, c => c.CapacityUnits, StringComparer.Ordinal);

        Assert.Equal(6.0, units[first]);
        Assert.Equal(2.0, units[second]);
    }

    [Fact]
    public async Task TransactWrite_MissingTable_IsResourceNotFound()
    {
        using var client = fixture.CreateDynamoDbClient();

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [new() { Put = new() { TableName = NewName("missing"), Item = Key("a") } }],
        }));

        Assert.Equal("Requested resource not found", error.Message);
    }

    [Fact]
    public async Task TransactWrite_UpdateOfAKeyAttribute_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [new() { Update = new() { TableName = name, Key = Key("a"), UpdateExpression = "SET pk = :v", ExpressionAttributeValues = new() { [":v"] = S("b") } } }],
        }), "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
    }

    [Fact]
    public async Task TransactWrite_ConcurrentTransfers_KeepTheTotal()
    {
        using var first = fixture.CreateDynamoDbClient();
        using var second = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(first);
        await first.PutItemAsync(name, Item(("pk", S("alice")), ("balance", N(100))));
        await first.PutItemAsync(name, Item(("pk", S("bob")), ("balance", N(100))));

        async Task<bool> TransferAsync(IAmazonDynamoDB client, string from, string to)
        {
            try
            {
                await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
                {
                    TransactItems =
                    [
                        new() { Update = new() { TableName = name, Key = Key(from), UpdateExpression = "SET balance = balance - :amount", ConditionExpression = "balance >= :amount", ExpressionAttributeValues = new() { [":amount"] = N(30) } } },
                        new() { Update = new() { TableName = name, Key = Key(to), UpdateExpression = "SET balance = balance + :amount", ExpressionAttributeValues = new() { [":amount"] = N(30) } } },
                    ],
                });
                return true;
            }
            catch (TransactionCanceledException)
            {
                return false;
            }
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => TransferAsync(i % 2 == 0 ? first : second, "alice", "bob")));
        var alice = long.Parse((await first.GetItemAsync(name, Key("alice"))).Item["balance"].N, System.Globalization.CultureInfo.InvariantCulture);
        var bob = long.Parse((await first.GetItemAsync(name, Key("bob"))).Item["balance"].N, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(3, results.Count(r => r));
        Assert.Equal((10L, 190L), (alice, bob));
    }

    [Fact]
    public async Task TransactGet_ReturnsItemsInRequestOrder()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var other = await RangeTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("a")), ("v", S("1"))));
        await client.PutItemAsync(other, Item(("pk", S("b")), ("sk", N(2)), ("v", S("2"))));

        var response = await client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems =
            [
                new() { Get = new() { TableName = other, Key = Key("b", 2) } },
                new() { Get = new() { TableName = name, Key = Key("missing") } },
                new() { Get = new() { TableName = name, Key = Key("a"), ProjectionExpression = "v" } },
            ],
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });

        Assert.Equal(3, response.Responses.Count);
        Assert.Equal("2", response.Responses[0].Item["v"].S);
        Assert.True(response.Responses[1].Item is null || response.Responses[1].Item.Count == 0);
        Assert.Equal(["v"], response.Responses[2].Item.Keys);
        Assert.Equal(4.0, response.ConsumedCapacity.Single(c => c.TableName == name).CapacityUnits);
        Assert.Equal(2.0, response.ConsumedCapacity.Single(c => c.TableName == other).CapacityUnits);
    }

    [Fact]
    public async Task TransactGet_TwoGetsOfOneItem_AreRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems = [new() { Get = new() { TableName = name, Key = Key("a") } }, new() { Get = new() { TableName = name, Key = Key("a") } }],
        }), "Transaction request cannot include multiple operations on one item");
    }

    [Fact]
    public async Task TransactGet_MissingTable_IsResourceNotFound()
    {
        using var client = fixture.CreateDynamoDbClient();

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems = [new() { Get = new() { TableName = NewName("missing"), Key = Key("a") } }],
        }));
    }
}
