using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Core.Resources;

public static class ResourceProviderRegistration
{
    /// <summary>Registers a CloudFormation resource provider; the engine resolves every <see cref="IResourceProvider"/>.</summary>
    public static IServiceCollection AddResourceProvider<T>(this IServiceCollection services)
        where T : class, IResourceProvider
    {
        services.AddSingleton<IResourceProvider, T>();
        return services;
    }
}
