using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LocalCloud;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using System.Text.Json;
using Amazon.Runtime;
using Aws;
using Aws.Scheduler;
using Microsoft.Extensions.DependencyInjection;

// Scheduler figures: firing lateness (p50/p99/max) and firings per second for a burst of one-time schedules, and the
// start time and memory of a local cloud holding N pending one-time schedules.
//   dotnet run -c Release --project platform/LocalCloud.Scheduler.Benchmarks [-- --pending 100000 --firings 10000]
var pending = Argument("--pending", 100_000);
var firings = Argument("--firings", 10_000);
var data = Path.Combine(Path.GetTempPath(), "localcloud-scheduler-bench-" + Guid.NewGuid().ToString("N"));
try
{
    var sink = new TimingQueue();
    await using (var host = await StartAsync(data, sink))
    {
        using var scheduler = Client(host);
        var time = host.Services.GetRequiredService<TimeProvider>();

        // Firing: all due within one second, three seconds from now.
        var due = time.GetUtcNow().AddSeconds(3);
        await CreateAsync(scheduler, firings, i => due.AddMilliseconds(i % 1000), "fire", "arn:aws:sqs:us-east-1:000000000000:bench");
        var watch = Stopwatch.StartNew();
        while (sink.Count < firings && watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(20);
        }

        var lateness = sink.Lateness();
        var span = sink.Last - due;
        Console.WriteLine($"firings:  {sink.Count}/{firings} in {span.TotalSeconds:0.00} s after the first was due -> {sink.Count / Math.Max(span.TotalSeconds, 1):0} /s");
        Console.WriteLine($"lateness: p50 {Percentile(lateness, 0.5):0} ms  p99 {Percentile(lateness, 0.99):0} ms  max {lateness.LastOrDefault():0} ms (scheduled time to the target's send)");

        // Pending: one-time schedules a year out.
        var seedWatch = Stopwatch.StartNew();
        var later = time.GetUtcNow().AddDays(365);
        await CreateAsync(scheduler, pending, i => later.AddSeconds(i), "pending", "arn:aws:sqs:us-east-1:000000000000:bench");
        Console.WriteLine($"seeded:   {pending} pending schedules in {seedWatch.Elapsed.TotalSeconds:0.0} s");
    }

    GC.Collect();
    var before = Process.GetCurrentProcess().WorkingSet64;
    var startWatch = Stopwatch.StartNew();
    await using (var host = await StartAsync(data, new TimingQueue()))
    {
        var started = startWatch.Elapsed;
        GC.Collect();
        var queued = await QueuedAsync(host);
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        Console.WriteLine($"restart:  {queued} pending schedules loaded, host started in {started.TotalSeconds:0.00} s");
        Console.WriteLine($"memory:   working set {workingSet / 1048576.0:0} MB (was {before / 1048576.0:0} MB before the restart), managed heap {GC.GetTotalMemory(false) / 1048576.0:0} MB");
    }
}
finally
{
    if (Directory.Exists(data))
    {
        Directory.Delete(data, recursive: true);
    }
}

static Task<LocalCloudHost> StartAsync(string data, TimingQueue sink) => LocalCloudApplication.StartAsync(new LocalCloudOptions
{
    Port = 0,
    DataDirectory = data,
    ConfigureServices = services => services.AddSingleton<IQueuePort>(sink),
});

static SchedulerClient Client(LocalCloudHost host) => new(new AwsClientOptions
{
    ServiceUrl = host.Endpoint,
    Region = "us-east-1",
    Credentials = new BasicAWSCredentials("test", "test"),
    MaxAttempts = 1,
});

// The schedules the firing loop holds, as the local cloud's status reports them.
static async Task<long> QueuedAsync(LocalCloudHost host)
{
    using var http = new HttpClient { BaseAddress = host.Endpoint };
    using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("/_localcloud/status", UriKind.Relative)));
    return status.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "scheduler")
        .GetProperty("status").GetProperty("queued").GetInt64();
}

static async Task CreateAsync(SchedulerClient scheduler, int count, Func<int, DateTimeOffset> at, string prefix, string queue)
{
    const int Concurrency = 64;
    var next = -1;
    var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            await scheduler.CreateScheduleAsync(new ScheduleRequest
            {
                Name = prefix + "-" + i.ToString(CultureInfo.InvariantCulture),
                ScheduleExpression = $"at({at(i).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss})",
                FlexibleTimeWindow = FlexibleTimeWindow.Off,
                ActionAfterCompletion = ActionAfterCompletion.Delete,
                Target = new ScheduleTarget { Arn = queue, RoleArn = "arn:aws:iam::000000000000:role/bench", Input = "<aws.scheduler.scheduled-time>" },
            });
        }
    });
    await Task.WhenAll(workers);
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

int Argument(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
}

/// <summary>A queue port that records when each message (whose body is its scheduled time) was sent.</summary>
internal sealed class TimingQueue : IQueuePort
{
    private readonly ConcurrentBag<double> _lateness = [];
    private long _lastTicks;

    public int Count => _lateness.Count;

    public DateTimeOffset Last => new(Interlocked.Read(ref _lastTicks), TimeSpan.Zero);

    public List<double> Lateness()
    {
        var list = _lateness.ToList();
        list.Sort();
        return list;
    }

    public bool Exists(string queueArn) => true;

    public string? GetQueueUrl(string queueArn) => "http://127.0.0.1/000000000000/bench";

    public Task<string> SendAsync(string queueArn, string body, IReadOnlyDictionary<string, (string DataType, string Value)>? attributes, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (DateTimeOffset.TryParse(body, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var scheduled))
        {
            _lateness.Add((now - scheduled).TotalMilliseconds);
        }

        long last;
        do
        {
            last = Interlocked.Read(ref _lastTicks);
        }
        while (now.UtcTicks > last && Interlocked.CompareExchange(ref _lastTicks, now.UtcTicks, last) != last);

        return Task.FromResult(Guid.NewGuid().ToString());
    }

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queueArn, int maxMessages, TimeSpan wait, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task DeleteAsync(string queueArn, IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken) => Task.CompletedTask;
}
