using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalCloud.EventBridge.Archives;

internal static class ArchiveServiceCollectionExtensions
{
    public static IServiceCollection AddEventBridgeArchives(this IServiceCollection services)
    {
        services.AddStorageSchema(ArchiveStore.Schema);
        services.TryAddSingleton(sp => new ArchiveStore(sp.GetRequiredService<SqliteStore>()));
        services.TryAddSingleton<IArchiveEventBus>(sp => new EventBridgeArchiveBus(
            sp.GetRequiredService<EventBridgeState>(),
            sp.GetRequiredService<IEventBusIngress>));
        services.TryAddSingleton(sp => new ReplayWorker(
            sp.GetRequiredService<ArchiveStore>(),
            sp.GetRequiredService<IArchiveEventBus>(),
            sp.GetRequiredService<CloudContext>().TimeProvider,
            sp.GetRequiredService<ILogger<ReplayWorker>>()));
        services.TryAddSingleton(sp => new ArchiveService(
            sp.GetRequiredService<ArchiveStore>(),
            sp.GetRequiredService<IArchiveEventBus>(),
            sp.GetRequiredService<CloudContext>(),
            sp.GetRequiredService<ReplayWorker>()));
        services.AddSingleton<IDeliveryTargetKind>(sp => new ArchiveTargetKind(
            sp.GetRequiredService<ArchiveStore>(),
            sp.GetRequiredService<CloudContext>().TimeProvider));
        services.AddSingleton<IHostedService>(sp => new ReplayHostedService(sp.GetRequiredService<ReplayWorker>()));
        return services;
    }

    private sealed class ReplayHostedService(ReplayWorker worker) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            worker.Start();
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken) => await worker.DisposeAsync();
    }
}
