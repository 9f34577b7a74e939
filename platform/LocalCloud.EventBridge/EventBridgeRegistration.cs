using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Resources;
using LocalCloud.EventBridge.Archives;
using LocalCloud.EventBridge.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LocalCloud.EventBridge;

public static class EventBridgeRegistration
{
    /// <summary>EventBridge: buses, rules, targets, PutEvents, archives and replays, on the shared delivery engine.</summary>
    public static IServiceCollection AddEventBridge(this IServiceCollection services)
    {
        services.AddDeliveryEngine();
        services.TryAddSingleton(new EventBridgeOptions());
        services.AddStorageSchema(EventBridgeStore.Schema);
        services.AddStorageSchema(ArchiveStore.Schema);
        services.TryAddSingleton<EventBridgeStore>();
        services.TryAddSingleton<EventBridgeState>();
        services.TryAddSingleton<EventBusRouter>();
        services.TryAddSingleton<ArchiveStore>();
        services.TryAddSingleton<IArchiveEventBus, EventBridgeArchiveBus>();
        services.TryAddSingleton<ReplayWorker>();
        services.TryAddSingleton<ArchiveService>();
        services.AddSingleton<IDeliveryTargetKind, EventBusTargetKind>();
        services.AddSingleton<IDeliveryTargetKind, ArchiveTargetKind>();
        services.AddSingleton<IHostedService, ReplayHostedService>();
        services.AddAwsJsonService<EventBridgeService>();
        services.TryAddSingleton<IEventBusPort, EventBusPort>();
        services.AddStatusContributor<EventBridgeService>();
        services.TryAddSingleton<EventBridgeCalls>();
        services.AddResourceProvider<EventBusProvider>();
        services.AddResourceProvider<RuleProvider>();
        services.AddResourceProvider<ArchiveProvider>();
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
