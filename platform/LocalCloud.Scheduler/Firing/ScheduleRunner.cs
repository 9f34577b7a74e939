using System.Globalization;
using System.Text.Json;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Delivery;
using LocalCloud.Scheduler.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Scheduler.Firing;

/// <summary>
/// Fires schedules on time. The next fire time of every schedule that will fire again is kept in one in-memory
/// priority queue (loaded from SQLite at start: ids and times only), and one loop waits on the local cloud's clock for
/// the earliest, so a move of the clock fires what came due too. Due schedules are fired in batches: each invocation is
/// recorded on the delivery engine (which calls the target, retries and dead-letters) and the schedules are moved on
/// to their next invocation, or deleted (<c>ActionAfterCompletion: DELETE</c>), in one write. An invocation that came
/// due while the local cloud was down fires when it comes back if it is younger than the target's
/// MaximumEventAgeInSeconds, and goes to the dead-letter queue otherwise.
/// </summary>
internal sealed class ScheduleRunner : IHostedService, IAsyncDisposable
{
    public const string ScheduleArnAttribute = "SCHEDULE_ARN";
    public const string TargetArnAttribute = "TARGET_ARN";
    public const string ExecutionIdAttribute = "EXECUTION_ID";
    public const string ScheduledTimeAttribute = "SCHEDULED_TIME";
    public const string PayloadTruncatedAttribute = "IS_PAYLOAD_TRUNCATED";
    public const string EventAgeExceededCode = "EventAgeExceeded";

    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);
    private readonly SchedulerStore _store;
    private readonly DeliveryEngine _engine;
    private readonly IDeadLetterSink? _deadLetters;
    private readonly TimeProvider _time;
    private readonly ActivityFeed _activity;
    private readonly SchedulerOptions _options;
    private readonly ILogger<ScheduleRunner> _logger;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<long, long> _queue = new();
    private readonly Dictionary<long, long> _due = [];
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private long _fired;
    private long _deadLettered;
    private long _lastLatenessMs;

    public ScheduleRunner(
        SchedulerStore store,
        DeliveryEngine engine,
        IDeadLetterSink? deadLetters,
        TimeProvider time,
        ActivityFeed activity,
        SchedulerOptions options,
        ILogger<ScheduleRunner> logger)
    {
        _store = store;
        _engine = engine;
        _deadLetters = deadLetters;
        _time = time;
        _activity = activity;
        _options = options;
        _logger = logger;
    }

    public long Fired => Interlocked.Read(ref _fired);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    public long LastLatenessMs => Interlocked.Read(ref _lastLatenessMs);

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _due.Count;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var pending = _store.LoadPending();
        lock (_gate)
        {
            foreach (var (id, fireAt) in pending)
            {
                _due[id] = fireAt;
                _queue.Enqueue(id, fireAt);
            }
        }

        if (pending.Count > 0)
        {
            _logger.LogInformation("Loaded {Count} pending schedules", pending.Count);
        }

        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary>Sets (or, with null, clears) when a schedule fires next.</summary>
    public void Track(long id, DateTimeOffset? fireAt)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            if (fireAt is not { } at)
            {
                _due.Remove(id);
                return;
            }

            var ms = at.ToUnixTimeMilliseconds();
            _due[id] = ms;
            if (!_queue.TryPeek(out _, out var head) || ms < head)
            {
                wake = _wake;
            }

            _queue.Enqueue(id, ms);
        }

        wake?.TrySetResult();
    }

    public void Forget(IEnumerable<long> ids)
    {
        lock (_gate)
        {
            foreach (var id in ids)
            {
                _due.Remove(id);
            }
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var batch = new List<(long Id, long FireAtMs)>(_options.BatchSize);
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            Task wakeTask;
            long now;
            batch.Clear();
            lock (_gate)
            {
                now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                while (batch.Count < _options.BatchSize && _queue.TryPeek(out var id, out var due) && due <= now)
                {
                    _queue.Dequeue();
                    if (_due.TryGetValue(id, out var current) && current == due)
                    {
                        batch.Add((id, due));
                        _due.Remove(id);
                    }
                }

                // Stale entries (schedules updated or deleted since) are dropped as they reach the head.
                while (_queue.TryPeek(out var staleId, out var staleDue) && (!_due.TryGetValue(staleId, out var c) || c != staleDue))
                {
                    _queue.Dequeue();
                }

                wait = _queue.TryPeek(out _, out var nextDue) ? TimeSpan.FromMilliseconds(Math.Max(0, nextDue - now)) : LongestWait;
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wakeTask = _wake.Task;
            }

            if (batch.Count > 0)
            {
                try
                {
                    await FireAsync(batch, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "Firing {Count} schedules failed; trying again in a second", batch.Count);
                    var retryAt = _time.GetUtcNow().AddSeconds(1);
                    foreach (var (id, _) in batch)
                    {
                        ReTrack(id, retryAt);
                    }
                }

                continue;
            }

            if (wait <= TimeSpan.Zero)
            {
                continue;
            }

            using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                var sleep = Task.Delay(wait > LongestWait ? LongestWait : wait, _time, delay.Token);

                // The clock may have been moved between reading it and arming the timer (the timer would then be late
                // by the move): look again instead of sleeping.
                if (_time.GetUtcNow().ToUnixTimeMilliseconds() - now > 20)
                {
                    continue;
                }

                await Task.WhenAny(wakeTask, sleep);
            }
            finally
            {
                await delay.CancelAsync();
            }
        }
    }

    /// <summary>Puts a schedule whose firing failed back in the queue, keeping its stored fire time as its identity.</summary>
    private void ReTrack(long id, DateTimeOffset retryAt)
    {
        var stored = _store.LoadByIds([id]);
        if (stored is [{ NextFireAt: { } fireAt }])
        {
            lock (_gate)
            {
                _due[id] = fireAt.ToUnixTimeMilliseconds();
                _queue.Enqueue(id, Math.Max(fireAt.ToUnixTimeMilliseconds(), retryAt.ToUnixTimeMilliseconds()));
            }
        }
    }

    private async Task FireAsync(List<(long Id, long FireAtMs)> batch, CancellationToken cancellationToken)
    {
        var due = batch.ToDictionary(b => b.Id, b => b.FireAtMs);
        var schedules = _store.LoadByIds([.. due.Keys]);
        var now = _time.GetUtcNow();
        var deliveries = new List<DeliveryRecord>(schedules.Count);
        var expired = new List<(DeliveryRecord Delivery, ScheduledInvocation Invocation)>();
        var advances = new List<ScheduleAdvance>(schedules.Count);
        var fired = new List<(StoredSchedule Schedule, ScheduledInvocation Invocation, DateTimeOffset FireAt)>(schedules.Count);
        foreach (var stored in schedules)
        {
            if (stored.NextFireAt is not { } fireAt || fireAt.ToUnixTimeMilliseconds() != due[stored.Id] || !stored.Schedule.IsEnabled)
            {
                continue;
            }

            var schedule = stored.Schedule;
            var nominal = stored.NextNominal ?? fireAt;
            var arn = SchedulerArns.Schedule(schedule);
            var invocation = new ScheduledInvocation(schedule.AccountId, schedule.Region, arn, nominal, Guid.NewGuid().ToString(), schedule.Target);
            var delivery = Delivery(invocation, fireAt);
            if (now - fireAt > TimeSpan.FromSeconds(schedule.Target.MaximumEventAgeInSeconds))
            {
                expired.Add((delivery, invocation));
            }
            else
            {
                deliveries.Add(delivery);
            }

            var (nextFire, nextNominal) = ScheduleTimes.Next(schedule, nominal);
            var delete = nextFire is null && schedule.ActionAfterCompletion == ScheduleActions.Delete
                && (ScheduleTimes.Expression(schedule).IsOneTime || schedule.EndDate is not null);
            advances.Add(new ScheduleAdvance(stored.Id, fireAt, nextFire, nextNominal, delete));
            fired.Add((stored, invocation, fireAt));
        }

        await _engine.EnqueueAsync(deliveries, cancellationToken);
        foreach (var (delivery, invocation) in expired)
        {
            await DeadLetterExpiredAsync(delivery, invocation, cancellationToken);
        }

        var applied = await _store.AdvanceAsync(advances);
        foreach (var advance in advances)
        {
            if (applied.Contains(advance.Id) && !advance.Delete && advance.NextFireAt is { } next)
            {
                Track(advance.Id, next);
            }
        }

        foreach (var (stored, invocation, fireAt) in fired)
        {
            var lateness = (long)(now - fireAt).TotalMilliseconds;
            Interlocked.Exchange(ref _lastLatenessMs, lateness);
            Interlocked.Increment(ref _fired);
            _activity.Publish("scheduler", "schedule.fired", $"{invocation.ScheduleArn} -> {invocation.Target.Arn} (scheduled {ContextAttributes.Time(invocation.ScheduledTime)}, {lateness} ms late)",
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["schedule"] = invocation.ScheduleArn,
                    ["target"] = invocation.Target.Arn,
                    ["executionId"] = invocation.ExecutionId,
                    ["scheduledTime"] = ContextAttributes.Time(invocation.ScheduledTime),
                    ["latenessMs"] = lateness.ToString(CultureInfo.InvariantCulture),
                });
            if (advances.Find(a => a.Id == stored.Id) is { Delete: true } && applied.Contains(stored.Id))
            {
                _activity.Publish("scheduler", "schedule.deleted", $"{invocation.ScheduleArn} deleted after its last invocation (ActionAfterCompletion DELETE)",
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["schedule"] = invocation.ScheduleArn });
            }
        }
    }

    private static DeliveryRecord Delivery(ScheduledInvocation invocation, DateTimeOffset fireAt)
    {
        var target = invocation.Target;
        return new DeliveryRecord
        {
            Id = invocation.ExecutionId.Replace("-", "", StringComparison.Ordinal),
            TargetKind = ScheduleTargetKind.KindName,
            TargetArn = target.Arn,
            Payload = JsonSerializer.Serialize(invocation, SchedulerModelJsonContext.Default.ScheduledInvocation),
            Policy = new DeliveryPolicy(target.MaximumRetryAttempts, target.MaximumEventAgeInSeconds),
            DeadLetterArn = target.DeadLetterArn,
            DeadLetterBody = ContextAttributes.Render(target.Input ?? "{}", invocation, 1),
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ScheduleArnAttribute] = invocation.ScheduleArn,
                [TargetArnAttribute] = target.Arn,
                [ExecutionIdAttribute] = invocation.ExecutionId,
                [ScheduledTimeAttribute] = ContextAttributes.Time(invocation.ScheduledTime),
                [PayloadTruncatedAttribute] = "false",
            },
            CreatedAt = fireAt,
            Origin = invocation.ScheduleArn,
        };
    }

    private async Task DeadLetterExpiredAsync(DeliveryRecord delivery, ScheduledInvocation invocation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deadLettered);
        var message = $"The invocation scheduled for {ContextAttributes.Time(invocation.ScheduledTime)} came due while the local cloud was not running and is older than MaximumEventAgeInSeconds ({invocation.Target.MaximumEventAgeInSeconds}).";
        if (delivery.DeadLetterArn is null || _deadLetters is null)
        {
            _activity.Publish("scheduler", "schedule.dropped", $"{invocation.ScheduleArn}: {message}", new Dictionary<string, string>(StringComparer.Ordinal) { ["schedule"] = invocation.ScheduleArn });
            return;
        }

        var attributes = new Dictionary<string, string>(delivery.Metadata, StringComparer.Ordinal)
        {
            [DeliveryEngine.ErrorCodeAttribute] = EventAgeExceededCode,
            [DeliveryEngine.ErrorMessageAttribute] = message,
            [DeliveryEngine.RetryAttemptsAttribute] = "0",
            [DeliveryEngine.ExhaustedConditionAttribute] = DeliveryEngine.ExhaustedByAge,
        };
        var outcome = await _deadLetters.SendAsync(delivery.DeadLetterArn, delivery.DeadLetterBody ?? "{}", attributes, cancellationToken);
        _activity.Publish("scheduler", outcome.Kind == DeliveryOutcomeKind.Delivered ? "schedule.dead-lettered" : "schedule.dropped",
            $"{invocation.ScheduleArn}: {message} -> {delivery.DeadLetterArn} ({outcome.Kind})",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["schedule"] = invocation.ScheduleArn });
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
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
    }
}

public sealed class SchedulerOptions
{
    /// <summary>How many due schedules one firing write handles at most.</summary>
    public int BatchSize { get; set; } = 500;
}
