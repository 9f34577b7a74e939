using Microsoft.Extensions.Hosting;

namespace LocalCloud.Core.Delivery;

public sealed class DeliveryHostedService : IHostedService
{
    private readonly DeliveryEngine _engine;

    public DeliveryHostedService(DeliveryEngine engine)
    {
        _engine = engine;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _engine.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _engine.DisposeAsync().AsTask();
}
