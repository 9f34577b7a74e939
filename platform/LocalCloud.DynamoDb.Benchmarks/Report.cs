using System.Globalization;

namespace LocalCloud.DynamoDb.Benchmarks;

internal static class Report
{
    public static void PrintServer(TextWriter output, string description, IReadOnlyList<OperationResult> results)
    {
        output.WriteLine();
        output.WriteLine(description);
        output.WriteLine($"  {"operation",-19} {"ops/s",9} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"errors",7} {"server CPU µs/op",17} {"client CPU µs/op",17} {"server alloc B/op",18}");
        foreach (var r in results)
        {
            if (r.Skipped is not null)
            {
                output.WriteLine($"  {r.Operation,-19} {r.Skipped}");
                continue;
            }

            var alloc = r.ServerAllocatedBytesPerOp is { } bytes ? bytes.ToString("N0", CultureInfo.InvariantCulture) : "n/a";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Operation,-19} {r.OpsPerSecond,9:N0} {r.P50Ms,8:N2} {r.P99Ms,8:N2} {r.MaxMs,8:N2} {r.Errors + r.UnexpectedResponses,7:N0} {r.ServerCpuMicrosPerOp,17:N0} {r.ClientCpuMicrosPerOp,17:N0} {alloc,18}"));
            if (r.FirstError is not null)
            {
                output.WriteLine($"  {"",-19} first error: {r.FirstError}");
            }

            if (r.UnexpectedResponses > 0)
            {
                output.WriteLine($"  {"",-19} {r.UnexpectedResponses:N0} responses did not hold the expected items");
            }
        }
    }

    public static void PrintComparison(TextWriter output, IReadOnlyList<OperationResult> ours, IReadOnlyList<OperationResult> peer)
    {
        output.WriteLine();
        output.WriteLine("ours vs dynalite (ratio = ours / dynalite: above 1 is better for ops/s, below 1 is better for latency and CPU)");
        output.WriteLine($"  {"operation",-19} {"ours ops/s",11} {"dyn ops/s",11} {"ratio",7} {"ours p50",9} {"dyn p50",9} {"ratio",7} {"ours p99",9} {"dyn p99",9} {"ratio",7} {"CPU/op ratio",13}");
        foreach (var o in ours)
        {
            var d = peer.FirstOrDefault(p => p.Operation == o.Operation);
            if (o.Skipped is not null || d is null || d.Skipped is not null)
            {
                var why = o.Skipped is not null ? "ours not measured" : "dynalite not measured";
                output.WriteLine($"  {o.Operation,-19} {(o.Skipped is null ? o.OpsPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "-"),11} {"-",11} {"-",7}  ({why})");
                continue;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {o.Operation,-19} {o.OpsPerSecond,11:N0} {d.OpsPerSecond,11:N0} {Ratio(o.OpsPerSecond, d.OpsPerSecond),7} {o.P50Ms,9:N2} {d.P50Ms,9:N2} {Ratio(o.P50Ms, d.P50Ms),7} {o.P99Ms,9:N2} {d.P99Ms,9:N2} {Ratio(o.P99Ms, d.P99Ms),7} {Ratio(o.ServerCpuMicrosPerOp, d.ServerCpuMicrosPerOp),13}"));
        }
    }

    public static void PrintTargets(TextWriter output, IReadOnlyList<OperationResult> ours)
    {
        output.WriteLine();
        output.WriteLine("targets (ours): single-item writes >= 8,000/s with p99 < 10 ms; reads >= 15,000/s");
        foreach (var r in ours.Where(r => r.Skipped is null))
        {
            var verdict = r.Operation switch
            {
                "PutItem" or "UpdateItem" => r.OpsPerSecond >= 8_000 && r.P99Ms < 10 ? "met" : "missed",
                "GetItem" or "Query" => r.OpsPerSecond >= 15_000 ? "met" : "missed",
                _ => "no target",
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Operation,-19} {r.OpsPerSecond,9:N0} ops/s, p99 {r.P99Ms:N2} ms: {verdict}"));
        }
    }

    private static string Ratio(double ours, double peer) =>
        peer > 0 && !double.IsNaN(ours) ? string.Create(CultureInfo.InvariantCulture, $"{ours / peer:N2}x") : "-";

    public static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields.Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
