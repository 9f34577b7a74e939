using Amazon.Runtime;
using Aws;
using Aws.Schemas;
using Contracts.Cli;
using LocalCloud;
using LocalCloud.Core.Hosting;
using LocalCloud.EventBridge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Contracts.Tests;

public sealed class LocalCloudFixture : IAsyncLifetime
{
    public const int MaxPutEventsRequestBytes = 8192;

    private LocalCloudHost? _host;

    public LocalCloudHost Host => _host ?? throw new InvalidOperationException("The local cloud is not started.");

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

    public async Task InitializeAsync() =>
        _host = await LocalCloudApplication.StartAsync(new LocalCloudOptions
        {
            Port = 0,
            InMemory = true,
            ConfigureServices = services => services.AddSingleton(new EventBridgeOptions { MaxPutEventsRequestBytes = MaxPutEventsRequestBytes }),
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
