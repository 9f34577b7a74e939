using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LocalCloud;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

// Lambda in the local cloud: cold start (invoke of a function with no warm sandbox: spawn, init, first answer) and
// warm invoke round trip, p50/p99, for the same platform/Lambda function published three ways.
var runs = 10;
var invokes = 2000;
var kinds = new List<string> { "jit", "r2r", "aot" };
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length:
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--invokes" when i + 1 < args.Length:
            invokes = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--only" when i + 1 < args.Length:
            kinds = [.. args[++i].Split(',')];
            break;
        case "--help" or "-h":
            Console.WriteLine("usage: LocalCloud.Lambda.Benchmarks [--runs N (cold starts, 10)] [--invokes N (warm, 2000)] [--only jit,r2r,aot]");
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; see --help");
            return 2;
    }
}

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(20));
var work = Directory.CreateTempSubdirectory("localcloud-lambda-bench-").FullName;
try
{
    Console.WriteLine($"Lambda benchmark: {runs} cold starts and {invokes} warm invokes per package, Echo handler of LocalCloud.Lambda.TestFunction (platform/Lambda)");
    Console.WriteLine($"  {Environment.ProcessorCount} cores, load average {LoadAverage()} at the start, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; bounded to 20 min");
    var packages = new List<(string Kind, byte[] Zip)>();
    foreach (var kind in kinds)
    {
        var watch = Stopwatch.StartNew();
        var zip = await PackageAsync(kind, work, cancel.Token);
        Console.WriteLine(zip is null ? $"  {kind}: could not publish (see above); skipped" : $"  {kind}: package {zip.Length / 1024.0 / 1024:N1} MB, published in {watch.Elapsed.TotalSeconds:N0} s");
        if (zip is not null)
        {
            packages.Add((kind, zip));
        }
    }

    await using var host = await LocalCloudApplication.StartAsync(new LocalCloudOptions { Port = 0, DataDirectory = Path.Combine(work, "state") }, cancel.Token);
    using var http = new HttpClient { BaseAddress = host.Endpoint };
    var port = host.Services.GetRequiredService<IFunctionPort>();
    Console.WriteLine();
    Console.WriteLine($"{"package",-8} {"cold p50",10} {"cold p99",10} {"HTTP p50",10} {"HTTP p99",10} {"port p50",10} {"port p99",10} {"port max",10} {"port/s",8} {"alloc/inv",10}");
    foreach (var (kind, zip) in packages)
    {
        var name = "bench-" + kind;
        await CallAsync(http, HttpMethod.Post, "/2015-03-31/functions", CreateBody(name, zip), cancel.Token);
        var arn = $"arn:aws:lambda:{host.Cloud.Region}:{host.Cloud.AccountId}:function:{name}";

        var cold = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await CallAsync(http, HttpMethod.Put, $"/2015-03-31/functions/{name}/configuration",
                "{\"Environment\":{\"Variables\":{\"RUN\":\"" + run.ToString(CultureInfo.InvariantCulture) + "\"}}}", cancel.Token);
            var started = Stopwatch.GetTimestamp();
            await InvokeAsync(http, name, cancel.Token);
            cold.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        for (var i = 0; i < 200; i++)
        {
            await InvokeAsync(http, name, cancel.Token);
        }

        var overHttp = new List<double>(invokes);
        for (var i = 0; i < invokes; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await InvokeAsync(http, name, cancel.Token);
            overHttp.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var payload = """{"order":"o-1"}"""u8.ToArray();
        var overPort = new List<double>(invokes);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var portWatch = Stopwatch.StartNew();
        for (var i = 0; i < invokes; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await port.InvokeAsync(arn, payload, null, cancel.Token);
            overPort.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("The function failed: " + Encoding.UTF8.GetString(result.Payload.Span));
            }
        }

        var perSecond = invokes / portWatch.Elapsed.TotalSeconds;
        var perInvoke = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / invokes;
        Console.WriteLine(
            $"{kind,-8} {Pct(cold, 50),8:N1}ms {Pct(cold, 99),8:N1}ms {Pct(overHttp, 50),8:N3}ms {Pct(overHttp, 99),8:N3}ms {Pct(overPort, 50),8:N3}ms {Pct(overPort, 99),8:N3}ms {overPort.Max(),8:N1}ms {perSecond,8:N0} {perInvoke / 1024.0,8:N1}KB");
    }

    Console.WriteLine();
    Console.WriteLine("cold: UpdateFunctionConfiguration retires the warm sandbox, then one Invoke over HTTP (spawn, init, first answer).");
    Console.WriteLine("HTTP: Invoke round trip from an HttpClient on loopback; port: IFunctionPort.InvokeAsync in process (what HTTP APIs,");
    Console.WriteLine("event-source mappings and rule targets use). The Echo handler itself takes microseconds, so a round trip is the");
    Console.WriteLine("local cloud's overhead (Runtime API next/response on loopback plus dispatch). alloc/inv: bytes the host allocated.");
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static double Pct(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static async Task<byte[]?> PackageAsync(string kind, string work, CancellationToken cancellationToken)
{
    var project = Path.Combine(Root(), "platform", "LocalCloud.Lambda.TestFunction", "LocalCloud.Lambda.TestFunction.csproj");
    var output = Path.Combine(work, kind);
    string[] extra = kind switch
    {
        "jit" => ["-p:PublishReadyToRun=false"],
        "r2r" => ["-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"],
        "aot" => ["-r", "linux-x64", "-p:PublishAot=true"],
        _ => throw new ArgumentException($"unknown package kind {kind} (jit, r2r, aot)"),
    };
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in (string[])["publish", project, "-c", "Release", "-o", output, "-nologo", .. extra])
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
    var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
    await process.WaitForExitAsync(cancellationToken);
    if (process.ExitCode != 0)
    {
        Console.Error.WriteLine($"dotnet publish ({kind}) failed:\n{await stdout}\n{await stderr}");
        return null;
    }

    using var buffer = new MemoryStream();
    using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
    {
        foreach (var file in Directory.GetFiles(output))
        {
            var name = Path.GetFileName(file);
            if (kind == "aot" && name.EndsWith(".dbg", StringComparison.Ordinal))
            {
                continue;
            }

            var entryName = kind == "aot" && name == "LocalCloud.Lambda.TestFunction" ? "bootstrap" : name;
            var entry = archive.CreateEntryFromFile(file, entryName);
            entry.ExternalAttributes = (OperatingSystem.IsWindows() ? 0b110_100_100 : (int)File.GetUnixFileMode(file)) << 16;
        }

        if (kind != "aot")
        {
            var bootstrap = archive.CreateEntry("bootstrap");
            bootstrap.ExternalAttributes = 0b111_101_101 << 16;
            await using var stream = bootstrap.Open();
            await stream.WriteAsync("#!/bin/sh\nexec dotnet \"$LAMBDA_TASK_ROOT/LocalCloud.Lambda.TestFunction.dll\"\n"u8.ToArray(), cancellationToken);
        }
    }

    return buffer.ToArray();
}

static string CreateBody(string name, byte[] zip) => new JsonObject
{
    ["FunctionName"] = name,
    ["Runtime"] = "provided.al2023",
    ["Role"] = "arn:aws:iam::000000000000:role/bench",
    ["Handler"] = "Echo",
    ["MemorySize"] = 512,
    ["Timeout"] = 30,
    ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(zip) },
}.ToJsonString();

static async Task InvokeAsync(HttpClient http, string name, CancellationToken cancellationToken)
{
    var text = await CallAsync(http, HttpMethod.Post, $"/2015-03-31/functions/{name}/invocations", """{"order":"o-1"}""", cancellationToken);
    if (text != """{"order":"o-1"}""")
    {
        throw new InvalidOperationException("Unexpected answer: " + text);
    }
}

static async Task<string> CallAsync(HttpClient http, HttpMethod method, string path, string body, CancellationToken cancellationToken)
{
    using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0");
    using var response = await http.SendAsync(request, cancellationToken);
    var text = await response.Content.ReadAsStringAsync(cancellationToken);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
    }

    return text;
}

static string Root()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Microservices.sln not found above " + AppContext.BaseDirectory);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
