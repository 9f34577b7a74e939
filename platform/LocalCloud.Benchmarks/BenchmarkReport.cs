using System.Text.Json.Serialization;

namespace LocalCloud.Benchmarks;

internal sealed record BenchmarkReport
{
    public required string Target { get; init; }
    public double Seconds { get; init; }
    public int Rules { get; init; }
    public int Queues { get; init; }
    public int Senders { get; init; }
    public int BatchSize { get; init; }
    public long EntriesAcknowledged { get; init; }
    public long EntriesFailed { get; init; }
    public double EntriesPerSecond { get; init; }
    public double? PutEventsP50Ms { get; init; }
    public double? PutEventsP99Ms { get; init; }
    public double? PutEventsMaxMs { get; init; }
    public long DeliveriesExpected { get; init; }
    public long DeliveriesReceived { get; init; }
    public double? DeliveryP50Ms { get; init; }
    public double? DeliveryP99Ms { get; init; }
    public double? DeliveryMaxMs { get; init; }
    public int ReceiversPerQueue { get; init; }
    public long ReceiveCalls { get; init; }
    public double MessagesPerReceive { get; init; }
    public double? ReceiveP50Ms { get; init; }
    public double? ReceiveP99Ms { get; init; }
    public double? DeleteBatchP50Ms { get; init; }
    public double? DeleteBatchP99Ms { get; init; }
    public double WorkingSetFirstFifthMiB { get; init; }
    public double WorkingSetLastFifthMiB { get; init; }
    public double WorkingSetMaxMiB { get; init; }
    public double? GcHeapFirstFifthMiB { get; init; }
    public double? GcHeapLastFifthMiB { get; init; }
    public double CpuSecondsPerThousandEntries { get; init; }
    public double CpuCoresUsed { get; init; }
    public required string LoadAverage { get; init; }
    public int ProcessorCount { get; init; }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"PutEvents benchmark against {Target}");
        output.WriteLine($"  {Rules} rules, {Queues} SQS queues, {Senders} senders x batches of {BatchSize}, {Seconds} s measured, {ProcessorCount} cores, loadavg {LoadAverage}");
        output.WriteLine($"  throughput        {EntriesPerSecond,10:N0} entries/s  ({EntriesAcknowledged:N0} acknowledged, {EntriesFailed:N0} failed entries)");
        output.WriteLine($"  PutEvents call    p50 {PutEventsP50Ms,8:N2} ms   p99 {PutEventsP99Ms,8:N2} ms   max {PutEventsMaxMs,8:N2} ms");
        output.WriteLine(DeliveryP50Ms is null
            ? "  to receivable     n/a (nothing consumed)"
            : $"  to receivable     p50 {DeliveryP50Ms,8:N2} ms   p99 {DeliveryP99Ms,8:N2} ms   max {DeliveryMaxMs,8:N2} ms");
        if (ReceiveCalls > 0)
        {
            output.WriteLine($"  consumers         {ReceiversPerQueue} per queue, {ReceiveCalls:N0} non-empty receives, {MessagesPerReceive:N2} messages each; ReceiveMessage p50 {ReceiveP50Ms:N2} / p99 {ReceiveP99Ms:N2} ms, DeleteMessageBatch p50 {DeleteBatchP50Ms:N2} / p99 {DeleteBatchP99Ms:N2} ms");
        }

        output.WriteLine($"  deliveries        {DeliveriesReceived:N0} received of {DeliveriesExpected:N0} expected (whole run incl. warm-up)");
        output.WriteLine($"  CPU               {CpuSecondsPerThousandEntries:N3} CPU-s per 1,000 entries, {CpuCoresUsed:N2} cores busy on average (the measured process{(Target.StartsWith("external", StringComparison.Ordinal) ? ", i.e. the client only" : "")})");
        var heap = GcHeapFirstFifthMiB is null ? "n/a" : $"{GcHeapFirstFifthMiB:N1} -> {GcHeapLastFifthMiB:N1} MiB";
        output.WriteLine($"  memory            working set {WorkingSetFirstFifthMiB:N1} -> {WorkingSetLastFifthMiB:N1} MiB (max {WorkingSetMaxMiB:N1}), GC heap {heap} (first fifth -> last fifth of the run)");
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BenchmarkReport))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
