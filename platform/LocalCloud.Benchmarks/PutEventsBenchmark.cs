using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Aws;
using Aws.EventBridge;

namespace LocalCloud.Benchmarks;

/// <summary>
/// Creates a bus, the workload's rules with SQS targets, then drives PutEvents in batches of 10 from
/// concurrent senders while receivers long-poll the target queues and time each delivery.
/// </summary>
internal sealed class PutEventsBenchmark(BenchmarkOptions options, CloudUnderTest cloud, TextWriter log)
{
    private const int BatchSize = 10;
    private readonly Workload _workload = new(options.Rules, options.Queues, options.Unmatched);
    private readonly string _busName = "bench-" + Guid.NewGuid().ToString("N")[..8];
    private readonly LatencyHistogram _callLatency = new();
    private readonly LatencyHistogram _deliveryLatency = new();
    private readonly LatencyHistogram _receiveLatency = new();
    private readonly LatencyHistogram _deleteLatency = new();
    private long _receiveCalls;
    private long _receivedInCalls;
    private readonly List<MemorySample> _memory = [];
    private readonly long _startTicks = Stopwatch.GetTimestamp();
    private long _sequence;
    private long _acknowledged;
    private long _failedEntries;
    private long _expectedDeliveries;
    private long _received;
    private long _receivedMeasured;
    private long _measureFromTicks = long.MaxValue;
    private long _measureUntilTicks = long.MaxValue;

    public async Task<BenchmarkReport> RunAsync(CancellationToken ct)
    {
        using var events = new EventBridgeClient(new AwsClientOptions
        {
            ServiceUrl = cloud.Endpoint,
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("bench", "bench"),
            MaxAttempts = 1,
            AttemptTimeout = TimeSpan.FromSeconds(30),
            PrimaryHandler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                MaxConnectionsPerServer = options.Senders * 2,
                PooledConnectionLifetime = TimeSpan.FromMinutes(10),
                UseProxy = false,
            },
        });
        using var sqs = new AmazonSQSClient(new BasicAWSCredentials("bench", "bench"), new AmazonSQSConfig
        {
            ServiceURL = cloud.Endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxConnectionsPerServer = options.Queues * options.ReceiversPerQueue + 4,
            Timeout = TimeSpan.FromSeconds(30),
        });

        log.WriteLine($"setting up bus {_busName}: {options.Rules} rules ({_workload.SpecificRules} specific, {_workload.BroadRules} broad, {_workload.FillerRules} never matching) over {options.Queues} SQS queues");
        var queueUrls = await SetUpAsync(events, sqs, ct);

        using var stopReceivers = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receivers = queueUrls
            .Where(_ => !options.NoReceive)
            .SelectMany(url => Enumerable.Range(0, options.ReceiversPerQueue).Select(_ => ReceiveLoopAsync(sqs, url, stopReceivers.Token)))
            .ToArray();

        using var stopSampler = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = SampleMemoryAsync(stopSampler.Token);

        var clock = Stopwatch.StartNew();
        var warmupEnd = TimeSpan.FromSeconds(options.WarmupSeconds);
        var end = warmupEnd + TimeSpan.FromSeconds(options.Seconds);
        _measureFromTicks = Stopwatch.GetTimestamp() + (long)(warmupEnd.TotalSeconds * Stopwatch.Frequency);
        _measureUntilTicks = _measureFromTicks + (long)(options.Seconds * (double)Stopwatch.Frequency);
        log.WriteLine($"warming up {options.WarmupSeconds} s, then measuring {options.Seconds} s with {options.Senders} senders");
        var cpuAtStart = TimeSpan.Zero;
        var cpuMark = Task.Run(async () =>
        {
            await Task.Delay(warmupEnd, ct);
            cpuAtStart = cloud.SampleCpu();
        }, ct);
        var senders = Enumerable.Range(0, options.Senders)
            .Select(i => SendLoopAsync(events, new Random(1000 + i), clock, end, ct))
            .ToArray();
        await Task.WhenAll(senders);
        var sendElapsed = clock.Elapsed - warmupEnd;
        await cpuMark;
        var cpuUsed = cloud.SampleCpu() - cpuAtStart;

