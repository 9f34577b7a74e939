using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.DynamoDb.Benchmarks;

/// <summary>
/// Stream lag: from a PutItem acknowledged over HTTP to its record being readable (1) through the in-process
/// stream port (<see cref="IChangeStreams"/>, the reader Pipes and Lambda use) and (2) through DynamoDB Streams
/// <c>GetRecords</c> polled in a loop over HTTP. A durable local cloud runs in this process for it, so the port can
/// be reached. A record readable before the writer saw its acknowledgement counts as 0 lag.
/// </summary>
internal static class StreamLag
{
    private const int Writes = 2000;
    private const int Writers = 4;

    public static async Task MeasureAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine($"stream lag: {Writes} PutItem from {Writers} writers, write acknowledged -> record readable (durable, in-process host)");
        var data = Directory.CreateTempSubdirectory("localcloud-ddb-lag-").FullName;
        try
        {
            await using var host = await LocalCloudApplication.StartAsync(new LocalCloudOptions { Port = 0, DataDirectory = data }, cancellationToken);
            var port = host.Services.GetRequiredService<IChangeStreams>();
            using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig
            {
                ServiceURL = host.Endpoint.ToString(),
                AuthenticationRegion = "us-east-1",
                MaxErrorRetry = 0,
            });
            var created = await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = "lag",
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
                KeySchema = [new("pk", KeyType.HASH)],
                StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.KEYS_ONLY },
            }, cancellationToken);
            var arn = created.TableDescription.LatestStreamArn;

            var acknowledged = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var viaPort = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var viaApi = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var portReader = Task.Run(() => FollowPortAsync(port, arn, viaPort, stop.Token), CancellationToken.None);
            var apiReader = Task.Run(() => PollGetRecordsAsync(host.Endpoint, arn, viaApi, stop.Token), CancellationToken.None);

            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) <= Writes)
                {
                    var key = n.ToString(CultureInfo.InvariantCulture);
                    await client.PutItemAsync("lag", new Dictionary<string, AttributeValue> { ["pk"] = new() { S = key } }, cancellationToken);
                    acknowledged[key] = Stopwatch.GetTimestamp();
                }
            }, cancellationToken)));

            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
            while ((viaPort.Count < Writes || viaApi.Count < Writes) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(10, cancellationToken);
            }

            await stop.CancelAsync();
            await Task.WhenAll(portReader, apiReader);
            Print(output, "IChangeStreams (in process)", acknowledged, viaPort);
            Print(output, "GetRecords (HTTP, polled)", acknowledged, viaApi);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task FollowPortAsync(IChangeStreams port, string arn, ConcurrentDictionary<string, long> seen, CancellationToken cancellationToken)
    {
        string? position = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await port.WaitAsync(arn, position, cancellationToken);
                var batch = port.Read(arn, position, 1000);
                var now = Stopwatch.GetTimestamp();
                foreach (var record in batch.Records)
                {
                    seen.TryAdd(KeyOf(record.Json.Span), now);
                }

                position = batch.Position;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task PollGetRecordsAsync(Uri endpoint, string arn, ConcurrentDictionary<string, long> seen, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = endpoint };
        try
        {
            using var described = await CallAsync(http, "DescribeStream", $$"""{"StreamArn":"{{arn}}"}""", cancellationToken);
            var shard = described.RootElement.GetProperty("StreamDescription").GetProperty("Shards")[0].GetProperty("ShardId").GetString();
            using var started = await CallAsync(http, "GetShardIterator", $$"""{"StreamArn":"{{arn}}","ShardId":"{{shard}}","ShardIteratorType":"TRIM_HORIZON"}""", cancellationToken);
            var iterator = started.RootElement.GetProperty("ShardIterator").GetString();
            while (!cancellationToken.IsCancellationRequested && iterator is not null)
            {
                using var page = await CallAsync(http, "GetRecords", JsonSerializer.Serialize(new Dictionary<string, string> { ["ShardIterator"] = iterator }), cancellationToken);
                var now = Stopwatch.GetTimestamp();
                foreach (var record in page.RootElement.GetProperty("Records").EnumerateArray())
                {
                    seen.TryAdd(record.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString()!, now);
                }

                iterator = page.RootElement.TryGetProperty("NextShardIterator", out var next) ? next.GetString() : null;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task<JsonDocument> CallAsync(HttpClient http, string operation, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"DynamoDBStreams_20120810.{operation}");
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0");
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    private static string KeyOf(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        return document.RootElement.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString()!;
    }

    private static void Print(TextWriter output, string reader, ConcurrentDictionary<string, long> acknowledged, ConcurrentDictionary<string, long> seen)
    {
        var lags = acknowledged
            .Where(a => seen.ContainsKey(a.Key))
            .Select(a => Math.Max(0, seen[a.Key] - a.Value) * 1000.0 / Stopwatch.Frequency)
            .Order()
            .ToArray();
        var before = acknowledged.Count(a => seen.TryGetValue(a.Key, out var at) && at <= a.Value);
        if (lags.Length == 0)
        {
            output.WriteLine($"  {reader,-28} no records seen");
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {reader,-28} seen {lags.Length}/{acknowledged.Count}, readable before the ack arrived {100.0 * before / acknowledged.Count:N1}%, lag p50 {Percentile(lags, 50):N3} ms, p99 {Percentile(lags, 99):N3} ms, max {lags[^1]:N3} ms"));
    }

    private static double Percentile(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
