using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.SQS.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Tests.Robustness;

public sealed partial class MalformedInputTests
{
    private const int Seed = 20261125;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EveryAwsJsonOperation_AnswersMalformedInputWithAws4xxOnly()
    {
        await using var host = await LocalCloudFixture.StartHostAsync();
        var registry = host.Services.GetRequiredService<ServiceRegistry>();
        Assert.Contains(registry.AwsJsonServices, s => s.Name == "sqs");
        var payloads = new FuzzPayloads(Seed).All().ToList();
        var failures = new ConcurrentQueue<string>();
        var requests = 0;
        using var http = new HttpClient { BaseAddress = host.Endpoint, Timeout = RequestTimeout };
        using var gate = new SemaphoreSlim(6);

        var work = new List<Task>();
        foreach (var service in registry.AwsJsonServices)
        {
            var version = service.Protocol == AwsProtocol.AwsJson10 ? "1.0" : "1.1";
            foreach (var operation in service.OperationNames)
            {
                foreach (var (kind, body) in payloads)
                {
                    work.Add(Gate.RunAsync(gate, async () =>
                    {
                        Interlocked.Increment(ref requests);
                        using var response = await AwsJsonCall.PostAsync(http, $"{service.TargetPrefix}.{operation}", body, version, service.SigningName);
                        var text = await response.Content.ReadAsStringAsync();
                        var status = (int)response.StatusCode;
                        if (status >= 500 || (!FuzzPayloads.MayBeValid.Contains(kind) && status < 400))
                        {
                            failures.Enqueue($"{service.Name}.{operation} [{kind}] -> {status} {Truncate(text)}");
                        }
                        else if (status >= 400 && !HasAwsJsonErrorShape(text))
                        {
                            failures.Enqueue($"{service.Name}.{operation} [{kind}] -> {status} without an AWS error body: {Truncate(text)}");
                        }
                    }));
                }
            }
        }

        await Task.WhenAll(work);

        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests} requests misbehaved:\n" + string.Join('\n', failures.Take(40)));
        await AssertHealthyAsync(host, http);
    }

    [Fact]
    public async Task EveryRestJsonOperation_AnswersMalformedInputWithAws4xxOnly()
    {
        await using var host = await LocalCloudFixture.StartHostAsync();
        var registry = host.Services.GetRequiredService<ServiceRegistry>();
        var fuzz = new FuzzPayloads(Seed + 1);
        var payloads = fuzz.All().ToList();
        var failures = new ConcurrentQueue<string>();
        var requests = 0;
        using var http = new HttpClient { BaseAddress = host.Endpoint, Timeout = RequestTimeout };
        using var gate = new SemaphoreSlim(6);

        var work = new List<Task>();
        foreach (var service in registry.RestJsonServices)
        {
            foreach (var operation in service.Operations)
            {
                foreach (var (kind, body) in payloads)
                {
                    var path = RouteParameter().Replace(operation.PathTemplate, _ => fuzz.Segment()) + fuzz.QueryString();
                    work.Add(Gate.RunAsync(gate, async () =>
                    {
                        Interlocked.Increment(ref requests);
                        var bodyless = operation.Method is "GET" or "DELETE" or "HEAD";
                        using var response = await RestJsonCall.SendAsync(http, new HttpMethod(operation.Method), path, bodyless ? null : body, service.SigningName);
                        var text = await response.Content.ReadAsStringAsync();
                        var status = (int)response.StatusCode;
                        if (status >= 500 || (!bodyless && !FuzzPayloads.MayBeValid.Contains(kind) && status < 400))
                        {
                            failures.Enqueue($"{service.Name}.{operation.Name} {operation.Method} {Truncate(path)} [{kind}] -> {status} {Truncate(text)}");
                        }
                        else if (status >= 400 && status != 404 && !response.Headers.Contains("X-Amzn-ErrorType"))
                        {
                            failures.Enqueue($"{service.Name}.{operation.Name} [{kind}] -> {status} without X-Amzn-ErrorType: {Truncate(text)}");
                        }
                    }));
                }
            }
        }

        await Task.WhenAll(work);

        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests} requests misbehaved:\n" + string.Join('\n', failures.Take(40)));
        await AssertHealthyAsync(host, http);
    }

    [Fact]
    public async Task GarbageAtTheHost_IsAnswered4xx()
    {
        await using var host = await LocalCloudFixture.StartHostAsync();
        using var http = new HttpClient { BaseAddress = host.Endpoint, Timeout = RequestTimeout };
        var cases = new (string Target, string Body)[]
        {
            ("", "{}"),
            ("NoDot", "{}"),
            (".", "{}"),
            ("AmazonSQS.", "{}"),
            ("AmazonSQS.ListQueues.Extra", "{}"),
            (new string('A', 10_000) + ".X", "{}"),
        };

        foreach (var (target, body) in cases)
        {
            using var response = await AwsJsonCall.PostAsync(http, target, body);
            Assert.InRange((int)response.StatusCode, 400, 499);
        }

        using var get = await http.GetAsync(new Uri("/" + new string('z', 5000), UriKind.Relative));
        Assert.InRange((int)get.StatusCode, 400, 499);
        await AssertHealthyAsync(host, http);
    }

    private static async Task AssertHealthyAsync(LocalCloudHost host, HttpClient http)
    {
        Assert.Equal(0, host.Services.GetRequiredService<HostDiagnostics>().InternalFailures);
        Assert.Equal("ok\n", await http.GetStringAsync(new Uri("/_localcloud/health", UriKind.Relative)));
        using var sqs = LocalCloudFixture.CreateSqsClient(host);
        var url = (await sqs.CreateQueueAsync("after-fuzz")).QueueUrl;
        await sqs.SendMessageAsync(url, "still alive");
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 10 });
        Assert.Contains(received.Messages, m => m.Body == "still alive");
    }

    private static bool HasAwsJsonErrorShape(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("__type", out var type) && type.ValueKind == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "..." : text;

    [GeneratedRegex(@"\{\**(\w+)\??\}")]
    private static partial Regex RouteParameter();
}
