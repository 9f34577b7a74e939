using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Testing;
using LocalCloud.Testing.Resources;

namespace LocalCloud.DynamoDb.Tests.Resources;

public sealed class TableProviderTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private const string Table = "AWS::DynamoDB::Table";

    private ResourceOperations Stack() => new(fixture.Host, "stack" + Guid.NewGuid().ToString("N")[..6]);

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    private static JsonArray Keys(params (string Name, string Type)[] keys) =>
        new([.. keys.Select(k => (JsonNode)new JsonObject { ["AttributeName"] = k.Name, ["KeyType"] = k.Type })]);

    private static JsonArray Attributes(params (string Name, string Type)[] attributes) =>
        new([.. attributes.Select(a => (JsonNode)new JsonObject { ["AttributeName"] = a.Name, ["AttributeType"] = a.Type })]);

    private static JsonObject Gsi(string name, string key) => new()
    {
        ["IndexName"] = name,
        ["KeySchema"] = Keys((key, "HASH")),
        ["Projection"] = new JsonObject { ["ProjectionType"] = "ALL" },
    };

    private static JsonObject Basic(string? name = null, JsonObject? extra = null)
    {
        var properties = new JsonObject
        {
            ["AttributeDefinitions"] = Attributes(("pk", "S"), ("sk", "N")),
            ["KeySchema"] = Keys(("pk", "HASH"), ("sk", "RANGE")),
            ["BillingMode"] = "PAY_PER_REQUEST",
        };
        if (name is not null)
        {
            properties["TableName"] = name;
        }

        foreach (var (key, value) in extra ?? [])
        {
            properties[key] = value?.DeepClone();
        }

        return properties;
    }

    [Fact]
    public async Task Create_WithIndexesStreamTtlAndTags_IsVisibleThroughTheSdk()
    {
        var stack = Stack();
        var name = NewName("orders");
        var properties = new JsonObject
        {
            ["TableName"] = name,
            ["AttributeDefinitions"] = Attributes(("pk", "S"), ("sk", "N"), ("status", "S")),
            ["KeySchema"] = Keys(("pk", "HASH"), ("sk", "RANGE")),
            ["ProvisionedThroughput"] = new JsonObject { ["ReadCapacityUnits"] = "5", ["WriteCapacityUnits"] = 2 },
            ["GlobalSecondaryIndexes"] = new JsonArray(new JsonObject
            {
                ["IndexName"] = "byStatus",
                ["KeySchema"] = Keys(("status", "HASH")),
                ["Projection"] = new JsonObject { ["ProjectionType"] = "KEYS_ONLY" },
                ["ProvisionedThroughput"] = new JsonObject { ["ReadCapacityUnits"] = 1, ["WriteCapacityUnits"] = 1 },
            }),
            ["StreamSpecification"] = new JsonObject { ["StreamViewType"] = "NEW_AND_OLD_IMAGES" },
            ["TimeToLiveSpecification"] = new JsonObject { ["AttributeName"] = "expires", ["Enabled"] = "true" },
            ["SSESpecification"] = new JsonObject { ["SSEEnabled"] = true },
            ["PointInTimeRecoverySpecification"] = new JsonObject { ["PointInTimeRecoveryEnabled"] = true },
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "orders" }),
        };

        var resource = await stack.CreateAsync(Table, "Orders", properties);

        using var ddb = fixture.CreateDynamoDbClient();
        var table = (await ddb.DescribeTableAsync(name)).Table;
        Assert.Equal(name, resource.PhysicalId);
        Assert.Equal(table.TableArn, resource.Attributes["Arn"]!.GetValue<string>());
        Assert.Equal(table.LatestStreamArn, resource.Attributes["StreamArn"]!.GetValue<string>());
        Assert.Equal(5, table.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal("byStatus", Assert.Single(table.GlobalSecondaryIndexes).IndexName);
        Assert.Equal("NEW_AND_OLD_IMAGES", table.StreamSpecification.StreamViewType.Value);
        var ttl = (await ddb.DescribeTimeToLiveAsync(name)).TimeToLiveDescription;
        Assert.Equal("expires", ttl.AttributeName);
        var tags = (await ddb.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = table.TableArn })).Tags;
        Assert.Contains(tags, t => t.Key == "team" && t.Value == "orders");
        Assert.Contains(tags, t => t.Key == "aws:cloudformation:logical-id" && t.Value == "Orders");
    }

    [Fact]
    public async Task Create_WithoutName_UsesTheGeneratedName_AndHasNoStreamArn()
    {
        var stack = Stack();

        var resource = await stack.CreateAsync(Table, "Items", Basic());

        Assert.Equal(stack.GeneratedName("Items", 255), resource.PhysicalId);
        Assert.False(resource.Attributes.ContainsKey("StreamArn"));
        using var ddb = fixture.CreateDynamoDbClient();
        Assert.Equal(resource.PhysicalId, (await ddb.DescribeTableAsync(resource.PhysicalId)).Table.TableName);
    }

    [Fact]
    public async Task Update_AddsAnIndexEnablesTheStreamAndChangesTtl_ThenRemovesTheIndexAndChangesTheStream()
    {
        var stack = Stack();
        var name = NewName("evolve");
        var v1 = Basic(name, new JsonObject { ["TimeToLiveSpecification"] = new JsonObject { ["AttributeName"] = "ttl", ["Enabled"] = true } });
        var created = await stack.CreateAsync(Table, "Evolve", v1);
        using var ddb = fixture.CreateDynamoDbClient();
        await ddb.PutItemAsync(name, new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = "a" },
            ["sk"] = new() { N = "1" },
            ["email"] = new() { S = "a@example.com" },
        });

        var v2 = Basic(name, new JsonObject
        {
            ["AttributeDefinitions"] = Attributes(("pk", "S"), ("sk", "N"), ("email", "S")),
            ["GlobalSecondaryIndexes"] = new JsonArray(Gsi("byEmail", "email")),
            ["StreamSpecification"] = new JsonObject { ["StreamViewType"] = "KEYS_ONLY" },
            ["TimeToLiveSpecification"] = new JsonObject { ["AttributeName"] = "expiresAt", ["Enabled"] = true },
            ["DeletionProtectionEnabled"] = "true",
        });
        var updated = await stack.UpdateAsync(Table, "Evolve", created, v1, v2);

        var table = (await ddb.DescribeTableAsync(name)).Table;
        Assert.Equal(name, updated.PhysicalId);
        Assert.Equal("byEmail", Assert.Single(table.GlobalSecondaryIndexes).IndexName);
        Assert.Equal(table.LatestStreamArn, updated.Attributes["StreamArn"]!.GetValue<string>());
        Assert.True(table.DeletionProtectionEnabled);
        Assert.Equal("expiresAt", (await ddb.DescribeTimeToLiveAsync(name)).TimeToLiveDescription.AttributeName);
        var found = await ddb.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "byEmail",
            KeyConditionExpression = "email = :e",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":e"] = new() { S = "a@example.com" } },
        });
        Assert.Equal(1, found.Count);

        var v3 = Basic(name, new JsonObject { ["StreamSpecification"] = new JsonObject { ["StreamViewType"] = "NEW_IMAGE" } });
        var again = await stack.UpdateAsync(Table, "Evolve", updated, v2, v3);

        table = (await ddb.DescribeTableAsync(name)).Table;
        Assert.Empty(table.GlobalSecondaryIndexes ?? []);
        Assert.Equal("NEW_IMAGE", table.StreamSpecification.StreamViewType.Value);
        Assert.NotEqual(updated.Attributes["StreamArn"]!.GetValue<string>(), again.Attributes["StreamArn"]!.GetValue<string>());
        Assert.False(table.DeletionProtectionEnabled);
        Assert.Equal("DISABLED", (await ddb.DescribeTimeToLiveAsync(name)).TimeToLiveDescription.TimeToLiveStatus.Value);

        var v4 = Basic(name);
        var last = await stack.UpdateAsync(Table, "Evolve", again, v3, v4);
        Assert.False(last.Attributes.ContainsKey("StreamArn"));
    }

    [Fact]
    public async Task Update_ChangesBillingAndTags()
    {
        var stack = Stack();
        var name = NewName("billing");
        var v1 = Basic(name, new JsonObject { ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "a", ["Value"] = "1" }) });
        var created = await stack.CreateAsync(Table, "Billing", v1);
        var v2 = Basic(name, new JsonObject
        {
            ["BillingMode"] = "PROVISIONED",
            ["ProvisionedThroughput"] = new JsonObject { ["ReadCapacityUnits"] = 3, ["WriteCapacityUnits"] = 4 },
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "b", ["Value"] = "2" }),
        });

        await stack.UpdateAsync(Table, "Billing", created, v1, v2);

        using var ddb = fixture.CreateDynamoDbClient();
        var table = (await ddb.DescribeTableAsync(name)).Table;
        Assert.Equal(3, table.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(4, table.ProvisionedThroughput.WriteCapacityUnits);
        var tags = (await ddb.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = table.TableArn })).Tags;
        Assert.DoesNotContain(tags, t => t.Key == "a");
        Assert.Contains(tags, t => t.Key == "b" && t.Value == "2");
    }

    [Fact]
    public async Task Delete_RemovesTheTable_AgainSucceeds_AndAnInterruptedCreateIsFound()
    {
        var stack = Stack();
        var named = Basic(NewName("gone"));
        var created = await stack.CreateAsync(Table, "Gone", named);
        await stack.CreateAsync(Table, "Crashed", Basic());

        await stack.DeleteAsync(Table, "Gone", named, created);
        await stack.DeleteAsync(Table, "Gone", named, created);
        await stack.DeleteAsync(Table, "Crashed", Basic(), current: null);

        using var ddb = fixture.CreateDynamoDbClient();
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => ddb.DescribeTableAsync(created.PhysicalId));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => ddb.DescribeTableAsync(stack.GeneratedName("Crashed", 255)));
    }

    [Fact]
    public async Task Create_KeyNotInAttributeDefinitions_FailsWithTheServiceMessage()
    {
        var properties = Basic(extra: new JsonObject { ["AttributeDefinitions"] = Attributes(("pk", "S")) });

        var error = await Assert.ThrowsAsync<ServiceException>(() => Stack().CreateAsync(Table, "Bad", properties));

        Assert.Contains("ValidationException", error.Code, StringComparison.Ordinal);
        Assert.Equal("Invalid KeySchema: Some index key attribute have no definition", error.Message);
    }

    [Fact]
    public async Task Create_ExistingTable_FailsWithTheServiceMessage()
    {
        var name = NewName("taken");
        await Stack().CreateAsync(Table, "First", Basic(name));

        var error = await Assert.ThrowsAsync<ServiceException>(() => Stack().CreateAsync(Table, "Second", Basic(name)));

        Assert.Equal($"Table already exists: {name}", error.Message);
    }

    [Fact]
    public void Properties_FollowTheResourceReference()
    {
        var provider = Stack().Provider(Table);

        Assert.Equal(UpdateBehavior.Replacement, provider.Properties["TableName"]);
        Assert.Equal(UpdateBehavior.Replacement, provider.Properties["KeySchema"]);
        Assert.Equal(UpdateBehavior.Replacement, provider.Properties["LocalSecondaryIndexes"]);
        Assert.Equal(UpdateBehavior.NoInterruption, provider.Properties["GlobalSecondaryIndexes"]);
    }
}
