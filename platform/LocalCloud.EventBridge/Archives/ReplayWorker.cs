using LocalCloud.EventBridge.Model;
using Microsoft.Extensions.Logging;

namespace LocalCloud.EventBridge.Archives;

/// <summary>
/// Runs replays in the background: one-minute slices of event time, in order, each slice put back on
/// the source bus before the replay's progress is saved, so a crash repeats at most one slice.
/// Also purges archived events past their retention.
/// </summary>
internal sealed partial class ReplayWorker : IAsyncDisposable
{
    public const int SliceMillis = 60_000;
    private const int PageSize = 100;
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);

    private readonly ArchiveStore _store;
    private readonly IArchiveEventBus _bus;
    private readonly TimeProvider _time;
    private readonly ILogger<ReplayWorker> _logger;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;
    private int _disposed;

    public ReplayWorker(ArchiveStore store, IArchiveEventBus bus, TimeProvider time, ILogger<ReplayWorker> logger)
    {
        _store = store;
        _bus = bus;
        _time = time;
        _logger = logger;
    }

    public void Start() => _loop ??= Task.Run(() => LoopAsync(_stopping.Token));

    public void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Runs one slice of every active replay; returns whether any replay is still active.</summary>
    public async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        var active = _store.ListReplays(activeOnly: true);
        foreach (var replay in active)
        {
            await StepAsync(replay, cancellationToken);
        }

        return _store.ListReplays(activeOnly: true).Count > 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
        _signal.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                await PurgeIfDueAsync(cancellationToken);
                busy = await StepAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the worker must survive a failed step; the replay itself records FAILED
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogStepFailed(_logger, ex);
            }

            if (!busy)
            {
                await _signal.WaitAsync(IdleWait, cancellationToken);
            }
        }
    }

    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now - _lastPurge < PurgeInterval)
        {
            return;
        }

        _lastPurge = now;
        var removed = await _store.PurgeExpiredAsync(now.ToUnixTimeMilliseconds(), cancellationToken);
        if (removed > 0)
        {
            LogPurged(_logger, removed);
        }
    }

    private async Task StepAsync(ReplayRecord replay, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (replay.State == ReplayStates.Cancelling)
        {
            await _store.SaveReplayProgressAsync(replay with { State = ReplayStates.Cancelled, ReplayEndMs = now }, cancellationToken);
            LogFinished(_logger, replay.Name, ReplayStates.Cancelled);
            return;
        }

        if (replay.State == ReplayStates.Starting)
        {
            replay = replay with { State = ReplayStates.Running };
            if (await _store.SaveReplayProgressAsync(replay, cancellationToken) != ReplayStates.Running)
            {
                return;
            }
        }

        var archive = _store.GetArchive(replay.ArchiveArn);
        if (archive is null)
        {
            await FailAsync(replay, $"Archive {ArchiveArns.ResourceName(replay.ArchiveArn)} does not exist.", cancellationToken);
            return;
        }

        var next = _store.NextEventTime(archive.Arn, replay.CursorMs, replay.EventEndMs);
        if (next is null)
        {
            await _store.SaveReplayProgressAsync(replay with { State = ReplayStates.Completed, ReplayEndMs = now, CursorMs = replay.EventEndMs }, cancellationToken);
            LogFinished(_logger, replay.Name, ReplayStates.Completed);
            return;
        }

        var sliceStart = replay.EventStartMs + ((next.Value - replay.EventStartMs) / SliceMillis * SliceMillis);
        var sliceEnd = Math.Min(sliceStart + SliceMillis, replay.EventEndMs);
        long lastSequence = 0;
        var lastReplayed = replay.LastReplayedMs;
        while (true)
        {
            var page = _store.ReadEvents(archive.Arn, sliceStart, sliceEnd, lastSequence, PageSize);
            if (page.Count == 0)
            {
                break;
            }

            try
            {
                await _bus.ReplayAsync(new BusId(ArchiveArns.ScopeOf(archive.Arn), archive.BusName), [.. page.Select(e => e.Body)], replay.Name, replay.FilterArns, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await FailAsync(replay, ex.Message, cancellationToken);
                return;
            }

            lastSequence = page[^1].Sequence;
            lastReplayed = Math.Max(lastReplayed ?? long.MinValue, page.Max(e => e.EventTimeMs));
            if (_store.GetReplay(replay.Arn)?.State == ReplayStates.Cancelling)
            {
                break;
            }
        }

        await _store.SaveReplayProgressAsync(replay with { CursorMs = sliceEnd, LastReplayedMs = lastReplayed }, cancellationToken);
    }

    private async Task FailAsync(ReplayRecord replay, string reason, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _store.SaveReplayProgressAsync(replay with { State = ReplayStates.Failed, StateReason = reason, ReplayEndMs = now }, cancellationToken);
        LogFailed(_logger, replay.Name, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay {ReplayName} {State}")]
    private static partial void LogFinished(ILogger logger, string replayName, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay {ReplayName} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string replayName, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} archived events past their retention")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replay worker step failed")]
    private static partial void LogStepFailed(ILogger logger, Exception exception);
}
