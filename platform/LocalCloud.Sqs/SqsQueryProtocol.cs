using LocalCloud.Core.Hosting;

namespace LocalCloud.Sqs;

/// <summary>
/// SQS over awsQuery (<c>Version=2012-11-05</c>), for the SDKs and CLIs released before SQS's JSON switch:
/// the query shapes of the query-era model (botocore 1.29.0 <c>sqs/2012-11-05/service-2.json</c>) over the
/// same <see cref="SqsService"/> that serves awsJson.
/// </summary>
internal sealed class SqsQueryProtocol(SqsService service) : IAwsQueryProtocol
{
    private static readonly QueryShape Str = QueryShape.String;
    private static readonly QueryShape Int = QueryShape.Integer;

    private static readonly QueryMap AttributeMap = new(Str, Str, "Name", "Value", flattened: true);
    private static readonly QueryMap TagMap = new(Str, Str, "Key", "Value", flattened: true);
    private static readonly QueryList AttributeNames = new(Str, "AttributeName", flattened: true);
    private static readonly QueryList QueueUrls = new(Str, "QueueUrl", flattened: true);

    private static readonly QueryStructure AttributeValue = new(
        new("StringValue", Str),
        new("BinaryValue", QueryShape.Blob),
        new("StringListValues", new QueryList(Str, "StringListValue", flattened: true)),
        new("BinaryListValues", new QueryList(QueryShape.Blob, "BinaryListValue", flattened: true)),
        new("DataType", Str));

    private static readonly QueryMap MessageAttributeMap = new(Str, AttributeValue, "Name", "Value", flattened: true);

    private static readonly QueryMember QueueUrl = new("QueueUrl", Str);

    private static readonly QueryStructure BatchResultError = new(
        new("Id", Str), new("SenderFault", QueryShape.Boolean), new("Code", Str), new("Message", Str));

    private static readonly QueryMember Failed = new("Failed", new QueryList(BatchResultError, "BatchResultErrorEntry", flattened: true));

    private static readonly QueryStructure QueueUrlResult = new(QueueUrl);

    private static readonly QueryStructure SendMessageEntry = new(
        new("Id", Str),
        new("MessageBody", Str),
        new("DelaySeconds", Int),
        new("MessageAttributes", MessageAttributeMap, "MessageAttribute"),
        new("MessageSystemAttributes", MessageAttributeMap, "MessageSystemAttribute"),
        new("MessageDeduplicationId", Str),
        new("MessageGroupId", Str));

    private static readonly QueryStructure SendMessageResultShape = new(
        new("Id", Str),
        new("MessageId", Str),
        new("MD5OfMessageBody", Str),
        new("MD5OfMessageAttributes", Str),
        new("MD5OfMessageSystemAttributes", Str),
        new("SequenceNumber", Str));

    private static readonly QueryStructure Message = new(
        new("MessageId", Str),
        new("ReceiptHandle", Str),
        new("MD5OfBody", Str),
        new("Body", Str),
        new("Attributes", AttributeMap, "Attribute"),
        new("MD5OfMessageAttributes", Str),
        new("MessageAttributes", MessageAttributeMap, "MessageAttribute"));

    private static QueryStructure IdEntries(string entryName) =>
        new(new("Successful", new QueryList(new QueryStructure(new QueryMember("Id", Str)), entryName, flattened: true)), Failed);

    public string SigningName => "sqs";

    public string Version => "2012-11-05";

    public string XmlNamespace => "http://queue.amazonaws.com/doc/2012-11-05/";

    public IAwsJsonService Service => service;

    public string? PathInputMember => "QueueUrl";

    public IReadOnlyCollection<QueryOperation> Operations { get; } =
    [
        new("CreateQueue",
            new(new("QueueName", Str), new("Attributes", AttributeMap, "Attribute"), new("tags", TagMap, "Tag")),
            QueueUrlResult),
        new("GetQueueUrl", new(new("QueueName", Str), new("QueueOwnerAWSAccountId", Str)), QueueUrlResult),
        new("ListQueues",
            new(new("QueueNamePrefix", Str), new("NextToken", Str), new("MaxResults", Int)),
            new(new("QueueUrls", QueueUrls), new("NextToken", Str))),
        new("DeleteQueue", new(QueueUrl)),
        new("GetQueueAttributes",
            new(QueueUrl, new("AttributeNames", AttributeNames)),
            new(new QueryMember("Attributes", AttributeMap, "Attribute"))),
        new("SetQueueAttributes", new(QueueUrl, new("Attributes", AttributeMap, "Attribute"))),
        new("SendMessage",
            new(
                QueueUrl,
                new("MessageBody", Str),
                new("DelaySeconds", Int),
                new("MessageAttributes", MessageAttributeMap, "MessageAttribute"),
                new("MessageSystemAttributes", MessageAttributeMap, "MessageSystemAttribute"),
                new("MessageDeduplicationId", Str),
                new("MessageGroupId", Str)),
            SendMessageResultShape),
        new("SendMessageBatch",
            new(QueueUrl, new("Entries", new QueryList(SendMessageEntry, "SendMessageBatchRequestEntry", flattened: true))),
            new(new("Successful", new QueryList(SendMessageResultShape, "SendMessageBatchResultEntry", flattened: true)), Failed)),
        new("ReceiveMessage",
            new(
                QueueUrl,
                new("AttributeNames", AttributeNames),
                new("MessageSystemAttributeNames", new QueryList(Str, "MessageSystemAttributeName", flattened: true)),
                new("MessageAttributeNames", new QueryList(Str, "MessageAttributeName", flattened: true)),
                new("MaxNumberOfMessages", Int),
                new("VisibilityTimeout", Int),
                new("WaitTimeSeconds", Int),
                new("ReceiveRequestAttemptId", Str)),
            new(new QueryMember("Messages", new QueryList(Message, "Message", flattened: true)))),
        new("DeleteMessage", new(QueueUrl, new("ReceiptHandle", Str))),
        new("DeleteMessageBatch",
            new(QueueUrl, new("Entries", new QueryList(new QueryStructure(new("Id", Str), new("ReceiptHandle", Str)), "DeleteMessageBatchRequestEntry", flattened: true))),
            IdEntries("DeleteMessageBatchResultEntry")),
        new("ChangeMessageVisibility", new(QueueUrl, new("ReceiptHandle", Str), new("VisibilityTimeout", Int))),
        new("ChangeMessageVisibilityBatch",
            new(QueueUrl, new("Entries", new QueryList(
                new QueryStructure(new("Id", Str), new("ReceiptHandle", Str), new("VisibilityTimeout", Int)),
                "ChangeMessageVisibilityBatchRequestEntry",
                flattened: true))),
            IdEntries("ChangeMessageVisibilityBatchResultEntry")),
        new("PurgeQueue", new(QueueUrl)),
        new("TagQueue", new(QueueUrl, new("Tags", TagMap, "Tag"))),
        new("UntagQueue", new(QueueUrl, new("TagKeys", new QueryList(Str, "TagKey", flattened: true)))),
        new("ListQueueTags", new(QueueUrl), new(new QueryMember("Tags", TagMap, "Tag"))),
        new("ListDeadLetterSourceQueues",
            new(QueueUrl, new("NextToken", Str), new("MaxResults", Int)),
            new(new("queueUrls", QueueUrls), new("NextToken", Str))),
    ];
}
