using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.EventBridge.Archives;
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

    public bool BusExists(string busName) => Buses.Contains(busName);

    public Task PutManagedRuleAsync(string busName, string ruleName, string eventPattern, string archiveArn, CancellationToken cancellationToken)
    {
        Rules[(busName, ruleName)] = (eventPattern, archiveArn);
        return Task.CompletedTask;
    }

    public Task DeleteManagedRuleAsync(string busName, string ruleName, CancellationToken cancellationToken)
    {
        Rules.Remove((busName, ruleName));
        return Task.CompletedTask;
    }

    public Task ReplayAsync(string busName, IReadOnlyList<string> events, string replayName, IReadOnlyList<string>? filterRuleArns, CancellationToken cancellationToken)
    {
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
        Store = new ArchiveStore(Sqlite);
        Bus = bus ?? new FakeArchiveEventBus();
        Worker = new ReplayWorker(Store, Bus, Time, NullLogger<ReplayWorker>.Instance);
        Service = new ArchiveService(Store, Bus, Cloud, Worker);
    }

    public ManualTimeProvider Time { get; }

    public CloudContext Cloud { get; }

    public SqliteStore Sqlite { get; }

    public ArchiveStore Store { get; }

    public FakeArchiveEventBus Bus { get; }

    public ReplayWorker Worker { get; }

    public ArchiveService Service { get; }

    public string BusArn(string name) => Cloud.Arn("events", "event-bus/" + name);

    public string ArchiveArn(string name) => Cloud.Arn("events", "archive/" + name);

    public async Task<JsonElement> CallAsync(string operation, string json)
    {
        var response = await Service.HandleAsync(operation, Encoding.UTF8.GetBytes(json), CancellationToken.None);
        return JsonDocument.Parse(response.Body).RootElement.Clone();
    }

    public async Task<AwsServiceException> ErrorAsync(string operation, string json) =>
        await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync(operation, json));

    public Task<JsonElement> CreateArchiveAsync(string name, string bus = "default", string? pattern = null, int? retention = null) =>
        CallAsync("CreateArchive", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["ArchiveName"] = name,
            ["EventSourceArn"] = BusArn(bus),
            ["EventPattern"] = pattern,
            ["RetentionDays"] = retention,
        }.Where(p => p.Value is not null).ToDictionary()));

    public Task ArchiveEventsAsync(string archive, params DateTimeOffset[] times) =>
        Store.AppendAsync(archive, [.. times.Select((t, i) => (t.ToUnixTimeMilliseconds(), Event(t, i)))], Time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);

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
