using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Pipes.Resources;
using LocalCloud.Pipes.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LocalCloud.Pipes;

public static class PipesRegistration
{
    /// <summary>EventBridge Pipes: the API, the supervisor that runs the pipes, status, and the
    /// <c>AWS::Pipes::Pipe</c> resource provider. <see cref="PipesOptions"/> may be registered before to change pacing.</summary>
    public static IServiceCollection AddPipes(this IServiceCollection services)
    {
        services.AddDeliveryEngine();
        services.TryAddSingleton(new PipesOptions());
        services.AddSingleton<PipesStore>();
        services.AddStorageSchema(PipesStore.Storage);
        services.AddSingleton<PipeRuntime>();
        services.AddSingleton<PipeSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<PipeSupervisor>());
        services.AddSingleton<PipeOperations>();
        services.AddRestJsonService<PipesService>();
        services.AddStatusContributor<PipesService>();
        services.AddResourceProvider<PipeResourceProvider>();
        return services;
    }
}
