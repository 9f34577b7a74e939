using LocalCloud.Core.Hosting;
using LocalCloud.Lambda.Async;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Lambda;

public static class LambdaRegistration
{
    /// <summary>Lambda: functions run as native processes speaking the Runtime API to this local cloud,
    /// synchronous and asynchronous invocation, event-source mappings; other services invoke functions
    /// through <see cref="Core.Ports.IFunctionPort"/>.</summary>
    public static IServiceCollection AddLambda(this IServiceCollection services)
    {
        services.AddRestJsonService<LambdaService>();
        services.AddLambdaAsync();
        return services;
    }
}
