using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.DataModel;
using Amazon.DynamoDBv2.DocumentModel;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.Ddb;

namespace LocalCloud.DynamoDb.Tests;

/// <summary>The SDK's higher layers (Document model and object persistence) against the local cloud.</summary>
public sealed class DocumentModelTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task Document_PutGetUpdateDelete_RoundTrip()
    {
        using var client = fixture.CreateDynamoDbClient();
        var table = new TableBuilder(client, await HashTableAsync(client)).AddHashKey("pk", DynamoDBEntryType.String).Build();
        var document = new Document
        {
            ["pk"] = "doc-1",
            ["title"] = "first",
            ["count"] = 3,
            ["tags"] = new List<string> { "a", "b" },
            ["nested"] = new Document { ["flag"] = new DynamoDBBool(true) },
        };

        await table.PutItemAsync(document);
        var loaded = await table.GetItemAsync("doc-1");
        await table.UpdateItemAsync(new Document { ["pk"] = "doc-1", ["title"] = "second" });
        var updated = await table.GetItemAsync("doc-1");
        await table.DeleteItemAsync("doc-1");
        var deleted = await table.GetItemAsync("doc-1");

        Assert.Equal("first", loaded["title"].AsString());
        Assert.Equal(3, loaded["count"].AsInt());
        Assert.Equal(["a", "b"], loaded["tags"].AsListOfString().Order(StringComparer.Ordinal));
        Assert.True(loaded["nested"].AsDocument()["flag"].AsBoolean());
        Assert.Equal(("second", 3), (updated["title"].AsString(), updated["count"].AsInt()));
        Assert.Null(deleted);
    }

    [Fact]
    public async Task Document_ConditionalPut_FailsWhenTheExpressionIsFalse()
    {
        using var client = fixture.CreateDynamoDbClient();
        var table = new TableBuilder(client, await HashTableAsync(client)).AddHashKey("pk", DynamoDBEntryType.String).Build();
        await table.PutItemAsync(new Document { ["pk"] = "c", ["v"] = 1 });

        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => table.PutItemAsync(
            new Document { ["pk"] = "c", ["v"] = 2 },
            new PutItemOperationConfig { ConditionalExpression = new Expression { ExpressionStatement = "attribute_not_exists(pk)" } }));

        Assert.Equal(1, (await table.GetItemAsync("c"))["v"].AsInt());
    }

    [Fact]
    public async Task Document_QueryWithFilter_ReturnsTheMatchingDocuments()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await RangeTableAsync(client);
        var table = new TableBuilder(client, name).AddHashKey("pk", DynamoDBEntryType.String).AddRangeKey("sk", DynamoDBEntryType.Numeric).Build();
        for (var i = 0; i < 6; i++)
        {
            await table.PutItemAsync(new Document { ["pk"] = "q", ["sk"] = i, ["kind"] = i % 3 == 0 ? "x" : "y" });
        }

        var filter = new QueryFilter("sk", QueryOperator.GreaterThan, 0);
        filter.AddCondition("kind", ScanOperator.Equal, "x");
        var search = table.Query("q", filter);
        var found = new List<Document>();
        do
        {
            found.AddRange(await search.GetNextSetAsync());
        }
        while (!search.IsDone);

        Assert.Equal([3], found.Select(d => d["sk"].AsInt()));
    }

    [Fact]
    public async Task Document_ScanWithPaging_ReturnsEveryDocument()
    {
        using var client = fixture.CreateDynamoDbClient();
        var table = new TableBuilder(client, await HashTableAsync(client)).AddHashKey("pk", DynamoDBEntryType.String).Build();
        var batch = table.CreateBatchWrite();
        for (var i = 0; i < 30; i++)
        {
            batch.AddDocumentToPut(new Document { ["pk"] = $"s{i}" });
        }

        await batch.ExecuteAsync();
        var search = table.Scan(new ScanOperationConfig { Limit = 7 });
        var found = new List<Document>();
        do
        {
            found.AddRange(await search.GetNextSetAsync());
        }
        while (!search.IsDone);

        Assert.Equal(30, found.Select(d => d["pk"].AsString()).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Document_BatchGet_ReturnsTheRequestedDocuments()
    {
        using var client = fixture.CreateDynamoDbClient();
        var table = new TableBuilder(client, await HashTableAsync(client)).AddHashKey("pk", DynamoDBEntryType.String).Build();
        await table.PutItemAsync(new Document { ["pk"] = "a" });
        await table.PutItemAsync(new Document { ["pk"] = "b" });

        var get = table.CreateBatchGet();
        get.AddKey("a");
        get.AddKey("b");
        get.AddKey("missing");
        await get.ExecuteAsync();

        Assert.Equal(["a", "b"], get.Results.Select(d => d["pk"].AsString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Document_TransactWrite_AppliesAllOrNothing()
    {
        using var client = fixture.CreateDynamoDbClient();
        var table = new TableBuilder(client, await HashTableAsync(client)).AddHashKey("pk", DynamoDBEntryType.String).Build();
        await table.PutItemAsync(new Document { ["pk"] = "exists" });

        var failing = table.CreateTransactWrite();
        failing.AddDocumentToPut(new Document { ["pk"] = "new" });
        failing.AddDocumentToPut(
            new Document { ["pk"] = "exists", ["v"] = 1 },
            new TransactWriteItemOperationConfig { ConditionalExpression = new Expression { ExpressionStatement = "attribute_not_exists(pk)" } });
        await Assert.ThrowsAsync<TransactionCanceledException>(() => failing.ExecuteAsync());
        var succeeding = table.CreateTransactWrite();
        succeeding.AddDocumentToPut(new Document { ["pk"] = "new" });
        succeeding.AddKeyToDelete("exists");
        await succeeding.ExecuteAsync();

        Assert.NotNull(await table.GetItemAsync("new"));
        Assert.Null(await table.GetItemAsync("exists"));
    }

    [Fact]
    public async Task Context_SaveLoadQueryDelete_RoundTrip()
    {
        using var client = fixture.CreateDynamoDbClient();
        var prefix = NewName("ctx") + "-";
        await CreateOrdersTableAsync(client, prefix);
        using var context = Context(client, prefix);

        await context.SaveAsync(new OrderRecord { CustomerId = "c1", OrderId = "o1", Total = 12.5m, Status = "PLACED", Lines = ["sku-1", "sku-2"] });
        await context.SaveAsync(new OrderRecord { CustomerId = "c1", OrderId = "o2", Total = 3m, Status = "PAID" });
        await context.SaveAsync(new OrderRecord { CustomerId = "c2", OrderId = "o3", Total = 1m, Status = "PLACED" });
        var loaded = await context.LoadAsync<OrderRecord>("c1", "o1");
        var orders = await context.QueryAsync<OrderRecord>("c1").GetRemainingAsync();
        await context.DeleteAsync<OrderRecord>("c1", "o2");
        var afterDelete = await context.QueryAsync<OrderRecord>("c1").GetRemainingAsync();

        Assert.Equal((12.5m, "PLACED", 2), (loaded.Total, loaded.Status, loaded.Lines.Count));
        Assert.Equal(0, loaded.Version);
        Assert.Equal(["o1", "o2"], orders.Select(o => o.OrderId));
        Assert.Equal(["o1"], afterDelete.Select(o => o.OrderId));
    }

    [Fact]
    public async Task Context_StaleVersion_IsAConditionalCheckFailure()
    {
        using var client = fixture.CreateDynamoDbClient();
        var prefix = NewName("ctx") + "-";
        await CreateOrdersTableAsync(client, prefix);
        using var context = Context(client, prefix);
        await context.SaveAsync(new OrderRecord { CustomerId = "c", OrderId = "o", Total = 1m, Status = "PLACED" });
        var first = await context.LoadAsync<OrderRecord>("c", "o");
        var second = await context.LoadAsync<OrderRecord>("c", "o");

        first.Status = "PAID";
        await context.SaveAsync(first);
        second.Status = "CANCELLED";
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => context.SaveAsync(second));
        var stored = await context.LoadAsync<OrderRecord>("c", "o");

        Assert.Equal(("PAID", 1), (stored.Status, stored.Version));
    }

    [Fact]
    public async Task Context_QueryOnAGlobalIndex_FindsByStatus()
    {
        using var client = fixture.CreateDynamoDbClient();
        var prefix = NewName("ctx") + "-";
        await CreateOrdersTableAsync(client, prefix);
        using var context = Context(client, prefix);
        await context.SaveAsync(new OrderRecord { CustomerId = "c1", OrderId = "o1", Total = 1m, Status = "PLACED" });
        await context.SaveAsync(new OrderRecord { CustomerId = "c2", OrderId = "o2", Total = 2m, Status = "PAID" });
        await context.SaveAsync(new OrderRecord { CustomerId = "c3", OrderId = "o3", Total = 3m, Status = "PLACED" });

        var placed = await context.QueryAsync<OrderRecord>("PLACED", new QueryConfig { IndexName = "by-status" }).GetRemainingAsync();

        Assert.Equal(["o1", "o3"], placed.Select(o => o.OrderId).Order(StringComparer.Ordinal));
    }

    private static DynamoDBContext Context(IAmazonDynamoDB client, string prefix) =>
        (DynamoDBContext)new DynamoDBContextBuilder().WithDynamoDBClient(() => client).ConfigureContext(c => c.TableNamePrefix = prefix).Build();

    private static async Task CreateOrdersTableAsync(AmazonDynamoDBClient client, string prefix)
    {
        var name = prefix + "orders";
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("CustomerId", ScalarAttributeType.S), new("OrderId", ScalarAttributeType.S), new("Status", ScalarAttributeType.S)],
            KeySchema = [new("CustomerId", KeyType.HASH), new("OrderId", KeyType.RANGE)],
            GlobalSecondaryIndexes = [new() { IndexName = "by-status", KeySchema = [new("Status", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
        });
        await WaitActiveAsync(client, name);
    }
}

[DynamoDBTable("orders")]
public sealed class OrderRecord
{
    [DynamoDBHashKey]
    public string CustomerId { get; set; } = string.Empty;

    [DynamoDBRangeKey]
    public string OrderId { get; set; } = string.Empty;

    public decimal Total { get; set; }

    [DynamoDBGlobalSecondaryIndexHashKey("by-status")]
    public string Status { get; set; } = string.Empty;

#pragma warning disable CA1002, CA2227 // the object-persistence model fills a settable List<T>
    public List<string> Lines { get; set; } = [];
#pragma warning restore CA1002, CA2227

    [DynamoDBVersion]
    public int? Version { get; set; }
}
