using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LocalCloud.DynamoDb.Benchmarks;

if (args is [LocalCloudServer.ServeArgument, var dataDir])
{
    return await LocalCloudServer.ServeAsync(dataDir);
}

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

if (options.Help)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

var operations = Workload.OperationNames.Where(o => options.Only is null || options.Only.Contains(o)).ToArray();
var servers = options.Dynalite ? 2 : 1;
var budget = TimeSpan.FromSeconds(servers * (operations.Length * (options.Seconds + options.WarmupSeconds + 16) + 420));
using var cancel = new CancellationTokenSource(budget);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var output = Console.Out;
output.WriteLine($"DynamoDB benchmark: {options.Concurrency} callers in a closed loop, a warm-up round of {options.WarmupSeconds} s per operation, then per operation 1 s more warm-up + {options.Seconds} s measured, AWSSDK.DynamoDBv2 over HTTP on loopback");
output.WriteLine($"  {Environment.ProcessorCount} cores, load average {Report.LoadAverage()} at the start, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; run bounded to {budget.TotalMinutes:N0} min");
foreach (var operation in operations)
{
    output.WriteLine($"  {operation,-19} {Workload.Describe(operation)}");
}

try
{
    List<OperationResult> ours;
    await using (var server = await LocalCloudServer.StartAsync(cancel.Token))
    {
        ours = await RunAllAsync(server, cancel.Token);
    }

    if (options.Dynalite)
    {
        List<OperationResult> peer;
        await using (var server = await DynaliteServer.StartAsync(output, cancel.Token))
        {
            peer = await RunAllAsync(server, cancel.Token);
        }

        Report.PrintComparison(output, ours, peer);
    }

    Report.PrintTargets(output, ours);
    await StreamLag.MeasureAsync(output, cancel.Token);
    output.WriteLine();
    output.WriteLine($"load average {Report.LoadAverage()} at the end");
    return 0;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled (Ctrl+C or the run's time bound); servers stopped, temp dirs removed");
    return 1;
}

async Task<List<OperationResult>> RunAllAsync(ServerUnderTest server, CancellationToken cancellationToken)
{
    using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig
    {
        ServiceURL = server.Endpoint.ToString(),
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
        Timeout = TimeSpan.FromSeconds(10),
    });
    var workload = new Workload(client, "bench-" + Guid.NewGuid().ToString("N")[..8]);
    await workload.CreateAndLoadAsync(cancellationToken);
    var runner = new OperationRunner(options, server, workload);
    var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
    foreach (var operation in operations)
    {
        if (await runner.ProbeAsync(operation) is { } reason)
        {
            skipped[operation] = reason;
        }
        else if (options.WarmupSeconds > 0)
        {
            await runner.WarmUpAsync(operation, TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
        }
    }

    var results = new List<OperationResult>();
    foreach (var operation in operations)
    {
        results.Add(skipped.TryGetValue(operation, out var reason)
            ? OperationResult.Skip(operation, server.Name, reason)
            : await MeasureAsync(runner, operation, cancellationToken));
    }

    Report.PrintServer(output, server.Description, results);
    return results;
}

async Task<OperationResult> MeasureAsync(OperationRunner runner, string operation, CancellationToken cancellationToken)
{
    await runner.WarmUpAsync(operation, TimeSpan.FromSeconds(1), cancellationToken);
    return await runner.MeasureAsync(operation, cancellationToken);
}