        var drain = Stopwatch.StartNew();
        while (!options.NoReceive && Interlocked.Read(ref _received) < Interlocked.Read(ref _expectedDeliveries) && drain.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100, ct);
        }

        await stopReceivers.CancelAsync();
        await stopSampler.CancelAsync();
        await Task.WhenAll(receivers.Append(sampler));

        await TearDownAsync(events, sqs, queueUrls);
        return Report(sendElapsed, cpuUsed);
    }

    private async Task<List<string>> SetUpAsync(EventBridgeClient events, AmazonSQSClient sqs, CancellationToken ct)
    {
        await events.CreateEventBusAsync(new CreateEventBusRequest { Name = _busName }, ct);
        var urls = new List<string>();
        var arns = new List<string>();
        for (var q = 0; q < options.Queues; q++)
        {
            var created = await sqs.CreateQueueAsync($"{_busName}-q{q}", ct);
            urls.Add(created.QueueUrl);
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
            {
                QueueUrl = created.QueueUrl,
                AttributeNames = ["QueueArn"],
            }, ct);
            arns.Add(attributes.QueueARN);
        }

        for (var rule = 0; rule < options.Rules; rule++)
        {
            var name = Workload.RuleName(rule);
            var pattern = _workload.Pattern(rule);
            await events.PutRuleAsync(new PutRuleRequest { Name = name, EventBusName = _busName, EventPattern = pattern }, ct);
            var arn = arns[_workload.QueueOf(rule)];
            await events.PutTargetsAsync(new PutTargetsRequest
            {
                Rule = name,
                EventBusName = _busName,
                Targets = [new Target { Id = "q", Arn = arn }],
            }, ct);
        }

        return urls;
    }

    private async Task SendLoopAsync(EventBridgeClient events, Random random, Stopwatch clock, TimeSpan end, CancellationToken ct)
    {
        var specs = new EventSpec[BatchSize];
        while (clock.Elapsed < end && !ct.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            var sentAt = (long)MicrosSinceStart(started);
            var entries = new PutEventsRequestEntry[BatchSize];
            for (var i = 0; i < BatchSize; i++)
            {
                specs[i] = Workload.NextEvent(random);
                entries[i] = Workload.Entry(_busName, specs[i], Interlocked.Increment(ref _sequence), sentAt);
            }

            var response = await events.PutEventsAsync(new PutEventsRequest { Entries = entries }, ct);
            var finished = Stopwatch.GetTimestamp();
            var measured = started >= _measureFromTicks;
            if (measured)
            {
                _callLatency.Record(Stopwatch.GetElapsedTime(started, finished).TotalMicroseconds);
            }

            var index = 0;
            foreach (var entry in response.Entries)
            {
                var spec = specs[index++];
                if (entry.EventId is not null)
                {
                    Interlocked.Add(ref _expectedDeliveries, _workload.Matches(spec.Source, spec.Type, spec.Region, spec.High));
                    if (measured)
                    {
                        Interlocked.Increment(ref _acknowledged);
                    }
                }
                else
                {
                    Interlocked.Increment(ref _failedEntries);
                }
            }
        }
    }

    private async Task ReceiveLoopAsync(AmazonSQSClient sqs, string queueUrl, CancellationToken ct)
    {
        var request = new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 };
        while (!ct.IsCancellationRequested)
        {
            ReceiveMessageResponse response;
            var receiveStarted = Stopwatch.GetTimestamp();
            try
            {
                response = await sqs.ReceiveMessageAsync(request, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = MicrosSinceStart(Stopwatch.GetTimestamp());
            if (response.Messages is not { Count: > 0 } messages)
            {
                continue;
            }

            var measured = receiveStarted >= _measureFromTicks && receiveStarted < _measureUntilTicks;
            if (measured)
            {
                _receiveLatency.Record(Stopwatch.GetElapsedTime(receiveStarted).TotalMicroseconds);
                Interlocked.Increment(ref _receiveCalls);
                Interlocked.Add(ref _receivedInCalls, messages.Count);
            }

            var deletes = new List<DeleteMessageBatchRequestEntry>(messages.Count);
            foreach (var message in messages)
            {
                deletes.Add(new DeleteMessageBatchRequestEntry(deletes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), message.ReceiptHandle));
                using var doc = JsonDocument.Parse(message.Body);
                var sentAt = doc.RootElement.GetProperty("detail").GetProperty("sentAt").GetInt64();
                Interlocked.Increment(ref _received);
                var sentTicks = (long)(sentAt / 1e6 * Stopwatch.Frequency) + _startTicks;
                if (sentTicks >= _measureFromTicks && sentTicks < _measureUntilTicks)
                {
                    Interlocked.Increment(ref _receivedMeasured);
                    _deliveryLatency.Record(now - sentAt);
                }
            }

            var deleteStarted = Stopwatch.GetTimestamp();
            try
            {
                await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest { QueueUrl = queueUrl, Entries = deletes }, CancellationToken.None);
                if (measured)
                {
                    _deleteLatency.Record(Stopwatch.GetElapsedTime(deleteStarted).TotalMicroseconds);
                }
            }
            catch (AmazonSQSException e)
            {
                log.WriteLine($"DeleteMessageBatch failed: {e.Message}");
            }
        }
    }

    private double MicrosSinceStart(long ticks) => (ticks - _startTicks) * 1e6 / Stopwatch.Frequency;

    private async Task SampleMemoryAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                var (workingSet, heap) = cloud.SampleMemory();
                lock (_memory)
                {
                    _memory.Add(new MemorySample(clock.Elapsed.TotalSeconds, workingSet, heap));
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TearDownAsync(EventBridgeClient events, AmazonSQSClient sqs, List<string> queueUrls)
    {
        try
        {
            for (var rule = 0; rule < options.Rules; rule++)
            {
                var name = Workload.RuleName(rule);
                await events.RemoveTargetsAsync(new RemoveTargetsRequest { Rule = name, EventBusName = _busName, Ids = ["q"] }, CancellationToken.None);
                await events.DeleteRuleAsync(new DeleteRuleRequest { Name = name, EventBusName = _busName }, CancellationToken.None);
            }

            await events.DeleteEventBusAsync(new DeleteEventBusRequest { Name = _busName }, CancellationToken.None);
            foreach (var url in queueUrls)
            {
                await sqs.DeleteQueueAsync(url);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or AmazonServiceException or HttpRequestException)
        {
            log.WriteLine($"cleanup incomplete: {e.Message}");
        }
    }

    private BenchmarkReport Report(TimeSpan sendElapsed, TimeSpan cpuUsed)
    {
        List<MemorySample> samples;
        lock (_memory)
        {
            samples = [.. _memory];
        }

        var measured = samples.Where(s => s.Seconds >= options.WarmupSeconds).ToList();
        if (measured.Count == 0)
        {
            measured = samples;
        }

        var fifth = Math.Max(1, measured.Count / 5);
        static double Mib(double bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
        double? HeapMean(IEnumerable<MemorySample> s) =>
            s.All(x => x.GcHeap is not null) ? Mib(s.Average(x => (double)x.GcHeap!.Value)) : null;

        return new BenchmarkReport
        {
            Target = cloud.Description,
            Seconds = Math.Round(sendElapsed.TotalSeconds, 1),
            Rules = options.Rules,
            Queues = options.Queues,
            Senders = options.Senders,
            BatchSize = BatchSize,
            EntriesAcknowledged = Interlocked.Read(ref _acknowledged),
            EntriesFailed = Interlocked.Read(ref _failedEntries),
            EntriesPerSecond = Math.Round(Interlocked.Read(ref _acknowledged) / sendElapsed.TotalSeconds),
            PutEventsP50Ms = Millis(_callLatency, 50),
            PutEventsP99Ms = Millis(_callLatency, 99),
            PutEventsMaxMs = (_callLatency.Count == 0 ? null : Math.Round(_callLatency.MaxMillis, 2)),
            DeliveriesExpected = Interlocked.Read(ref _expectedDeliveries),
            DeliveriesReceived = Interlocked.Read(ref _received),
            DeliveryP50Ms = Millis(_deliveryLatency, 50),
            DeliveryP99Ms = Millis(_deliveryLatency, 99),
            DeliveryMaxMs = (_deliveryLatency.Count == 0 ? null : Math.Round(_deliveryLatency.MaxMillis, 2)),
            ReceiversPerQueue = options.NoReceive ? 0 : options.ReceiversPerQueue,
            ReceiveCalls = Interlocked.Read(ref _receiveCalls),
            MessagesPerReceive = Interlocked.Read(ref _receiveCalls) == 0 ? 0 : Math.Round(Interlocked.Read(ref _receivedInCalls) / (double)Interlocked.Read(ref _receiveCalls), 2),
            ReceiveP50Ms = Millis(_receiveLatency, 50),
            ReceiveP99Ms = Millis(_receiveLatency, 99),
            DeleteBatchP50Ms = Millis(_deleteLatency, 50),
            DeleteBatchP99Ms = Millis(_deleteLatency, 99),
            WorkingSetFirstFifthMiB = Mib(measured.Take(fifth).Average(s => (double)s.WorkingSet)),
            WorkingSetLastFifthMiB = Mib(measured.TakeLast(fifth).Average(s => (double)s.WorkingSet)),
            WorkingSetMaxMiB = Mib(measured.Max(s => (double)s.WorkingSet)),
            GcHeapFirstFifthMiB = HeapMean(measured.Take(fifth)),
            GcHeapLastFifthMiB = HeapMean(measured.TakeLast(fifth)),
            CpuSecondsPerThousandEntries = Interlocked.Read(ref _acknowledged) == 0
                ? 0
                : Math.Round(cpuUsed.TotalSeconds * 1000 / Interlocked.Read(ref _acknowledged), 3),
            CpuCoresUsed = Math.Round(cpuUsed.TotalSeconds / sendElapsed.TotalSeconds, 2),
            LoadAverage = LoadAverage(),
            ProcessorCount = Environment.ProcessorCount,
        };
    }

    private static double? Millis(LatencyHistogram histogram, double percentile) =>
        histogram.Count == 0 ? null : Math.Round(histogram.PercentileMillis(percentile), 2);

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private readonly record struct MemorySample(double Seconds, long WorkingSet, long? GcHeap);
}
