using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Storage;
using LocalCloud.Core.Targets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Core.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    public static IServiceCollection AddDeliveryEngine(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(DeliveryEngine)))
        {
            return services;
        }

        services.TryAddSingleton(new DeliveryOptions());
        services.AddStorageSchema(SqliteDeliveryStore.Schema);
        services.TryAddSingleton<IDeliveryStore>(sp => new SqliteDeliveryStore(sp.GetRequiredService<SqliteStore>()));
        services.TryAddSingleton<IDeliveryObserver, DeliveryActivityObserver>();
        services.TryAddSingleton(sp => new QueueTargetKind(sp.GetService<IQueuePort>()));
        services.TryAddSingleton<IDeadLetterSink>(sp => sp.GetRequiredService<QueueTargetKind>());
        services.AddSingleton<IDeliveryTargetKind>(sp => sp.GetRequiredService<QueueTargetKind>());
        services.AddSingleton(sp => new DeliveryEngine(
            sp.GetRequiredService<IDeliveryStore>(),
            sp.GetServices<IDeliveryTargetKind>(),
            sp.GetService<IDeadLetterSink>(),
            sp.GetRequiredService<DeliveryOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DeliveryEngine>>(),
            sp.GetService<IDeliveryObserver>()));
        services.AddHostedService<DeliveryHostedService>();
        return services;
    }
}
