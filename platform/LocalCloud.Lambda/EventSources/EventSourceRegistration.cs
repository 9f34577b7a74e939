using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LocalCloud.Lambda.EventSources;

internal static class EventSourceRegistration
{
    /// <summary>Event-source mappings: the five operations, their table, and the pollers (a hosted service).</summary>
    public static IServiceCollection AddEventSourceMappings(this IServiceCollection services)
    {
        services.AddStorageSchema(EventSourceMappingStore.Schema);
        services.TryAddSingleton(new EventSourceOptions());
        services.TryAddSingleton<IFunctionPort, NoFunctions>();
        services.AddSingleton<EventSourceMappingStore>();
        services.AddSingleton<EventSourceMappings>();
        services.AddSingleton<EventSourceContext>();
        services.AddSingleton<EventSourcePollers>();
        services.AddHostedService(sp => sp.GetRequiredService<EventSourcePollers>());
        services.AddSingleton<ILambdaOperationSource, EventSourceMappingOperations>();
        return services;
    }

    /// <summary>The function port until the Lambda function store registers the real one: there are no functions.</summary>
    private sealed class NoFunctions : IFunctionPort
    {
        public FunctionDescription? Describe(string functionArn) => null;

        public bool IsInvokeAllowed(string functionArn, string principal, string? sourceArn, string? sourceAccount) => false;

        public Task<FunctionResult> InvokeAsync(string functionArn, ReadOnlyMemory<byte> payload, FunctionInvokeOptions? options, CancellationToken cancellationToken) =>
            throw LambdaErrors.FunctionNotFound(functionArn);
    }
}
