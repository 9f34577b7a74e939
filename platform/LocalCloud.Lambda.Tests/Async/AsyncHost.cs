using System.Text;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Lambda.Async;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Lambda.Tests.Async;

/// <summary>An in-process local cloud whose functions are a <see cref="FakeFunctionPort"/>, with the calls the
/// asynchronous invocation tests make: SQS queues to assert on, Lambda's REST API, EventBridge's JSON API.</summary>
internal sealed class AsyncHost : IAsyncDisposable
{
    private AsyncHost(LocalCloudHost host, FakeFunctionPort functions, RecordingObserver observer)
    {
        Host = host;
        Functions = functions;
        Observer = observer;
        Sqs = LocalCloudFixture.CreateSqsClient(host);
        Http = new HttpClient { BaseAddress = host.Endpoint };
    }

    public LocalCloudHost Host { get; }

    public FakeFunctionPort Functions { get; }

    public RecordingObserver Observer { get; }

    public AmazonSQSClient Sqs { get; }

    public HttpClient Http { get; }

    /// <summary>Retries after 10 and 20 ms, throttles after 5 ms doubling to 20 ms.</summary>
    public static LambdaAsyncOptions FastOptions() => new()
    {
        RetryDelays = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)],
        ThrottleBaseDelay = TimeSpan.FromMilliseconds(5),
        MaximumThrottleDelay = TimeSpan.FromMilliseconds(20),
    };

    public static async Task<AsyncHost> StartAsync(
        LambdaAsyncOptions? options = null,
        TimeProvider? clock = null,
        string? dataDirectory = null,
        FakeFunctionPort? functions = null)
    {
        functions ??= new FakeFunctionPort();
        var observer = new RecordingObserver();
        var host = await LocalCloudFixture.StartHostAsync(o =>
        {
            if (clock is not null)
            {
                o.TimeProvider = clock;
            }

            if (dataDirectory is not null)
            {
                o.InMemory = false;
                o.DataDirectory = dataDirectory;
            }

            o.ConfigureServices = services =>
            {
                services.AddSingleton<IFunctionPort>(functions);
                services.AddSingleton(options ?? FastOptions());
                services.AddSingleton<IDeliveryObserver>(observer);
            };
        });
        return new AsyncHost(host, functions, observer);
    }

    public IAsyncInvocations Invocations => Host.Services.GetRequiredService<IAsyncInvocations>();

    public async Task<string> InvokeAsync(FakeFunction function, string payload)
    {
        var requestId = Guid.NewGuid().ToString();
        await Invocations.EnqueueAsync(function.Description, Encoding.UTF8.GetBytes(payload), requestId, CancellationToken.None);
        return requestId;
    }

    public async Task<(string Url, string Arn)> CreateQueueAsync(string name)
    {
        var created = await Sqs.CreateQueueAsync(name);
        return (created.QueueUrl, $"arn:aws:sqs:{FakeFunctionPort.Region}:{FakeFunctionPort.Account}:{name}");
    }

    /// <summary>Waits for <paramref name="count"/> messages on the queue (bounded), receiving without long polls so that a
    /// manual clock does not hold them back.</summary>
    public async Task<List<Message>> ReceiveAsync(string queueUrl, int count = 1)
    {
        var messages = new List<Message>();
        await Eventually.TrueAsync(async () =>
        {
            var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 0,
                MessageAttributeNames = ["All"],
            });
            messages.AddRange(response.Messages ?? []);
            return messages.Count >= count;
        }, $"{count} message(s) on {queueUrl}");
        return messages;
    }

    public async Task<int> CountAsync(string queueUrl)
    {
        var attributes = await Sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    public async Task<ApiAnswer> LambdaAsync(HttpMethod method, string functionName, string? body = null, string? query = null, bool list = false)
    {
        var path = $"/2019-09-25/functions/{Uri.EscapeDataString(functionName)}/event-invoke-config{(list ? "/list" : "")}{(query is null ? "" : "?" + query)}";
        using var response = await RestJsonCall.SendAsync(Http, method, path, body, "lambda");
        return await ApiAnswer.ReadAsync(response);
    }

    public Task<ApiAnswer> PutConfigAsync(string functionName, object config, string? query = null) =>
        LambdaAsync(HttpMethod.Put, functionName, JsonSerializer.Serialize(config), query);

    public async Task<JsonElement> EventsAsync(string operation, object request)
    {
        using var response = await AwsJsonCall.PostAsync(Http, "AWSEvents." + operation, JsonSerializer.Serialize(request), "1.1", "events");
        var answer = await ApiAnswer.ReadAsync(response);
        Assert.True(answer.Status == 200, $"{operation} answered {answer.Status}: {answer.Body}");
        return answer.Body;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Sqs.Dispose();
        await Host.DisposeAsync();
    }
}

internal sealed record ApiAnswer(int Status, string? ErrorType, JsonElement Body)
{
    public string? Message => Body.ValueKind == JsonValueKind.Object && (Body.TryGetProperty("message", out var m) || Body.TryGetProperty(nameof(Message), out m)) ? m.GetString() : null;

    public static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        var type = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.First() : null;
        return new ApiAnswer((int)response.StatusCode, type, document.RootElement.Clone());
    }
}

/// <summary>Keeps every delivery event, so a test on a manual clock knows when a retry has been scheduled.</summary>
internal sealed class RecordingObserver : IDeliveryObserver
{
    private readonly Lock _gate = new();
    private readonly List<DeliveryEvent> _events = [];

    public void OnDeliveryEvent(DeliveryEvent deliveryEvent)
    {
        lock (_gate)
        {
            _events.Add(deliveryEvent);
        }
    }

    public IReadOnlyList<DeliveryEvent> Events(DeliveryEventKind kind, string targetKind)
    {
        lock (_gate)
        {
            return [.. _events.Where(e => e.Kind == kind && e.Delivery.TargetKind == targetKind)];
        }
    }
}
