using LocalCloud.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LocalCloud.Lambda.EventSources;

internal static class EventSourceRegistration
{
    /// <summary>Event-source mappings: the five operations, their table, and the pollers (a hosted service).</summary>
    public static IServiceCollection AddEventSourceMappings(this IServiceCollection services)
    {
        services.AddStorageSchema(EventSourceMappingStore.Schema);
        services.TryAddSingleton(new EventSourceOptions());
        services.AddSingleton<EventSourceMappingStore>();
        services.AddSingleton<EventSourceMappings>();
        services.AddSingleton<EventSourceContext>();
        services.AddSingleton<EventSourcePollers>();
        services.AddHostedService(sp => sp.GetRequiredService<EventSourcePollers>());
        services.AddSingleton<ILambdaOperationSource, EventSourceMappingOperations>();
        return services;
    }
}
