using LocalCloud.Core.Activity;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Pipes.Runtime;

/// <summary>What running pipes use: the ports of the other services (each null when that service is not part of
/// this local cloud), the store, the activity feed and the clock.</summary>
internal sealed class PipeRuntime(IServiceProvider services, PipesStore store, ActivityFeed activity, TimeProvider time, PipesOptions options)
{
    public IChangeStreams? Streams => services.GetService<IChangeStreams>();

    public IQueuePort? Queues => services.GetService<IQueuePort>();

    public IFunctionPort? Functions => services.GetService<IFunctionPort>();

    public IEventBusPort? Buses => services.GetService<IEventBusPort>();

    public DeliveryEngine? Engine => services.GetService<DeliveryEngine>();

    public PipesStore Store => store;

    public ActivityFeed Activity => activity;

    public TimeProvider Time => time;

    public PipesOptions Options => options;

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);

    public TimeSpan Backoff(int attempts)
    {
        var delay = options.RetryBaseDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return delay < options.MaximumRetryDelay ? delay : options.MaximumRetryDelay;
    }
}
