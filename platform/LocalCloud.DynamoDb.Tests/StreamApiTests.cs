using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.DynamoDb.Streams;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static LocalCloud.DynamoDb.Tests.StreamsClient;

namespace LocalCloud.DynamoDb.Tests;

public sealed class StreamClockFixture : LocalCloudFixture
{
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));

    internal DynamoDbStreams Streams => Services.GetRequiredService<DynamoDbStreams>();

    internal TimeToLiveSweeper Sweeper => Services.GetServices<IHostedService>().OfType<TimeToLiveSweeper>().Single();

    protected override void Configure(LocalCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TimeProvider = Clock;
    }
}

/// <summary>ListStreams, DescribeStream, GetShardIterator and GetRecords: shapes, paging, iterator types, shards
/// rolling over, retention and errors, on a clock the tests move.</summary>
public sealed class StreamApiTests(StreamClockFixture fixture) : IClassFixture<StreamClockFixture>
{
    [Fact]
    public async Task DescribeStream_DescribesTheTablesStreamAndItsOpenShard()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = StreamRecordTests.Name();
        var arn = await CreateStreamedTableAsync(client, table, "NEW_IMAGE", withRange: true);
        var described = await client.DescribeTableAsync(table);

        var stream = await streams.DescribeAsync(arn);
        var listed = await streams.CallAsync("ListStreams", new { TableName = table });

