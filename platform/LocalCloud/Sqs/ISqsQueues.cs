namespace LocalCloud.Sqs;

public interface ISqsQueues
{
    bool Exists(string queueArn);

    string? GetQueueUrl(string queueArn);

    Task<string> SendAsync(
        string queueArn,
        string body,
        IReadOnlyDictionary<string, (string DataType, string Value)>? attributes,
        CancellationToken cancellationToken);
}
