using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using LocalCloud.Testing.Resources;

namespace LocalCloud.Sqs.Tests.Resources;

public sealed class QueuePolicyProviderTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private const string Policy = "AWS::SQS::QueuePolicy";
    private const string InlinePolicy = "AWS::SQS::QueueInlinePolicy";

    private ResourceOperations Stack() => new(fixture.Host, "stack" + Guid.NewGuid().ToString("N")[..6]);

    private static JsonObject Document(string sid) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Sid"] = sid,
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["Service"] = "events.amazonaws.com" },
            ["Action"] = "sqs:SendMessage",
            ["Resource"] = "*",
        }),
    };

    private async Task<string?> PolicyOf(string url)
    {
        using var sqs = fixture.CreateSqsClient();
        return (await sqs.GetQueueAttributesAsync(url, ["Policy"])).Attributes?.GetValueOrDefault("Policy");
    }

    [Fact]
    public async Task QueuePolicy_CreateUpdateDelete_SetsMovesAndRemovesThePolicy()
    {
        var stack = Stack();
        var first = (await stack.CreateAsync("AWS::SQS::Queue", "First", [])).PhysicalId;
        var second = (await stack.CreateAsync("AWS::SQS::Queue", "Second", [])).PhysicalId;
        var before = new JsonObject { ["Queues"] = new JsonArray(first), ["PolicyDocument"] = Document("one") };

        var created = await stack.CreateAsync(Policy, "Allow", before);

        Assert.Equal(stack.GeneratedName("Allow", 255), created.PhysicalId);
        Assert.Equal(created.PhysicalId, created.Attributes["Id"]!.GetValue<string>());
        Assert.Equal("one", JsonNode.Parse((await PolicyOf(first))!)!["Statement"]![0]!["Sid"]!.GetValue<string>());

        var after = new JsonObject { ["Queues"] = new JsonArray(second), ["PolicyDocument"] = Document("two") };
        var updated = await stack.UpdateAsync(Policy, "Allow", created, before, after);

        Assert.Equal(created.PhysicalId, updated.PhysicalId);
        Assert.Null(await PolicyOf(first));
        Assert.Equal("two", JsonNode.Parse((await PolicyOf(second))!)!["Statement"]![0]!["Sid"]!.GetValue<string>());

        await stack.DeleteAsync(Policy, "Allow", after, updated);
        await stack.DeleteAsync(Policy, "Allow", after, updated);
        Assert.Null(await PolicyOf(second));
    }

    [Fact]
    public async Task QueuePolicy_DeleteAfterTheQueueIsGone_Succeeds()
    {
        var stack = Stack();
        var queue = await stack.CreateAsync("AWS::SQS::Queue", "Short", []);
        var properties = new JsonObject { ["Queues"] = new JsonArray(queue.PhysicalId), ["PolicyDocument"] = Document("x") };
        var created = await stack.CreateAsync(Policy, "Allow", properties);
        await stack.DeleteAsync("AWS::SQS::Queue", "Short", [], queue);

        await stack.DeleteAsync(Policy, "Allow", properties, created);
        await stack.DeleteAsync(Policy, "Allow", properties, current: null);
    }

    [Fact]
    public async Task QueuePolicy_UnknownQueue_FailsWithTheServiceMessage()
    {
        var stack = Stack();
        var properties = new JsonObject
        {
            ["Queues"] = new JsonArray($"{fixture.Endpoint.GetLeftPart(UriPartial.Authority)}/000000000000/missing-queue"),
            ["PolicyDocument"] = Document("x"),
        };

        var error = await Assert.ThrowsAsync<ServiceException>(() => stack.CreateAsync(Policy, "Allow", properties));

        Assert.Equal("The specified queue does not exist.", error.Message);
    }

    [Fact]
    public async Task QueueInlinePolicy_RefIsTheQueueUrl_AndDeleteRemovesThePolicy()
    {
        var stack = Stack();
        var queue = (await stack.CreateAsync("AWS::SQS::Queue", "Inline", [])).PhysicalId;
        var properties = new JsonObject { ["Queue"] = queue, ["PolicyDocument"] = Document("inline") };

        var created = await stack.CreateAsync(InlinePolicy, "InlinePolicy", properties);
        Assert.Equal(queue, created.PhysicalId);
        Assert.NotNull(await PolicyOf(queue));

        var changed = new JsonObject { ["Queue"] = queue, ["PolicyDocument"] = Document("changed") };
        await stack.UpdateAsync(InlinePolicy, "InlinePolicy", created, properties, changed);
        Assert.Contains("changed", await PolicyOf(queue), StringComparison.Ordinal);

        await stack.DeleteAsync(InlinePolicy, "InlinePolicy", changed, created);
        Assert.Null(await PolicyOf(queue));
    }
}
