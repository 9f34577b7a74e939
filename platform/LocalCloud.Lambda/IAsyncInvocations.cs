using LocalCloud.Core.Ports;

namespace LocalCloud.Lambda;

/// <summary>
/// Lambda's internal queue for asynchronous invocations (<c>InvocationType: Event</c>, rule and schedule targets,
/// destinations that are functions): an accepted event is recorded durably, invoked, retried on function errors
/// as the function's event invoke configuration says, and passed to its destinations or dead-letter queue.
/// </summary>
internal interface IAsyncInvocations
{
    /// <summary>Records the event for <paramref name="function"/> and returns once it is durable.</summary>
    Task EnqueueAsync(FunctionDescription function, ReadOnlyMemory<byte> payload, string requestId, CancellationToken cancellationToken);
}
