using System.Text.Json;
using LocalCloud.Lambda.Async;

namespace LocalCloud.Lambda.Tests.Async;

public sealed class AsyncInvocationHostFixture : IAsyncLifetime
{
    internal AsyncHost Cloud { get; private set; } = null!;

    public async Task InitializeAsync() => Cloud = await AsyncHost.StartAsync();

    public async Task DisposeAsync() => await Cloud.DisposeAsync();
}

public sealed class AsyncInvocationTests(AsyncInvocationHostFixture fixture) : IClassFixture<AsyncInvocationHostFixture>
{
    private AsyncHost Cloud => fixture.Cloud;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Fact]
    public async Task FunctionFailingTwice_IsRetriedWithTheSameRequestId_AndOnSuccessGetsTheRecord()
    {
        var (url, queue) = await Cloud.CreateQueueAsync(Unique("success"));
        var function = Cloud.Functions.Add(Unique("fn")).Then(FakeBehaviour.Fail, 2);
        Assert.Equal(200, (await Cloud.PutConfigAsync(function.Description.FunctionName, new { DestinationConfig = new { OnSuccess = new { Destination = queue } } })).Status);

        var requestId = await Cloud.InvokeAsync(function, """{"order":42}""");

        var record = Body((await Cloud.ReceiveAsync(url)).Single());
        Assert.Equal(3, function.Runs.Count);
        Assert.All(function.Runs, r => Assert.Equal(requestId, r.RequestId));
        Assert.All(function.Runs, r => Assert.Equal("""{"order":42}""", r.Payload));
        Assert.Equal("1.0", record.GetProperty("version").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", record.GetProperty("timestamp").GetString());
        var context = record.GetProperty("requestContext");
        Assert.Equal(requestId, context.GetProperty("requestId").GetString());
        Assert.Equal(function.Arn + ":$LATEST", context.GetProperty("functionArn").GetString());
        Assert.Equal("Success", context.GetProperty("condition").GetString());
        Assert.Equal(3, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal(42, record.GetProperty("requestPayload").GetProperty("order").GetInt32());
        var response = record.GetProperty("responseContext");
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("$LATEST", response.GetProperty("executedVersion").GetString());
        Assert.False(response.TryGetProperty("functionError", out _));
        Assert.Equal(3, record.GetProperty("responsePayload").GetProperty("run").GetInt32());
        Assert.Equal(
            ["version", "timestamp", "requestContext", "requestPayload", "responseContext", "responsePayload"],
            record.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task FunctionAlwaysFailing_IsInvokedThreeTimesByDefault_AndOnFailureSaysRetriesExhausted()
    {
        var (url, queue) = await Cloud.CreateQueueAsync(Unique("failure"));
        var function = Cloud.Functions.Add(Unique("fn")).Otherwise(FakeBehaviour.Fail);
        await Cloud.PutConfigAsync(function.Description.FunctionName, new { DestinationConfig = new { OnFailure = new { Destination = queue } } });

        var requestId = await Cloud.InvokeAsync(function, """{"n":1}""");

        var record = Body((await Cloud.ReceiveAsync(url)).Single());
        Assert.Equal(3, function.Runs.Count);
        var context = record.GetProperty("requestContext");
        Assert.Equal("RetriesExhausted", context.GetProperty("condition").GetString());
        Assert.Equal(3, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal(requestId, context.GetProperty("requestId").GetString());
        Assert.Equal("Unhandled", record.GetProperty("responseContext").GetProperty("functionError").GetString());
        Assert.Equal("boom 3", record.GetProperty("responsePayload").GetProperty("errorMessage").GetString());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    public async Task MaximumRetryAttempts_LimitsTheInvocations(int retries, int invocations)
    {
        var (url, queue) = await Cloud.CreateQueueAsync(Unique("retries"));
        var function = Cloud.Functions.Add(Unique("fn")).Otherwise(FakeBehaviour.Fail);
        await Cloud.PutConfigAsync(function.Description.FunctionName, new
        {
            MaximumRetryAttempts = retries,
            DestinationConfig = new { OnFailure = new { Destination = queue } },
        });

        await Cloud.InvokeAsync(function, "{}");

        var record = Body((await Cloud.ReceiveAsync(url)).Single());
        Assert.Equal(invocations, function.Runs.Count);
        Assert.Equal(invocations, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
    }

    [Fact]
    public async Task Throttles_AreRetriedWithoutCountingAsRetries()
    {
        var (url, queue) = await Cloud.CreateQueueAsync(Unique("throttle"));
        var function = Cloud.Functions.Add(Unique("fn"))
            .Then(FakeBehaviour.Throttle, 3)
            .Then(FakeBehaviour.Fail)
            .Then(FakeBehaviour.Throttle, 2)
            .Otherwise(FakeBehaviour.Fail);
        await Cloud.PutConfigAsync(function.Description.FunctionName, new
        {
            MaximumRetryAttempts = 1,
            DestinationConfig = new { OnFailure = new { Destination = queue } },
        });

        await Cloud.InvokeAsync(function, "{}");

        var record = Body((await Cloud.ReceiveAsync(url)).Single());
        Assert.Equal(5, function.Throttles);
        Assert.Equal(2, function.Runs.Count);
        Assert.Equal("RetriesExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(2, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
    }

    [Fact]
    public async Task FailedEvent_WithoutDestination_GoesToTheDeadLetterQueue_WithLambdasAttributes()
    {
        var (url, queue) = await Cloud.CreateQueueAsync(Unique("dlq"));
        var function = Cloud.Functions.Add(Unique("fn"), deadLetterArn: queue).Otherwise(FakeBehaviour.Fail);

        var requestId = await Cloud.InvokeAsync(function, """{"lost":true}""");

        var message = (await Cloud.ReceiveAsync(url)).Single();
        Assert.Equal("""{"lost":true}""", message.Body);
        Assert.Equal(3, function.Runs.Count);
        Assert.Equal(["ErrorCode", "ErrorMessage", "RequestID"], message.MessageAttributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(requestId, message.MessageAttributes["RequestID"].StringValue);
        Assert.Equal("String", message.MessageAttributes["RequestID"].DataType);
        Assert.Equal("200", message.MessageAttributes["ErrorCode"].StringValue);
        Assert.Equal("Number", message.MessageAttributes["ErrorCode"].DataType);
        Assert.Equal("boom 3", message.MessageAttributes["ErrorMessage"].StringValue);
        Assert.Equal("String", message.MessageAttributes["ErrorMessage"].DataType);
    }

    [Fact]
    public async Task FailedEvent_WithOnFailureAndDeadLetterQueue_ReachesBoth()
    {
        var (dlqUrl, dlq) = await Cloud.CreateQueueAsync(Unique("both-dlq"));
        var (destinationUrl, destination) = await Cloud.CreateQueueAsync(Unique("both-dest"));
        var function = Cloud.Functions.Add(Unique("fn"), deadLetterArn: dlq).Otherwise(FakeBehaviour.Fail);
        await Cloud.PutConfigAsync(function.Description.FunctionName, new
        {
            MaximumRetryAttempts = 0,
            DestinationConfig = new { OnFailure = new { Destination = destination } },
        });

        await Cloud.InvokeAsync(function, """{"x":1}""");

        Assert.Equal("""{"x":1}""", (await Cloud.ReceiveAsync(dlqUrl)).Single().Body);
        Assert.Equal("RetriesExhausted", Body((await Cloud.ReceiveAsync(destinationUrl)).Single()).GetProperty("requestContext").GetProperty("condition").GetString());
    }

    [Fact]
    public async Task SucceedingEvent_DoesNotReachTheDeadLetterQueueOrOnFailure()
    {
        var (dlqUrl, dlq) = await Cloud.CreateQueueAsync(Unique("quiet-dlq"));
        var (successUrl, success) = await Cloud.CreateQueueAsync(Unique("quiet-ok"));
        var (failureUrl, failure) = await Cloud.CreateQueueAsync(Unique("quiet-fail"));
        var function = Cloud.Functions.Add(Unique("fn"), deadLetterArn: dlq);
        await Cloud.PutConfigAsync(function.Description.FunctionName, new
        {
            DestinationConfig = new { OnSuccess = new { Destination = success }, OnFailure = new { Destination = failure } },
        });

        await Cloud.InvokeAsync(function, "{}");

        await Cloud.ReceiveAsync(successUrl);
        Assert.Equal(0, await Cloud.CountAsync(dlqUrl));
        Assert.Equal(0, await Cloud.CountAsync(failureUrl));
    }

    [Fact]
    public async Task EventBusDestination_GetsALambdaResultEvent()
    {
        var bus = Unique("bus");
        var (url, queue) = await Cloud.CreateQueueAsync(Unique("bus-q"));
        var busArn = (await Cloud.EventsAsync("CreateEventBus", new { Name = bus })).GetProperty("EventBusArn").GetString()!;
        await Cloud.EventsAsync("PutRule", new { Name = "results", EventBusName = bus, EventPattern = """{"source":["lambda"]}""" });
        await Cloud.EventsAsync("PutTargets", new { Rule = "results", EventBusName = bus, Targets = new[] { new { Id = "q", Arn = queue } } });
        var function = Cloud.Functions.Add(Unique("fn")).Then(FakeBehaviour.Fail);
        await Cloud.PutConfigAsync(function.Description.FunctionName, new
        {
            MaximumRetryAttempts = 0,
            DestinationConfig = new { OnSuccess = new { Destination = busArn }, OnFailure = new { Destination = busArn } },
        });

        var failedId = await Cloud.InvokeAsync(function, """{"first":1}""");
        var failed = Body((await Cloud.ReceiveAsync(url)).Single());
        var succeededId = await Cloud.InvokeAsync(function, """{"second":2}""");
        var succeeded = Body((await Cloud.ReceiveAsync(url)).Single());

        Assert.Equal("Lambda Function Invocation Result - Failure", failed.GetProperty("detail-type").GetString());
        Assert.Equal("Lambda Function Invocation Result - Success", succeeded.GetProperty("detail-type").GetString());
        foreach (var (e, id) in new[] { (failed, failedId), (succeeded, succeededId) })
        {
            Assert.Equal("lambda", e.GetProperty("source").GetString());
            Assert.Equal("0", e.GetProperty("version").GetString());
            Assert.Equal(FakeFunctionPort.Account, e.GetProperty("account").GetString());
            Assert.Equal(FakeFunctionPort.Region, e.GetProperty("region").GetString());
            Assert.Equal([busArn, function.Arn + ":$LATEST"], e.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(id, e.GetProperty("detail").GetProperty("requestContext").GetProperty("requestId").GetString());
            Assert.Equal("1.0", e.GetProperty("detail").GetProperty("version").GetString());
        }

        Assert.Equal("RetriesExhausted", failed.GetProperty("detail").GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(2, succeeded.GetProperty("detail").GetProperty("requestPayload").GetProperty("second").GetInt32());
    }

    [Fact]
    public async Task FunctionDestination_IsInvokedAsynchronously_WithTheRecord()
    {
        var destination = Cloud.Functions.Add(Unique("dest"));
        var function = Cloud.Functions.Add(Unique("fn")).Otherwise(FakeBehaviour.Fail);
        await Cloud.PutConfigAsync(function.Description.FunctionName, new
        {
            MaximumRetryAttempts = 0,
            DestinationConfig = new { OnFailure = new { Destination = destination.Arn } },
        });

        var requestId = await Cloud.InvokeAsync(function, """{"y":2}""");

        await Eventually.TrueAsync(() => destination.Runs.Count == 1, "the destination function to run");
        var run = destination.Runs.Single();
        Assert.NotEqual(requestId, run.RequestId);
        using var record = JsonDocument.Parse(run.Payload);
        Assert.Equal(requestId, record.RootElement.GetProperty("requestContext").GetProperty("requestId").GetString());
        Assert.Equal("RetriesExhausted", record.RootElement.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(2, record.RootElement.GetProperty("requestPayload").GetProperty("y").GetInt32());
    }

    [Fact]
    public async Task EventForADeletedFunction_IsDiscarded()
    {
        var (url, queue) = await Cloud.CreateQueueAsync(Unique("deleted"));
        var name = Unique("fn");
        var function = Cloud.Functions.Add(name, deadLetterArn: queue).Then(FakeBehaviour.Throttle, 1000);
        await Cloud.PutConfigAsync(name, new { MaximumRetryAttempts = 0 });

        await Cloud.InvokeAsync(function, "{}");
        await Eventually.TrueAsync(() => function.Throttles > 0, "a throttled attempt");
        Cloud.Functions.Remove(name);

        await Eventually.TrueAsync(
            () => Cloud.Observer.Events(Core.Delivery.DeliveryEventKind.Dropped, AsyncInvocations.KindName).Any(e => e.Delivery.TargetArn == function.Arn),
            "the event to be dropped");
        Assert.Empty(function.Runs);
        Assert.Equal(0, await Cloud.CountAsync(url));
    }

    private static JsonElement Body(Amazon.SQS.Model.Message message)
    {
        using var document = JsonDocument.Parse(message.Body);
        return document.RootElement.Clone();
    }
}
