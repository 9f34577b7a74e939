using LocalCloud.Core.Activity;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Streams;

namespace LocalCloud.Lambda.EventSources;

/// <summary>The timings of the pollers. A failed stream batch is retried after <see cref="RetryBaseDelay"/>,
/// doubling up to <see cref="MaximumRetryDelay"/>; a receive or invocation that reached no function (a missing queue
/// or function, throttling) is tried again after <see cref="ErrorDelay"/>.</summary>
internal sealed class EventSourceOptions
{
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ErrorDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan QueueLongPoll { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>What every poller uses.</summary>
internal sealed class EventSourceContext(
    EventSourceMappings mappings,
    IQueuePort queues,
    IChangeStreams streams,
    IFunctionPort functions,
    EventSourceOptions options,
    TimeProvider time,
    ActivityFeed activity)
{
    public EventSourceMappings Mappings => mappings;

    public IQueuePort Queues => queues;

    public IChangeStreams Streams => streams;

    public IFunctionPort Functions => functions;

    public EventSourceOptions Options => options;

    public TimeProvider Time => time;

    public ActivityFeed Activity => activity;

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);
}
