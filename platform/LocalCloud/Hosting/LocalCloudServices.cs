using LocalCloud.EventBridge;
using LocalCloud.Schemas;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Hosting;

internal static class LocalCloudServices
{
    public static IServiceCollection AddEmulatedServices(this IServiceCollection services)
    {
        services.AddEventBridge();
        services.AddSchemaRegistry();
        return services;
    }
}
