using LocalCloud.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LocalCloud.Core.Hosting;

public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddAwsJsonService<TService>(this IServiceCollection services)
        where TService : class, IAwsJsonService
    {
        services.TryAddSingleton<TService>();
        services.AddSingleton<IAwsJsonService>(sp => sp.GetRequiredService<TService>());
        return services;
    }

    public static IServiceCollection AddRestJsonService<TService>(this IServiceCollection services)
        where TService : class, IRestJsonService
    {
        services.TryAddSingleton<TService>();
        services.AddSingleton<IRestJsonService>(sp => sp.GetRequiredService<TService>());
        return services;
    }

    public static IServiceCollection AddAwsQueryProtocol<TProtocol>(this IServiceCollection services)
        where TProtocol : class, IAwsQueryProtocol
    {
        services.TryAddSingleton<TProtocol>();
        services.AddSingleton<IAwsQueryProtocol>(sp => sp.GetRequiredService<TProtocol>());
        return services;
    }

    public static IServiceCollection AddStorageSchema(this IServiceCollection services, StorageSchema schema) =>
        services.AddSingleton(schema);

    public static IServiceCollection AddStatusContributor<TContributor>(this IServiceCollection services)
        where TContributor : class, IStatusContributor
    {
        services.AddSingleton<IStatusContributor>(sp => sp.GetRequiredService<TContributor>());
        return services;
    }

    public static IServiceCollection AddEndpointContributor<TContributor>(this IServiceCollection services)
        where TContributor : class, IEndpointContributor
    {
        services.TryAddSingleton<TContributor>();
        services.AddSingleton<IEndpointContributor>(sp => sp.GetRequiredService<TContributor>());
        return services;
    }

    public static IServiceCollection AddRequestRewriter<TRewriter>(this IServiceCollection services)
        where TRewriter : class, IRequestRewriter
    {
        services.TryAddSingleton<TRewriter>();
        services.AddSingleton<IRequestRewriter>(sp => sp.GetRequiredService<TRewriter>());
        return services;
    }
}
