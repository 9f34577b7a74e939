using Amazon.Runtime;
using Aws;
using Aws.Schemas;
using Contracts.Cli;
using LocalCloud.Core.Hosting;
using LocalCloud.EventBridge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Contracts.Tests;

/// <summary>The shared in-process local cloud, with a PutEvents size limit small enough to test and logging off.</summary>
public sealed class ContractsCloudFixture : LocalCloud.Testing.LocalCloudFixture
{
    public const int MaxPutEventsRequestBytes = 8192;

    internal CliEnvironment Environment => new()
    {
        AwsConfig = new AwsConfigResolver(
            name => name == "AWS_ENDPOINT_URL" ? Host.Endpoint.ToString() : null,
            () => null,
            () => new BasicAWSCredentials("test", "test")),
    };

    public SchemasClient CreateSchemasClient() => new(new AwsClientOptions
    {
        ServiceUrl = Host.Endpoint,
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("test", "test"),
        MaxAttempts = 1,
    });

    protected override void Configure(LocalCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ConfigureServices = services => services.AddSingleton(new EventBridgeOptions { MaxPutEventsRequestBytes = MaxPutEventsRequestBytes });
        options.ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None);
    }
}
