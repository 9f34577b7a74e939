using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.Ddb;

namespace LocalCloud.DynamoDb.Tests;

public sealed class ItemTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task PutGet_EveryAttributeType_RoundTrips()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var item = Item(
            ("pk", S("all")),
            ("s", S("text")),
            ("n", N("12.5")),
            ("b", B(1, 2, 3)),
            ("t", Bool(true)),
            ("nil", new AttributeValue { NULL = true }),
            ("l", new AttributeValue { L = [S("x"), N(1)] }),
            ("m", new AttributeValue { M = new() { ["inner"] = S("y") } }),
            ("ss", new AttributeValue { SS = ["a", "b"] }),
            ("ns", new AttributeValue { NS = ["1", "2"] }),
            ("bs", new AttributeValue { BS = [new MemoryStream([9])] }));

        await client.PutItemAsync(name, item);
        var got = (await client.GetItemAsync(name, Key("all"))).Item;

        Assert.Equal("text", got["s"].S);
        Assert.Equal("12.5", got["n"].N);
        Assert.Equal([1, 2, 3], got["b"].B.ToArray());
        Assert.True(got["t"].BOOL);
        Assert.True(got["nil"].NULL);
        Assert.Equal(["x", null], got["l"].L.Select(v => v.S));
        Assert.Equal("1", got["l"].L[1].N);
        Assert.Equal("y", got["m"].M["inner"].S);
        Assert.Equal(["a", "b"], got["ss"].SS.Order(StringComparer.Ordinal));
        Assert.Equal(["1", "2"], got["ns"].NS.Order(StringComparer.Ordinal));
        Assert.Equal([9], Assert.Single(got["bs"].BS).ToArray());
    }

    [Fact]
    public async Task PutItem_Numbers_AreStoredCanonicallyWithFullPrecision()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await client.PutItemAsync(name, Item(("pk", S("n")), ("a", N("1.50")), ("b", N("12345678901234567890123456789012345678")), ("c", N("-0.000100")), ("d", N("1E+3"))));
        var got = (await client.GetItemAsync(name, Key("n"))).Item;

        Assert.Equal(("1.5", "12345678901234567890123456789012345678", "-0.0001", "1000"), (got["a"].N, got["b"].N, got["c"].N, got["d"].N));
    }

    [Fact]
    public async Task GetItem_MissingItem_ReturnsNoItem()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var got = await client.GetItemAsync(name, Key("nothing"));

        Assert.False(got.IsItemSet);
    }

    [Fact]
    public async Task GetItem_MissingTable_IsResourceNotFound()
    {
        using var client = fixture.CreateDynamoDbClient();

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.GetItemAsync(NewName("missing"), Key("a")));

        Assert.Equal("Requested resource not found", error.Message);
    }

    [Fact]
    public async Task GetItem_ConsistentRead_SeesTheLatestWrite()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("a")), ("v", N(1))));
        await client.PutItemAsync(name, Item(("pk", S("a")), ("v", N(2))));

        var got = await client.GetItemAsync(new GetItemRequest { TableName = name, Key = Key("a"), ConsistentRead = true });

        Assert.Equal("2", got.Item["v"].N);
    }

    [Fact]
    public async Task GetItem_ProjectionExpression_ReturnsOnlyTheNamedPaths()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(
            ("pk", S("p")),
            ("keep", S("yes")),
            ("drop", S("no")),
            ("m", new AttributeValue { M = new() { ["x"] = N(1), ["y"] = N(2) } }),
            ("l", new AttributeValue { L = [S("l0"), S("l1"), S("l2")] })));

        var got = (await client.GetItemAsync(new GetItemRequest
        {
            TableName = name,
            Key = Key("p"),
            ProjectionExpression = "keep, m.y, #l[1]",
            ExpressionAttributeNames = new() { ["#l"] = "l" },
        })).Item;

        Assert.Equal(["keep", "l", "m"], got.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["y"], got["m"].M.Keys);
        Assert.Equal(["l1"], got["l"].L.Select(v => v.S));
    }

    [Fact]
    public async Task GetItem_AttributesToGet_ReturnsOnlyThoseAttributes()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("p")), ("a", S("1")), ("b", S("2"))));

        var got = (await client.GetItemAsync(new GetItemRequest { TableName = name, Key = Key("p"), AttributesToGet = ["b", "missing"] })).Item;

        Assert.Equal(["b"], got.Keys);
    }

    [Fact]
    public async Task GetItem_ProjectionExpressionWithAttributesToGet_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.GetItemAsync(new GetItemRequest { TableName = name, Key = Key("p"), AttributesToGet = ["a"], ProjectionExpression = "a" }),
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
    }

    [Fact]
    public async Task GetItem_KeyNotMatchingSchema_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await RangeTableAsync(client);

        await ValidationAsync(() => client.GetItemAsync(name, Key("a")), "The provided key element does not match the schema");
        await ValidationAsync(() => client.GetItemAsync(name, Item(("pk", S("a")), ("sk", S("1")))), "The provided key element does not match the schema");
        await ValidationAsync(() => client.GetItemAsync(name, Item(("pk", S("a")), ("sk", N(1)), ("x", S("y")))), "The provided key element does not match the schema");
    }

    [Fact]
    public async Task GetItem_EmptyStringKey_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.GetItemAsync(name, Key(string.Empty)),
            "One or more parameter values were invalid: The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
    }

    [Fact]
    public async Task PutItem_EmptyStringKey_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.PutItemAsync(name, Key(string.Empty)),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
    }

    [Fact]
    public async Task PutItem_MissingKeyAttribute_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.PutItemAsync(name, Item(("other", S("x")))),
            "One or more parameter values were invalid: Missing the key pk in the item");
    }

    [Fact]
    public async Task PutItem_KeyOfTheWrongType_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.PutItemAsync(name, Item(("pk", N(1)))),
            "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
    }

    [Fact]
    public async Task PutItem_IndexKeyOfTheWrongType_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("index-type");
        await client.CreateTableAsync(TableTests.IndexedTable(name));
        await WaitActiveAsync(client, name);

        await ValidationAsync(() => client.PutItemAsync(name, Item(("pk", S("a")), ("sk", N(1)), ("owner", N(5)))),
            "One or more parameter values were invalid: Type mismatch for Index Key owner Expected: S Actual: N IndexName: by-owner");
    }

    [Fact]
    public async Task PutItem_EmptyStringsOutsideKeys_AreStored()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await client.PutItemAsync(name, Item(
            ("pk", S("e")),
            ("s", S(string.Empty)),
            ("b", B()),
            ("l", new AttributeValue { L = [S(string.Empty)] }),
            ("m", new AttributeValue { M = new() { ["x"] = S(string.Empty) } })));
        var got = (await client.GetItemAsync(name, Key("e"))).Item;

        Assert.Equal(string.Empty, got["s"].S);
        Assert.Empty(got["b"].B.ToArray());
        Assert.Equal(string.Empty, got["l"].L.Single().S);
        Assert.Equal(string.Empty, got["m"].M["x"].S);
    }

    [Fact]
    public async Task PutItem_EmptyStringIndexKey_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("index-empty");
        await client.CreateTableAsync(TableTests.IndexedTable(name));
        await WaitActiveAsync(client, name);

        await ValidationAsync(() => client.PutItemAsync(name, Item(("pk", S("a")), ("sk", N(1)), ("owner", S(string.Empty)))),
            "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: by-owner, IndexKey: owner");
    }

    [Fact]
    public async Task PutItem_HashKeyAtTheLimit_IsStoredAndOneByteMoreIsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await client.PutItemAsync(name, Key(new string('h', 2048)));
        await ValidationAsync(() => client.PutItemAsync(name, Key(new string('h', 2049))),
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
        await ValidationAsync(() => client.GetItemAsync(name, Key(new string('h', 2049))),
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");

        Assert.True((await client.GetItemAsync(name, Key(new string('h', 2048)))).IsItemSet);
    }

    [Fact]
    public async Task PutItem_RangeKeyAtTheLimit_IsStoredAndOneByteMoreIsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("range-s");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        await WaitActiveAsync(client, name);

        await client.PutItemAsync(name, Item(("pk", S("a")), ("sk", S(new string('é', 512)))));
        await ValidationAsync(() => client.PutItemAsync(name, Item(("pk", S("a")), ("sk", S(new string('r', 1025))))),
            "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
    }

    [Fact]
    public async Task PutItem_ItemOfExactly400Kb_IsStoredAndOneByteMoreIsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var padding = 400 * 1024 - "pk".Length - "a".Length - "v".Length;

        await client.PutItemAsync(name, Item(("pk", S("a")), ("v", S(new string('x', padding)))));
        await ValidationAsync(() => client.PutItemAsync(name, Item(("pk", S("b")), ("v", S(new string('x', padding + 1))))),
            "Item size has exceeded the maximum allowed size");

        Assert.Equal(padding, (await client.GetItemAsync(name, Key("a"))).Item["v"].S.Length);
    }

    [Fact]
    public async Task UpdateItem_GrowingPast400Kb_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("a")), ("v", S(new string('x', 300 * 1024)))));

        await ValidationAsync(() => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("a"),
            UpdateExpression = "SET w = :w",
            ExpressionAttributeValues = new() { [":w"] = S(new string('y', 200 * 1024)) },
        }), "Item size to update has exceeded the maximum allowed size");
    }

    [Fact]
    public async Task PutItem_ReturnValuesAllOld_ReturnsTheReplacedItem()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var first = await client.PutItemAsync(new PutItemRequest { TableName = name, Item = Item(("pk", S("a")), ("v", N(1))), ReturnValues = ReturnValue.ALL_OLD });
        var second = await client.PutItemAsync(new PutItemRequest { TableName = name, Item = Item(("pk", S("a")), ("v", N(2))), ReturnValues = ReturnValue.ALL_OLD });

        Assert.True(first.Attributes is null || first.Attributes.Count == 0);
        Assert.Equal("1", second.Attributes["v"].N);
    }

    [Fact]
    public async Task PutItem_ReturnValuesAllNew_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.PutItemAsync(new PutItemRequest { TableName = name, Item = Key("a"), ReturnValues = ReturnValue.ALL_NEW }),
            "ReturnValues can only be ALL_OLD or NONE");
    }

    [Fact]
    public async Task UpdateItem_SetRemoveAddDelete_ApplyTogether()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(
            ("pk", S("u")),
            ("gone", S("x")),
            ("count", N(5)),
            ("tags", new AttributeValue { SS = ["a", "b", "c"] }),
            ("list", new AttributeValue { L = [N(1)] })));

        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("u"),
            UpdateExpression = "SET title = :t, #l = list_append(#l, :more), fresh = if_not_exists(fresh, :zero) REMOVE gone ADD #c :two, newset :ns DELETE tags :drop",
            ExpressionAttributeNames = new() { ["#c"] = "count", ["#l"] = "list" },
            ExpressionAttributeValues = new()
            {
                [":t"] = S("hello"),
                [":more"] = new AttributeValue { L = [N(2)] },
                [":zero"] = N(0),
                [":two"] = N(2),
                [":ns"] = new AttributeValue { NS = ["7"] },
                [":drop"] = new AttributeValue { SS = ["a", "c"] },
            },
        });
        var got = (await client.GetItemAsync(name, Key("u"))).Item;

        Assert.Equal("hello", got["title"].S);
        Assert.False(got.ContainsKey("gone"));
        Assert.Equal("7", got["count"].N);
        Assert.Equal(["b"], got["tags"].SS);
        Assert.Equal(["1", "2"], got["list"].L.Select(v => v.N));
        Assert.Equal("0", got["fresh"].N);
        Assert.Equal(["7"], got["newset"].NS);
    }

    [Fact]
    public async Task UpdateItem_DeletingEverySetMember_RemovesTheAttribute()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("u")), ("tags", new AttributeValue { SS = ["a"] })));

        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("u"),
            UpdateExpression = "DELETE tags :a",
            ExpressionAttributeValues = new() { [":a"] = new AttributeValue { SS = ["a"] } },
        });

        Assert.False((await client.GetItemAsync(name, Key("u"))).Item.ContainsKey("tags"));
    }

    [Fact]
    public async Task UpdateItem_MissingItem_IsCreatedFromTheKey()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var updated = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("new"),
            UpdateExpression = "ADD visits :one",
            ExpressionAttributeValues = new() { [":one"] = N(1) },
            ReturnValues = ReturnValue.ALL_NEW,
        });

        Assert.Equal(["pk", "visits"], updated.Attributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1", updated.Attributes["visits"].N);
    }

    [Theory]
    [InlineData("NONE", "")]
    [InlineData("ALL_OLD", "a=1,b=old,pk=r")]
    [InlineData("UPDATED_OLD", "b=old")]
    [InlineData("ALL_NEW", "a=1,b=new,c=added,pk=r")]
    [InlineData("UPDATED_NEW", "b=new,c=added")]
    public async Task UpdateItem_ReturnValues_ReturnTheRequestedImage(string returnValues, string expected)
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("r")), ("a", S("1")), ("b", S("old"))));

        var updated = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("r"),
            UpdateExpression = "SET b = :b, c = :c",
            ExpressionAttributeValues = new() { [":b"] = S("new"), [":c"] = S("added") },
            ReturnValues = new ReturnValue(returnValues),
        });

        Assert.Equal(expected, string.Join(",", (updated.Attributes ?? []).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value.S}")));
    }

    [Fact]
    public async Task UpdateItem_KeyAttribute_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("k"),
            UpdateExpression = "SET pk = :v",
            ExpressionAttributeValues = new() { [":v"] = S("other") },
        }), "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
    }

    [Fact]
    public async Task UpdateItem_UndefinedExpressionValue_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.UpdateItemAsync(new UpdateItemRequest { TableName = name, Key = Key("k"), UpdateExpression = "SET a = :missing" }),
            "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :missing");
    }

    [Fact]
    public async Task UpdateItem_UnusedExpressionValue_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("k"),
            UpdateExpression = "SET a = :a",
            ExpressionAttributeValues = new() { [":a"] = S("1"), [":extra"] = S("2") },
        }), "Value provided in ExpressionAttributeValues unused in expressions: keys: {:extra}");
    }

    [Fact]
    public async Task UpdateItem_AttributeUpdatesWithUpdateExpression_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("k"),
            UpdateExpression = "SET a = :a",
            ExpressionAttributeValues = new() { [":a"] = S("1") },
            AttributeUpdates = new() { ["b"] = new AttributeValueUpdate { Action = AttributeAction.PUT, Value = S("2") } },
        }), "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}");
    }

    [Fact]
    public async Task UpdateItem_LegacyAttributeUpdates_PutAddDelete()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("l")), ("n", N(1)), ("tags", new AttributeValue { SS = ["a", "b"] }), ("old", S("x"))));

        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("l"),
            AttributeUpdates = new()
            {
                ["title"] = new AttributeValueUpdate { Action = AttributeAction.PUT, Value = S("t") },
                ["n"] = new AttributeValueUpdate { Action = AttributeAction.ADD, Value = N(10) },
                ["tags"] = new AttributeValueUpdate { Action = AttributeAction.DELETE, Value = new AttributeValue { SS = ["a"] } },
                ["old"] = new AttributeValueUpdate { Action = AttributeAction.DELETE },
            },
        });
        var got = (await client.GetItemAsync(name, Key("l"))).Item;

        Assert.Equal("t", got["title"].S);
        Assert.Equal("11", got["n"].N);
        Assert.Equal(["b"], got["tags"].SS);
        Assert.False(got.ContainsKey("old"));
    }

    [Fact]
    public async Task DeleteItem_ReturnValuesAllOld_ReturnsTheDeletedItem()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("d")), ("v", S("bye"))));

        var deleted = await client.DeleteItemAsync(new DeleteItemRequest { TableName = name, Key = Key("d"), ReturnValues = ReturnValue.ALL_OLD });
        var again = await client.DeleteItemAsync(new DeleteItemRequest { TableName = name, Key = Key("d"), ReturnValues = ReturnValue.ALL_OLD });

        Assert.Equal("bye", deleted.Attributes["v"].S);
        Assert.True(again.Attributes is null || again.Attributes.Count == 0);
        Assert.False((await client.GetItemAsync(name, Key("d"))).IsItemSet);
    }

    [Fact]
    public async Task PutItem_AttributeNotExistsOnExistingItem_FailsTheCondition()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("c")), ("v", N(1))));

        var error = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Item(("pk", S("c")), ("v", N(2))),
            ConditionExpression = "attribute_not_exists(pk)",
        }));

        Assert.Equal("The conditional request failed", error.Message);
        Assert.True(error.Item is null || error.Item.Count == 0);
        Assert.Equal("1", (await client.GetItemAsync(name, Key("c"))).Item["v"].N);
    }

    [Fact]
    public async Task ConditionFailure_WithReturnValuesOnConditionCheckFailure_CarriesTheItem()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("c")), ("v", N(1)), ("owner", S("ann"))));

        var put = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Key("c"),
            ConditionExpression = "attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));
        var update = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("c"),
            UpdateExpression = "SET v = :two",
            ConditionExpression = "v = :zero",
            ExpressionAttributeValues = new() { [":two"] = N(2), [":zero"] = N(0) },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));
        var delete = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = name,
            Key = Key("c"),
            ConditionExpression = "#o = :bob",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":bob"] = S("bob") },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));

        Assert.All(new[] { put.Item, update.Item, delete.Item }, item => Assert.Equal(("c", "1", "ann"), (item["pk"].S, item["v"].N, item["owner"].S)));
    }

    [Fact]
    public async Task ConditionFailure_OnMissingItemWithAllOld_CarriesNoItem()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var error = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = name,
            Key = Key("none"),
            ConditionExpression = "attribute_exists(pk)",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));

        Assert.True(error.Item is null || error.Item.Count == 0);
    }

    [Fact]
    public async Task ConditionExpression_Functions_DecideTheWrite()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("f")), ("title", S("hello world")), ("n", N(5)), ("tags", new AttributeValue { SS = ["x", "y"] })));

        async Task<bool> Holds(string condition, Dictionary<string, AttributeValue> values)
        {
            try
            {
                await client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = name,
                    Key = Key("f"),
                    UpdateExpression = "SET touched = :t",
                    ConditionExpression = condition,
                    ExpressionAttributeValues = new(values) { [":t"] = Bool(true) },
                });
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                return false;
            }
        }

        Assert.True(await Holds("begins_with(title, :p)", new() { [":p"] = S("hello") }));
        Assert.False(await Holds("begins_with(title, :p)", new() { [":p"] = S("world") }));
        Assert.True(await Holds("contains(tags, :x)", new() { [":x"] = S("x") }));
        Assert.True(await Holds("n BETWEEN :lo AND :hi", new() { [":lo"] = N(1), [":hi"] = N(5) }));
        Assert.False(await Holds("n IN (:a, :b)", new() { [":a"] = N(1), [":b"] = N(2) }));
        Assert.True(await Holds("size(tags) = :two AND attribute_type(n, :type)", new() { [":two"] = N(2), [":type"] = S("N") }));
        Assert.True(await Holds("NOT (n < :three) OR attribute_not_exists(nothing)", new() { [":three"] = N(3) }));
    }

    [Fact]
    public async Task LegacyExpected_ExistsAndValue_DecideTheWrite()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await client.PutItemAsync(new PutItemRequest { TableName = name, Item = Item(("pk", S("e")), ("v", N(1))), Expected = new() { ["pk"] = new ExpectedAttributeValue { Exists = false } } });
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Item(("pk", S("e")), ("v", N(2))),
            Expected = new() { ["pk"] = new ExpectedAttributeValue { Exists = false } },
        }));
        await client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Item(("pk", S("e")), ("v", N(3))),
            Expected = new() { ["v"] = new ExpectedAttributeValue { Value = N(1) } },
        });
        await client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = name,
            Key = Key("e"),
            Expected = new() { ["v"] = new ExpectedAttributeValue { ComparisonOperator = ComparisonOperator.GT, AttributeValueList = [N(2)] } },
        });

        Assert.False((await client.GetItemAsync(name, Key("e"))).IsItemSet);
    }

    [Fact]
    public async Task LegacyExpected_WithConditionExpression_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Key("x"),
            Expected = new() { ["pk"] = new ExpectedAttributeValue { Exists = false } },
            ConditionExpression = "attribute_not_exists(pk)",
        }), "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
    }

    [Fact]
    public async Task PutItem_ConsumedCapacityTotal_IsOneUnitPerKilobyteWritten()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var oneKb = 1024 - "pk".Length - "a".Length - "v".Length;

        var small = await client.PutItemAsync(new PutItemRequest { TableName = name, Item = Item(("pk", S("a")), ("v", S(new string('x', oneKb)))), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        var larger = await client.PutItemAsync(new PutItemRequest { TableName = name, Item = Item(("pk", S("b")), ("v", S(new string('x', oneKb + 1)))), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        var shrink = await client.PutItemAsync(new PutItemRequest { TableName = name, Item = Item(("pk", S("b"))), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        var none = await client.PutItemAsync(new PutItemRequest { TableName = name, Item = Item(("pk", S("c"))), ReturnConsumedCapacity = ReturnConsumedCapacity.NONE });

        Assert.Equal((name, 1.0), (small.ConsumedCapacity.TableName, small.ConsumedCapacity.CapacityUnits));
        Assert.Equal(1.0, small.ConsumedCapacity.WriteCapacityUnits);
        Assert.Equal(2.0, larger.ConsumedCapacity.CapacityUnits);
        Assert.Equal(2.0, shrink.ConsumedCapacity.CapacityUnits);
        Assert.Null(none.ConsumedCapacity);
    }

    [Fact]
    public async Task GetItem_ConsumedCapacity_IsOneUnitPerFourKilobytesHalvedWhenEventual()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var fourKb = 4096 - "pk".Length - "a".Length - "v".Length;
        await client.PutItemAsync(name, Item(("pk", S("a")), ("v", S(new string('x', fourKb)))));
        await client.PutItemAsync(name, Item(("pk", S("b")), ("v", S(new string('x', fourKb + 1)))));

        async Task<double?> Units(string pk, bool consistent) => (await client.GetItemAsync(new GetItemRequest
        {
            TableName = name,
            Key = Key(pk),
            ConsistentRead = consistent,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        })).ConsumedCapacity.CapacityUnits;

        Assert.Equal(0.5, await Units("a", consistent: false));
        Assert.Equal(1.0, await Units("a", consistent: true));
        Assert.Equal(1.0, await Units("b", consistent: false));
        Assert.Equal(2.0, await Units("b", consistent: true));
        Assert.Equal(0.5, await Units("missing", consistent: false));
    }

    [Fact]
    public async Task PutItem_ConsumedCapacityIndexes_CountsOnlyTheIndexesWritten()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("capacity-indexes");
        await client.CreateTableAsync(TableTests.IndexedTable(name));
        await WaitActiveAsync(client, name);

        var ownerOnly = (await client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Item(("pk", S("a")), ("sk", N(1)), ("owner", S("ann"))),
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        })).ConsumedCapacity;
        var all = (await client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Item(("pk", S("b")), ("sk", N(1)), ("owner", S("ann")), ("status", S("open")), ("score", N(3))),
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        })).ConsumedCapacity;
        var total = (await client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Item(("pk", S("c")), ("sk", N(1)), ("owner", S("ann"))),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        })).ConsumedCapacity;

        Assert.Equal(1.0, ownerOnly.Table.CapacityUnits);
        Assert.Equal(["by-owner"], ownerOnly.GlobalSecondaryIndexes.Keys);
        Assert.Equal(1.0, ownerOnly.GlobalSecondaryIndexes["by-owner"].CapacityUnits);
        Assert.True(ownerOnly.LocalSecondaryIndexes is null || ownerOnly.LocalSecondaryIndexes.Count == 0);
        Assert.Equal(2.0, ownerOnly.CapacityUnits);
        Assert.Equal(["by-owner", "by-status"], all.GlobalSecondaryIndexes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["by-score"], all.LocalSecondaryIndexes.Keys);
        Assert.Equal(4.0, all.CapacityUnits);
        Assert.Equal(2.0, total.CapacityUnits);
        Assert.Null(total.Table);
    }

    [Fact]
    public async Task UpdateItem_MovingAnIndexKey_CostsADeleteAndAPutInTheIndex()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("capacity-move");
        await client.CreateTableAsync(TableTests.IndexedTable(name));
        await WaitActiveAsync(client, name);
        await client.PutItemAsync(name, Item(("pk", S("a")), ("sk", N(1)), ("owner", S("ann"))));

        var moved = (await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("a", 1),
            UpdateExpression = "SET #o = :bob",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":bob"] = S("bob") },
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        })).ConsumedCapacity;
        var untouched = (await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("a", 1),
            UpdateExpression = "SET note = :x",
            ExpressionAttributeValues = new() { [":x"] = S("x") },
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        })).ConsumedCapacity;

        Assert.Equal(2.0, moved.GlobalSecondaryIndexes["by-owner"].CapacityUnits);
        Assert.Equal(3.0, moved.CapacityUnits);
        Assert.True(untouched.GlobalSecondaryIndexes is null || untouched.GlobalSecondaryIndexes.Count == 0);
        Assert.Equal(1.0, untouched.CapacityUnits);
    }

    [Fact]
    public async Task ReturnItemCollectionMetrics_OnATableWithALocalIndex_ReportsTheCollection()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("metrics");
        await client.CreateTableAsync(TableTests.IndexedTable(name));
        await WaitActiveAsync(client, name);
        var plain = await HashTableAsync(client);

        var metrics = (await client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = Item(("pk", S("col")), ("sk", N(1))),
            ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE,
        })).ItemCollectionMetrics;
        var none = (await client.PutItemAsync(new PutItemRequest { TableName = plain, Item = Key("col"), ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE })).ItemCollectionMetrics;

        Assert.Equal(["pk"], metrics.ItemCollectionKey.Keys);
        Assert.Equal("col", metrics.ItemCollectionKey["pk"].S);
        Assert.Equal(2, metrics.SizeEstimateRangeGB.Count);
        Assert.True(metrics.SizeEstimateRangeGB[0] <= metrics.SizeEstimateRangeGB[1]);
        Assert.Null(none);
    }

    [Fact]
    public async Task ConditionalPutRace_TwentyWritersOfOneKey_ExactlyOneWins()
    {
        using var first = fixture.CreateDynamoDbClient();
        using var second = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(first);

        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            var client = i % 2 == 0 ? first : second;
            try
            {
                await client.PutItemAsync(new PutItemRequest
                {
                    TableName = name,
                    Item = Item(("pk", S("race")), ("writer", N(i))),
                    ConditionExpression = "attribute_not_exists(pk)",
                });
                return (Writer: i, Won: true);
            }
            catch (ConditionalCheckFailedException)
            {
                return (Writer: i, Won: false);
            }
        });
        var results = await Task.WhenAll(attempts);
        var stored = (await first.GetItemAsync(new GetItemRequest { TableName = name, Key = Key("race"), ConsistentRead = true })).Item;

        var winner = Assert.Single(results, r => r.Won);
        Assert.Equal(19, results.Count(r => !r.Won));
        Assert.Equal(winner.Writer.ToString(System.Globalization.CultureInfo.InvariantCulture), stored["writer"].N);
    }

    [Fact]
    public async Task OptimisticLocking_ConcurrentVersionedUpdates_LoseNoIncrement()
    {
        using var first = fixture.CreateDynamoDbClient();
        using var second = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(first);
        await first.PutItemAsync(name, Item(("pk", S("lock")), ("version", N(0)), ("total", N(0))));

        async Task<int> IncrementAsync(IAmazonDynamoDB client)
        {
            var conflicts = 0;
            while (true)
            {
                var current = (await client.GetItemAsync(new GetItemRequest { TableName = name, Key = Key("lock"), ConsistentRead = true })).Item;
                var version = long.Parse(current["version"].N, System.Globalization.CultureInfo.InvariantCulture);
                var total = long.Parse(current["total"].N, System.Globalization.CultureInfo.InvariantCulture);
                try
                {
                    await client.PutItemAsync(new PutItemRequest
                    {
                        TableName = name,
                        Item = Item(("pk", S("lock")), ("version", N(version + 1)), ("total", N(total + 1))),
                        ConditionExpression = "version = :expected",
                        ExpressionAttributeValues = new() { [":expected"] = N(version) },
                    });
                    return conflicts;
                }
                catch (ConditionalCheckFailedException)
                {
                    conflicts++;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => IncrementAsync(i % 2 == 0 ? first : second)));
        var final = (await first.GetItemAsync(new GetItemRequest { TableName = name, Key = Key("lock"), ConsistentRead = true })).Item;

        Assert.Equal(("10", "10"), (final["version"].N, final["total"].N));
    }

    [Fact]
    public async Task AtomicCounter_ParallelAdds_AllCount()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = Key("counter"),
            UpdateExpression = "ADD hits :one",
            ExpressionAttributeValues = new() { [":one"] = N(1) },
        })));

        Assert.Equal("20", (await client.GetItemAsync(name, Key("counter"))).Item["hits"].N);
    }

    [Fact]
    public async Task PutItem_BinaryKey_RoundTripsTheBytes()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("binary");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.B)],
            KeySchema = [new("pk", KeyType.HASH)],
        });
        await WaitActiveAsync(client, name);
        var key = Encoding.UTF8.GetBytes("\u0000bin\u00ff");

        await client.PutItemAsync(name, Item(("pk", B(key)), ("v", S("x"))));
        var got = (await client.GetItemAsync(name, Item(("pk", B(key))))).Item;

        Assert.Equal(key, got["pk"].B.ToArray());
    }
}
