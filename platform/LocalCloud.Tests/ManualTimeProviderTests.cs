using LocalCloud.Testing;

namespace LocalCloud.Tests;

public sealed class ManualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Advance_MovesUtcNowAndTimestamps()
    {
        var time = new ManualTimeProvider(Start);
        var before = time.GetTimestamp();

        time.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(Start.AddSeconds(90), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(90), time.GetElapsedTime(before));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(Start));
    }

    [Fact]
    public void OneShotTimer_FiresOnceWhenAdvancedPastItsDueTime_AtItsDueTime()
    {
        var time = new ManualTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(fired);

        time.Advance(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal([Start.AddSeconds(10)], fired);
        Assert.Equal(Start.AddSeconds(314), time.GetUtcNow());
        Assert.Equal(0, time.ArmedTimers);
    }

    [Fact]
    public void PeriodicTimer_FiresOncePerPeriodCrossed_AndTimersFireInDueOrder()
    {
        var time = new ManualTimeProvider(Start);
        var fired = new List<string>();
        using var periodic = time.CreateTimer(_ => fired.Add("p" + (time.GetUtcNow() - Start).TotalSeconds), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        using var once = time.CreateTimer(_ => fired.Add("o" + (time.GetUtcNow() - Start).TotalSeconds), null, TimeSpan.FromSeconds(4), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(["p2", "o4", "p5", "p8", "p11"], fired);
    }

    [Fact]
    public void ChangeAndDispose_RescheduleOrDisarm()
    {
        var time = new ManualTimeProvider(Start);
        var count = 0;
        var timer = time.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, count);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, count);

        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        Assert.True(timer.Change(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, count);
        Assert.False(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
        Assert.Equal(0, time.ArmedTimers);
    }

    [Fact]
    public async Task TaskDelayAndZeroDueTime_CompleteWithoutRealTimePassing()
    {
        var time = new ManualTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromMinutes(10), time);
        var immediate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var now = time.CreateTimer(_ => immediate.TrySetResult(), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        await immediate.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(10));

        await delay.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ConcurrentAdvancesAndReads_LoseNoTime()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
                Assert.True(time.GetUtcNow() >= Start);
            }
        })));

        Assert.Equal(Start.AddSeconds(4), time.GetUtcNow());
        Assert.Equal(4000, fired);
    }
}
