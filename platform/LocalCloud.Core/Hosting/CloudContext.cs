namespace LocalCloud.Core.Hosting;

public sealed class CloudContext
{
    private Uri? _endpoint;

    public CloudContext(LocalCloudOptions options, string? dataDirectory)
        : this(options, dataDirectory, options?.TimeProvider ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <summary>A context whose clock is <paramref name="timeProvider"/> (the host's, which wraps the options' own).</summary>
    public CloudContext(LocalCloudOptions options, string? dataDirectory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Region = options.Region;
        AccountId = options.AccountId;
        TimeProvider = timeProvider;
        DataDirectory = dataDirectory;
        StartedAt = timeProvider.GetUtcNow();
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
