using LocalCloud.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Schemas;

public static class SchemasRegistration
{
    public static IServiceCollection AddSchemaRegistry(this IServiceCollection services)
    {
        services.AddSingleton<SchemaRegistryStore>();
        services.AddStorageSchema(SchemaRegistryStore.Storage);
        services.AddRestJsonService<SchemasService>();
        services.AddStatusContributor<SchemasService>();
        return services;
    }
}
