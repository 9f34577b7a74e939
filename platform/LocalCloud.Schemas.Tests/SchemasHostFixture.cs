using Amazon.Runtime;
using Aws;
using Aws.Schemas;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;

namespace LocalCloud.Schemas.Tests;

internal sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => Now;
}

public sealed class SchemasHostFixture : IAsyncLifetime
{
    private LocalCloudHost? _host;

    internal SteppingClock Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public LocalCloudHost Host => _host ?? throw new InvalidOperationException("The fixture is not initialised.");

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

    public async Task InitializeAsync() => _host = await LocalCloudFixture.StartHostAsync(o => o.TimeProvider = Clock);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
