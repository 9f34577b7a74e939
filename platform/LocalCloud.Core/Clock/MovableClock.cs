namespace LocalCloud.Core.Clock;

/// <summary>
/// The local cloud's one clock: real time (the inner provider's) plus an offset that a user moves forward, never back.
/// Every timer created through it (<c>Task.Delay(x, clock)</c>, <see cref="TimeProvider.CreateTimer"/>,
/// <c>CancellationTokenSource(x, clock)</c>) runs on the inner provider while time passes normally; a move fires, in
/// due order and on the moving thread, every timer that came due, and re-arms the others for their shorter wait.
/// A periodic timer fires once per move however many periods it skipped, then keeps its period from the new time.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    /// <summary>Where the host serves the clock: <c>GET</c> reads it, <c>POST {"advance": "15m"}</c> or <c>{"set": "..."}</c> moves it.</summary>
    public const string HttpPath = "/_localcloud/clock";

    private readonly TimeProvider _inner;
    private readonly Lock _gate = new();
    private readonly Lock _moving = new();
    private readonly HashSet<MovableTimer> _armed = [];
    private long _offsetTicks;
    private long _sequence;

    public MovableClock(TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <summary>How far this clock is ahead of the inner provider's time.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>How many timers are armed.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow() + Offset;

    public override long GetTimestamp() =>
        _inner.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (_inner.TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    /// <summary>Moves the clock forward by <paramref name="by"/> and fires what came due; returns the new time.</summary>
    public DateTimeOffset Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_moving)
        {
            Interlocked.Add(ref _offsetTicks, by.Ticks);
            return FireDue();
        }
    }

    /// <summary>Moves the clock forward to <paramref name="value"/> (not before now) and fires what came due.</summary>
    public DateTimeOffset Set(DateTimeOffset value)
    {
        lock (_moving)
        {
            var by = value.ToUniversalTime() - GetUtcNow();
            if (by < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"The clock only moves forward; it is {GetUtcNow():O}.");
            }

            Interlocked.Add(ref _offsetTicks, by.Ticks);
            return FireDue();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new MovableTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private DateTimeOffset FireDue()
    {
        while (true)
        {
            var now = GetUtcNow();
            MovableTimer? due = null;
            lock (_gate)
            {
                foreach (var timer in _armed)
                {
                    if (timer.DueAt <= now && (due is null || timer.DueAt < due.DueAt || (timer.DueAt == due.DueAt && timer.Order < due.Order)))
                    {
                        due = timer;
                    }
                }

                if (due is null)
                {
                    foreach (var timer in _armed)
                    {
                        timer.Inner.Change(timer.DueAt - now, Timeout.InfiniteTimeSpan);
                    }

                    return now;
                }

                TakeDue(due, now);
            }

            due.Fire();
        }
    }

    /// <summary>The inner timer of <paramref name="timer"/> ran out: fire it if it is due on this clock.</summary>
    private void OnInnerDue(MovableTimer timer)
    {
        lock (_gate)
        {
            if (!_armed.Contains(timer))
            {
                return;
            }

            var now = GetUtcNow();
            if (timer.DueAt > now)
            {
                timer.Inner.Change(timer.DueAt - now, Timeout.InfiniteTimeSpan);
                return;
            }

            TakeDue(timer, now);
        }

        timer.Fire();
    }

    private void TakeDue(MovableTimer timer, DateTimeOffset now)
    {
        if (timer.Period > TimeSpan.Zero)
        {
            timer.DueAt = now + timer.Period;
            timer.Order = ++_sequence;
            timer.Inner.Change(timer.Period, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _armed.Remove(timer);
            timer.Inner.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private bool Change(MovableTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        }

        if (period != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(period, TimeSpan.Zero);
        }

        lock (_gate)
        {
            if (timer.Disposed)
            {
                return false;
            }

            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _armed.Remove(timer);
                timer.Inner.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return true;
            }

            timer.DueAt = GetUtcNow() + dueTime;
            timer.Order = ++_sequence;
            _armed.Add(timer);
            timer.Inner.Change(dueTime, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    private void Remove(MovableTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            _armed.Remove(timer);
        }

        timer.Inner.Dispose();
    }

    private sealed class MovableTimer : ITimer
    {
        private readonly MovableClock _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public MovableTimer(MovableClock owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
            Inner = owner._inner.CreateTimer(static s => ((MovableTimer)s!).OnInner(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public ITimer Inner { get; }

        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public long Order { get; set; }

        public bool Disposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => _owner.Change(this, dueTime, period);

        public void Fire() => _callback(_state);

        public void Dispose() => _owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void OnInner() => _owner.OnInnerDue(this);
    }
}
