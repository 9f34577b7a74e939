using LocalCloud.Activity;
using LocalCloud.Delivery;
using LocalCloud.EventBridge.Archives;
using LocalCloud.Hosting;
using LocalCloud.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LocalCloud.EventBridge;

internal static class EventBridgeServiceCollectionExtensions
{
    public static IServiceCollection AddEventBridge(this IServiceCollection services)
    {
        services.AddDeliveryEngine();
        services.AddStorageSchema(EventBridgeStateStore.Schema);
        services.TryAddSingleton(sp => new EventBridgeStateStore(sp.GetRequiredService<SqliteStore>()));
        services.TryAddSingleton(sp => new EventBridgeState(sp.GetRequiredService<CloudContext>(), sp.GetRequiredService<EventBridgeStateStore>()));
        services.TryAddSingleton<IEventBusIngress>(sp => new EventBusIngress(
            sp.GetRequiredService<EventBridgeState>(),
            sp.GetRequiredService<DeliveryEngine>(),
            sp.GetRequiredService<ILogger<EventBusIngress>>(),
            sp.GetService<ActivityFeed>()));
        services.AddSingleton<IDeliveryTargetKind>(sp => new EventBusTargetKind(sp.GetRequiredService<IEventBusIngress>));
        services.AddEventBridgeArchives();
        services.AddAwsJsonService<EventBridgeService>();
        services.AddStatusContributor<EventBridgeService>();
        return services;
    }
}
