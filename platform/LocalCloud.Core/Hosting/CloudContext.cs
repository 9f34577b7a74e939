namespace LocalCloud.Core.Hosting;

public sealed class CloudContext
{
    private Uri? _endpoint;

    public CloudContext(LocalCloudOptions options, string? dataDirectory)
    {
        Region = options.Region;
        AccountId = options.AccountId;
        TimeProvider = options.TimeProvider;
        DataDirectory = dataDirectory;
        StartedAt = options.TimeProvider.GetUtcNow();
    }

    public string Region { get; }

    public string AccountId { get; }

    public TimeProvider TimeProvider { get; }

    public string? DataDirectory { get; }

    public DateTimeOffset StartedAt { get; }

    public Uri Endpoint => _endpoint ?? throw new InvalidOperationException("The local cloud is not listening yet.");

    public bool IsListening => _endpoint is not null;

    public string Arn(string service, string resource) => Hosting.Arn.Build(service, Region, AccountId, resource);

    public string Arn(string service, string region, string resource) => Hosting.Arn.Build(service, region, AccountId, resource);

    internal void SetEndpoint(Uri endpoint) => _endpoint = endpoint;
}
