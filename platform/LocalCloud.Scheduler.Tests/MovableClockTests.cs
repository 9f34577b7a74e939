using LocalCloud.Core.Clock;
using LocalCloud.Testing;

namespace LocalCloud.Scheduler.Tests;

public sealed class MovableClockTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Advance_FiresDueTimersInOrder_AndLeavesTheOthers()
    {
        var clock = new MovableClock(new ManualTimeProvider(Start));
        var fired = new List<int>();
        var late = Task.Delay(TimeSpan.FromHours(2), clock);
        using var second = clock.CreateTimer(_ => fired.Add(2), null, TimeSpan.FromMinutes(10), Timeout.InfiniteTimeSpan);
        using var first = clock.CreateTimer(_ => fired.Add(1), null, TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan);
        var soon = Task.Delay(TimeSpan.FromMinutes(15), clock);

        var now = clock.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(Start.AddMinutes(15), now);
        Assert.Equal([1, 2], fired);
        await soon.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(late.IsCompleted);
        Assert.Equal(1, clock.ArmedTimers);
    }

    [Fact]
    public async Task RealTimePassing_StillFiresTimers()
    {
        var clock = new MovableClock(TimeProvider.System);
        clock.Advance(TimeSpan.FromDays(1));

        await Task.Delay(TimeSpan.FromMilliseconds(50), clock).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.InRange(clock.GetUtcNow() - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(25));
    }

    [Fact]
    public void Set_InThePast_IsRefused_AndPeriodicTimersFireOncePerMove()
    {
        var clock = new MovableClock(new ManualTimeProvider(Start));
        var ticks = 0;
        using var periodic = clock.CreateTimer(_ => Interlocked.Increment(ref ticks), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Set(Start.AddHours(1));

        Assert.Equal(1, ticks);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Set(Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Theory]
    [InlineData("15m", 900)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("30s", 30)]
    [InlineData("PT15M", 900)]
    public void Durations_Parse(string text, int seconds)
    {
        Assert.True(ClockDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("15")]
    [InlineData("0m")]
    [InlineData("5y")]
    public void BadDurations_AreRefused(string text) => Assert.False(ClockDuration.TryParse(text, out _));
}
