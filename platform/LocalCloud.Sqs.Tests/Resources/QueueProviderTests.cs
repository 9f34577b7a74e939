using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Testing;
using LocalCloud.Testing.Resources;

namespace LocalCloud.Sqs.Tests.Resources;

public sealed class QueueProviderTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private const string Queue = "AWS::SQS::Queue";

    private ResourceOperations Stack() => new(fixture.Host, "stack" + Guid.NewGuid().ToString("N")[..6]);

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    [Fact]
    public async Task Create_NamedQueue_HasAttributesTagsAndRefValues()
    {
        var stack = Stack();
        var name = NewName("cfn");
        var properties = new JsonObject
        {
            ["QueueName"] = name,
            ["VisibilityTimeout"] = 45,
            ["DelaySeconds"] = "5",
            ["SqsManagedSseEnabled"] = "false",
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "orders" }),
        };

        var resource = await stack.CreateAsync(Queue, "Orders", properties);

        using var sqs = fixture.CreateSqsClient();
        var url = (await sqs.GetQueueUrlAsync(name)).QueueUrl;
        var attributes = (await sqs.GetQueueAttributesAsync(url, ["All"])).Attributes;
        var tags = (await sqs.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = url })).Tags;
        Assert.Equal(url, resource.PhysicalId);
        Assert.Null(resource.RefValue);
        Assert.Equal(attributes["QueueArn"], resource.Attributes["Arn"]!.GetValue<string>());
        Assert.Equal(name, resource.Attributes["QueueName"]!.GetValue<string>());
        Assert.Equal(url, resource.Attributes["QueueUrl"]!.GetValue<string>());
        Assert.Equal("45", attributes["VisibilityTimeout"]);
        Assert.Equal("5", attributes["DelaySeconds"]);
        Assert.Equal("false", attributes["SqsManagedSseEnabled"]);
        Assert.Equal("orders", tags["team"]);
        Assert.Equal("Orders", tags["aws:cloudformation:logical-id"]);
        Assert.Equal(stack.StackName, tags["aws:cloudformation:stack-name"]);
    }

    [Fact]
    public async Task Create_WithoutName_UsesTheGeneratedName()
    {
        var stack = Stack();

        var resource = await stack.CreateAsync(Queue, "Work", []);

        var expected = stack.GeneratedName("Work", 80);
        Assert.Equal(expected, resource.Attributes["QueueName"]!.GetValue<string>());
        Assert.EndsWith("/" + expected, resource.PhysicalId, StringComparison.Ordinal);
        using var sqs = fixture.CreateSqsClient();
        Assert.Equal(resource.PhysicalId, (await sqs.GetQueueUrlAsync(expected)).QueueUrl);
    }

    [Fact]
    public async Task Create_RedrivePolicyObject_IsSetAsJson()
    {
        var stack = Stack();
        var dlq = await stack.CreateAsync(Queue, "Dlq", []);
        var properties = new JsonObject
        {
            ["RedrivePolicy"] = new JsonObject { ["deadLetterTargetArn"] = dlq.Attributes["Arn"]!.GetValue<string>(), ["maxReceiveCount"] = "3" },
        };

        var resource = await stack.CreateAsync(Queue, "Main", properties);

        using var sqs = fixture.CreateSqsClient();
        var attributes = (await sqs.GetQueueAttributesAsync(resource.PhysicalId, ["RedrivePolicy"])).Attributes;
        var redrive = JsonNode.Parse(attributes["RedrivePolicy"])!;
        Assert.Equal(dlq.Attributes["Arn"]!.GetValue<string>(), redrive["deadLetterTargetArn"]!.GetValue<string>());
        Assert.Equal(3, redrive["maxReceiveCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Update_ChangesOnlyWhatChanged_AndResetsRemovedAttributes()
    {
        var stack = Stack();
        var dlq = await stack.CreateAsync(Queue, "Dlq", []);
        var before = new JsonObject
        {
            ["VisibilityTimeout"] = 45,
            ["MessageRetentionPeriod"] = 600,
            ["RedrivePolicy"] = new JsonObject { ["deadLetterTargetArn"] = dlq.Attributes["Arn"]!.GetValue<string>(), ["maxReceiveCount"] = 2 },
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "a", ["Value"] = "1" }, new JsonObject { ["Key"] = "b", ["Value"] = "2" }),
        };
        var created = await stack.CreateAsync(Queue, "Main", before);
        var after = new JsonObject
        {
            ["VisibilityTimeout"] = "60",
            ["MessageRetentionPeriod"] = 600,
            ["ReceiveMessageWaitTimeSeconds"] = 10,
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "a", ["Value"] = "changed" }),
        };

        var updated = await stack.UpdateAsync(Queue, "Main", created, before, after);

        using var sqs = fixture.CreateSqsClient();
        var attributes = (await sqs.GetQueueAttributesAsync(created.PhysicalId, ["All"])).Attributes;
        var tags = (await sqs.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = created.PhysicalId })).Tags;
        Assert.Equal(created.PhysicalId, updated.PhysicalId);
        Assert.Equal("60", attributes["VisibilityTimeout"]);
        Assert.Equal("600", attributes["MessageRetentionPeriod"]);
        Assert.Equal("10", attributes["ReceiveMessageWaitTimeSeconds"]);
        Assert.False(attributes.ContainsKey("RedrivePolicy"));
        Assert.Equal("changed", tags["a"]);
        Assert.False(tags.ContainsKey("b"));
        Assert.True(tags.ContainsKey("aws:cloudformation:stack-id"));
    }

    [Fact]
    public async Task Delete_RemovesTheQueue_AndSucceedsWhenAlreadyGone()
    {
        var stack = Stack();
        var properties = new JsonObject { ["QueueName"] = NewName("gone") };
        var created = await stack.CreateAsync(Queue, "Gone", properties);

        await stack.DeleteAsync(Queue, "Gone", properties, created);
        await stack.DeleteAsync(Queue, "Gone", properties, created);

        using var sqs = fixture.CreateSqsClient();
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => sqs.GetQueueUrlAsync(properties["QueueName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Delete_WithoutState_RemovesTheQueueAnInterruptedCreateMade()
    {
        var stack = Stack();
        await stack.CreateAsync(Queue, "Interrupted", []);

        await stack.DeleteAsync(Queue, "Interrupted", [], current: null);
        await stack.DeleteAsync(Queue, "Never", [], current: null);

        using var sqs = fixture.CreateSqsClient();
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => sqs.GetQueueUrlAsync(stack.GeneratedName("Interrupted", 80)));
    }

    [Fact]
    public async Task Create_InvalidAttributeValue_FailsWithTheServiceMessage()
    {
        var error = await Assert.ThrowsAsync<ServiceException>(() => Stack().CreateAsync(Queue, "Bad", new JsonObject { ["DelaySeconds"] = 901 }));

        Assert.Equal("Invalid value for the parameter DelaySeconds.", error.Message);
    }

    [Fact]
    public async Task Create_WrongPropertyType_IsRejected()
    {
        var error = await Assert.ThrowsAsync<ResourceProviderException>(() => Stack().CreateAsync(Queue, "Bad", new JsonObject { ["VisibilityTimeout"] = "soon" }));

        Assert.Equal("Value of property VisibilityTimeout must be of type Integer.", error.Message);
    }

    [Fact]
    public async Task Create_ExistingName_IsAlreadyExists()
    {
        var name = NewName("taken");
        using var sqs = fixture.CreateSqsClient();
        await sqs.CreateQueueAsync(name);

        var error = await Assert.ThrowsAsync<ResourceProviderException>(() => Stack().CreateAsync(Queue, "Taken", new JsonObject { ["QueueName"] = name }));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_FifoQueue_GetsAFifoNameAndTheServiceRejectsIt()
    {
        var stack = Stack();

        var error = await Assert.ThrowsAsync<ServiceException>(() => stack.CreateAsync(Queue, "Fifo", new JsonObject { ["FifoQueue"] = true }));

        Assert.Equal("UnsupportedOperation", error.Code);
        Assert.EndsWith(".fifo", stack.GeneratedName("Fifo", 75) + ".fifo", StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_FollowTheResourceReference()
    {
        var provider = Stack().Provider(Queue);

        Assert.Equal(UpdateBehavior.Replacement, provider.Properties["QueueName"]);
        Assert.Equal(UpdateBehavior.Replacement, provider.Properties["FifoQueue"]);
        Assert.Equal(UpdateBehavior.NoInterruption, provider.Properties["RedrivePolicy"]);
        Assert.Equal(16, provider.Properties.Count);
    }
}
