using System.Text.Json;
using LocalCloud.EventBridge.Archives;

namespace LocalCloud.EventBridge.Tests.Archives;

public sealed class ReplayTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = ArchiveHarness.Start.AddHours(-1);
    private readonly ArchiveHarness _h = new();

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task StartReplay_ReturnsStartingWithArnAndStartTime()
    {
        await _h.CreateArchiveAsync("a");

        var started = await _h.StartReplayAsync("r1", "a", T0, T0.AddMinutes(5));

        Assert.Equal("arn:aws:events:us-east-1:000000000000:replay/r1", started.GetProperty("ReplayArn").GetString());
        Assert.Equal("STARTING", started.GetProperty("State").GetString());
        Assert.Equal(ArchiveHarness.Start.ToUnixTimeSeconds(), started.GetProperty("ReplayStartTime").GetDouble());
    }

    [Fact]
    public async Task Replay_PutsEventsBackInOneMinuteSlicesWithProgress_ThenCompletes()
    {
        await _h.CreateArchiveAsync("a");
        await _h.ArchiveEventsAsync("a", T0.AddSeconds(10), T0.AddSeconds(20), T0.AddSeconds(70), T0.AddMinutes(4));
        await _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(10));

        await _h.Worker.StepAsync(CancellationToken.None);
        var afterFirstSlice = await _h.CallAsync("DescribeReplay", """{"ReplayName":"r"}""");

        Assert.Equal("RUNNING", afterFirstSlice.GetProperty("State").GetString());
        Assert.Single(_h.Bus.Replayed);
        Assert.Equal(2, _h.Bus.Replayed[0].Events.Count);
        Assert.Equal(T0.AddSeconds(20).ToUnixTimeSeconds(), afterFirstSlice.GetProperty("EventLastReplayedTime").GetDouble());

        await _h.RunReplaysToEndAsync();
        var done = await _h.CallAsync("DescribeReplay", """{"ReplayName":"r"}""");

        Assert.Equal(3, _h.Bus.Replayed.Count);
        Assert.Equal([2, 1, 1], _h.Bus.Replayed.Select(r => r.Events.Count));
        Assert.All(_h.Bus.Replayed, r => Assert.Equal(("default", "r"), (r.Bus, r.ReplayName)));
        Assert.Equal("COMPLETED", done.GetProperty("State").GetString());
        Assert.Equal(T0.AddMinutes(4).ToUnixTimeSeconds(), done.GetProperty("EventLastReplayedTime").GetDouble());
        Assert.True(done.TryGetProperty("ReplayEndTime", out _));
        Assert.Equal(_h.ArchiveArn("a"), done.GetProperty("EventSourceArn").GetString());
        Assert.Equal(_h.BusArn("default"), done.GetProperty("Destination").GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task Replay_TakesOnlyEventsWithinTheTimeRange()
    {
        await _h.CreateArchiveAsync("a");
        await _h.ArchiveEventsAsync("a", T0.AddMinutes(-1), T0.AddMinutes(1), T0.AddMinutes(3));
        await _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(2));

        await _h.RunReplaysToEndAsync();

        var replayed = Assert.Single(_h.Bus.Replayed);
        using var doc = JsonDocument.Parse(Assert.Single(replayed.Events));
        Assert.Equal(T0.AddMinutes(1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), doc.RootElement.GetProperty("time").GetString());
    }

    [Fact]
    public async Task Replay_WithFilterArns_PassesThemToTheBus()
    {
        _h.Bus.Buses.Add("orders");
        await _h.CreateArchiveAsync("a", "orders");
        await _h.ArchiveEventsAsync("a", T0.AddSeconds(1));
        var rule = _h.Cloud.Arn("events", "rule/orders/consumer");

        await _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(1), "orders", [rule]);
        await _h.RunReplaysToEndAsync();
        var described = await _h.CallAsync("DescribeReplay", """{"ReplayName":"r"}""");

        Assert.Equal([rule], Assert.Single(_h.Bus.Replayed).Filters);
        Assert.Equal(rule, described.GetProperty("Destination").GetProperty("FilterArns")[0].GetString());
    }

    [Fact]
    public async Task Replay_WithNoEventsInRange_CompletesWithoutLastReplayedTime()
    {
        await _h.CreateArchiveAsync("a");
        await _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(1));

        await _h.RunReplaysToEndAsync();
        var described = await _h.CallAsync("DescribeReplay", """{"ReplayName":"r"}""");

        Assert.Equal("COMPLETED", described.GetProperty("State").GetString());
        Assert.False(described.TryGetProperty("EventLastReplayedTime", out _));
        Assert.Empty(_h.Bus.Replayed);
    }

    [Fact]
    public async Task Replay_WhenTheBusRejectsEvents_Fails()
    {
        await _h.CreateArchiveAsync("a");
        await _h.ArchiveEventsAsync("a", T0.AddSeconds(1));
        _h.Bus.ReplayFailure = new InvalidOperationException("bus is gone");
        await _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(1));

        await _h.RunReplaysToEndAsync();
        var described = await _h.CallAsync("DescribeReplay", """{"ReplayName":"r"}""");

        Assert.Equal("FAILED", described.GetProperty("State").GetString());
        Assert.Equal("bus is gone", described.GetProperty("StateReason").GetString());
    }

    [Fact]
    public async Task Replay_WhoseArchiveIsDeleted_Fails()
    {
        await _h.CreateArchiveAsync("a");
        await _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(1));
        await _h.CallAsync("DeleteArchive", """{"ArchiveName":"a"}""");

        await _h.RunReplaysToEndAsync();

        Assert.Equal(ReplayStates.Failed, _h.Store.GetReplay(_h.ReplayArn("r"))!.State);
    }

    [Fact]
    public async Task CancelReplay_WhileRunning_GoesThroughCancellingToCancelled()
    {
        await _h.CreateArchiveAsync("a");
        await _h.ArchiveEventsAsync("a", T0.AddSeconds(1), T0.AddMinutes(2), T0.AddMinutes(4));
        await _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(10));
        await _h.Worker.StepAsync(CancellationToken.None);

        var cancel = await _h.CallAsync("CancelReplay", """{"ReplayName":"r"}""");
        var cancelling = await _h.CallAsync("DescribeReplay", """{"ReplayName":"r"}""");
        await _h.RunReplaysToEndAsync();
        var cancelled = await _h.CallAsync("DescribeReplay", """{"ReplayName":"r"}""");

        Assert.Equal("CANCELLING", cancel.GetProperty("State").GetString());
        Assert.Equal("arn:aws:events:us-east-1:000000000000:replay/r", cancel.GetProperty("ReplayArn").GetString());
        Assert.Equal("CANCELLING", cancelling.GetProperty("State").GetString());
        Assert.Equal("CANCELLED", cancelled.GetProperty("State").GetString());
        Assert.Single(_h.Bus.Replayed);
    }

    [Fact]
    public async Task CancelReplay_WhenCompleted_IsIllegalStatus()
    {
        await _h.CreateArchiveAsync("a");
        await _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(1));
        await _h.RunReplaysToEndAsync();

        var error = await _h.ErrorAsync("CancelReplay", """{"ReplayName":"r"}""");

        Assert.Equal("IllegalStatusException", error.Code);
    }

    [Fact]
    public async Task DescribeAndCancelReplay_Unknown_AreResourceNotFound()
    {
        var describe = await _h.ErrorAsync("DescribeReplay", """{"ReplayName":"ghost"}""");
        var cancel = await _h.ErrorAsync("CancelReplay", """{"ReplayName":"ghost"}""");

        Assert.Equal(("ResourceNotFoundException", "Replay ghost does not exist."), (describe.Code, describe.Message));
        Assert.Equal("ResourceNotFoundException", cancel.Code);
    }

    [Fact]
    public async Task StartReplay_FromUnknownArchive_IsValidationException()
    {
        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.StartReplayAsync("r", "ghost", T0, T0.AddMinutes(1)));

        Assert.Equal(("ValidationException", "Parameter EventSourceArn is not valid. Reason: Archive ghost does not exist."), (error.Code, error.Message));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public async Task StartReplay_WithEndNotAfterStart_IsValidationException(int seconds)
    {
        await _h.CreateArchiveAsync("a");

        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.StartReplayAsync("r", "a", T0, T0.AddSeconds(seconds)));

        Assert.Equal(("ValidationException", "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime."), (error.Code, error.Message));
    }

    [Fact]
    public async Task StartReplay_ToAnotherBus_IsRejected()
    {
        _h.Bus.Buses.Add("other");
        await _h.CreateArchiveAsync("a");

        var cross = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(1), "other"));
        var missing = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(1), "ghost"));

        Assert.Equal(("ValidationException", "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted."), (cross.Code, cross.Message));
        Assert.Equal(("ResourceNotFoundException", "Event bus ghost does not exist."), (missing.Code, missing.Message));
    }

    [Fact]
    public async Task StartReplay_WithFilterArnOfAnotherBus_IsValidationException()
    {
        await _h.CreateArchiveAsync("a");

        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() =>
            _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(1), filters: [_h.Cloud.Arn("events", "rule/other/x")]));

        Assert.Equal("ValidationException", error.Code);
        Assert.StartsWith("Parameter Destination.FilterArns is not valid.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartReplay_TwiceWithTheSameName_IsResourceAlreadyExists()
    {
        await _h.CreateArchiveAsync("a");
        await _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(1));

        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.StartReplayAsync("r", "a", T0, T0.AddMinutes(1)));

        Assert.Equal(("ResourceAlreadyExistsException", "Replay r already exists."), (error.Code, error.Message));
    }

    [Fact]
    public async Task StartReplay_BeyondTenConcurrentReplays_IsLimitExceeded()
    {
        await _h.CreateArchiveAsync("a");
        for (var i = 0; i < ArchiveService.MaxConcurrentReplays; i++)
        {
            await _h.StartReplayAsync("r" + i, "a", T0, T0.AddMinutes(1));
        }

        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.StartReplayAsync("r10", "a", T0, T0.AddMinutes(1)));
        await _h.RunReplaysToEndAsync();
        await _h.StartReplayAsync("r11", "a", T0, T0.AddMinutes(1));

        Assert.Equal("LimitExceededException", error.Code);
    }

    [Theory]
    [InlineData("a-replay-name-that-is-longer-than-sixty-four-characters-in-total-x")]
    [InlineData("no/slash")]
    public async Task StartReplay_WithInvalidName_IsValidationException(string name)
    {
        await _h.CreateArchiveAsync("a");

        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.StartReplayAsync(name, "a", T0, T0.AddMinutes(1)));

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("at 'replayName'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartReplay_WithoutDestination_IsValidationException()
    {
        await _h.CreateArchiveAsync("a");

        var error = await _h.ErrorAsync("StartReplay", $$"""{"ReplayName":"r","EventSourceArn":"{{_h.ArchiveArn("a")}}","EventStartTime":1,"EventEndTime":2}""");

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("destination", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListReplays_FiltersByPrefixStateAndSource_AndPages()
    {
        await _h.CreateArchiveAsync("a");
        await _h.CreateArchiveAsync("b");
        await _h.StartReplayAsync("x-1", "a", T0, T0.AddMinutes(1));
        await _h.StartReplayAsync("x-2", "b", T0, T0.AddMinutes(1));
        await _h.RunReplaysToEndAsync();
        await _h.StartReplayAsync("y-1", "a", T0, T0.AddMinutes(1));

        var byPrefix = await _h.CallAsync("ListReplays", """{"NamePrefix":"x-"}""");
        var byState = await _h.CallAsync("ListReplays", """{"State":"STARTING"}""");
        var bySource = await _h.CallAsync("ListReplays", $$"""{"EventSourceArn":"{{_h.ArchiveArn("b")}}"}""");
        var page = await _h.CallAsync("ListReplays", """{"Limit":1}""");

        Assert.Equal(["x-1", "x-2"], Names(byPrefix));
        Assert.Equal(["y-1"], Names(byState));
        Assert.Equal(["x-2"], Names(bySource));
        Assert.Equal(["x-1"], Names(page));
        Assert.True(page.TryGetProperty("NextToken", out _));
        Assert.Equal("COMPLETED", byPrefix.GetProperty("Replays")[0].GetProperty("State").GetString());
    }

    private static List<string> Names(JsonElement list) =>
        [.. list.GetProperty("Replays").EnumerateArray().Select(a => a.GetProperty("ReplayName").GetString()!)];
}
