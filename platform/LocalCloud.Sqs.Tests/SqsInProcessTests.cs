using Amazon.SQS.Model;
using IQueuePort = LocalCloud.Core.Ports.IQueuePort;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Sqs.Tests;

public sealed class SqsInProcessTests
{
    [Fact]
    public async Task SendAsync_ByArn_IsReceivableThroughTheSdkWithAttributes()
    {
        await using var host = await LocalCloudFixture.StartHostAsync();
        using var sqs = LocalCloudFixture.CreateSqsClient(host);
        var url = (await sqs.CreateQueueAsync("inproc")).QueueUrl;
        var queues = host.Services.GetRequiredService<IQueuePort>();
        var arn = Arn.Build("sqs", "us-east-1", "000000000000", "inproc");

        var id = await queues.SendAsync(arn, "{\"a\":1}", new Dictionary<string, (string DataType, string Value)>
        {
            ["RULE_ARN"] = ("String", "arn:aws:events:us-east-1:000000000000:rule/r"),
            ["RETRY_ATTEMPTS"] = ("Number", "3"),
        }, CancellationToken.None);
        var message = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MessageAttributeNames = ["All"] })).Messages);

        Assert.True(queues.Exists(arn));
        Assert.False(queues.Exists(Arn.Build("sqs", "us-east-1", "000000000000", "other")));
        Assert.False(queues.Exists("not an arn"));
        Assert.Equal(url, queues.GetQueueUrl(arn));
        Assert.Equal(id, message.MessageId);
        Assert.Equal("3", message.MessageAttributes["RETRY_ATTEMPTS"].StringValue);
        await Assert.ThrowsAsync<ServiceException>(() => queues.SendAsync(Arn.Build("sqs", "us-east-1", "000000000000", "other"), "x", null, CancellationToken.None));
    }

    [Fact]
    public async Task Messages_AndQueues_SurviveRestartOnTheSameDataDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "localcloud-sqs-" + Guid.NewGuid().ToString("N"));
        try
        {
            string url;
            await using (var host = await LocalCloudFixture.StartHostAsync(o => { o.InMemory = false; o.DataDirectory = directory; }))
            {
                using var sqs = LocalCloudFixture.CreateSqsClient(host);
                url = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "durable", Attributes = new() { ["VisibilityTimeout"] = "7" } })).QueueUrl;
                await sqs.SendMessageAsync(url, "kept");
            }

            await using var restarted = await LocalCloudFixture.StartHostAsync(o => { o.InMemory = false; o.DataDirectory = directory; });
            using var again = LocalCloudFixture.CreateSqsClient(restarted);
            var newUrl = (await again.GetQueueUrlAsync("durable")).QueueUrl;
            var attributes = (await again.GetQueueAttributesAsync(newUrl, ["VisibilityTimeout"])).Attributes;
            var message = Assert.Single((await again.ReceiveMessageAsync(newUrl)).Messages);

            Assert.Equal("7", attributes["VisibilityTimeout"]);
            Assert.Equal("kept", message.Body);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Status_ShowsQueuesWithCounts()
    {
        await using var host = await LocalCloudFixture.StartHostAsync();
        using var sqs = LocalCloudFixture.CreateSqsClient(host);
        var url = (await sqs.CreateQueueAsync("status-q")).QueueUrl;
        await sqs.SendMessageAsync(url, "x");
        using var http = new HttpClient { BaseAddress = host.Endpoint };

        using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("/_localcloud/status", UriKind.Relative)));
        var sqsStatus = document.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "sqs");
        var queue = sqsStatus.GetProperty("status").GetProperty("queues").EnumerateArray().Single();

        Assert.Equal("status-q", queue.GetProperty("name").GetString());
        Assert.Equal(1, queue.GetProperty("messages").GetInt32());
        Assert.Equal(["awsJson1_0", "awsQuery"], sqsStatus.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));
    }
}
