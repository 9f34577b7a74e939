using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using LocalCloud.Testing;

namespace LocalCloud.Tests;

public sealed class LocalCloudProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "localcloud-proc-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task AcknowledgedSqsWrites_SurviveKill9_AndSigtermStopsCleanly()
    {
        var sent = new List<string>();
        await using (var first = await LocalCloudProcess.StartAsync(_directory))
        {
            Assert.Contains("export AWS_ENDPOINT_URL=" + first.Endpoint.ToString().TrimEnd('/'), first.Output, StringComparison.Ordinal);
            using var sqs = Client(first.Endpoint);
            var url = (await sqs.CreateQueueAsync("crash")).QueueUrl;
            for (var i = 0; i < 200; i++)
            {
                await sqs.SendMessageAsync(url, "m" + i);
                sent.Add("m" + i);
            }

            await first.KillAsync();
        }

        await using var second = await LocalCloudProcess.StartAsync(_directory);
        using (var sqs = Client(second.Endpoint))
        {
            var url = (await sqs.GetQueueUrlAsync("crash")).QueueUrl;
            var received = new List<string>();
            while (true)
            {
                var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 10, VisibilityTimeout = 300 });
                if (batch.Messages is null or { Count: 0 })
                {
                    break;
                }

                received.AddRange(batch.Messages.Select(m => m.Body));
            }

            Assert.Equal(sent.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
        }

        Assert.Equal(0, await second.StopAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("stopped", second.Output, StringComparison.Ordinal);
    }

    private static AmazonSQSClient Client(Uri endpoint) =>
        new(new BasicAWSCredentials("test", "test"), LocalCloudFixture.SdkConfig<AmazonSQSConfig>(endpoint, "us-east-1"));
}
