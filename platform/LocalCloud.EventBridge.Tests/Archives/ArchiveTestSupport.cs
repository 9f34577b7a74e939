using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.EventBridge.Archives;
using LocalCloud.EventBridge.Model;
using LocalCloud.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalCloud.EventBridge.Tests.Archives;

/// <summary>Buses and rules as archives see them, recording what is put and replayed.</summary>
internal sealed class FakeArchiveEventBus : IArchiveEventBus
{
    public HashSet<string> Buses { get; } = ["default"];

    public Dictionary<(string Bus, string Rule), (string Pattern, string TargetArn)> Rules { get; } = [];

    public List<(string Bus, IReadOnlyList<string> Events, string ReplayName, IReadOnlyList<string>? Filters)> Replayed { get; } = [];

    public Exception? ReplayFailure { get; set; }

    public bool BusExists(BusId bus) => Buses.Contains(bus.Name);

    public Task PutManagedRuleAsync(BusId bus, string ruleName, string eventPattern, string archiveArn, CancellationToken cancellationToken)
    {
        Rules[(bus.Name, ruleName)] = (eventPattern, archiveArn);
        return Task.CompletedTask;
    }

    public Task DeleteManagedRuleAsync(BusId bus, string ruleName, CancellationToken cancellationToken)
    {
        Rules.Remove((bus.Name, ruleName));
        return Task.CompletedTask;
    }

    public Task ReplayAsync(BusId bus, IReadOnlyList<string> events, string replayName, IReadOnlyList<string>? filterRuleArns, CancellationToken cancellationToken)
    {
        var busName = bus.Name;
        if (ReplayFailure is { } failure)
        {
            throw failure;
        }

        Replayed.Add((busName, events, replayName, filterRuleArns));
        return Task.CompletedTask;
    }
}

/// <summary>An <see cref="ArchiveService"/> over an in-memory or on-disk store, driven by hand.</summary>
internal sealed class ArchiveHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public ArchiveHarness(string? dataDirectory = null, FakeArchiveEventBus? bus = null)
    {
        Time = new ManualTimeProvider(Start);
        Cloud = new CloudContext(new LocalCloudOptions { TimeProvider = Time }, dataDirectory);
        Sqlite = new SqliteStore(dataDirectory, NullLogger<SqliteStore>.Instance);
        Sqlite.ApplySchema(ArchiveStore.Schema);
        Store = new ArchiveStore(Sqlite);
        Bus = bus ?? new FakeArchiveEventBus();
        Worker = new ReplayWorker(Store, Bus, Time, NullLogger<ReplayWorker>.Instance);
        Service = new ArchiveService(Store, Bus, Time, Worker);
        Operations = Service.Operations().ToDictionary(o => o.Name, StringComparer.Ordinal);
    }

    public ManualTimeProvider Time { get; }

    public CloudContext Cloud { get; }

    public SqliteStore Sqlite { get; }

    public ArchiveStore Store { get; }

    public FakeArchiveEventBus Bus { get; }

    public ReplayWorker Worker { get; }

    public ArchiveService Service { get; }

    public IReadOnlyDictionary<string, AwsJsonOperation> Operations { get; }

    public RequestContext Context { get; } = new()
    {
        RequestId = "test",
        AccountId = "000000000000",
        Region = "us-east-1",
        Endpoint = new Uri("http://127.0.0.1/"),
    };

    public string BusArn(string name) => Cloud.Arn("events", "event-bus/" + name);

    public string ArchiveArn(string name) => Cloud.Arn("events", "archive/" + name);

    public string ReplayArn(string name) => Cloud.Arn("events", "replay/" + name);

    public async Task<JsonElement> CallAsync(string operation, string json)
    {
        var response = await Operations[operation].Handler(Encoding.UTF8.GetBytes(json), Context, CancellationToken.None);
        return JsonDocument.Parse(response.Body).RootElement.Clone();
    }

    public async Task<ServiceException> ErrorAsync(string operation, string json) =>
        await Assert.ThrowsAsync<ServiceException>(() => CallAsync(operation, json));

    public Task<JsonElement> CreateArchiveAsync(string name, string bus = "default", string? pattern = null, int? retention = null) =>
        CallAsync("CreateArchive", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["ArchiveName"] = name,
            ["EventSourceArn"] = BusArn(bus),
            ["EventPattern"] = pattern,
            ["RetentionDays"] = retention,
        }.Where(p => p.Value is not null).ToDictionary()));

    public Task ArchiveEventsAsync(string archive, params DateTimeOffset[] times) =>
        Store.AppendAsync(ArchiveArn(archive), [.. times.Select((t, i) => (t.ToUnixTimeMilliseconds(), Event(t, i)))], Time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);

    public Task<JsonElement> StartReplayAsync(string name, string archive, DateTimeOffset from, DateTimeOffset to, string bus = "default", string[]? filters = null) =>
        CallAsync("StartReplay", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["ReplayName"] = name,
            ["EventSourceArn"] = ArchiveArn(archive),
            ["EventStartTime"] = from.ToUnixTimeMilliseconds() / 1000.0,
            ["EventEndTime"] = to.ToUnixTimeMilliseconds() / 1000.0,
            ["Destination"] = filters is null
                ? new Dictionary<string, object> { ["Arn"] = BusArn(bus) }
                : new Dictionary<string, object> { ["Arn"] = BusArn(bus), ["FilterArns"] = filters },
        }));

    public async Task RunReplaysToEndAsync()
    {
        for (var i = 0; i < 1000 && await Worker.StepAsync(CancellationToken.None); i++)
        {
        }
    }

    public static string Event(DateTimeOffset time, int n) =>
        $$$"""{"version":"0","id":"id-{{{n}}}-{{{time.ToUnixTimeSeconds()}}}","detail-type":"t","source":"s","account":"000000000000","time":"{{{time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}}","region":"us-east-1","resources":[],"detail":{"n":{{{n}}}}}""";

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        Sqlite.Dispose();
    }
}
