using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Resources;
using LocalCloud.Lambda.Async;
using LocalCloud.Lambda.EventSources;
using LocalCloud.Lambda.Resources;
using LocalCloud.Lambda.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LocalCloud.Lambda;

public static class LambdaRegistration
{
    /// <summary>Lambda: functions run as native processes speaking the Runtime API to this local cloud,
    /// synchronous and asynchronous invocation, event-source mappings; other services invoke functions
    /// through <see cref="IFunctionPort"/>. Register <see cref="LambdaOptions"/> first to change its defaults.</summary>
    public static IServiceCollection AddLambda(this IServiceCollection services)
    {
        services.TryAddSingleton(new LambdaOptions());
        services.AddStorageSchema(LambdaStore.Storage);
        services.AddStorageSchema(FunctionLogs.Storage);
        services.AddSingleton<LambdaStore>();
        services.AddSingleton<FunctionLogs>();
        services.AddSingleton<CodeCache>();
        services.AddSingleton<LocalCode>();
        services.AddSingleton<FunctionRunner>();
        services.AddSingleton<IFunctionPort>(sp => sp.GetRequiredService<FunctionRunner>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<FunctionRunner>());
        services.AddSingleton<FunctionOperations>();
        services.AddSingleton<ILambdaOperationSource>(sp => sp.GetRequiredService<FunctionOperations>());
        services.AddRestJsonService<LambdaService>();
        services.AddSingleton<LambdaStatus>();
        services.AddStatusContributor<LambdaStatus>();
        services.AddEndpointContributor<RuntimeApiEndpoints>();
        services.AddEndpointContributor<LambdaEndpoints>();
        services.AddEventSourceMappings();
        services.AddLambdaAsync();
        services.AddSingleton<LambdaApi>();
        services.AddResourceProvider<FunctionResource>();
        services.AddResourceProvider<PermissionResource>();
        services.AddResourceProvider<EventSourceMappingResource>();
        services.AddResourceProvider<EventInvokeConfigResource>();
        return services;
    }
}
