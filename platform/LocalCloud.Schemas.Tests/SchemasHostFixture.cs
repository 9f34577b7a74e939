using Amazon.Runtime;
using Aws;
using Aws.Schemas;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;

namespace LocalCloud.Schemas.Tests;

public sealed class SchemasHostFixture : LocalCloudFixture
{
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public static SchemasClient CreateClient(LocalCloudHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new SchemasClient(new AwsClientOptions
        {
            ServiceUrl = host.Endpoint,
            Region = host.Cloud.Region,
            Credentials = new BasicAWSCredentials("test", "test"),
            MaxAttempts = 1,
        });
    }

    public SchemasClient CreateClient() => CreateClient(Host);

    protected override void Configure(LocalCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TimeProvider = Clock;
    }
}
