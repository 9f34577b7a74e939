using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EventPatterns;

var json = args.Contains("--json");
var dataDirectory = ArgValue(args, "--data") ?? FindSharedBench();
var onlySet = ArgValue(args, "--set");
const int WarmupPasses = 3;
const int MeasuredPasses = 7;

var events = LoadEvents(Path.Combine(dataDirectory, "citylots2-synthetic.json.gz"));
using var rulesDocument = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataDirectory, "citylots-rules.json")));
using var expectedDocument = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataDirectory, "citylots2-synthetic-matches.json")));

if (!json)
{
    Console.WriteLine($"{events.Length:N0} events, {WarmupPasses} warm-up + {MeasuredPasses} measured passes, single thread, median shown");
    Console.WriteLine($"{"set",-28} {"events/s",12} {"µs/event",9} {"events/cpu-s",14} {"alloc B/event",14}  matches");
}

var failures = 0;

var floor = Measure(events, static (e, _) =>
{
    var reader = new Utf8JsonReader(e);
    while (reader.Read())
    {
    }
}, null);
Report("FLOOR", floor, null, null);

foreach (var set in rulesDocument.RootElement.EnumerateObject())
{
    if (onlySet is not null && set.Name != onlySet)
    {
        continue;
    }

    var rules = set.Value.EnumerateArray().Select(r => r.GetRawText()).ToArray();
    var matcher = PatternMatcher.Create(rules.Select((r, i) => new KeyValuePair<string, string>(i.ToString(CultureInfo.InvariantCulture), r)));
    var counts = CountMatches(matcher, events, rules.Length);
    var expected = expectedDocument.RootElement.GetProperty(set.Name).EnumerateArray().Select(e => e.GetInt64()).ToArray();
    var ok = counts.SequenceEqual(expected);
    if (!ok)
    {
        failures++;
        Console.Error.WriteLine($"{set.Name}: match counts differ: expected [{string.Join(", ", expected)}], got [{string.Join(", ", counts)}]");
    }

    var result = Measure(events, static (e, m) => m!.Matcher.Match(e, m.Matches), new MatchState(matcher));
    Report(set.Name, result, counts, ok);
}

if (onlySet is null)
{
    var values = DistinctValues(events, "MAPBLKLOT", 100_000);
    foreach (var size in new[] { 10, 1_000, 100_000 })
    {
        var patterns = values.Take(size).Select((v, i) => new KeyValuePair<string, string>(
            i.ToString(CultureInfo.InvariantCulture), "{\"properties\":{\"MAPBLKLOT\":[\"" + v + "\"]}}"));
        var matcher = PatternMatcher.Create(patterns);
        var result = Measure(events, static (e, m) => m!.Matcher.Match(e, m.Matches), new MatchState(matcher));
        Report($"SCALE_{size}", result, null, null);
    }
}

return failures == 0 ? 0 : 1;

void Report(string set, Result result, long[]? counts, bool? ok)
{
    if (json)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("set", set);
            writer.WriteNumber("eventsPerSecond", Math.Round(result.EventsPerSecond));
            writer.WriteNumber("eventsPerCpuSecond", Math.Round(result.EventsPerCpuSecond));
            if (counts is not null)
            {
                writer.WriteStartArray("matches");
                foreach (var c in counts)
                {
                    writer.WriteNumberValue(c);
                }

                writer.WriteEndArray();
                writer.WriteBoolean("matchesExpected", ok ?? false);
            }

            writer.WriteNumber("allocatedBytesPerEvent", Math.Round(result.AllocatedBytesPerEvent, 2));
            writer.WriteEndObject();
        }

        Console.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        return;
    }

    var matches = counts is null ? string.Empty : $"[{string.Join(", ", counts)}]{(ok == true ? " ok" : " MISMATCH")}";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{set,-28} {result.EventsPerSecond,12:N0} {1e6 / result.EventsPerSecond,9:F2} {result.EventsPerCpuSecond,14:N0} {result.AllocatedBytesPerEvent,14:F1}  {matches}"));
}

static Result Measure(byte[][] events, Action<byte[], MatchState?> body, MatchState? state)
{
    for (var pass = 0; pass < WarmupPasses; pass++)
    {
        foreach (var e in events)
        {
            body(e, state);
        }
    }

    var rates = new double[MeasuredPasses];
    var cpuRates = new double[MeasuredPasses];
    long allocated = 0;
    using var process = Process.GetCurrentProcess();
    for (var pass = 0; pass < MeasuredPasses; pass++)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        foreach (var e in events)
        {
            body(e, state);
        }

        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        rates[pass] = events.Length / watch.Elapsed.TotalSeconds;
        cpuRates[pass] = events.Length / Math.Max(cpu.TotalSeconds, 1e-9);
    }

    Array.Sort(rates);
    Array.Sort(cpuRates);
    return new Result(rates[MeasuredPasses / 2], cpuRates[MeasuredPasses / 2], (double)allocated / ((long)events.Length * MeasuredPasses));
}

static long[] CountMatches(PatternMatcher matcher, byte[][] events, int ruleCount)
{
    var counts = new long[ruleCount];
    var matches = new List<string>();
    foreach (var e in events)
    {
        matcher.Match(e, matches);
        foreach (var name in matches)
        {
            counts[int.Parse(name, CultureInfo.InvariantCulture)]++;
        }
    }

    return counts;
}

static byte[][] LoadEvents(string path)
{
    using var file = File.OpenRead(path);
    using var gzip = new GZipStream(file, CompressionMode.Decompress);
    using var reader = new StreamReader(gzip, Encoding.UTF8);
    var events = new List<byte[]>();
    while (reader.ReadLine() is { } line)
    {
        if (line.Length > 0)
        {
            events.Add(Encoding.UTF8.GetBytes(line));
        }
    }

    return [.. events];
}

static List<string> DistinctValues(byte[][] events, string property, int count)
{
    var seen = new HashSet<string>(StringComparer.Ordinal);
    var values = new List<string>();
    foreach (var e in events)
    {
        using var document = JsonDocument.Parse(e);
        if (document.RootElement.GetProperty("properties").TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.String && seen.Add(value.GetString()!))
        {
            values.Add(value.GetString()!);
        }
    }

    for (var i = 0; values.Count < count; i++)
    {
        values.Add(string.Create(CultureInfo.InvariantCulture, $"SYNTHETIC-{i}"));
    }

    return values;
}

static string? ArgValue(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindSharedBench()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.Parent is null
        ? throw new DirectoryNotFoundException("Microservices.sln not found; pass --data DIR (the folder holding citylots-rules.json)")
        : Path.Combine(directory.Parent.FullName, "shared", "bench");
}

internal readonly record struct Result(double EventsPerSecond, double EventsPerCpuSecond, double AllocatedBytesPerEvent);

internal sealed class MatchState(PatternMatcher matcher)
{
    public PatternMatcher Matcher { get; } = matcher;

    public List<string> Matches { get; } = [];
}
