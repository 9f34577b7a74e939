using LocalCloud.Hosting;
using LocalCloud.Sqs;
using LocalCloud.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Delivery;

internal static class DeliveryServiceCollectionExtensions
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
        services.TryAddSingleton<ISqsMessageSender>(sp => sp.GetService<ISqsQueues>() is { } queues ? new SqsQueuesSender(queues) : new UnavailableSqsSender());
        services.TryAddSingleton<IDeadLetterSink>(sp => new SqsDeadLetterSink(sp.GetRequiredService<ISqsMessageSender>()));
        services.AddSingleton<IDeliveryTargetKind>(sp => new SqsTargetKind(sp.GetRequiredService<ISqsMessageSender>()));
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
