using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LocalCloud.Core.Activity;

public sealed class ActivityFeed
{
    public const int SubscriberCapacity = 4096;
    public const int RecentCapacity = 256;

    private readonly Lock _gate = new();
    private readonly List<Channel<ActivityEvent>> _subscribers = [];
    private readonly ActivityEvent[] _recent = new ActivityEvent[RecentCapacity];
    private readonly TimeProvider _time;
    private long _published;

    public ActivityFeed(TimeProvider time)
    {
        _time = time;
    }

    public long Published => Interlocked.Read(ref _published);

    public void Publish(string service, string kind, string summary, IReadOnlyDictionary<string, string>? attributes = null) =>
        Publish(new ActivityEvent(_time.GetUtcNow(), service, kind, summary, attributes));

    public void Publish(ActivityEvent activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_gate)
        {
            var sequence = _published++;
            _recent[sequence % RecentCapacity] = activity;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(activity);
            }
        }
    }

    public IReadOnlyList<ActivityEvent> Recent(int count)
    {
        lock (_gate)
        {
            var available = (int)Math.Min(Math.Min(count, RecentCapacity), _published);
            var result = new ActivityEvent[Math.Max(available, 0)];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = _recent[(_published - result.Length + i) % RecentCapacity];
            }

            return result;
        }
    }

    public async IAsyncEnumerable<ActivityEvent> SubscribeAsync(int replayRecent = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<ActivityEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            if (replayRecent > 0)
            {
                foreach (var old in Recent(replayRecent))
                {
                    channel.Writer.TryWrite(old);
                }
            }

            _subscribers.Add(channel);
        }

        try
        {
            await foreach (var activity in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return activity;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }
}
