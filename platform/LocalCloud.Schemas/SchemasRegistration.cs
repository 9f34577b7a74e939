using LocalCloud.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Schemas;

public static class SchemasRegistration
{
    public static IServiceCollection AddSchemaRegistry(this IServiceCollection services)
    {
        services.AddSingleton<SchemasStore>();
        services.AddStorageSchema(SchemasStore.Storage);
        services.AddRestJsonService<SchemasService>();
        services.AddStatusContributor<SchemasService>();
        return services;
    }
}
