using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Core.Delivery;

public sealed class DeliveryEngine : IAsyncDisposable
{
    public const string RetryAttemptsAttribute = "RETRY_ATTEMPTS";
    public const string ErrorCodeAttribute = "ERROR_CODE";
    public const string ErrorMessageAttribute = "ERROR_MESSAGE";
    public const string ExhaustedConditionAttribute = "EXHAUSTED_RETRY_CONDITION";
    public const string ExhaustedByAttempts = "MaximumRetryAttempts";
    public const string ExhaustedByAge = "MaximumEventAgeInSeconds";

    private readonly IDeliveryStore _store;
    private readonly Dictionary<string, IDeliveryTargetKind> _kinds;
    private readonly IDeadLetterSink? _deadLetters;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IDeliveryObserver? _observer;
    private readonly Channel<DeliveryRecord> _ready = Channel.CreateUnbounded<DeliveryRecord>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly PriorityQueue<DeliveryRecord, DateTimeOffset> _delayed = new();
    private readonly Lock _delayedLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _pending;
    private int _started;
    private int _disposed;

    public DeliveryEngine(
        IDeliveryStore store,
        IEnumerable<IDeliveryTargetKind> kinds,
        IDeadLetterSink? deadLetters,
        DeliveryOptions options,
        TimeProvider time,
        ILogger<DeliveryEngine> logger,
        IDeliveryObserver? observer = null)
    {
        _store = store;
        ArgumentNullException.ThrowIfNull(kinds);
        _kinds = new Dictionary<string, IDeliveryTargetKind>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            // A later registration of a kind replaces an earlier one (tests substitute targets this way).
            _kinds[kind.Kind] = kind;
        }
        _deadLetters = deadLetters;
        _options = options;
        _time = time;
        _logger = logger;
        _observer = observer;
    }

    public long PendingCount => Interlocked.Read(ref _pending);

    public bool HasKind(string kind) => _kinds.ContainsKey(kind);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        var pending = await _store.LoadPendingAsync(cancellationToken);
        foreach (var delivery in pending)
        {
            Interlocked.Increment(ref _pending);
            Schedule(delivery);
        }

        if (pending.Count > 0)
        {
            _logger.LogInformation("Resumed {Count} pending deliveries", pending.Count);
        }

        var token = _stopping.Token;
        _loops.Add(Task.Run(() => TimerLoopAsync(token), CancellationToken.None));
        for (var i = 0; i < Math.Max(1, _options.Concurrency); i++)
        {
            _loops.Add(Task.Run(() => WorkerLoopAsync(token), CancellationToken.None));
        }
    }

    public async Task EnqueueAsync(IReadOnlyList<DeliveryRecord> deliveries, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var delivery in deliveries)
        {
            if (delivery.NextAttemptAt == default)
            {
                delivery.NextAttemptAt = now;
            }
        }

        var toRecord = await AttemptBeforeAcknowledgingAsync(deliveries, cancellationToken);
        if (toRecord.Count == 0)
        {
            return;
        }

        await _store.AddAsync(toRecord, cancellationToken);
        Interlocked.Add(ref _pending, toRecord.Count);
        foreach (var delivery in toRecord)
        {
            Schedule(delivery);
        }
    }

    /// <summary>
    /// Makes the first attempt of every delivery whose target kind asks for it (a durable in-process target) and
    /// returns the deliveries still to be recorded as they are. A first attempt that fails is handled as any failed
    /// attempt: counted, then recorded with its backoff, or dead-lettered, before the event is acknowledged.
    /// </summary>
    private async Task<IReadOnlyList<DeliveryRecord>> AttemptBeforeAcknowledgingAsync(IReadOnlyList<DeliveryRecord> deliveries, CancellationToken cancellationToken)
    {
        List<(DeliveryRecord Delivery, Task<DeliveryOutcome> Attempt)>? attempts = null;
        List<DeliveryRecord>? toRecord = null;
        foreach (var delivery in deliveries)
        {
            if (_kinds.TryGetValue(delivery.TargetKind, out var kind) && kind.AttemptBeforeAcknowledging)
            {
                attempts ??= new(deliveries.Count);
                attempts.Add((delivery, AttemptAsync(delivery, cancellationToken)));
            }
            else
            {
                (toRecord ??= new(deliveries.Count)).Add(delivery);
            }
        }

        if (attempts is null)
        {
            return deliveries;
        }

        foreach (var (delivery, attempt) in attempts)
        {
            var outcome = await attempt;
            if (outcome.Kind != DeliveryOutcomeKind.Delivered)
            {
                Interlocked.Increment(ref _pending);
            }

            await AfterAttemptAsync(delivery, outcome, recorded: false, cancellationToken);
        }

        return toRecord ?? (IReadOnlyList<DeliveryRecord>)[];
    }

    internal TimeSpan ComputeBackoff(int attempts)
    {
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 30);
        var ceiling = Math.Min(_options.MaximumRetryDelay.TotalMilliseconds, _options.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    private void Schedule(DeliveryRecord delivery)
    {
        if (delivery.NextAttemptAt <= _time.GetUtcNow())
        {
            _ready.Writer.TryWrite(delivery);
            return;
        }

        TaskCompletionSource wake;
        lock (_delayedLock)
        {
            _delayed.Enqueue(delivery, delivery.NextAttemptAt);
            wake = _wake;
        }

        wake.TrySetResult();
    }

    private async Task TimerLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            Task wakeTask;
            lock (_delayedLock)
            {
                var now = _time.GetUtcNow();
                while (_delayed.TryPeek(out var next, out var due) && due <= now)
                {
                    _delayed.Dequeue();
                    _ready.Writer.TryWrite(next);
                }

                // Whole milliseconds, rounded up: Task.Delay truncates to milliseconds, and a remainder below one would arm a
                // zero-length timer again and again without the clock moving (a spin on a test's or a moved clock).
                wait = _delayed.TryPeek(out _, out var nextDue) ? TimeSpan.FromMilliseconds(Math.Ceiling((nextDue - now).TotalMilliseconds)) : Timeout.InfiniteTimeSpan;
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wakeTask = _wake.Task;
            }

            try
            {
                if (wait == Timeout.InfiniteTimeSpan)
                {
                    await wakeTask.WaitAsync(cancellationToken);
                }
                else
                {
                    await Task.WhenAny(wakeTask, Task.Delay(wait, _time, cancellationToken));
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WorkerLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var delivery in _ready.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await ProcessAsync(delivery, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "Delivery {DeliveryId} failed unexpectedly; retrying later", delivery.Id);
                    delivery.NextAttemptAt = _time.GetUtcNow() + _options.MaximumRetryDelay;
                    Schedule(delivery);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ProcessAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        var maximumAge = TimeSpan.FromSeconds(delivery.Policy.MaximumEventAgeInSeconds);
        if (delivery.Attempts > 0 && _time.GetUtcNow() - delivery.CreatedAt > maximumAge)
        {
            await DeadLetterAsync(delivery, delivery.LastErrorCode, delivery.LastErrorMessage, ExhaustedByAge, cancellationToken);
            return;
        }

        var outcome = await AttemptAsync(delivery, cancellationToken);
        await AfterAttemptAsync(delivery, outcome, recorded: true, cancellationToken);
    }

    private async Task<DeliveryOutcome> AttemptAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        if (!_kinds.TryGetValue(delivery.TargetKind, out var kind))
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"Target kind {delivery.TargetKind} is not available for {delivery.TargetArn}.");
        }

        try
        {
            return await kind.DeliverAsync(delivery, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // any failure of a target is a retryable delivery failure, reported through the retry path
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return DeliveryOutcome.Retry(DeliveryErrorCodes.InternalError, ex.Message);
        }
    }

    /// <summary>
    /// Counts an attempt and acts on its outcome: done, dead-lettered, or retried later. <paramref name="recorded"/>
    /// says whether the delivery is already in the store (false for a first attempt made before acknowledging).
    /// </summary>
    private async Task AfterAttemptAsync(DeliveryRecord delivery, DeliveryOutcome outcome, bool recorded, CancellationToken cancellationToken)
    {
        delivery.Attempts++;
        switch (outcome.Kind)
        {
            case DeliveryOutcomeKind.Delivered:
                if (outcome.Forwarded is { Count: > 0 } forwarded)
                {
                    await EnqueueAsync(forwarded, cancellationToken);
                }

                if (recorded)
                {
                    Complete(delivery);
                }

                Publish(new DeliveryEvent(DeliveryEventKind.Delivered, delivery, null, null, null, null));
                return;
            case DeliveryOutcomeKind.PermanentFailure:
                await DeadLetterAsync(delivery, outcome.ErrorCode, outcome.ErrorMessage, null, cancellationToken);
                return;
        }

        delivery.LastErrorCode = outcome.ErrorCode;
        delivery.LastErrorMessage = outcome.ErrorMessage;
        if (delivery.Attempts - 1 >= delivery.Policy.MaximumRetryAttempts)
        {
            await DeadLetterAsync(delivery, outcome.ErrorCode, outcome.ErrorMessage, ExhaustedByAttempts, cancellationToken);
            return;
        }

        var delay = outcome.RetryAfter ?? ComputeBackoff(delivery.Attempts);
        var next = _time.GetUtcNow() + delay;
        if (next - delivery.CreatedAt > TimeSpan.FromSeconds(delivery.Policy.MaximumEventAgeInSeconds))
        {
            await DeadLetterAsync(delivery, outcome.ErrorCode, outcome.ErrorMessage, ExhaustedByAge, cancellationToken);
            return;
        }

        delivery.NextAttemptAt = next;
        if (recorded)
        {
            await _store.RescheduleAsync(delivery, cancellationToken);
        }
        else
        {
            await _store.AddAsync([delivery], cancellationToken);
        }

        Publish(new DeliveryEvent(DeliveryEventKind.RetryScheduled, delivery, outcome.ErrorCode, outcome.ErrorMessage, delay, null));
        Schedule(delivery);
    }

    private async Task DeadLetterAsync(
        DeliveryRecord delivery,
        string? errorCode,
        string? errorMessage,
        string? exhaustedCondition,
        CancellationToken cancellationToken)
    {
        if (delivery.DeadLetterArn is null || _deadLetters is null)
        {
            Complete(delivery);
            Publish(new DeliveryEvent(DeliveryEventKind.Dropped, delivery, errorCode, errorMessage, null, exhaustedCondition));
            return;
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in delivery.Metadata)
        {
            if (!key.Contains(':', StringComparison.Ordinal))
            {
                attributes[key] = value;
            }
        }

        attributes[ErrorCodeAttribute] = errorCode ?? DeliveryErrorCodes.InternalError;
        attributes[ErrorMessageAttribute] = string.IsNullOrEmpty(errorMessage) ? "Delivery failed." : errorMessage;
        attributes[RetryAttemptsAttribute] = Math.Max(0, delivery.Attempts - 1).ToString(CultureInfo.InvariantCulture);
        if (exhaustedCondition is not null)
        {
            attributes[ExhaustedConditionAttribute] = exhaustedCondition;
        }

        var result = await _deadLetters.SendAsync(delivery.DeadLetterArn, delivery.DeadLetterBody ?? delivery.Payload, attributes, cancellationToken);
        if (result.Kind != DeliveryOutcomeKind.Delivered)
        {
            _logger.LogWarning(
                "Dead-letter queue {DeadLetterArn} refused delivery {DeliveryId}: {ErrorCode} {ErrorMessage}",
                delivery.DeadLetterArn,
                delivery.Id,
                result.ErrorCode,
                result.ErrorMessage);
            Complete(delivery);
            Publish(new DeliveryEvent(DeliveryEventKind.Dropped, delivery, errorCode, errorMessage, null, exhaustedCondition));
            return;
        }

        Complete(delivery);
        Publish(new DeliveryEvent(DeliveryEventKind.DeadLettered, delivery, errorCode, errorMessage, null, exhaustedCondition));
    }

    private void Complete(DeliveryRecord delivery)
    {
        Interlocked.Decrement(ref _pending);
        _ = CompleteInStoreAsync(delivery.Id);
    }

    private async Task CompleteInStoreAsync(string id)
    {
        try
        {
            await _store.CompleteAsync(id, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not mark delivery {DeliveryId} complete; it may be delivered again after a restart", id);
        }
    }

    private void Publish(DeliveryEvent deliveryEvent)
    {
        if (_observer is null)
        {
            return;
        }

        try
        {
            _observer.OnDeliveryEvent(deliveryEvent);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Delivery observer failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _ready.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }
}
