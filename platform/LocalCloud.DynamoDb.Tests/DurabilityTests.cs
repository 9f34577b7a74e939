using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.StreamsClient;

namespace LocalCloud.DynamoDb.Tests;

/// <summary>Tables, items and stream records survive a restart and a SIGKILL of a child <c>LocalCloud up</c>.</summary>
public sealed class DurabilityTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("localcloud-ddb-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Restart_KeepsTablesItemsAndStreams_AndSequenceNumbersKeepIncreasing()
    {
        string arn;
        var host = await LocalCloudFixture.StartHostAsync(o => { o.InMemory = false; o.DataDirectory = _dataDirectory; });
        await using (host)
        {
            using var client = LocalCloudFixture.CreateDynamoDbClient(host);
            arn = await CreateStreamedTableAsync(client, "durable", withRange: true);
            await client.PutItemAsync("durable", new() { ["pk"] = new() { S = "a" }, ["sk"] = new() { N = "1" }, ["v"] = new() { S = "kept" } });
        }

        var restarted = await LocalCloudFixture.StartHostAsync(o => { o.InMemory = false; o.DataDirectory = _dataDirectory; });
        await using (restarted)
        {
            using var client = LocalCloudFixture.CreateDynamoDbClient(restarted);
            using var streams = new StreamsClient(new HttpClient { BaseAddress = restarted.Endpoint });
            var item = await client.GetItemAsync("durable", new() { ["pk"] = new() { S = "a" }, ["sk"] = new() { N = "1" } });
            await client.PutItemAsync("durable", new() { ["pk"] = new() { S = "a" }, ["sk"] = new() { N = "2" } });
            var table = await client.DescribeTableAsync("durable");
            var records = await streams.ReadAllAsync(arn);

            Assert.Equal("kept", item.Item["v"].S);
            Assert.Equal(arn, table.Table.LatestStreamArn);
            Assert.Equal(2, table.Table.ItemCount);
            Assert.Equal(["1", "2"], records.Select(r => r.GetProperty("dynamodb").GetProperty("Keys").GetProperty("sk").GetProperty("N").GetString()));
            Assert.True(Sequence(records[1]) > Sequence(records[0]));
        }
    }

    [Fact]
    public async Task Kill9MidLoad_EveryAcknowledgedWriteAndItsStreamRecordArePresentAfterRestart()
    {
        await using var cloud = await LocalCloudProcess.StartAsync(_dataDirectory, timeout: StartTimeout);
        string arn;
        var acknowledged = new ConcurrentDictionary<string, bool>();
        using (var client = Client(cloud.Endpoint))
        {
            arn = await CreateStreamedTableAsync(client, "crash", "KEYS_ONLY");
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested && i < 5000; i++)
                {
                    var key = $"w{w}-{i}";
                    try
                    {
                        await client.PutItemAsync("crash", Item(key));
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or AmazonServiceException)
                    {
                        return;
                    }

                    acknowledged[key] = true;
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(2));
            await cloud.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await cloud.RestartAsync(StartTimeout);
        using var restartedClient = Client(cloud.Endpoint);
        using var streams = new StreamsClient(new HttpClient { BaseAddress = cloud.Endpoint });
        var stored = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await restartedClient.ScanAsync(new ScanRequest { TableName = "crash", ExclusiveStartKey = start });
            stored.UnionWith(page.Items.Select(i => i["pk"].S));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        var records = await streams.ReadAllAsync(arn);
        var recorded = records.Select(r => r.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString()!).ToList();

        Assert.NotEmpty(acknowledged);
        Assert.Subset(stored, acknowledged.Keys.ToHashSet(StringComparer.Ordinal));
        Assert.Subset(recorded.ToHashSet(StringComparer.Ordinal), acknowledged.Keys.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(stored.Order(StringComparer.Ordinal), recorded.Order(StringComparer.Ordinal));
        var sequence = records.Select(Sequence).ToList();
        Assert.Equal(sequence.Order(), sequence);
        Assert.Equal(sequence.Count, sequence.Distinct().Count());
    }

    private static AmazonDynamoDBClient Client(Uri endpoint) =>
        new(new BasicAWSCredentials("test", "test"), LocalCloudFixture.SdkConfig<AmazonDynamoDBConfig>(endpoint, "us-east-1"));

    private static BigInteger Sequence(System.Text.Json.JsonElement record) =>
        BigInteger.Parse(record.GetProperty("dynamodb").GetProperty("SequenceNumber").GetString()!, CultureInfo.InvariantCulture);
}
