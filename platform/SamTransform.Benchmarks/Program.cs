using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SamTransform;

// Transform throughput and latency over a directory of SAM templates (default: the shared translator inputs).
var dataDirectory = ArgValue(args, "--data") ?? FindSharedInputs();
var seconds = double.Parse(ArgValue(args, "--seconds") ?? "2", CultureInfo.InvariantCulture);
var options = new SamTransformOptions { Region = "us-east-1" };

var templates = Directory.EnumerateFiles(dataDirectory, "*.yaml").Order(StringComparer.Ordinal)
    .Select(path => (Name: Path.GetFileNameWithoutExtension(path), Text: File.ReadAllText(path)))
    .ToArray();
var parsed = templates.Select(t => TemplateReader.Parse(t.Text)).ToArray();
var valid = templates.Select((t, i) => (t, i)).Where(x => Succeeds(parsed[x.i], options)).Select(x => x.i).ToArray();
var totalBytes = templates.Sum(t => (long)t.Text.Length);
Console.WriteLine($"{templates.Length} templates ({valid.Length} valid, {templates.Length - valid.Length} rejected by SAM's rules), {totalBytes:N0} characters, {dataDirectory}");
Console.WriteLine($"{"stage",-26} {"templates/s",12} {"µs p50",9} {"µs p99",9} {"µs max",9} {"alloc KB/template",18}");

Report("parse (YAML -> JSON)", Measure(i => TemplateReader.Parse(templates[i].Text), Enumerable.Range(0, templates.Length).ToArray(), seconds));
Report("transform (parsed JSON)", Measure(i => SamTranslator.Transform(parsed[i], options), valid, seconds));
Report("parse + transform", Measure(i => SamTranslator.Transform(templates[i].Text, options), valid, seconds));
Report("rejected (error path)", Measure(i => Rejects(parsed[i], options), Enumerable.Range(0, templates.Length).Except(valid).ToArray(), seconds));

static bool Succeeds(JsonObject template, SamTransformOptions options)
{
    try
    {
        SamTranslator.Transform(template, options);
        return true;
    }
    catch (InvalidSamDocumentException)
    {
        return false;
    }
}

static object? Rejects(JsonObject template, SamTransformOptions options)
{
    try
    {
        return SamTranslator.Transform(template, options);
    }
    catch (InvalidSamDocumentException e)
    {
        return e.Message;
    }
}

static Result Measure(Func<int, object?> work, int[] indexes, double seconds)
{
    if (indexes.Length == 0)
    {
        return new Result(0, 0, [0]);
    }

    var warmUp = Stopwatch.StartNew();
    while (warmUp.Elapsed.TotalSeconds < Math.Min(1, seconds / 2))
    {
        foreach (var i in indexes)
        {
            work(i);
        }
    }

    var latencies = new List<double>();
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var total = Stopwatch.StartNew();
    var count = 0;
    while (total.Elapsed.TotalSeconds < seconds)
    {
        foreach (var i in indexes)
        {
            var start = Stopwatch.GetTimestamp();
            work(i);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            count++;
        }
    }

    total.Stop();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    latencies.Sort();
    return new Result(count / total.Elapsed.TotalSeconds, allocated / (double)count, [.. latencies]);
}

static void Report(string stage, Result r)
{
    double Percentile(double p) => r.Latencies[Math.Min(r.Latencies.Length - 1, (int)(p * r.Latencies.Length))];
    Console.WriteLine($"{stage,-26} {r.PerSecond,12:N0} {Percentile(0.50),9:N1} {Percentile(0.99),9:N1} {r.Latencies[^1],9:N1} {r.AllocatedBytes / 1024,18:N1}");
}

static string? ArgValue(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string FindSharedInputs()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.Parent is null
        ? throw new InvalidOperationException("Microservices.sln not found; pass --data <directory of .yaml templates>.")
        : Path.Combine(directory.Parent.FullName, "shared", "reference", "sam-translator", "input");
}

internal sealed record Result(double PerSecond, double AllocatedBytes, double[] Latencies);