        Assert.Equal(described.Table.LatestStreamArn, arn);
        Assert.Equal($"arn:aws:dynamodb:us-east-1:000000000000:table/{table}/stream/{described.Table.LatestStreamLabel}", arn);
        Assert.Equal("2026-06-01T12:00:00.000", described.Table.LatestStreamLabel[..19] + ".000");
        Assert.Equal(arn, stream.GetProperty("StreamArn").GetString());
        Assert.Equal(described.Table.LatestStreamLabel, stream.GetProperty("StreamLabel").GetString());
        Assert.Equal("ENABLED", stream.GetProperty("StreamStatus").GetString());
        Assert.Equal("NEW_IMAGE", stream.GetProperty("StreamViewType").GetString());
        Assert.Equal(table, stream.GetProperty("TableName").GetString());
        Assert.Equal("""[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]""", stream.GetProperty("KeySchema").GetRawText());
        var shard = Assert.Single(stream.GetProperty("Shards").EnumerateArray());
        Assert.Matches("^shardId-[0-9]{20}-[0-9a-f]{8}$", shard.GetProperty("ShardId").GetString());
        Assert.False(shard.TryGetProperty("ParentShardId", out _));
        Assert.Matches("^[0-9]{21}$", shard.GetProperty("SequenceNumberRange").GetProperty("StartingSequenceNumber").GetString());
        Assert.False(shard.GetProperty("SequenceNumberRange").TryGetProperty("EndingSequenceNumber", out _));
        Assert.Equal(
            [(arn, table, described.Table.LatestStreamLabel)],
            listed.GetProperty("Streams").EnumerateArray().Select(s => (s.GetProperty("StreamArn").GetString(), s.GetProperty("TableName").GetString(), s.GetProperty("StreamLabel").GetString())));
    }

    [Fact]
    public async Task ListStreams_PagesWithLimitAndExclusiveStartStreamArn()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await CreateStreamedTableAsync(client, $"page-{Guid.NewGuid():N}"));
        }

        var seen = new List<string>();
        string? start = null;
        for (var page = 0; page < 100; page++)
        {
            var result = await streams.CallAsync("ListStreams", start is null ? new { Limit = 2 } : new { Limit = 2, ExclusiveStartStreamArn = start });
            var arns = result.GetProperty("Streams").EnumerateArray().Select(s => s.GetProperty("StreamArn").GetString()!).ToList();
            Assert.InRange(arns.Count, 0, 2);
            seen.AddRange(arns);
            if (!result.TryGetProperty("LastEvaluatedStreamArn", out var last))
            {
                break;
            }

            start = last.GetString();
        }

        Assert.Subset(seen.ToHashSet(), created.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Iterators_StartWhereTheirTypeSays_AndPageWithLimit()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = StreamRecordTests.Name();
        var arn = await CreateStreamedTableAsync(client, table, "KEYS_ONLY");
        for (var i = 0; i < 5; i++)
        {
            await client.PutItemAsync(table, Item($"k{i}"));
        }

        var latest = await streams.IteratorAsync(arn, "LATEST");
        await client.PutItemAsync(table, Item("k5"));
        var all = await streams.ReadAllAsync(arn);
        var third = all[2].GetProperty("dynamodb").GetProperty("SequenceNumber").GetString()!;

        var fromLatest = await Keys(streams, latest);
        var at = await Keys(streams, await streams.IteratorAsync(arn, "AT_SEQUENCE_NUMBER", third));
        var after = await Keys(streams, await streams.IteratorAsync(arn, "AFTER_SEQUENCE_NUMBER", third));
        var first = await streams.CallAsync("GetRecords", new { ShardIterator = await streams.IteratorAsync(arn), Limit = 2 });
        var second = await streams.CallAsync("GetRecords", new { ShardIterator = first.GetProperty("NextShardIterator").GetString(), Limit = 2 });

        Assert.Equal(["k5"], fromLatest);
        Assert.Equal(["k2", "k3", "k4", "k5"], at);
        Assert.Equal(["k3", "k4", "k5"], after);
        Assert.Equal(["k0", "k1"], first.GetProperty("Records").EnumerateArray().Select(KeyOf));
        Assert.Equal(["k2", "k3"], second.GetProperty("Records").EnumerateArray().Select(KeyOf));
    }

    [Fact]
    public async Task OpenShard_AlwaysHandsOnAnIterator_EvenWithNoRecords()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var arn = await CreateStreamedTableAsync(client, StreamRecordTests.Name());

        var empty = await streams.CallAsync("GetRecords", new { ShardIterator = await streams.IteratorAsync(arn) });

        Assert.Empty(empty.GetProperty("Records").EnumerateArray());
        Assert.True(empty.TryGetProperty("NextShardIterator", out _));
    }

    [Fact]
    public async Task IteratorOlderThanFifteenMinutes_IsExpired()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var arn = await CreateStreamedTableAsync(client, StreamRecordTests.Name());
        var iterator = await streams.IteratorAsync(arn);

        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        var (status, body) = await streams.SendAsync("GetRecords", new { ShardIterator = iterator });

        Assert.Equal(400, status);
        Assert.EndsWith("#ExpiredIteratorException", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task DisablingTheStream_ClosesItsShard_AndEnablingMakesANewStream()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = StreamRecordTests.Name();
        var arn = await CreateStreamedTableAsync(client, table);
        await client.PutItemAsync(table, Item("before"));
        var iterator = await streams.IteratorAsync(arn);

        await client.UpdateTableAsync(new UpdateTableRequest { TableName = table, StreamSpecification = new StreamSpecification { StreamEnabled = false } });
        await client.PutItemAsync(table, Item("while-disabled"));
        var disabled = await streams.DescribeAsync(arn);
        var read = await streams.CallAsync("GetRecords", new { ShardIterator = iterator });
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var enabled = await client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.KEYS_ONLY },
        });
        await client.PutItemAsync(table, Item("after"));

        Assert.Equal("DISABLED", disabled.GetProperty("StreamStatus").GetString());
        var range = Assert.Single(disabled.GetProperty("Shards").EnumerateArray()).GetProperty("SequenceNumberRange");
        Assert.True(range.TryGetProperty("EndingSequenceNumber", out _));
        Assert.Equal(["before"], read.GetProperty("Records").EnumerateArray().Select(KeyOf));
        Assert.False(read.TryGetProperty("NextShardIterator", out _));
        var newArn = enabled.TableDescription.LatestStreamArn;
        Assert.NotEqual(arn, newArn);
        Assert.Equal(["after"], (await streams.ReadAllAsync(newArn)).Select(KeyOf));
        Assert.Equal(2, (await streams.CallAsync("ListStreams", new { TableName = table })).GetProperty("Streams").GetArrayLength());
    }

    [Fact]
    public async Task AfterFourHours_TheShardRollsOver_IntoAChildOfTheClosedShard()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = StreamRecordTests.Name();
        var arn = await CreateStreamedTableAsync(client, table);
        await client.PutItemAsync(table, Item("first"));
        var parentShard = (await streams.DescribeAsync(arn)).GetProperty("Shards")[0].GetProperty("ShardId").GetString();

        fixture.Clock.Advance(TimeSpan.FromHours(4));
        await fixture.Streams.MaintainAsync(CancellationToken.None);
        await client.PutItemAsync(table, Item("second"));
        var parentIterator = await streams.IteratorAsync(arn, shardId: parentShard);
        var shards = (await streams.DescribeAsync(arn)).GetProperty("Shards").EnumerateArray().ToList();
        var parentRead = await streams.CallAsync("GetRecords", new { ShardIterator = parentIterator });

        Assert.Equal(2, shards.Count);
        Assert.Equal(shards[0].GetProperty("ShardId").GetString(), shards[1].GetProperty("ParentShardId").GetString());
        Assert.True(shards[0].GetProperty("SequenceNumberRange").TryGetProperty("EndingSequenceNumber", out _));
        Assert.False(shards[1].GetProperty("SequenceNumberRange").TryGetProperty("EndingSequenceNumber", out _));
        Assert.Equal(["first"], parentRead.GetProperty("Records").EnumerateArray().Select(KeyOf));
        Assert.False(parentRead.TryGetProperty("NextShardIterator", out _));
        Assert.Equal(["first", "second"], (await streams.ReadAllAsync(arn)).Select(KeyOf));
    }

    [Fact]
    public async Task RecordsOlderThanTwentyFourHours_AreTrimmed()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = StreamRecordTests.Name();
        var arn = await CreateStreamedTableAsync(client, table);
        await client.PutItemAsync(table, Item("old"));
        var oldSequence = (await streams.ReadAllAsync(arn))[0].GetProperty("dynamodb").GetProperty("SequenceNumber").GetString()!;

        fixture.Clock.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(55));
        await fixture.Streams.MaintainAsync(CancellationToken.None);
        var staleIterator = await streams.IteratorAsync(arn, shardId: (await streams.DescribeAsync(arn)).GetProperty("Shards")[0].GetProperty("ShardId").GetString());
        await client.PutItemAsync(table, Item("new"));
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        await fixture.Streams.MaintainAsync(CancellationToken.None);

        var (status, body) = await streams.SendAsync("GetRecords", new { ShardIterator = staleIterator });
        var atTrimmed = await streams.SendAsync("GetShardIterator", new
        {
            StreamArn = arn,
            ShardId = (await streams.DescribeAsync(arn)).GetProperty("Shards")[0].GetProperty("ShardId").GetString(),
            ShardIteratorType = "AT_SEQUENCE_NUMBER",
            SequenceNumber = oldSequence,
        });

        Assert.Equal(["new"], (await streams.ReadAllAsync(arn)).Select(KeyOf));
        Assert.Equal(400, status);
        Assert.EndsWith("#TrimmedDataAccessException", body.GetProperty("__type").GetString());
        Assert.EndsWith("#TrimmedDataAccessException", atTrimmed.Body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task TimeToLiveDeletion_IsARemoveRecordByTheDynamoDbService()
    {
        using var client = fixture.CreateDynamoDbClient();
        using var streams = For(fixture);
        var table = StreamRecordTests.Name();
        var arn = await CreateStreamedTableAsync(client, table);
        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = table,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "expires", Enabled = true },
        });
        var item = Item("short-lived");
        item["expires"] = new AttributeValue { N = fixture.Clock.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await client.PutItemAsync(table, item);

        var readableBeforeSweep = await client.GetItemAsync(table, Item("short-lived"));
        while (await fixture.Sweeper.SweepAsync(CancellationToken.None) > 0)
        {
        }

        var records = await streams.ReadAllAsync(arn);
        var afterSweep = await client.GetItemAsync(table, Item("short-lived"));
        Assert.Equal("short-lived", readableBeforeSweep.Item["pk"].S);
        Assert.True(afterSweep.Item is null or { Count: 0 });
        Assert.Equal(["INSERT", "REMOVE"], records.Select(r => r.GetProperty("eventName").GetString()));
        Assert.Equal("""{"type":"Service","principalId":"dynamodb.amazonaws.com"}""", records[1].GetProperty("userIdentity").GetRawText());
        Assert.False(records[0].TryGetProperty("userIdentity", out _));
    }

    [Theory]
    [InlineData("DescribeStream", """{"StreamArn":"arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000"}""", "ResourceNotFoundException")]
    [InlineData("DescribeStream", """{}""", "ValidationException")]
    [InlineData("GetShardIterator", """{"StreamArn":"arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000","ShardId":"shardId-00000000000000000000-00000000","ShardIteratorType":"NEXT"}""", "ValidationException")]
    [InlineData("GetRecords", """{"ShardIterator":"garbage"}""", "ValidationException")]
    [InlineData("GetRecords", """{"ShardIterator":"x","Limit":1001}""", "ValidationException")]
    [InlineData("ListStreams", """{"Limit":0}""", "ValidationException")]
    public async Task BadRequests_AreRejectedWithDynamoDbsCodes(string operation, string body, string code)
    {
        using var http = fixture.CreateHttpClient();
        using var response = await AwsJsonCall.PostAsync(http, $"DynamoDBStreams_20120810.{operation}", System.Text.Encoding.UTF8.GetBytes(body), "1.0", "dynamodb");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(400, (int)response.StatusCode);
        Assert.EndsWith("#" + code, document.RootElement.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("message").GetString()));
    }

    private static async Task<List<string>> Keys(StreamsClient streams, string iterator) =>
        (await streams.CallAsync("GetRecords", new { ShardIterator = iterator })).GetProperty("Records").EnumerateArray().Select(KeyOf).ToList();

    private static string KeyOf(JsonElement record) => record.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString()!;
}
