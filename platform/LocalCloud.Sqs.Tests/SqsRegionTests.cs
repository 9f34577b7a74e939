using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Sqs.Tests;

public sealed class SqsRegionTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private AmazonSQSClient Client(string region, string accessKey = "test") => new(
        new BasicAWSCredentials(accessKey, "test"),
        LocalCloudFixture.SdkConfig<AmazonSQSConfig>(fixture.Endpoint, region));

    private static async Task<string> QueueArnAsync(AmazonSQSClient client, string url) =>
        (await client.GetQueueAttributesAsync(url, ["QueueArn"])).Attributes["QueueArn"];

    [Fact]
    public async Task QueueInOneRegion_IsInvisibleFromAnother()
    {
        using var east = Client("us-east-1");
        using var west = Client("eu-west-1");
        var name = "regional-" + Guid.NewGuid().ToString("N")[..8];
        var eastUrl = (await east.CreateQueueAsync(name)).QueueUrl;

        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{name}", await QueueArnAsync(east, eastUrl));
        Assert.DoesNotContain(eastUrl, (await west.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = name })).QueueUrls ?? []);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => west.GetQueueUrlAsync(name));
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => west.SendMessageAsync(eastUrl, "x"));
    }

    [Fact]
    public async Task SameNameInTwoRegions_AreTwoQueues()
    {
        using var east = Client("us-east-1");
        using var west = Client("eu-west-1");
        var name = "twin-" + Guid.NewGuid().ToString("N")[..8];
        var eastUrl = (await east.CreateQueueAsync(name)).QueueUrl;
        var westUrl = (await west.CreateQueueAsync(name)).QueueUrl;

        Assert.Equal($"arn:aws:sqs:eu-west-1:000000000000:{name}", await QueueArnAsync(west, westUrl));
        await west.SendMessageAsync(westUrl, "only-west");
        var eastReceive = await east.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = eastUrl, WaitTimeSeconds = 0 });
        var westReceive = await west.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = westUrl, WaitTimeSeconds = 1 });

        Assert.Empty(eastReceive.Messages ?? []);
        Assert.Equal("only-west", Assert.Single(westReceive.Messages).Body);
    }

    [Fact]
    public async Task TwelveDigitAccessKey_ActsInThatAccount()
    {
        using var other = Client("us-east-1", accessKey: "111111111111");
        using var mine = Client("us-east-1");
        var name = "account-" + Guid.NewGuid().ToString("N")[..8];
        var url = (await other.CreateQueueAsync(name)).QueueUrl;

        Assert.EndsWith($"/111111111111/{name}", url, StringComparison.Ordinal);
        Assert.Equal($"arn:aws:sqs:us-east-1:111111111111:{name}", await QueueArnAsync(other, url));
        Assert.DoesNotContain(url, (await mine.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = name })).QueueUrls ?? []);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => mine.GetQueueUrlAsync(name));
        var owned = await mine.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name, QueueOwnerAWSAccountId = "111111111111" });
        Assert.Equal(url, owned.QueueUrl);
    }

    [Fact]
    public async Task QueuePort_SendsToTheQueueItsArnNames()
    {
        using var west = Client("eu-west-1");
        var name = "port-" + Guid.NewGuid().ToString("N")[..8];
        var url = (await west.CreateQueueAsync(name)).QueueUrl;
        var port = fixture.Services.GetRequiredService<IQueuePort>();

        Assert.False(port.Exists(Arn.Build("sqs", "us-east-1", "000000000000", name)));
        Assert.Equal(url, port.GetQueueUrl(Arn.Build("sqs", "eu-west-1", "000000000000", name)));
        await port.SendAsync(Arn.Build("sqs", "eu-west-1", "000000000000", name), "via-port", null, CancellationToken.None);
        var received = await west.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1 });
        Assert.Equal("via-port", Assert.Single(received.Messages).Body);
    }
}
