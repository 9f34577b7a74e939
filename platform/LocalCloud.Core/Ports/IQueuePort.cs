namespace LocalCloud.Core.Ports;

/// <summary>The queues of this local cloud, as other services reach them in process (rule targets,
/// dead-letter queues, destinations). Implemented by the SQS service.</summary>
public interface IQueuePort
{
    bool Exists(string queueArn);

    string? GetQueueUrl(string queueArn);

    Task<string> SendAsync(
        string queueArn,
        string body,
        IReadOnlyDictionary<string, (string DataType, string Value)>? attributes,
        CancellationToken cancellationToken);
}
