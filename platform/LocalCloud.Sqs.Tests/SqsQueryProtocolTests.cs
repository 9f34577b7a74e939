using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using LocalCloud.Testing;

namespace LocalCloud.Sqs.Tests;

public sealed class SqsQueryProtocolTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private static readonly XNamespace Ns = SqsQueryClient.Ns;

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

#pragma warning disable CA5351 // MD5 is what the SQS wire protocol specifies for message digests
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    private static Dictionary<string, string> Pairs(XElement parent, string element, string key, string value) =>
        parent.Elements(Ns + element).ToDictionary(e => e.Element(Ns + key)!.Value, e => e.Element(Ns + value)!.Value);

    [Fact]
    public async Task QueueLifecycle_OverQuery_AnswersTheQueryEraXml()
    {
        using var http = fixture.CreateHttpClient();
        var sqs = new SqsQueryClient(http);
        var name = NewName("query");

        var created = await sqs.ResultAsync("CreateQueue",
            ("QueueName", name), ("Attribute.1.Name", "VisibilityTimeout"), ("Attribute.1.Value", "40"), ("Tag.1.Key", "team"), ("Tag.1.Value", "orders"));
        var url = created.Element(Ns + "QueueUrl")!.Value;
        var found = await sqs.ResultAsync("GetQueueUrl", ("QueueName", name));
        var listed = await sqs.ResultAsync("ListQueues", ("QueueNamePrefix", name));
        var attributes = await sqs.ResultAsync("GetQueueAttributes", ("QueueUrl", url), ("AttributeName.1", "All"));
        await sqs.ResultAsync("SetQueueAttributes", ("QueueUrl", url), ("Attribute.1.Name", "DelaySeconds"), ("Attribute.1.Value", "3"));
        var changed = await sqs.ResultAsync("GetQueueAttributes", ("QueueUrl", url), ("AttributeName.1", "DelaySeconds"), ("AttributeName.2", "VisibilityTimeout"));
        var tags = await sqs.ResultAsync("ListQueueTags", ("QueueUrl", url));
        await sqs.ResultAsync("TagQueue", ("QueueUrl", url), ("Tag.1.Key", "env"), ("Tag.1.Value", "dev"));
        await sqs.ResultAsync("UntagQueue", ("QueueUrl", url), ("TagKey.1", "team"));
        var retagged = await sqs.ResultAsync("ListQueueTags", ("QueueUrl", url));
        await sqs.ResultAsync("PurgeQueue", ("QueueUrl", url));
        var deleted = await sqs.ResultAsync("DeleteQueue", ("QueueUrl", url));
        var missing = await sqs.ErrorAsync("GetQueueUrl", ("QueueName", name));

        Assert.Equal($"http://127.0.0.1:{fixture.Endpoint.Port}/000000000000/{name}", url);
        Assert.Equal(url, found.Element(Ns + "QueueUrl")!.Value);
        Assert.Equal([url], listed.Elements(Ns + "QueueUrl").Select(e => e.Value));
        var all = Pairs(attributes, "Attribute", "Name", "Value");
        Assert.Equal("40", all["VisibilityTimeout"]);
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{name}", all["QueueArn"]);
        Assert.Equal(new Dictionary<string, string> { ["DelaySeconds"] = "3", ["VisibilityTimeout"] = "40" }, Pairs(changed, "Attribute", "Name", "Value"));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "orders" }, Pairs(tags, "Tag", "Key", "Value"));
        Assert.Equal(new Dictionary<string, string> { ["env"] = "dev" }, Pairs(retagged, "Tag", "Key", "Value"));
        Assert.Equal(Ns + "DeleteQueueResponse", deleted.Name);
        Assert.Equal((400, "Sender", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."), missing);
    }

    [Fact]
    public async Task Messages_OverQuery_SendReceiveChangeVisibilityAndDelete()
    {
        using var http = fixture.CreateHttpClient();
        var sqs = new SqsQueryClient(http);
        var name = NewName("query-msg");
        var url = (await sqs.ResultAsync("CreateQueue", ("QueueName", name))).Element(Ns + "QueueUrl")!.Value;
        var path = new Uri(url).AbsolutePath;

        // Query clients may send the queue URL as the request path and leave QueueUrl out.
        var (sendStatus, sendXml) = await sqs.CallAsync("SendMessage", [
            ("MessageBody", "hello <query> & \"xml\""),
            ("MessageAttribute.1.Name", "color"),
            ("MessageAttribute.1.Value.DataType", "String"),
            ("MessageAttribute.1.Value.StringValue", "blue"),
            ("MessageAttribute.2.Name", "raw"),
            ("MessageAttribute.2.Value.DataType", "Binary"),
            ("MessageAttribute.2.Value.BinaryValue", Convert.ToBase64String([1, 2, 3])),
        ], path);
        var batch = await sqs.ResultAsync("SendMessageBatch",
            ("QueueUrl", url),
            ("SendMessageBatchRequestEntry.1.Id", "a"), ("SendMessageBatchRequestEntry.1.MessageBody", "first"),
            ("SendMessageBatchRequestEntry.2.Id", "b"), ("SendMessageBatchRequestEntry.2.MessageBody", "second"),
            ("SendMessageBatchRequestEntry.2.DelaySeconds", "0"));
        var received = await sqs.ResultAsync("ReceiveMessage",
            ("QueueUrl", url), ("MaxNumberOfMessages", "10"), ("AttributeName.1", "All"), ("MessageAttributeName.1", "All"), ("WaitTimeSeconds", "1"));

        Assert.Equal(200, sendStatus);
        var sent = sendXml.Element(Ns + "SendMessageResult")!;
        Assert.Equal(Md5("hello <query> & \"xml\""), sent.Element(Ns + "MD5OfMessageBody")!.Value);
        Assert.Equal(32, sent.Element(Ns + "MD5OfMessageAttributes")!.Value.Length);
        Assert.Equal(["a", "b"], batch.Elements(Ns + "SendMessageBatchResultEntry").Select(e => e.Element(Ns + "Id")!.Value));
        Assert.Empty(batch.Elements(Ns + "BatchResultErrorEntry"));
        var messages = received.Elements(Ns + "Message").ToList();
        Assert.Equal(3, messages.Count);
        var hello = messages.Single(m => m.Element(Ns + "Body")!.Value == "hello <query> & \"xml\"");
        Assert.Equal(sent.Element(Ns + "MessageId")!.Value, hello.Element(Ns + "MessageId")!.Value);
        Assert.Equal(sent.Element(Ns + "MD5OfMessageAttributes")!.Value, hello.Element(Ns + "MD5OfMessageAttributes")!.Value);
        Assert.Equal("1", Pairs(hello, "Attribute", "Name", "Value")["ApproximateReceiveCount"]);
        var messageAttributes = hello.Elements(Ns + "MessageAttribute").ToDictionary(e => e.Element(Ns + "Name")!.Value, e => e.Element(Ns + "Value")!);
        Assert.Equal("blue", messageAttributes["color"].Element(Ns + "StringValue")!.Value);
        Assert.Equal("String", messageAttributes["color"].Element(Ns + "DataType")!.Value);
        Assert.Equal("AQID", messageAttributes["raw"].Element(Ns + "BinaryValue")!.Value);

        var handles = messages.ConvertAll(m => m.Element(Ns + "ReceiptHandle")!.Value);
        await sqs.ResultAsync("ChangeMessageVisibility", ("QueueUrl", url), ("ReceiptHandle", handles[0]), ("VisibilityTimeout", "60"));
        var changed = await sqs.ResultAsync("ChangeMessageVisibilityBatch",
            ("QueueUrl", url),
            ("ChangeMessageVisibilityBatchRequestEntry.1.Id", "one"), ("ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle", handles[1]),
            ("ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout", "60"),
            ("ChangeMessageVisibilityBatchRequestEntry.2.Id", "bad"), ("ChangeMessageVisibilityBatchRequestEntry.2.ReceiptHandle", "garbage"),
            ("ChangeMessageVisibilityBatchRequestEntry.2.VisibilityTimeout", "60"));
        await sqs.ResultAsync("DeleteMessage", ("QueueUrl", url), ("ReceiptHandle", handles[0]));
        var deleted = await sqs.ResultAsync("DeleteMessageBatch",
            ("QueueUrl", url),
            ("DeleteMessageBatchRequestEntry.1.Id", "x"), ("DeleteMessageBatchRequestEntry.1.ReceiptHandle", handles[1]),
            ("DeleteMessageBatchRequestEntry.2.Id", "y"), ("DeleteMessageBatchRequestEntry.2.ReceiptHandle", handles[2]));
        var counts = await sqs.ResultAsync("GetQueueAttributes", ("QueueUrl", url), ("AttributeName.1", "All"));

        Assert.Equal(["one"], changed.Elements(Ns + "ChangeMessageVisibilityBatchResultEntry").Select(e => e.Element(Ns + "Id")!.Value));
        var failed = Assert.Single(changed.Elements(Ns + "BatchResultErrorEntry"));
        Assert.Equal("bad", failed.Element(Ns + "Id")!.Value);
        Assert.Equal("true", failed.Element(Ns + "SenderFault")!.Value);
        Assert.False(string.IsNullOrEmpty(failed.Element(Ns + "Code")!.Value));
        Assert.Equal(["x", "y"], deleted.Elements(Ns + "DeleteMessageBatchResultEntry").Select(e => e.Element(Ns + "Id")!.Value));
        var attributes = Pairs(counts, "Attribute", "Name", "Value");
        Assert.Equal("0", attributes["ApproximateNumberOfMessages"]);
        Assert.Equal("0", attributes["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task ListDeadLetterSourceQueues_OverQuery_ListsQueueUrlElements()
    {
        using var http = fixture.CreateHttpClient();
        var sqs = new SqsQueryClient(http);
        var dlqName = NewName("query-dlq");
        var dlqUrl = (await sqs.ResultAsync("CreateQueue", ("QueueName", dlqName))).Element(Ns + "QueueUrl")!.Value;
        var policy = $$"""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:{{dlqName}}","maxReceiveCount":"3"}""";
        var sourceUrl = (await sqs.ResultAsync("CreateQueue",
            ("QueueName", NewName("query-src")), ("Attribute.1.Name", "RedrivePolicy"), ("Attribute.1.Value", policy))).Element(Ns + "QueueUrl")!.Value;

        var sources = await sqs.ResultAsync("ListDeadLetterSourceQueues", ("QueueUrl", dlqUrl));

        Assert.Equal([sourceUrl], sources.Elements(Ns + "QueueUrl").Select(e => e.Value));
    }

    [Fact]
    public async Task GetWithQueryString_AndUnsignedRequestWithVersion_AreServed()
    {
        using var http = fixture.CreateHttpClient();
        var name = NewName("query-get");
        var sqs = new SqsQueryClient(http);
        var (status, _) = await sqs.CallAsync("CreateQueue", [("QueueName", name)], signed: false);

        var text = await http.GetStringAsync(new Uri($"/?Action=ListQueues&Version=2012-11-05&QueueNamePrefix={name}", UriKind.Relative));
        var xml = XElement.Parse(text);

        Assert.Equal(200, status);
        Assert.Equal(Ns + "ListQueuesResponse", xml.Name);
        Assert.Single(xml.Element(Ns + "ListQueuesResult")!.Elements(Ns + "QueueUrl"));
    }

    [Fact]
    public async Task ServiceErrors_OverQuery_CarryTheQueryErrorCodeAndStatus()
    {
        using var http = fixture.CreateHttpClient();
        var sqs = new SqsQueryClient(http);
        var url = (await sqs.ResultAsync("CreateQueue", ("QueueName", NewName("query-err")))).Element(Ns + "QueueUrl")!.Value;

        var unknownAction = await sqs.ErrorAsync("AddPermission", ("QueueUrl", url));
        var missingBody = await sqs.ErrorAsync("SendMessage", ("QueueUrl", url));
        var badAttribute = await sqs.ErrorAsync("GetQueueAttributes", ("QueueUrl", url), ("AttributeName.1", "NoSuchAttribute"));
        var badInteger = await sqs.ErrorAsync("ReceiveMessage", ("QueueUrl", url), ("MaxNumberOfMessages", "ten"));
        var badIndex = await sqs.ErrorAsync("CreateQueue", ("QueueName", "x"), ("Attribute.x.Name", "DelaySeconds"));
        var badHandle = await sqs.ErrorAsync("DeleteMessage", ("QueueUrl", url), ("ReceiptHandle", "garbage"));
        await sqs.ResultAsync("PurgeQueue", ("QueueUrl", url));
        var purgeAgain = await sqs.ErrorAsync("PurgeQueue", ("QueueUrl", url));

        Assert.Equal((400, "Sender", "InvalidAction"), (unknownAction.Status, unknownAction.Type, unknownAction.Code));
        Assert.Equal((400, "MissingParameter"), (missingBody.Status, missingBody.Code));
        Assert.Equal((400, "InvalidAttributeName"), (badAttribute.Status, badAttribute.Code));
        Assert.Equal((400, "InvalidParameterValue"), (badInteger.Status, badInteger.Code));
        Assert.Equal((400, "MalformedQueryString"), (badIndex.Status, badIndex.Code));
        Assert.Equal((404, "ReceiptHandleIsInvalid"), (badHandle.Status, badHandle.Code));
        Assert.Equal((403, "AWS.SimpleQueueService.PurgeQueueInProgress"), (purgeAgain.Status, purgeAgain.Code));
    }
}
