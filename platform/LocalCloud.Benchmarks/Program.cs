using System.Text.Json;
using LocalCloud.Benchmarks;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var log = options.Json ? Console.Error : Console.Out;
await using CloudUnderTest cloud = options.Endpoint is { } endpoint
    ? new ExternalCloud(endpoint)
    : options.Spawn
        ? await SpawnedCloud.StartAsync()
        : await InProcessCloud.StartAsync();
var report = await new PutEventsBenchmark(options, cloud, log).RunAsync(cancel.Token);
if (options.Json)
{
    Console.WriteLine(JsonSerializer.Serialize(report, BenchmarkJsonContext.Default.BenchmarkReport));
}
else
{
    report.Print(Console.Out);
}

if (!options.NoReceive && report.DeliveriesReceived < report.DeliveriesExpected)
{
    Console.Error.WriteLine($"error: {report.DeliveriesExpected - report.DeliveriesReceived} acknowledged deliveries never arrived");
    return 1;
}

return 0;
