namespace LocalCloud.Core.Hosting;

public interface IAwsJsonService : ILocalCloudService
{
    string TargetPrefix { get; }

    Task<AwsJsonResponse> HandleAsync(string operation, ReadOnlyMemory<byte> body, RequestContext context, CancellationToken cancellationToken);
}
