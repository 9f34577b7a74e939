using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using LocalCloud;
using LocalCloud.Core.Hosting;

// Pipe latency: from a committed DynamoDB write (TransactWriteItems acknowledged) to the event being receivable on an
// SQS queue that a rule on the pipe's target bus sends it to. Starts an in-process local cloud with every service.
//   dotnet run -c Release --project platform/LocalCloud.Pipes.Benchmarks [-- <writes> <warm-up>]
var writes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var warmUp = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
var data = Path.Combine(Path.GetTempPath(), "pipes-bench-" + Guid.NewGuid().ToString("N"));
await using var host = await LocalCloudApplication.StartAsync(new LocalCloudOptions { Port = 0, DataDirectory = data });
try
{
    var credentials = new BasicAWSCredentials("test", "test");
    using var dynamo = new AmazonDynamoDBClient(credentials, new AmazonDynamoDBConfig { ServiceURL = host.Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
    using var sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = host.Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
    using var http = new HttpClient { BaseAddress = host.Endpoint };

    await dynamo.CreateTableAsync(new CreateTableRequest
    {
        TableName = "bench",
        KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
        BillingMode = BillingMode.PAY_PER_REQUEST,
        StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE },
    });
    var stream = (await dynamo.DescribeTableAsync("bench")).Table.LatestStreamArn;
    var queueUrl = (await sqs.CreateQueueAsync("bench-events")).QueueUrl;
    await CallAsync(http, "events", "AWSEvents.CreateEventBus", """{"Name":"bench"}""");
    await CallAsync(http, "events", "AWSEvents.PutRule", """{"Name":"all","EventBusName":"bench","EventPattern":"{\"source\":[\"bench\"]}"}""");
    await CallAsync(http, "events", "AWSEvents.PutTargets", """{"Rule":"all","EventBusName":"bench","Targets":[{"Id":"q","Arn":"arn:aws:sqs:us-east-1:000000000000:bench-events"}]}""");
    await RestAsync(http, HttpMethod.Post, "/v1/pipes/bench", $$"""
        {"Source":"{{stream}}","Target":"arn:aws:events:us-east-1:000000000000:event-bus/bench","RoleArn":"arn:aws:iam::000000000000:role/bench",
         "SourceParameters":{"DynamoDBStreamParameters":{"StartingPosition":"LATEST","BatchSize":10} },
         "TargetParameters":{"InputTemplate":"{\"n\":<$.dynamodb.NewImage.n.N> }","EventBridgeEventBusParameters":{"Source":"bench","DetailType":"bench"} } }
        """);
    while (!(await RestAsync(http, HttpMethod.Get, "/v1/pipes/bench", null)).Contains("\"CurrentState\":\"RUNNING\"", StringComparison.Ordinal))
    {
        await Task.Delay(10);
    }

    var latencies = new List<double>(writes);
    for (var i = 0; i < warmUp + writes; i++)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [new TransactWriteItem { Put = new Put { TableName = "bench", Item = new() { ["pk"] = new AttributeValue("E#" + n), ["n"] = new AttributeValue { N = n } } } }],
        });
        var committed = Stopwatch.GetTimestamp();
        var seen = false;
        while (!seen)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 5 });
            foreach (var message in received.Messages ?? [])
            {
                seen |= message.Body.Contains($"\"n\":\"{n}\"", StringComparison.Ordinal);
                await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
            }
        }

        if (i >= warmUp)
        {
            latencies.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
        }
    }

    latencies.Sort();
    double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
    Console.WriteLine($"pipe latency, committed DynamoDB write -> event receivable on SQS via bus rule ({writes} writes, {warmUp} warm-up)");
    Console.WriteLine($"  p50 {Percentile(0.50):F1} ms   p90 {Percentile(0.90):F1} ms   p99 {Percentile(0.99):F1} ms   max {latencies[^1]:F1} ms");
    Console.WriteLine("  targets: p50 < 50 ms, p99 < 150 ms");
}
finally
{
    await host.DisposeAsync();
    try
    {
        Directory.Delete(data, recursive: true);
    }
    catch (IOException)
    {
    }
}

static async Task CallAsync(HttpClient http, string service, string target, string body)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
    request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
    request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=00");
    using var response = await http.SendAsync(request);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{target}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

static async Task<string> RestAsync(HttpClient http, HttpMethod method, string path, string? body)
{
    using var request = new HttpRequestMessage(method, path);
    request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/pipes/aws4_request, SignedHeaders=host, Signature=00");
    if (body is not null)
    {
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
    }

    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
}
