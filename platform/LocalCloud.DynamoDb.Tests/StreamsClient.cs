using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Testing;

namespace LocalCloud.DynamoDb.Tests;

/// <summary>
/// DynamoDB Streams over the wire (awsJson1_0, <c>DynamoDBStreams_20120810.*</c>): AWSSDK.DynamoDBv2 4.x has no
/// streams client, so the tests speak the protocol as any other SDK does.
/// </summary>
internal sealed class StreamsClient(HttpClient http) : IDisposable
{
    public static StreamsClient For(LocalCloudFixture fixture) => new(fixture.CreateHttpClient());

    public async Task<JsonElement> CallAsync(string operation, object request)
    {
        var (status, body) = await SendAsync(operation, request);
        if (status != 200)
        {
            throw new StreamsCallException(body.GetProperty("__type").GetString()!, body.GetProperty("message").GetString()!);
        }

        return body;
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(string operation, object request)
    {
        var json = JsonSerializer.Serialize(request);
        using var response = await AwsJsonCall.PostAsync(http, $"DynamoDBStreams_20120810.{operation}", Encoding.UTF8.GetBytes(json), "1.0", "dynamodb");
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public async Task<JsonElement> DescribeAsync(string streamArn) =>
        (await CallAsync("DescribeStream", new { StreamArn = streamArn })).GetProperty("StreamDescription");

    public async Task<string> IteratorAsync(string streamArn, string type = "TRIM_HORIZON", string? sequenceNumber = null, string? shardId = null)
    {
        shardId ??= (await DescribeAsync(streamArn)).GetProperty("Shards").EnumerateArray().Last().GetProperty("ShardId").GetString()!;
        object request = sequenceNumber is null
            ? new { StreamArn = streamArn, ShardId = shardId, ShardIteratorType = type }
            : new { StreamArn = streamArn, ShardId = shardId, ShardIteratorType = type, SequenceNumber = sequenceNumber };
        return (await CallAsync("GetShardIterator", request)).GetProperty("ShardIterator").GetString()!;
    }

    /// <summary>Every record of the stream's shards, parents first, from their trim horizon.</summary>
    public async Task<List<JsonElement>> ReadAllAsync(string streamArn)
    {
        var records = new List<JsonElement>();
        foreach (var shard in (await DescribeAsync(streamArn)).GetProperty("Shards").EnumerateArray())
        {
            var iterator = await IteratorAsync(streamArn, shardId: shard.GetProperty("ShardId").GetString());
            for (var page = 0; page < 100; page++)
            {
                var result = await CallAsync("GetRecords", new { ShardIterator = iterator });
                var batch = result.GetProperty("Records").EnumerateArray().ToList();
                records.AddRange(batch);
                if (!result.TryGetProperty("NextShardIterator", out var next) || batch.Count == 0)
                {
                    break;
                }

                iterator = next.GetString()!;
            }
        }

        return records;
    }

    public void Dispose() => http.Dispose();

    public static async Task<string> CreateStreamedTableAsync(AmazonDynamoDBClient client, string name, string viewType = "NEW_AND_OLD_IMAGES", bool withRange = false)
    {
        var response = await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = withRange ? [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.N)] : [new("pk", ScalarAttributeType.S)],
            KeySchema = withRange ? [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)] : [new("pk", KeyType.HASH)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = viewType },
        });
        return response.TableDescription.LatestStreamArn;
    }

    public static Dictionary<string, AttributeValue> Item(string pk, params (string Name, string Value)[] strings)
    {
        var item = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk } };
        foreach (var (name, value) in strings)
        {
            item[name] = new AttributeValue { S = value };
        }

        return item;
    }
}

internal sealed class StreamsCallException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}
