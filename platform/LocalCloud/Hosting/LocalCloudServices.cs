using LocalCloud.EventBridge;
using LocalCloud.Schemas;
using LocalCloud.Sqs;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Hosting;

internal static class LocalCloudServices
{
    public static IServiceCollection AddEmulatedServices(this IServiceCollection services)
    {
        services.AddSqs();
        services.AddEventBridge();
        services.AddSchemaRegistry();
        return services;
    }
}
