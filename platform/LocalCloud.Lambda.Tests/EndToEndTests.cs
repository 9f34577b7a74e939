using System.Net;
using System.Text.Json;
using Amazon.SQS.Model;
using LocalCloud.Testing;

namespace LocalCloud.Lambda.Tests;

/// <summary>Real functions (the shell runtime) reached the ways the services are: an EventBridge rule, an SQS
/// event-source mapping and an <c>Event</c> invocation; each event shows in the function's log.</summary>
public sealed class EndToEndTests(LambdaHostFixture fixture) : IClassFixture<LambdaHostFixture>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private async Task<string> WaitForEventLineAsync(string function, string contains)
    {
        using var http = fixture.CreateHttpClient();
        long after = 0;
        for (var i = 0; i < 60; i++)
        {
            var body = JsonDocument.Parse(await http.GetStringAsync($"/_localcloud/lambda/logs?function={function}&after={after}&wait=1")).RootElement;
            after = body.GetProperty("next").GetInt64();
            var line = body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!)
                .FirstOrDefault(m => m.StartsWith("event ", StringComparison.Ordinal) && m.Contains(contains, StringComparison.Ordinal));
            if (line is not null)
            {
                return line["event ".Length..];
            }
        }

        throw new TimeoutException($"{function} logged no event containing {contains}");
    }

    [Fact]
    public async Task An_event_invocation_runs_the_function_with_the_payload()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("print");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "print"));

        var accepted = await lambda.InvokeAsync(name, """{"kind":"async-e2e"}""", new Dictionary<string, string> { ["X-Amz-Invocation-Type"] = "Event" });

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal("""{"kind":"async-e2e"}""", await WaitForEventLineAsync(name, "async-e2e"));
    }

    [Fact]
    public async Task A_rule_on_a_bus_invokes_the_function_it_targets_with_the_event()
    {
        using var lambda = fixture.Lambda();
        using var events = new EventsJsonClient(fixture.Endpoint);
        var name = Unique("print");
        var arn = $"arn:aws:lambda:us-east-1:000000000000:function:{name}";
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "print"));
        var bus = Unique("bus");
        await events.CallAsync("CreateEventBus", JsonSerializer.Serialize(new { Name = bus }));
        var rule = await events.CallAsync("PutRule", JsonSerializer.Serialize(new { Name = "orders", EventBusName = bus, EventPattern = """{"source":["orders"]}""" }));
        await lambda.OkAsync(HttpMethod.Post, $"/2015-03-31/functions/{name}/policy", JsonSerializer.Serialize(new
        {
            StatementId = "events",
            Action = "lambda:InvokeFunction",
            Principal = "events.amazonaws.com",
            SourceArn = rule.GetProperty("RuleArn").GetString(),
        }), HttpStatusCode.Created);
        await events.CallAsync("PutTargets", JsonSerializer.Serialize(new { Rule = "orders", EventBusName = bus, Targets = new[] { new { Id = "fn", Arn = arn } } }));

        await events.CallAsync("PutEvents", JsonSerializer.Serialize(new
        {
            Entries = new[] { new { Source = "orders", DetailType = "OrderPlaced", Detail = """{"orderId":"o-e2e"}""", EventBusName = bus } },
        }));

        var received = JsonDocument.Parse(await WaitForEventLineAsync(name, "o-e2e")).RootElement;
        Assert.Equal("OrderPlaced", received.GetProperty("detail-type").GetString());
        Assert.Equal("o-e2e", received.GetProperty("detail").GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task An_SQS_mapping_delivers_messages_to_the_function_and_deletes_them()
    {
        using var lambda = fixture.Lambda();
        using var sqs = fixture.CreateSqsClient();
        var name = Unique("print");
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "print"));
        var queue = await sqs.CreateQueueAsync(Unique("q"));
        var queueArn = (await sqs.GetQueueAttributesAsync(queue.QueueUrl, ["QueueArn"])).QueueARN;
        await lambda.OkAsync(HttpMethod.Post, "/2015-03-31/event-source-mappings",
            JsonSerializer.Serialize(new { FunctionName = name, EventSourceArn = queueArn, BatchSize = 5 }), HttpStatusCode.Accepted);

        await sqs.SendMessageAsync(new SendMessageRequest(queue.QueueUrl, "message-e2e"));

        var received = JsonDocument.Parse(await WaitForEventLineAsync(name, "message-e2e")).RootElement;
        var record = received.GetProperty("Records")[0];
        Assert.Equal("aws:sqs", record.GetProperty("eventSource").GetString());
        Assert.Equal("message-e2e", record.GetProperty("body").GetString());
        Assert.Equal(queueArn, record.GetProperty("eventSourceARN").GetString());
        for (var i = 0; i < 100; i++)
        {
            var attributes = await sqs.GetQueueAttributesAsync(queue.QueueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            if (attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The mapping did not delete the message after the function succeeded.");
    }
}
