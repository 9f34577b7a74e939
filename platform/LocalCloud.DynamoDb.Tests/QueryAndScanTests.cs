using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.Ddb;

namespace LocalCloud.DynamoDb.Tests;

public sealed class QueryAndScanTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Theory]
    [InlineData("sk = :a", "3")]
    [InlineData("sk < :a", "0,1,2")]
    [InlineData("sk <= :a", "0,1,2,3")]
    [InlineData("sk > :a", "4,5")]
    [InlineData("sk >= :a", "3,4,5")]
    [InlineData("sk BETWEEN :a AND :b", "3,4")]
    public async Task Query_SortKeyConditions_SelectTheirRange(string sortCondition, string expected)
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 6);
        var values = new Dictionary<string, AttributeValue> { [":p"] = S("p"), [":a"] = N(3) };
        if (sortCondition.Contains(":b", StringComparison.Ordinal))
        {
            values[":b"] = N(4);
        }

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = $"pk = :p AND {sortCondition}",
            ExpressionAttributeValues = values,
        });

        Assert.Equal(expected, string.Join(",", page.Items.Select(i => i["sk"].N)));
    }

    [Fact]
    public async Task Query_BeginsWith_OnAStringSortKey_SelectsThePrefix()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await StringSortTableAsync(client);
        foreach (var sk in new[] { "order#1", "order#2", "orders", "note#1", "order" })
        {
            await client.PutItemAsync(name, Item(("pk", S("p")), ("sk", S(sk))));
        }

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p AND begins_with(sk, :prefix)",
            ExpressionAttributeValues = new() { [":p"] = S("p"), [":prefix"] = S("order#") },
        });

        Assert.Equal(["order#1", "order#2"], page.Items.Select(i => i["sk"].S));
    }

    [Fact]
    public async Task Query_ScanIndexForwardFalse_ReturnsDescendingOrder()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 4);

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            ScanIndexForward = false,
        });

        Assert.Equal(["3", "2", "1", "0"], page.Items.Select(i => i["sk"].N));
    }

    [Fact]
    public async Task Query_NumbersSort_Numerically()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await RangeTableAsync(client);
        foreach (var n in new[] { "10", "-2.5", "9", "0.001", "-100", "1e2" })
        {
            await client.PutItemAsync(name, Item(("pk", S("p")), ("sk", N(n))));
        }

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
        });

        Assert.Equal(["-100", "-2.5", "0.001", "9", "10", "100"], page.Items.Select(i => i["sk"].N));
    }

    [Fact]
    public async Task Query_Limit_PagesToTheEnd()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 10);

        var pages = await QueryPagesAsync(client, new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            Limit = 3,
        });

        Assert.Equal([3, 3, 3, 1], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)), pages.SelectMany(p => p.Items).Select(i => i["sk"].N));
        Assert.Equal(("p", "2"), (pages[0].LastEvaluatedKey["pk"].S, pages[0].LastEvaluatedKey["sk"].N));
        Assert.Equal(["pk", "sk"], pages[0].LastEvaluatedKey.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Query_LimitReachedOnTheLastItem_StillReturnsLastEvaluatedKey()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 4);

        var pages = await QueryPagesAsync(client, new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            Limit = 2,
        });

        Assert.Equal([2, 2, 0], pages.Select(p => p.Count));
        Assert.Equal("3", pages[1].LastEvaluatedKey["sk"].N);
        Assert.True(pages[2].LastEvaluatedKey is null || pages[2].LastEvaluatedKey.Count == 0);
    }

    [Fact]
    public async Task Query_DescendingPages_ContinueBackwards()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 5);

        var pages = await QueryPagesAsync(client, new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            ScanIndexForward = false,
            Limit = 2,
        });

        Assert.Equal(["4", "3", "2", "1", "0"], pages.SelectMany(p => p.Items).Select(i => i["sk"].N));
    }

    [Fact]
    public async Task Query_FilterExpression_FiltersAfterReadingAndCountsBoth()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 10);

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            FilterExpression = "parity = :even",
            ExpressionAttributeValues = new() { [":p"] = S("p"), [":even"] = S("even") },
        });
        var limited = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            FilterExpression = "parity = :even",
            ExpressionAttributeValues = new() { [":p"] = S("p"), [":even"] = S("even") },
            Limit = 3,
        });

        Assert.Equal((5, 10), (page.Count, page.ScannedCount));
        Assert.Equal(["0", "2", "4", "6", "8"], page.Items.Select(i => i["sk"].N));
        Assert.Equal((2, 3), (limited.Count, limited.ScannedCount));
        Assert.Equal("2", limited.LastEvaluatedKey["sk"].N);
    }

    [Fact]
    public async Task Query_FilterOnAKeyAttribute_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 1);

        await ValidationAsync(() => client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            FilterExpression = "sk > :s",
            ExpressionAttributeValues = new() { [":p"] = S("p"), [":s"] = N(1) },
        }), "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
    }

    [Fact]
    public async Task Query_SelectCount_ReturnsOnlyTheCount()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 7);

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            Select = Select.COUNT,
        });

        Assert.Equal((7, 7), (page.Count, page.ScannedCount));
        Assert.True(page.Items is null || page.Items.Count == 0);
    }

    [Fact]
    public async Task Query_SelectSpecificAttributes_ReturnsTheProjection()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 2);

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            Select = Select.SPECIFIC_ATTRIBUTES,
            ProjectionExpression = "parity",
        });

        Assert.All(page.Items, i => Assert.Equal(["parity"], i.Keys));
    }

    [Fact]
    public async Task Query_SelectSpecificAttributesWithoutProjection_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 1);

        await ValidationAsync(() => client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            Select = Select.SPECIFIC_ATTRIBUTES,
        }), "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
    }

    [Fact]
    public async Task Query_SelectCountWithProjection_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 1);

        await ValidationAsync(() => client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            Select = Select.COUNT,
            ProjectionExpression = "parity",
        }), "Cannot specify the ProjectionExpression when choosing to get COUNT");
    }

    [Fact]
    public async Task Query_AllProjectedAttributesOnTheTable_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 1);

        await ValidationAsync(() => client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            Select = Select.ALL_PROJECTED_ATTRIBUTES,
        }), "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }

    [Fact]
    public async Task Query_WithoutKeyCondition_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 1);

        await ValidationAsync(() => client.QueryAsync(new QueryRequest { TableName = name }),
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }

    [Fact]
    public async Task Query_KeyConditionWithoutThePartitionKey_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 1);

        await ValidationAsync(() => client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "sk = :s",
            ExpressionAttributeValues = new() { [":s"] = N(1) },
        }), "Query condition missed key schema element: pk");
    }

    [Fact]
    public async Task Query_LegacyKeyConditionsAndQueryFilter_Work()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 6);

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditions = new()
            {
                ["pk"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [S("p")] },
                ["sk"] = new Condition { ComparisonOperator = ComparisonOperator.GE, AttributeValueList = [N(2)] },
            },
            QueryFilter = new() { ["parity"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [S("odd")] } },
        });

        Assert.Equal(["3", "5"], page.Items.Select(i => i["sk"].N));
    }

    [Fact]
    public async Task Query_LocalIndex_OrdersByTheIndexSortKey()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await IndexedTableAsync(client);

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-score",
            KeyConditionExpression = "pk = :p AND score < :max",
            ExpressionAttributeValues = new() { [":p"] = S("p"), [":max"] = N(75) },
        });

        Assert.Equal(["4", "3", "2"], page.Items.Select(i => i["sk"].N));
        Assert.Equal(["50", "60", "70"], page.Items.Select(i => i["score"].N));
        Assert.Equal("secret", page.Items[0]["hidden"].S);
    }

    [Fact]
    public async Task Query_LocalIndex_ConsistentReadIsAllowed()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await IndexedTableAsync(client);

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-score",
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            ConsistentRead = true,
        });

        Assert.Equal(5, page.Count);
    }

    [Fact]
    public async Task Query_GlobalIndexKeysOnly_ReturnsTableAndIndexKeys()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await IndexedTableAsync(client);

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-owner",
            KeyConditionExpression = "#o = :o",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":o"] = S("ann") },
        });

        Assert.Equal(3, page.Count);
        Assert.All(page.Items, i => Assert.Equal(["owner", "pk", "sk"], i.Keys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Query_GlobalIndexInclude_ReturnsTheProjectedAttributes()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await IndexedTableAsync(client);

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-status",
            KeyConditionExpression = "#s = :s",
            ExpressionAttributeNames = new() { ["#s"] = "status" },
            ExpressionAttributeValues = new() { [":s"] = S("open") },
            Select = Select.ALL_PROJECTED_ATTRIBUTES,
        });

        Assert.Equal(["50", "70"], page.Items.Select(i => i["score"].N));
        Assert.All(page.Items, i => Assert.Equal(["pk", "score", "sk", "status", "title"], i.Keys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Query_GlobalIndex_IsSparse()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await IndexedTableAsync(client);

        var scanned = await client.ScanAsync(new ScanRequest { TableName = name, IndexName = "by-status" });

        Assert.Equal(3, scanned.Count);
    }

    [Fact]
    public async Task Query_GlobalIndexSelectAllAttributes_IsRejectedUnlessProjectionIsAll()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await IndexedTableAsync(client);

        await ValidationAsync(() => client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-owner",
            KeyConditionExpression = "#o = :o",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":o"] = S("ann") },
            Select = Select.ALL_ATTRIBUTES,
        }), "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index by-owner because its projection type is not ALL");
    }

    [Fact]
    public async Task Query_GlobalIndexConsistentRead_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await IndexedTableAsync(client);

        await ValidationAsync(() => client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-owner",
            KeyConditionExpression = "#o = :o",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":o"] = S("ann") },
            ConsistentRead = true,
        }), "Consistent reads are not supported on global secondary indexes");
    }

    [Fact]
    public async Task Query_UnknownIndex_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 1);

        await ValidationAsync(() => client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "nope",
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
        }), "The table does not have the specified index: nope");
    }

    [Fact]
    public async Task Query_GlobalIndexPaging_CarriesTableAndIndexKeys()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await IndexedTableAsync(client);

        var pages = await QueryPagesAsync(client, new QueryRequest
        {
            TableName = name,
            IndexName = "by-owner",
            KeyConditionExpression = "#o = :o",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":o"] = S("ann") },
            Limit = 1,
        });

        Assert.Equal(["owner", "pk", "sk"], pages[0].LastEvaluatedKey.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, pages.Sum(p => p.Count));
        Assert.Equal(3, pages.SelectMany(p => p.Items).Select(i => i["sk"].N).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Query_StartKeyOfAnotherPartition_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 2);

        await ValidationAsync(() => client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
            ExclusiveStartKey = Key("other", 1),
        }), "The provided starting key is outside query boundaries based on provided conditions");
    }

    [Fact]
    public async Task Query_PagesStopAtOneMegabyte()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await RangeTableAsync(client);
        var payload = new string('x', 100 * 1024);
        for (var i = 0; i < 12; i++)
        {
            await client.PutItemAsync(name, Item(("pk", S("big")), ("sk", N(i)), ("v", S(payload))));
        }

        var pages = await QueryPagesAsync(client, new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("big") },
        });

        Assert.True(pages.Count >= 2);
        Assert.Equal(11, pages[0].Count);
        Assert.NotNull(pages[0].LastEvaluatedKey);
        Assert.Equal(12, pages.Sum(p => p.Count));
    }

    [Fact]
    public async Task Query_ConsumedCapacity_RoundsTheWholePageUpToFourKilobytes()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await RangeTableAsync(client);
        for (var i = 0; i < 3; i++)
        {
            await client.PutItemAsync(name, Item(("pk", S("c")), ("sk", N(i)), ("v", S(new string('x', 1500)))));
        }

        async Task<ConsumedCapacity> Read(bool consistent) => (await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("c") },
            ConsistentRead = consistent,
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        })).ConsumedCapacity;

        Assert.Equal(1.0, (await Read(consistent: false)).CapacityUnits);
        Assert.Equal(2.0, (await Read(consistent: true)).CapacityUnits);
    }

    [Fact]
    public async Task Query_GlobalIndexConsumedCapacityIndexes_ChargesTheIndex()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await IndexedTableAsync(client);

        var capacity = (await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-owner",
            KeyConditionExpression = "#o = :o",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":o"] = S("ann") },
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        })).ConsumedCapacity;

        Assert.Equal(0.5, capacity.CapacityUnits);
        Assert.Equal(0.5, capacity.GlobalSecondaryIndexes["by-owner"].CapacityUnits);
    }

    [Fact]
    public async Task Scan_FilterExpression_ReturnsTheMatches()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 8);

        var page = await client.ScanAsync(new ScanRequest
        {
            TableName = name,
            FilterExpression = "parity = :odd AND sk > :two",
            ExpressionAttributeValues = new() { [":odd"] = S("odd"), [":two"] = N(2) },
        });

        Assert.Equal((3, 9), (page.Count, page.ScannedCount));
        Assert.Equal(["3", "5", "7"], page.Items.Select(i => i["sk"].N).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Scan_LegacyScanFilter_Works()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await SeededRangeTableAsync(client, 6);

        var page = await client.ScanAsync(new ScanRequest
        {
            TableName = name,
            ScanFilter = new() { ["sk"] = new Condition { ComparisonOperator = ComparisonOperator.LT, AttributeValueList = [N(2)] } },
        });

        Assert.Equal(["0", "0", "1"], page.Items.Select(i => i["sk"].N).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Scan_Limit_PagesThroughEveryItemOnce()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        for (var i = 0; i < 25; i++)
        {
            await client.PutItemAsync(name, Key($"k{i}"));
        }

        var seen = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        var pages = 0;
        do
        {
            var page = await client.ScanAsync(new ScanRequest { TableName = name, Limit = 4, ExclusiveStartKey = start });
            seen.AddRange(page.Items.Select(i => i["pk"].S));
            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
            pages++;
        }
        while (start is not null);

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(7, pages);
    }

    [Fact]
    public async Task Scan_ParallelSegments_CoverEveryItemExactlyOnce()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await RangeTableAsync(client);
        for (var i = 0; i < 60; i++)
        {
            await client.PutItemAsync(name, Item(("pk", S($"p{i % 20}")), ("sk", N(i))));
        }

        async Task<List<string>> Segment(int segment)
        {
            var keys = new List<string>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await client.ScanAsync(new ScanRequest { TableName = name, Segment = segment, TotalSegments = 4, Limit = 5, ExclusiveStartKey = start });
                keys.AddRange(page.Items.Select(i => $"{i["pk"].S}/{i["sk"].N}"));
                start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
            }
            while (start is not null);

            return keys;
        }

        var segments = await Task.WhenAll(Enumerable.Range(0, 4).Select(Segment));
        var all = segments.SelectMany(s => s).ToList();

        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct(StringComparer.Ordinal).Count());
        Assert.True(segments.Count(s => s.Count > 0) >= 2);
        Assert.All(segments, s => Assert.Equal(s.Count, s.Select(k => k.Split('/')[0]).Distinct(StringComparer.Ordinal).Count() * 3));
    }

    [Fact]
    public async Task Scan_SegmentWithoutTotalSegments_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.ScanAsync(new ScanRequest { TableName = name, Segment = 0 }),
            "The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
    }

    [Fact]
    public async Task Scan_SegmentNotBelowTotalSegments_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await ValidationAsync(() => client.ScanAsync(new ScanRequest { TableName = name, Segment = 2, TotalSegments = 2 }),
            "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2");
    }

    [Fact]
    public async Task Scan_GlobalIndexConsistentRead_IsRejected()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await IndexedTableAsync(client);

        await ValidationAsync(() => client.ScanAsync(new ScanRequest { TableName = name, IndexName = "by-owner", ConsistentRead = true }),
            "Consistent reads are not supported on global secondary indexes");
    }

    private static async Task<List<QueryResponse>> QueryPagesAsync(AmazonDynamoDBClient client, QueryRequest request)
    {
        var pages = new List<QueryResponse>();
        do
        {
            var page = await client.QueryAsync(request);
            pages.Add(page);
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (request.ExclusiveStartKey is not null && pages.Count < 100);

        return pages;
    }

    private static async Task<string> SeededRangeTableAsync(AmazonDynamoDBClient client, int count)
    {
        var name = await RangeTableAsync(client);
        for (var i = 0; i < count; i++)
        {
            await client.PutItemAsync(name, Item(("pk", S("p")), ("sk", N(i)), ("parity", S(i % 2 == 0 ? "even" : "odd"))));
        }

        await client.PutItemAsync(name, Item(("pk", S("other")), ("sk", N(0)), ("parity", S("even"))));
        return name;
    }

    private static async Task<string> StringSortTableAsync(AmazonDynamoDBClient client)
    {
        var name = NewName("string-sort");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        await WaitActiveAsync(client, name);
        return name;
    }

    /// <summary>The indexed table of <see cref="TableTests.IndexedTable"/> with five items under "p": sk 0..4, score 90 - 10 * sk,
    /// three owned by ann, three with a status.</summary>
    private static async Task<string> IndexedTableAsync(AmazonDynamoDBClient client)
    {
        var name = NewName("indexed");
        await client.CreateTableAsync(TableTests.IndexedTable(name));
        await WaitActiveAsync(client, name);
        for (var i = 0; i < 5; i++)
        {
            var item = Item(("pk", S("p")), ("sk", N(i)), ("score", N(90 - (10 * i))), ("title", S($"t{i}")), ("hidden", S("secret")));
            if (i % 2 == 0)
            {
                item["owner"] = S("ann");
            }

            if (i is 2 or 3 or 4)
            {
                item["status"] = S(i == 3 ? "closed" : "open");
            }

            await client.PutItemAsync(name, item);
        }

        return name;
    }
}
