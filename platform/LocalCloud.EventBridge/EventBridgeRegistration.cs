using LocalCloud.Core.Activity;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.EventBridge.Archives;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LocalCloud.EventBridge;

public static class EventBridgeRegistration
{
    public static IServiceCollection AddEventBridge(this IServiceCollection services)
    {
        services.AddDeliveryEngine();
        services.AddStorageSchema(EventBridgeStore.Schema);
        services.TryAddSingleton(sp => new EventBridgeStore(sp.GetRequiredService<SqliteStore>()));
        services.TryAddSingleton(sp => new EventBridgeState(sp.GetRequiredService<CloudContext>(), sp.GetRequiredService<EventBridgeStore>()));
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
