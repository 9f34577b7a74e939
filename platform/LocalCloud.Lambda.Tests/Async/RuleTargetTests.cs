using System.Text.Json;

namespace LocalCloud.Lambda.Tests.Async;

/// <summary>EventBridge rules whose targets are functions: the rule's retry policy and dead-letter queue cover
/// delivery to Lambda (missing function, missing permission); once Lambda accepts the event its own rules apply.</summary>
public sealed class RuleTargetTests(AsyncInvocationHostFixture fixture) : IClassFixture<AsyncInvocationHostFixture>
{
    private AsyncHost Cloud => fixture.Cloud;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private async Task<(string Bus, string RuleArn)> RuleAsync(string functionArn, string? deadLetterArn = null)
    {
        var bus = Unique("bus");
        await Cloud.EventsAsync("CreateEventBus", new { Name = bus });
        var ruleArn = (await Cloud.EventsAsync("PutRule", new { Name = "to-fn", EventBusName = bus, EventPattern = """{"source":["orders"]}""" }))
            .GetProperty("RuleArn").GetString()!;
        object target = deadLetterArn is null
            ? new { Id = "fn", Arn = functionArn }
            : new { Id = "fn", Arn = functionArn, DeadLetterConfig = new { Arn = deadLetterArn } };
        await Cloud.EventsAsync("PutTargets", new { Rule = "to-fn", EventBusName = bus, Targets = new[] { target } });
        return (bus, ruleArn);
    }

    private Task<JsonElement> PutEventAsync(string bus) =>
        Cloud.EventsAsync("PutEvents", new { Entries = new[] { new { Source = "orders", DetailType = "order.placed.v1", Detail = """{"orderId":"o-1"}""", EventBusName = bus } } });

    [Fact]
    public async Task RuleTarget_InvokesTheFunctionAsynchronously_WithTheEvent()
    {
        var function = Cloud.Functions.Add(Unique("fn"));
        var (bus, ruleArn) = await RuleAsync(function.Arn);
        function.AllowedSources.Add(("events.amazonaws.com", ruleArn));

        await PutEventAsync(bus);

        await Eventually.TrueAsync(() => function.Runs.Count == 1, "the function to run");
        using var received = JsonDocument.Parse(function.Runs[0].Payload);
        Assert.Equal("order.placed.v1", received.RootElement.GetProperty("detail-type").GetString());
        Assert.Equal("o-1", received.RootElement.GetProperty("detail").GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task FunctionWithoutPermissionForTheRule_SendsTheEventToTheRulesDeadLetterQueue_AsNoPermissions()
    {
        var (url, dlq) = await Cloud.CreateQueueAsync(Unique("rule-dlq"));
        var function = Cloud.Functions.Add(Unique("fn"));
        var (bus, ruleArn) = await RuleAsync(function.Arn, dlq);
        function.AllowedSources.Add(("events.amazonaws.com", ruleArn + "-other"));

        await PutEventAsync(bus);

        var message = (await Cloud.ReceiveAsync(url)).Single();
        Assert.Equal("NO_PERMISSIONS", message.MessageAttributes["ERROR_CODE"].StringValue);
        Assert.Equal(ruleArn, message.MessageAttributes["RULE_ARN"].StringValue);
        Assert.Equal(function.Arn, message.MessageAttributes["TARGET_ARN"].StringValue);
        Assert.Equal("0", message.MessageAttributes["RETRY_ATTEMPTS"].StringValue);
        Assert.False(message.MessageAttributes.ContainsKey("EXHAUSTED_RETRY_CONDITION"));
        Assert.Equal("order.placed.v1", JsonDocument.Parse(message.Body).RootElement.GetProperty("detail-type").GetString());
        Assert.Empty(function.Runs);
    }

    [Fact]
    public async Task MissingFunction_SendsTheEventToTheRulesDeadLetterQueue_AsNoResource()
    {
        var (url, dlq) = await Cloud.CreateQueueAsync(Unique("rule-dlq"));
        var (bus, _) = await RuleAsync(FakeFunctionPort.ArnOf(Unique("missing")), dlq);

        await PutEventAsync(bus);

        var message = (await Cloud.ReceiveAsync(url)).Single();
        Assert.Equal("NO_RESOURCE", message.MessageAttributes["ERROR_CODE"].StringValue);
    }

    [Fact]
    public async Task FunctionErrorAfterAcceptance_FollowsLambdasRetries_NotTheRulesDeadLetterQueue()
    {
        var (ruleDlqUrl, ruleDlq) = await Cloud.CreateQueueAsync(Unique("rule-dlq"));
        var (failureUrl, failure) = await Cloud.CreateQueueAsync(Unique("on-failure"));
        var function = Cloud.Functions.Add(Unique("fn")).Otherwise(FakeBehaviour.Fail);
        function.AllowAnySource = true;
        await Cloud.PutConfigAsync(function.Description.FunctionName, new { MaximumRetryAttempts = 1, DestinationConfig = new { OnFailure = new { Destination = failure } } });
        var (bus, _) = await RuleAsync(function.Arn, ruleDlq);

        await PutEventAsync(bus);

        var record = JsonDocument.Parse((await Cloud.ReceiveAsync(failureUrl)).Single().Body).RootElement;
        Assert.Equal(2, function.Runs.Count);
        Assert.Equal(function.Runs[0].RequestId, function.Runs[1].RequestId);
        Assert.Equal("RetriesExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal("orders", record.GetProperty("requestPayload").GetProperty("source").GetString());
        Assert.Equal(0, await Cloud.CountAsync(ruleDlqUrl));
    }
}
