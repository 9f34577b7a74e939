using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LocalCloud;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.HttpApi.Benchmarks;
using Microsoft.Extensions.DependencyInjection;

var seconds = 10;
var warmup = 3;
var concurrency = 16;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds" when i + 1 < args.Length:
            seconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--warmup" when i + 1 < args.Length:
            warmup = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--concurrency" when i + 1 < args.Length:
            concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.WriteLine("usage: LocalCloud.HttpApi.Benchmarks [--seconds N (default 10)] [--warmup N (default 3)] [--concurrency N (default 16)]");
            return args[i] is "--help" or "-h" ? 0 : 2;
    }
}

var function = new TrivialFunction();
var options = new LocalCloudOptions
{
    Port = 0,
    InMemory = true,
    ConfigureServices = services => services.AddSingleton<IFunctionPort>(function),
};
await using var host = await LocalCloudApplication.StartAsync(options);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false }) { BaseAddress = host.Endpoint };
var apiId = await CreateApiAsync(http);

Console.WriteLine($"HTTP API benchmark: {concurrency} clients in a closed loop, {warmup} s warm-up of every workload, then per workload 1 s more warm-up and {seconds} s measured, HttpClient over loopback");
Console.WriteLine("  the function is an in-process fake (TrivialFunction) answering at once: the real function runner (LocalCloud.Lambda) is not merged yet,");
Console.WriteLine("  so the figures are API Gateway's own cost (stage and route selection, the payload 2.0 event, response mapping) plus the host and the client");
Console.WriteLine($"  {Environment.ProcessorCount} cores, load average {LoadAverage()} at the start, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine("| workload | requests/s | p50 ms | p99 ms | CPU µs/request (client + server) | errors |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");

var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { items = Enumerable.Range(0, 20).Select(i => new { sku = $"SKU-{i:D4}", quantity = i, price = 9.99 }) }));
(string Name, Func<HttpRequestMessage> Request)[] workloads =
[
    ("GET /_api/{id}/items/42 (route ANY /{proxy+})", () => new HttpRequestMessage(HttpMethod.Get, $"/_api/{apiId}/items/42?view=full")),
    ($"POST /_api/{{id}}/orders ({body.Length} B JSON)", () => new HttpRequestMessage(HttpMethod.Post, $"/_api/{apiId}/orders")
    {
        Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
    }),
    ("GET {id}.execute-api.localhost/items/42", () =>
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/items/42");
        request.Headers.Host = $"{apiId}.execute-api.localhost:{host.Endpoint.Port}";
        return request;
    }),
];
foreach (var (_, request) in workloads)
{
    await LoopAsync(request, TimeSpan.FromSeconds(warmup), null);
}

foreach (var (name, request) in workloads)
{
    await RunAsync(name, request);
}

Console.WriteLine();
Console.WriteLine($"function invocations {function.Invocations:N0}; load average {LoadAverage()} at the end");
return 0;

async Task RunAsync(string name, Func<HttpRequestMessage> request)
{
    await LoopAsync(request, TimeSpan.FromSeconds(1), null);
    var latencies = new List<double>[concurrency];
    for (var i = 0; i < concurrency; i++)
    {
        latencies[i] = new List<double>(100_000);
    }

    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var errors = await LoopAsync(request, TimeSpan.FromSeconds(seconds), latencies);
    var elapsed = clock.Elapsed.TotalSeconds;
    var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    var p50 = all.Length == 0 ? 0 : all[(int)(all.Length * 0.50)];
    var p99 = all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {all.Length / elapsed:N0} | {p50:N2} | {p99:N2} | {cpuUsed / Math.Max(1, all.Length):N0} | {errors} |"));
}

async Task<int> LoopAsync(Func<HttpRequestMessage> request, TimeSpan duration, List<double>[]? latencies)
{
    var errors = 0;
    var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var clients = Enumerable.Range(0, concurrency).Select(async client =>
    {
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var start = Stopwatch.GetTimestamp();
            using var message = request();
            using var response = await http.SendAsync(message);
            await response.Content.CopyToAsync(Stream.Null);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref errors);
            }

            latencies?[client].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    });
    await Task.WhenAll(clients);
    return errors;
}

static async Task<string> CreateApiAsync(HttpClient http)
{
    var create = new HttpRequestMessage(HttpMethod.Post, "/v2/apis")
    {
        Content = new StringContent($$"""{"name":"bench","protocolType":"HTTP","target":"{{TrivialFunction.Arn}}","routeKey":"ANY /{proxy+}"}""", Encoding.UTF8, "application/json"),
    };
    create.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=00");
    using var response = await http.SendAsync(create);
    response.EnsureSuccessStatusCode();
    using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    var apiId = document.RootElement.GetProperty("apiId").GetString()!;
    return apiId;
}

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "?";
    }
}
