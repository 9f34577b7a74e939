using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Schemas.Resources;
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
        services.AddResourceProvider<RegistryProvider>();
        services.AddResourceProvider<SchemaProvider>();
        return services;
    }
}
