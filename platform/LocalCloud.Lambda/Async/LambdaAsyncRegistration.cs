using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LocalCloud.Lambda.Async;

public static class LambdaAsyncRegistration
{
    /// <summary>Asynchronous invocation on the delivery engine (the <c>lambda-async</c> delivery kind), the event
    /// invoke configuration operations, and the <c>lambda</c> delivery kind for rule, schedule and pipe targets.
    /// Register <see cref="LambdaAsyncOptions"/> first to change its timings.</summary>
    public static IServiceCollection AddLambdaAsync(this IServiceCollection services)
    {
        services.AddDeliveryEngine();
        services.TryAddSingleton(new LambdaAsyncOptions());
        services.TryAddSingleton<LambdaFunctions>();
        services.TryAddSingleton<AsyncInvocationStore>();
        services.AddStorageSchema(AsyncInvocationStore.Storage);
        services.TryAddSingleton<IAsyncInvocations, AsyncInvocations>();
        services.AddSingleton<IDeliveryTargetKind, AsyncInvocationTargetKind>();
        services.AddSingleton<IDeliveryTargetKind, FunctionTargetKind>();
        services.AddSingleton<ILambdaOperationSource, EventInvokeConfigOperations>();
        return services;
    }
}
