using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using LocalCloud.Testing;
using Xunit.Abstractions;

namespace LocalCloud.Tests.Crash;

/// <summary>
/// Sustained PutEvents load against a child `LocalCloud up`, SIGKILL mid-load, restart on the same
/// data directory, then count every acknowledged event on every matching SQS target.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const string Bus = "crash";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("localcloud-crash-").FullName;

    // rule -> (queue, pattern, predicate over (source, kind))
    private static readonly (string Rule, string Queue, string Pattern, Func<string, string, bool> Matches)[] Rules =
    [
        ("only-a", "crash-q-a", """{"source":["crash.a"]}""", (s, _) => s == "crash.a"),
        ("a-or-b", "crash-q-ab", """{"source":["crash.a","crash.b"]}""", (s, _) => s is "crash.a" or "crash.b"),
        ("kind-x", "crash-q-x", """{"detail":{"kind":["x"]}}""", (_, k) => k == "x"),
    ];

    [Fact]
    public async Task Kill9MidLoad_EveryAcknowledgedEventReachesEveryMatchingTarget()
    {
        var acknowledged = new ConcurrentDictionary<string, (string Source, string Kind)>();
        var sent = 0;
        await using var cloud = await LocalCloudProcess.StartAsync(_dataDirectory, timeout: StartTimeout);
        {
            using var events = new EventsJsonClient(cloud.Endpoint);
            using var sqs = Sqs(cloud.Endpoint);
            await SetUpAsync(events, sqs);

            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
            {
                var random = new Random(i);
                while (!stop.IsCancellationRequested)
                {
                    var batch = Enumerable.Range(0, 10).Select(_ =>
                    {
                        var source = random.Next(3) switch { 0 => "crash.a", 1 => "crash.b", _ => "crash.c" };
                        var kind = random.Next(2) == 0 ? "x" : "y";
                        var key = $"{i}-{Interlocked.Increment(ref sent)}";
                        return (Source: source, Kind: kind, Key: key);
                    }).ToList();
                    var body = JsonSerializer.Serialize(new
                    {
                        Entries = batch.Select(e => new
                        {
                            Source = e.Source,
                            DetailType = "crash.test",
                            EventBusName = Bus,
                            Detail = $$"""{"kind":"{{e.Kind}}","key":"{{e.Key}}"}""",
                        }),
                    });
                    JsonElement response;
                    try
                    {
                        response = await events.CallAsync("PutEvents", body);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return;
                    }

                    var results = response.GetProperty("Entries").EnumerateArray().ToList();
                    for (var n = 0; n < results.Count; n++)
                    {
                        if (results[n].TryGetProperty("EventId", out var id))
                        {
                            acknowledged[id.GetString()!] = (batch[n].Source, batch[n].Kind);
                        }
                    }
                }
            })).ToArray();

            var clock = Stopwatch.StartNew();
            while (acknowledged.Count < 300 && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            await Task.Delay(500);
            await cloud.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        Assert.True(acknowledged.Count >= 300, $"only {acknowledged.Count} events were acknowledged before the kill");
        output.WriteLine($"{acknowledged.Count} events acknowledged, {sent} sent before SIGKILL");

        await cloud.RestartAsync(StartTimeout);
        using var sqsAfter = Sqs(cloud.Endpoint);
        var deadline = Stopwatch.StartNew();
        foreach (var (rule, queue, _, matches) in Rules)
        {
            var expected = acknowledged.Where(a => matches(a.Value.Source, a.Value.Kind)).Select(a => a.Key).ToHashSet();
            var received = await DrainAsync(sqsAfter, queue, expected, deadline, TimeSpan.FromSeconds(40));
            var missing = expected.Where(id => !received.ContainsKey(id)).ToList();
            var duplicates = received.Where(r => expected.Contains(r.Key) && r.Value > 1).ToList();
            output.WriteLine($"{rule}: {expected.Count} expected, {received.Count(r => expected.Contains(r.Key))} received, {missing.Count} missing, {duplicates.Count} delivered more than once, {received.Count(r => !expected.Contains(r.Key))} unacknowledged delivered");
            Assert.True(missing.Count == 0, $"{rule}: {missing.Count} acknowledged events never reached {queue}, e.g. {string.Join(", ", missing.Take(5))}\n{cloud.Output}");
            Assert.All(duplicates, d => Assert.True(d.Value <= 2, $"{rule}: event {d.Key} delivered {d.Value} times; one crash explains at most one redelivery"));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static AmazonSQSClient Sqs(Uri endpoint) => new(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig
    {
        ServiceURL = endpoint.ToString(),
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 1,
        Timeout = TimeSpan.FromSeconds(10),
    });

    private static async Task SetUpAsync(EventsJsonClient events, AmazonSQSClient sqs)
    {
        await events.CallAsync("CreateEventBus", $$"""{"Name":"{{Bus}}"}""");
        foreach (var (rule, queue, pattern, _) in Rules)
        {
            var url = (await sqs.CreateQueueAsync(queue)).QueueUrl;
            var arn = (await sqs.GetQueueAttributesAsync(url, ["QueueArn"])).QueueARN;
            await events.CallAsync("PutRule", JsonSerializer.Serialize(new { Name = rule, EventBusName = Bus, EventPattern = pattern }));
            var targets = await events.CallAsync("PutTargets", JsonSerializer.Serialize(new
            {
                Rule = rule,
                EventBusName = Bus,
                Targets = new[] { new { Id = "q", Arn = arn } },
            }));
            Assert.Equal(0, targets.GetProperty("FailedEntryCount").GetInt32());
        }
    }

    private static async Task<Dictionary<string, int>> DrainAsync(
        AmazonSQSClient sqs, string queue, HashSet<string> expected, Stopwatch clock, TimeSpan limit)
    {
        var url = (await sqs.GetQueueUrlAsync(queue)).QueueUrl;
        var received = new Dictionary<string, int>();
        var quietPolls = 0;
        while (clock.Elapsed < limit)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = url,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
            });
            var messages = response.Messages ?? [];
            foreach (var message in messages)
            {
                using var doc = JsonDocument.Parse(message.Body);
                var id = doc.RootElement.GetProperty("id").GetString()!;
                received[id] = received.GetValueOrDefault(id) + 1;
            }

            if (messages.Count > 0)
            {
                await sqs.DeleteMessageBatchAsync(url, [.. messages.Select((m, i) =>
                    new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))]);
                quietPolls = 0;
            }
            else if (expected.All(received.ContainsKey) && ++quietPolls >= 2)
            {
                break;
            }
        }

        return received;
    }
}
