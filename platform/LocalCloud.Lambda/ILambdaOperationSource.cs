using LocalCloud.Core.Hosting;

namespace LocalCloud.Lambda;

/// <summary>A group of Lambda API operations (functions, asynchronous invocation configuration, event-source
/// mappings): <see cref="LambdaService"/> serves the operations of every registered source under the one
/// <c>lambda</c> signing name.</summary>
internal interface ILambdaOperationSource
{
    IEnumerable<RestOperation> Operations { get; }
}
