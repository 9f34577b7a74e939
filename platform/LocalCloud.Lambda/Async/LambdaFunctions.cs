using LocalCloud.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Lambda.Async;

/// <summary>The function port, resolved when first needed: the delivery engine (and so the target kinds) is built
/// before the Lambda service's own parts, which may themselves enqueue asynchronous invocations.</summary>
internal sealed class LambdaFunctions(IServiceProvider services)
{
    private IFunctionPort? _port;

    public IFunctionPort? Port => _port ??= services.GetService<IFunctionPort>();
}
