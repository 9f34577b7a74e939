using LocalCloud.Testing;

namespace LocalCloud.Core.Tests.Hosting;

public sealed class WireJsonTests : IClassFixture<LocalCloudFixture>
{
    private readonly LocalCloudFixture _fixture;

    public WireJsonTests(LocalCloudFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task ResponseBodies_EscapeOnlyWhatJsonRequires()
    {
        using var http = _fixture.CreateHttpClient();
        var queueUrl = $"{_fixture.Endpoint.ToString().TrimEnd('/')}/000000000000/wire-json-{Guid.NewGuid():N}";
        var name = queueUrl[(queueUrl.LastIndexOf('/') + 1)..];
        using (var created = await AwsJsonCall.PostAsync(http, "AmazonSQS.CreateQueue", $$"""{"QueueName":"{{name}}"}""", "1.0", "sqs"))
        {
            Assert.True(created.IsSuccessStatusCode);
        }

        using (var sent = await AwsJsonCall.PostAsync(http, "AmazonSQS.SendMessage", $$"""{"QueueUrl":"{{queueUrl}}","MessageBody":"{\"detail-type\":\"order.placed.v1\",\"note\":\"<a & 'b'>\"}"}""", "1.0", "sqs"))
        {
            Assert.True(sent.IsSuccessStatusCode);
        }

        using var received = await AwsJsonCall.PostAsync(http, "AmazonSQS.ReceiveMessage", $$"""{"QueueUrl":"{{queueUrl}}"}""", "1.0", "sqs");
        var raw = await received.Content.ReadAsStringAsync();

        Assert.Contains("""{\"detail-type\":\"order.placed.v1\",\"note\":\"<a & 'b'>\"}""", raw, StringComparison.Ordinal);
    }
}
