namespace LocalCloud.Core.Hosting;

public interface IAwsJsonService : ILocalCloudService
{
    string TargetPrefix { get; }

    /// <summary>What the service puts before the host's own error codes (UnknownOperationException): DynamoDB
    /// and DynamoDB Streams answer <c>com.amazon.coral.service#UnknownOperationException</c>, the others the bare code.</summary>
    string ErrorCodePrefix => string.Empty;

    Task<AwsJsonResponse> HandleAsync(string operation, ReadOnlyMemory<byte> body, RequestContext context, CancellationToken cancellationToken);
}
