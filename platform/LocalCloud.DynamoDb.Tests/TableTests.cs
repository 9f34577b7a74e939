using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.Ddb;

namespace LocalCloud.DynamoDb.Tests;

public sealed class TableTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task CreateTable_HashKey_ReturnsCreatingThenBecomesActive()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("create");

        var created = (await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
        })).TableDescription;
        var active = await WaitActiveAsync(client, name);

        Assert.Equal(TableStatus.CREATING, created.TableStatus);
        Assert.Equal(TableStatus.ACTIVE, active.TableStatus);
        Assert.Equal(name, active.TableName);
        Assert.Equal($"arn:aws:dynamodb:us-east-1:000000000000:table/{name}", active.TableArn);
        Assert.True(Guid.TryParse(active.TableId, out _));
        Assert.Equal(created.TableId, active.TableId);
        Assert.Equal(("pk", KeyType.HASH), (active.KeySchema.Single().AttributeName, active.KeySchema.Single().KeyType));
        Assert.Equal(0, active.ItemCount);
        Assert.Equal(0, active.TableSizeBytes);
        Assert.False(active.DeletionProtectionEnabled);
        Assert.True(active.CreationDateTime > new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [Theory]
    [InlineData("S", "N")]
    [InlineData("N", "B")]
    [InlineData("B", "S")]
    public async Task CreateTable_ScalarKeyTypes_AreDescribedWithTheirTypes(string hashType, string rangeType)
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("types");

        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("h", new ScalarAttributeType(hashType)), new("r", new ScalarAttributeType(rangeType))],
            KeySchema = [new("h", KeyType.HASH), new("r", KeyType.RANGE)],
        });
        var table = await WaitActiveAsync(client, name);

        Assert.Equal(
            [("h", hashType), ("r", rangeType)],
            table.AttributeDefinitions.OrderBy(a => a.AttributeName, StringComparer.Ordinal).Select(a => (a.AttributeName, a.AttributeType.Value)));
        Assert.Equal([("h", "HASH"), ("r", "RANGE")], table.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)));
    }

    [Fact]
    public async Task CreateTable_Provisioned_ReportsItsThroughput()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("provisioned");

        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            ProvisionedThroughput = new ProvisionedThroughput(5, 7),
        });
        var table = await WaitActiveAsync(client, name);

        Assert.Equal((5L, 7L, 0L), (table.ProvisionedThroughput.ReadCapacityUnits, table.ProvisionedThroughput.WriteCapacityUnits, table.ProvisionedThroughput.NumberOfDecreasesToday));
        Assert.NotEqual(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary?.BillingMode);
    }

    [Fact]
    public async Task CreateTable_PayPerRequest_ReportsBillingModeSummaryAndZeroThroughput()
    {
        using var client = fixture.CreateDynamoDbClient();

        var table = await WaitActiveAsync(client, await HashTableAsync(client));

        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary.BillingMode);
        Assert.NotNull(table.BillingModeSummary.LastUpdateToPayPerRequestDateTime);
        Assert.Equal((0L, 0L), (table.ProvisionedThroughput.ReadCapacityUnits, table.ProvisionedThroughput.WriteCapacityUnits));
    }

    [Fact]
    public async Task CreateTable_WithLocalAndGlobalIndexes_DescribesEveryProjection()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("indexes");

        var created = (await client.CreateTableAsync(IndexedTable(name))).TableDescription;
        var table = await WaitActiveAsync(client, name);

        Assert.All(created.GlobalSecondaryIndexes, i => Assert.Equal(IndexStatus.CREATING, i.IndexStatus));
        var lsi = Assert.Single(table.LocalSecondaryIndexes);
        Assert.Equal("by-score", lsi.IndexName);
        Assert.Equal(ProjectionType.ALL, lsi.Projection.ProjectionType);
        Assert.Equal([("pk", "HASH"), ("score", "RANGE")], lsi.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)));
        Assert.Equal($"{table.TableArn}/index/by-score", lsi.IndexArn);
        var gsis = table.GlobalSecondaryIndexes.ToDictionary(i => i.IndexName, StringComparer.Ordinal);
        Assert.Equal(ProjectionType.KEYS_ONLY, gsis["by-owner"].Projection.ProjectionType);
        Assert.Equal(ProjectionType.INCLUDE, gsis["by-status"].Projection.ProjectionType);
        Assert.Equal(["title"], gsis["by-status"].Projection.NonKeyAttributes);
        Assert.Equal([("status", "HASH"), ("score", "RANGE")], gsis["by-status"].KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)));
        Assert.All(gsis.Values, i => Assert.Equal(IndexStatus.ACTIVE, i.IndexStatus));
        Assert.Equal($"{table.TableArn}/index/by-owner", gsis["by-owner"].IndexArn);
    }

    [Fact]
    public async Task CreateTable_ProvisionedGlobalIndex_ReportsItsThroughput()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("gsi-provisioned");

        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("owner", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            ProvisionedThroughput = new ProvisionedThroughput(1, 1),
            GlobalSecondaryIndexes =
            [
                new() { IndexName = "by-owner", KeySchema = [new("owner", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL }, ProvisionedThroughput = new(3, 4) },
            ],
        });
        var index = Assert.Single((await WaitActiveAsync(client, name)).GlobalSecondaryIndexes);

        Assert.Equal((3L, 4L), (index.ProvisionedThroughput.ReadCapacityUnits, index.ProvisionedThroughput.WriteCapacityUnits));
    }

    [Fact]
    public async Task CreateTable_ProvisionedGlobalIndexWithoutThroughput_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();

        await ValidationAsync(() => client.CreateTableAsync(new CreateTableRequest
        {
            TableName = NewName("gsi-no-throughput"),
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("owner", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            ProvisionedThroughput = new ProvisionedThroughput(1, 1),
            GlobalSecondaryIndexes = [new() { IndexName = "by-owner", KeySchema = [new("owner", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
        }), "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: by-owner");
    }

    [Fact]
    public async Task CreateTable_SseSpecification_IsReportedBack()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("sse");

        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            SSESpecification = new SSESpecification { Enabled = true, SSEType = SSEType.KMS },
        });
        var table = await WaitActiveAsync(client, name);

        Assert.Equal(SSEStatus.ENABLED, table.SSEDescription.Status);
        Assert.Equal(SSEType.KMS, table.SSEDescription.SSEType);
        Assert.StartsWith("arn:aws:kms:us-east-1:000000000000:key/", table.SSEDescription.KMSMasterKeyArn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTable_TableClassAndDeletionProtection_AreReportedBack()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("class");

        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            TableClass = TableClass.STANDARD_INFREQUENT_ACCESS,
            DeletionProtectionEnabled = true,
        });
        var table = await WaitActiveAsync(client, name);
        await client.UpdateTableAsync(new UpdateTableRequest { TableName = name, DeletionProtectionEnabled = false });

        Assert.Equal(TableClass.STANDARD_INFREQUENT_ACCESS, table.TableClassSummary.TableClass);
        Assert.True(table.DeletionProtectionEnabled);
    }

    [Fact]
    public async Task CreateTable_ExistingName_IsResourceInUse()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var error = await Assert.ThrowsAsync<ResourceInUseException>(() => client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
        }));

        Assert.Equal($"Table already exists: {name}", error.Message);
    }

    [Fact]
    public async Task CreateTable_KeyWithoutDefinition_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();

        await ValidationAsync(() => client.CreateTableAsync(new CreateTableRequest
        {
            TableName = NewName("undefined"),
            AttributeDefinitions = [new("b", ScalarAttributeType.S)],
            KeySchema = [new("a", KeyType.HASH)],
            ProvisionedThroughput = new(1, 1),
        }), "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]");
    }

    [Fact]
    public async Task CreateTable_ExtraAttributeDefinition_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();

        await ValidationAsync(() => client.CreateTableAsync(new CreateTableRequest
        {
            TableName = NewName("extra"),
            AttributeDefinitions = [new("a", ScalarAttributeType.S), new("b", ScalarAttributeType.S)],
            KeySchema = [new("a", KeyType.HASH)],
            ProvisionedThroughput = new(1, 1),
        }), "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
    }

    [Fact]
    public async Task CreateTable_ProvisionedWithoutThroughput_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();

        await ValidationAsync(() => client.CreateTableAsync(new CreateTableRequest
        {
            TableName = NewName("no-throughput"),
            AttributeDefinitions = [new("a", ScalarAttributeType.S)],
            KeySchema = [new("a", KeyType.HASH)],
        }), "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }

    [Fact]
    public async Task CreateTable_PayPerRequestWithThroughput_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();

        await ValidationAsync(() => client.CreateTableAsync(new CreateTableRequest
        {
            TableName = NewName("both"),
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("a", ScalarAttributeType.S)],
            KeySchema = [new("a", KeyType.HASH)],
            ProvisionedThroughput = new(1, 1),
        }), "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }

    [Fact]
    public async Task CreateTable_ThroughputOutOfBounds_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();

        await ValidationAsync(() => client.CreateTableAsync(new CreateTableRequest
        {
            TableName = NewName("huge"),
            AttributeDefinitions = [new("a", ScalarAttributeType.S)],
            KeySchema = [new("a", KeyType.HASH)],
            ProvisionedThroughput = new(1000000000001, 1000000000001),
        }), "Given value 1000000000001 for ReadCapacityUnits is out of bounds");
    }

    [Fact]
    public async Task CreateTable_LocalIndexWithoutTableRangeKey_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();

        await ValidationAsync(() => client.CreateTableAsync(new CreateTableRequest
        {
            TableName = NewName("lsi-no-range"),
            AttributeDefinitions = [new("a", ScalarAttributeType.S), new("b", ScalarAttributeType.S)],
            KeySchema = [new("a", KeyType.HASH)],
            ProvisionedThroughput = new(1, 1),
            LocalSecondaryIndexes = [new() { IndexName = "lsi", KeySchema = [new("a", KeyType.HASH), new("b", KeyType.RANGE)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
        }), "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
    }

    [Fact]
    public async Task CreateTable_SecondKeyNotRange_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();

        await ValidationAsync(() => client.CreateTableAsync(new CreateTableRequest
        {
            TableName = NewName("two-hashes"),
            AttributeDefinitions = [new("a", ScalarAttributeType.S), new("b", ScalarAttributeType.S)],
            KeySchema = [new("a", KeyType.HASH), new("b", KeyType.HASH)],
            ProvisionedThroughput = new(1, 1),
        }), "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }

    [Fact]
    public async Task CreateTable_SetTypedAttributeDefinition_FailsItsEnumConstraint()
    {
        await RawErrorAsync(fixture, "CreateTable",
            """{"TableName":"abc","AttributeDefinitions":[{"AttributeName":"b","AttributeType":"SS"}],"KeySchema":[{"KeyType":"HASH","AttributeName":"a"}],"ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}""",
            ValidationType,
            "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
    }

    [Fact]
    public async Task CreateTable_SeveralBrokenConstraints_AreReportedTogether()
    {
        await RawErrorAsync(fixture, "CreateTable", """{"TableName":"abc;"}""", ValidationType,
            "3 validation errors detected: "
            + "Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null; "
            + "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
            + "Value null at 'keySchema' failed to satisfy constraint: Member must not be null");
    }

    [Fact]
    public async Task DescribeTable_Missing_IsResourceNotFoundNamingTheTable()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("missing");

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribeTableAsync(name));

        Assert.Equal($"Requested resource not found: Table: {name} not found", error.Message);
    }

    [Fact]
    public async Task DescribeTable_ByArn_DescribesTheTable()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var table = (await client.DescribeTableAsync($"arn:aws:dynamodb:us-east-1:000000000000:table/{name}")).Table;

        Assert.Equal(name, table.TableName);
    }

    [Fact]
    public async Task DescribeTable_AfterWrites_CountsItemsAndBytes()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("a")), ("v", S("12345"))));
        await client.PutItemAsync(name, Item(("pk", S("b"))));

        var table = (await client.DescribeTableAsync(name)).Table;

        Assert.Equal(2, table.ItemCount);
        Assert.Equal(3 + 6 + 3, table.TableSizeBytes);
    }

    [Fact]
    public async Task ListTables_Limit_PagesThroughEveryTableInOrder()
    {
        await using var host = await LocalCloudFixture.StartHostAsync();
        using var client = LocalCloudFixture.CreateDynamoDbClient(host);
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            names.Add(await HashTableAsync(client, $"list{i}"));
        }

        var pages = new List<ListTablesResponse>();
        string? start = null;
        do
        {
            var page = await client.ListTablesAsync(new ListTablesRequest { Limit = 2, ExclusiveStartTableName = start });
            pages.Add(page);
            start = page.LastEvaluatedTableName;
        }
        while (start is not null);

        Assert.Equal(names.Order(StringComparer.Ordinal), pages.SelectMany(p => p.TableNames));
        Assert.Equal([2, 2, 1], pages.Select(p => p.TableNames.Count));
        Assert.Equal(pages[0].TableNames[1], pages[0].LastEvaluatedTableName);
        Assert.Null(pages[2].LastEvaluatedTableName);
    }

    [Fact]
    public async Task ListTables_ExactlyLimitTables_EndsWithLastEvaluatedName()
    {
        await using var host = await LocalCloudFixture.StartHostAsync();
        using var client = LocalCloudFixture.CreateDynamoDbClient(host);
        await HashTableAsync(client, "one");
        await HashTableAsync(client, "two");

        var all = await client.ListTablesAsync(new ListTablesRequest());
        var first = await client.ListTablesAsync(new ListTablesRequest { Limit = 1 });
        var rest = await client.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = first.TableNames[0] });

        Assert.Equal(2, all.TableNames.Count);
        Assert.Null(all.LastEvaluatedTableName);
        Assert.Equal(first.TableNames[0], first.LastEvaluatedTableName);
        Assert.Equal([all.TableNames[1]], rest.TableNames);
    }

    [Fact]
    public async Task ListTables_LimitAboveHundred_IsRejected()
    {
        await RawErrorAsync(fixture, "ListTables", """{"Limit":101}""", ValidationType,
            "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
    }

    [Fact]
    public async Task UpdateTable_CreateGlobalIndex_BackfillsExistingItems()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("a")), ("owner", S("ann"))));
        await client.PutItemAsync(name, Item(("pk", S("b")), ("owner", S("bob"))));
        await client.PutItemAsync(name, Item(("pk", S("c"))));

        var updated = (await client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new("owner", ScalarAttributeType.S)],
            GlobalSecondaryIndexUpdates =
            [
                new() { Create = new() { IndexName = "by-owner", KeySchema = [new("owner", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } } },
            ],
        })).TableDescription;
        var table = await WaitActiveAsync(client, name);
        var found = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-owner",
            KeyConditionExpression = "#o = :o",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":o"] = S("bob") },
        });

        Assert.Equal(TableStatus.UPDATING, updated.TableStatus);
        Assert.Equal(IndexStatus.CREATING, updated.GlobalSecondaryIndexes.Single().IndexStatus);
        Assert.Equal(2, table.GlobalSecondaryIndexes.Single().ItemCount);
        Assert.Equal(["b"], found.Items.Select(i => i["pk"].S));
    }

    [Fact]
    public async Task UpdateTable_DeleteGlobalIndex_RemovesIt()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("gsi-delete");
        await client.CreateTableAsync(IndexedTable(name));
        await WaitActiveAsync(client, name);

        var updated = (await client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            GlobalSecondaryIndexUpdates = [new() { Delete = new() { IndexName = "by-owner" } }],
        })).TableDescription;
        var table = await WaitActiveAsync(client, name);
        var query = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-owner",
            KeyConditionExpression = "#o = :o",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":o"] = S("x") },
        }));

        Assert.Equal(IndexStatus.DELETING, updated.GlobalSecondaryIndexes.Single(i => i.IndexName == "by-owner").IndexStatus);
        Assert.Equal(["by-status"], table.GlobalSecondaryIndexes.Select(i => i.IndexName));
        Assert.Equal("The table does not have the specified index: by-owner", query.Message);
    }

    [Fact]
    public async Task UpdateTable_DeleteUnknownIndex_IsResourceNotFound()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            GlobalSecondaryIndexUpdates = [new() { Delete = new() { IndexName = "nope" } }],
        }));

        Assert.Equal($"Requested resource not found: Index: nope not found for table: {name}", error.Message);
    }

    [Fact]
    public async Task UpdateTable_BillingMode_SwitchesBothWays()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var provisioned = (await client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PROVISIONED,
            ProvisionedThroughput = new(4, 6),
        })).TableDescription;
        await WaitActiveAsync(client, name);
        var onDemand = (await client.UpdateTableAsync(new UpdateTableRequest { TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST })).TableDescription;
        var table = await WaitActiveAsync(client, name);

        Assert.Equal((4L, 6L), (provisioned.ProvisionedThroughput.ReadCapacityUnits, provisioned.ProvisionedThroughput.WriteCapacityUnits));
        Assert.Equal(BillingMode.PROVISIONED, provisioned.BillingModeSummary.BillingMode);
        Assert.Equal(TableStatus.UPDATING, onDemand.TableStatus);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary.BillingMode);
    }

    [Fact]
    public async Task UpdateTable_ToProvisionedWithoutThroughput_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.UpdateTableAsync(new UpdateTableRequest { TableName = name, BillingMode = BillingMode.PROVISIONED }),
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }

    [Fact]
    public async Task UpdateTable_NothingToChange_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.UpdateTableAsync(new UpdateTableRequest { TableName = name }),
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
    }

    [Fact]
    public async Task UpdateTable_Missing_IsResourceNotFoundNamingTheTable()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("missing");

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.UpdateTableAsync(new UpdateTableRequest { TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST }));

        Assert.Equal($"Requested resource not found: Table: {name} not found", error.Message);
    }

    [Fact]
    public async Task UpdateTable_StreamSpecification_IsReportedOnAndOff()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var enabled = (await client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = name,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
        })).TableDescription;
        var described = await WaitActiveAsync(client, name);
        await client.UpdateTableAsync(new UpdateTableRequest { TableName = name, StreamSpecification = new StreamSpecification { StreamEnabled = false } });
        var disabled = await WaitActiveAsync(client, name);

        Assert.True(enabled.StreamSpecification.StreamEnabled);
        Assert.Equal(StreamViewType.NEW_AND_OLD_IMAGES, described.StreamSpecification.StreamViewType);
        Assert.StartsWith($"{described.TableArn}/stream/", described.LatestStreamArn, StringComparison.Ordinal);
        Assert.EndsWith(described.LatestStreamLabel, described.LatestStreamArn, StringComparison.Ordinal);
        Assert.NotEqual(true, disabled.StreamSpecification?.StreamEnabled);
    }

    [Fact]
    public async Task UpdateTable_EnableStreamWithoutViewType_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.UpdateTableAsync(new UpdateTableRequest { TableName = name, StreamSpecification = new StreamSpecification { StreamEnabled = true } }),
            "One or more parameter values were invalid: You must specify a StreamViewType when enabling a stream");
    }

    [Fact]
    public async Task DeleteTable_RemovesTheTable()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("a"))));

        var deleted = (await client.DeleteTableAsync(name)).TableDescription;
        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribeTableAsync(name));
        var put = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.PutItemAsync(name, Item(("pk", S("a")))));

        Assert.Equal(TableStatus.DELETING, deleted.TableStatus);
        Assert.Equal(name, deleted.TableName);
        Assert.Equal($"Requested resource not found: Table: {name} not found", error.Message);
        Assert.Equal("Requested resource not found", put.Message);
    }

    [Fact]
    public async Task DeleteTable_Missing_IsResourceNotFoundNamingTheTable()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("missing");

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DeleteTableAsync(name));

        Assert.Equal($"Requested resource not found: Table: {name} not found", error.Message);
    }

    [Fact]
    public async Task DeleteTable_WithDeletionProtection_IsRejectedUntilDisabled()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.UpdateTableAsync(new UpdateTableRequest { TableName = name, DeletionProtectionEnabled = true });
        await WaitActiveAsync(client, name);

        await ValidationAsync(() => client.DeleteTableAsync(name),
            $"Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first. TableArn: arn:aws:dynamodb:us-east-1:000000000000:table/{name}");
        await client.UpdateTableAsync(new UpdateTableRequest { TableName = name, DeletionProtectionEnabled = false });
        await WaitActiveAsync(client, name);
        await client.DeleteTableAsync(name);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribeTableAsync(name));
    }

    [Fact]
    public async Task Tags_TagListUntag_RoundTrip()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var arn = (await client.DescribeTableAsync(name)).Table.TableArn;

        await client.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new() { Key = "team", Value = "orders" }, new() { Key = "env", Value = "dev" }] });
        var tagged = await client.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = arn });
        await client.UntagResourceAsync(new UntagResourceRequest { ResourceArn = arn, TagKeys = ["env"] });
        var untagged = await client.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = arn });

        Assert.Equal([("env", "dev"), ("team", "orders")], tagged.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)));
        Assert.Equal([("team", "orders")], untagged.Tags.Select(t => (t.Key, t.Value)));
    }

    [Fact]
    public async Task Tags_GivenAtCreation_AreListed()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("tagged");
        var created = (await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            Tags = [new() { Key = "owner", Value = "platform" }],
        })).TableDescription;

        var tags = await client.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = created.TableArn });

        Assert.Equal([("owner", "platform")], tags.Tags.Select(t => (t.Key, t.Value)));
    }

    [Fact]
    public async Task Tags_OfMissingTable_AreResourceNotFound()
    {
        using var client = fixture.CreateDynamoDbClient();
        var arn = $"arn:aws:dynamodb:us-east-1:000000000000:table/{NewName("missing")}";

        var list = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = arn }));
        var tag = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new() { Key = "a", Value = "b" }] }));
        var untag = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.UntagResourceAsync(new UntagResourceRequest { ResourceArn = arn, TagKeys = ["a"] }));

        Assert.Equal($"Requested resource not found: ResourcArn: {arn} not found", list.Message);
        Assert.Equal($"Requested resource not found: ResourcArn: {arn} not found", tag.Message);
        Assert.Equal("Requested resource not found", untag.Message);
    }

    [Fact]
    public async Task Tags_EmptyLists_AreRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var arn = (await client.DescribeTableAsync(name)).Table.TableArn;

        await RawErrorAsync(fixture, "TagResource", $$"""{"ResourceArn":"{{arn}}","Tags":[]}""", ValidationType, "Atleast one Tag needs to be provided as Input.");
        await RawErrorAsync(fixture, "UntagResource", $$"""{"ResourceArn":"{{arn}}","TagKeys":[]}""", ValidationType, "Atleast one Tag Key needs to be provided as Input.");
    }

    [Fact]
    public async Task Tags_InvalidArn_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();

        await ValidationAsync(() => client.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = "a:b:c:d:e:f/g" }),
            "Invalid TableArn: Invalid ResourceArn provided as input a:b:c:d:e:f/g");
    }

    [Fact]
    public async Task DescribeEndpoints_ReturnsOneEndpointCachedForADay()
    {
        using var client = fixture.CreateDynamoDbClient();

        var endpoints = await client.DescribeEndpointsAsync(new DescribeEndpointsRequest());

        var endpoint = Assert.Single(endpoints.Endpoints);
        Assert.Equal(1440, endpoint.CachePeriodInMinutes);
        Assert.False(string.IsNullOrEmpty(endpoint.Address));
    }

    [Fact]
    public async Task DescribeLimits_ReturnsAccountAndTableLimits()
    {
        using var client = fixture.CreateDynamoDbClient();

        var limits = await client.DescribeLimitsAsync(new DescribeLimitsRequest());

        Assert.Equal((80000L, 80000L, 40000L, 40000L),
            (limits.AccountMaxReadCapacityUnits, limits.AccountMaxWriteCapacityUnits, limits.TableMaxReadCapacityUnits, limits.TableMaxWriteCapacityUnits));
    }

    internal static CreateTableRequest IndexedTable(string name) => new()
    {
        TableName = name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new("pk", ScalarAttributeType.S),
            new("sk", ScalarAttributeType.N),
            new("score", ScalarAttributeType.N),
            new("owner", ScalarAttributeType.S),
            new("status", ScalarAttributeType.S),
        ],
        KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        LocalSecondaryIndexes =
        [
            new() { IndexName = "by-score", KeySchema = [new("pk", KeyType.HASH), new("score", KeyType.RANGE)], Projection = new() { ProjectionType = ProjectionType.ALL } },
        ],
        GlobalSecondaryIndexes =
        [
            new() { IndexName = "by-owner", KeySchema = [new("owner", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY } },
            new()
            {
                IndexName = "by-status",
                KeySchema = [new("status", KeyType.HASH), new("score", KeyType.RANGE)],
                Projection = new() { ProjectionType = ProjectionType.INCLUDE, NonKeyAttributes = ["title"] },
            },
        ],
    };
}
