using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.Ddb;

namespace LocalCloud.DynamoDb.Tests;

/// <summary>A local cloud whose clock moves only when a test advances it, so the TTL sweep runs when told.</summary>
public sealed class ManualClockFixture : LocalCloudFixture
{
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected override void Configure(LocalCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TimeProvider = Clock;
    }
}

public sealed class TimeToLiveTests(ManualClockFixture fixture) : IClassFixture<ManualClockFixture>
{
    private long Now => fixture.Clock.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task DescribeTimeToLive_NewTable_IsDisabled()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var description = (await client.DescribeTimeToLiveAsync(name)).TimeToLiveDescription;

        Assert.Equal(TimeToLiveStatus.DISABLED, description.TimeToLiveStatus);
        Assert.Null(description.AttributeName);
    }

    [Fact]
    public async Task UpdateTimeToLive_Enable_IsEchoedAndDescribed()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var updated = await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = name,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "expiresAt", Enabled = true },
        });
        var description = (await client.DescribeTimeToLiveAsync(name)).TimeToLiveDescription;

        Assert.Equal(("expiresAt", true), (updated.TimeToLiveSpecification.AttributeName, updated.TimeToLiveSpecification.Enabled));
        Assert.Equal((TimeToLiveStatus.ENABLED, "expiresAt"), (description.TimeToLiveStatus, description.AttributeName));
    }

    [Fact]
    public async Task UpdateTimeToLive_EnableTwice_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await TimeToLiveTableAsync(client);

        var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = name,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "expiresAt", Enabled = true },
        }));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task UpdateTimeToLive_Disable_IsDescribedDisabled()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await TimeToLiveTableAsync(client);

        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = name,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "expiresAt", Enabled = false },
        });

        Assert.Equal(TimeToLiveStatus.DISABLED, (await client.DescribeTimeToLiveAsync(name)).TimeToLiveDescription.TimeToLiveStatus);
    }

    [Fact]
    public async Task DescribeTimeToLive_MissingTable_IsResourceNotFoundNamingTheTable()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("missing");

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribeTimeToLiveAsync(name));

        Assert.Equal($"Requested resource not found: Table: {name} not found", error.Message);
    }

    [Fact]
    public async Task ExpiredItem_IsReadableUntilTheSweepThenGone()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await TimeToLiveTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("old")), ("expiresAt", N(Now - 60))));

        var before = await client.GetItemAsync(new GetItemRequest { TableName = name, Key = Key("old"), ConsistentRead = true });
        var scannedBefore = (await client.ScanAsync(new ScanRequest { TableName = name })).Count;
        await SweepUntilAsync(client, name, "old", present: false);

        Assert.True(before.IsItemSet);
        Assert.Equal(1, scannedBefore);
        Assert.Equal(0, (await client.ScanAsync(new ScanRequest { TableName = name })).Count);
    }

    [Fact]
    public async Task Sweep_KeepsFutureMalformedAndAncientExpiries()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await TimeToLiveTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("future")), ("expiresAt", N(Now + 3600))));
        await client.PutItemAsync(name, Item(("pk", S("text")), ("expiresAt", S("0"))));
        await client.PutItemAsync(name, Item(("pk", S("ancient")), ("expiresAt", N(Now - (6L * 366 * 24 * 3600)))));
        await client.PutItemAsync(name, Item(("pk", S("none"))));
        await client.PutItemAsync(name, Item(("pk", S("expired")), ("expiresAt", N(Now - 1))));

        await SweepUntilAsync(client, name, "expired", present: false);
        var left = (await client.ScanAsync(new ScanRequest { TableName = name })).Items.Select(i => i["pk"].S).Order(StringComparer.Ordinal);

        Assert.Equal(["ancient", "future", "none", "text"], left);
    }

    [Fact]
    public async Task Sweep_DeletesAnItemOnceItsExpiryPasses()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await TimeToLiveTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("soon")), ("expiresAt", N(Now + 5))));

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var stillThere = (await client.GetItemAsync(name, Key("soon"))).IsItemSet;
        await SweepUntilAsync(client, name, "soon", present: false);

        Assert.True(stillThere);
    }

    [Fact]
    public async Task Sweep_OnATableWithoutTimeToLive_DeletesNothing()
    {
        using var client = fixture.CreateDynamoDbClient();
        var plain = await HashTableAsync(client);
        var swept = await TimeToLiveTableAsync(client);
        await client.PutItemAsync(plain, Item(("pk", S("kept")), ("expiresAt", N(Now - 60))));
        await client.PutItemAsync(swept, Item(("pk", S("gone")), ("expiresAt", N(Now - 60))));

        await SweepUntilAsync(client, swept, "gone", present: false);

        Assert.True((await client.GetItemAsync(plain, Key("kept"))).IsItemSet);
    }

    [Fact]
    public async Task Sweep_RemovesTheItemFromItsIndexes()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = NewName("ttl-index");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("owner", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            GlobalSecondaryIndexes = [new() { IndexName = "by-owner", KeySchema = [new("owner", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
        });
        await WaitActiveAsync(client, name);
        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest { TableName = name, TimeToLiveSpecification = new() { AttributeName = "expiresAt", Enabled = true } });
        await client.PutItemAsync(name, Item(("pk", S("x")), ("owner", S("ann")), ("expiresAt", N(Now - 1))));

        await SweepUntilAsync(client, name, "x", present: false);
        var indexed = await client.ScanAsync(new ScanRequest { TableName = name, IndexName = "by-owner" });

        Assert.Equal(0, indexed.Count);
    }

    [Fact]
    public async Task EnablingTimeToLive_AppliesToItemsWrittenBefore()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("early")), ("expiresAt", N(Now - 60))));

        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest { TableName = name, TimeToLiveSpecification = new() { AttributeName = "expiresAt", Enabled = true } });
        await SweepUntilAsync(client, name, "early", present: false);

        Assert.False((await client.GetItemAsync(name, Key("early"))).IsItemSet);
    }

    private static async Task<string> TimeToLiveTableAsync(AmazonDynamoDBClient client)
    {
        var name = await HashTableAsync(client, "ttl");
        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = name,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "expiresAt", Enabled = true },
        });
        return name;
    }

    /// <summary>Moves the clock a second at a time, letting the sweeper run, until the item is (or is not) there; bounded.</summary>
    private async Task SweepUntilAsync(AmazonDynamoDBClient client, string table, string pk, bool present)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            if ((await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key(pk), ConsistentRead = true })).IsItemSet == present)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"Item {pk} in {table} was {(present ? "never written" : "never swept")}.");
    }
}
