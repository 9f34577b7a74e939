using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;
using Aws;
using LocalCloud.Core.Hosting;
using Xunit;

namespace LocalCloud.Testing;

/// <summary>
/// One in-process local cloud (in memory, any free port) for a test class; derived fixtures adjust
/// the options in <see cref="Configure"/>. <see cref="StartHostAsync"/> starts extra hosts the same way.
/// </summary>
public class LocalCloudFixture : IAsyncLifetime
{
    private LocalCloudHost? _host;

    public LocalCloudHost Host => _host ?? throw new InvalidOperationException("The fixture is not initialised.");

    public Uri Endpoint => Host.Endpoint;

    public IServiceProvider Services => Host.Services;

    public static Task<LocalCloudHost> StartHostAsync(Action<LocalCloudOptions>? configure = null)
    {
        var options = new LocalCloudOptions { Port = 0, InMemory = true };
        configure?.Invoke(options);
        return LocalCloudApplication.StartAsync(options);
    }

    /// <summary>An AWS SDK client configuration aimed at a local cloud's endpoint, signing for
    /// <paramref name="region"/>, with no retries (so a test sees every error).</summary>
    public static TConfig SdkConfig<TConfig>(Uri endpoint, string region)
        where TConfig : ClientConfig, new()
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new TConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 };
    }

    public static AmazonSQSClient CreateSqsClient(LocalCloudHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new AmazonSQSClient(new BasicAWSCredentials("test", "test"), SdkConfig<AmazonSQSConfig>(host.Endpoint, host.Cloud.Region));
    }

    public AmazonSQSClient CreateSqsClient() => CreateSqsClient(Host);

    public static AmazonDynamoDBClient CreateDynamoDbClient(LocalCloudHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), SdkConfig<AmazonDynamoDBConfig>(host.Endpoint, host.Cloud.Region));
    }

    public AmazonDynamoDBClient CreateDynamoDbClient() => CreateDynamoDbClient(Host);

    /// <summary>Options for this repository's thin clients (<c>Aws.*Client</c>) against the host, acting in
    /// <paramref name="region"/> and, when <paramref name="accessKeyId"/> is 12 digits, in that account.</summary>
    public AwsClientOptions ClientOptions(string region = "us-east-1", string accessKeyId = "test") => new()
    {
        ServiceUrl = Endpoint,
        Region = region,
        Credentials = new BasicAWSCredentials(accessKeyId, "test"),
        MaxAttempts = 1,
    };

    public HttpClient CreateHttpClient() => new() { BaseAddress = Endpoint };

    public async Task InitializeAsync() => _host = await StartHostAsync(Configure);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    protected virtual void Configure(LocalCloudOptions options)
    {
    }
}
