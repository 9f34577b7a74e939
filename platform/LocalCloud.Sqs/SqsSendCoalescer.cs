using LocalCloud.Core.Storage;
using LocalCloud.Sqs.Model;

namespace LocalCloud.Sqs;

/// <summary>
/// Group commit for in-process sends (<see cref="Core.Ports.IQueuePort.SendAsync"/>): sends that arrive while a
/// write is under way wait and go into the next one as a single multi-row insert. EventBridge delivers each
/// matched event to an SQS target as its own send; writing them one transaction each caps PutEvents→SQS at the
/// store's commit rate, and coalescing them is what lets it reach about 11,000 entries/s (BENCHMARKS.md). Each
/// caller still returns only once its own message is durable, and a row that fails fails only its own caller.
/// </summary>
internal sealed class SqsSendCoalescer(SqliteStore store, Action<SqsQueue, IReadOnlyList<NewMessage>> afterSend)
{
    private const int MaxFlushers = 4;

    private readonly Lock _lock = new();
    private List<PendingSend> _pending = [];
    private int _flushers;

    /// <summary>Completes when <paramref name="message"/> is stored and <c>afterSend</c> has run for it.</summary>
    public Task SendAsync(SqsQueue queue, NewMessage message, CancellationToken cancellationToken)
    {
        var send = new PendingSend(queue, message, cancellationToken);
        bool startFlush;
        lock (_lock)
        {
            _pending.Add(send);
            startFlush = _flushers < MaxFlushers;
            if (startFlush)
            {
                _flushers++;
            }
        }

        if (startFlush)
        {
            _ = Task.Run(FlushAsync, CancellationToken.None);
        }

        return send.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<PendingSend> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _flushers--;
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            await WriteAsync(batch);
        }
    }

    private async Task WriteAsync(List<PendingSend> batch)
    {
        var live = new List<PendingSend>(batch.Count);
        foreach (var send in batch)
        {
            if (send.CancellationToken.IsCancellationRequested)
            {
                send.Completion.TrySetCanceled(send.CancellationToken);
            }
            else
            {
                live.Add(send);
            }
        }

        if (live.Count == 0)
        {
            return;
        }

        try
        {
            var messages = live.ConvertAll(s => s.Message);
            var errors = await store.WriteAsync(c => SqsStore.InsertMessages(c, messages));
            var sent = new List<PendingSend>(live.Count);
            for (var i = 0; i < live.Count; i++)
            {
                if (errors?[i] is { } error)
                {
                    live[i].Completion.TrySetException(error);
                }
                else
                {
                    sent.Add(live[i]);
                }
            }

            foreach (var group in sent.GroupBy(s => s.Queue.Arn, StringComparer.Ordinal))
            {
                afterSend(group.First().Queue, [.. group.Select(s => s.Message)]);
            }

            foreach (var send in sent)
            {
                send.Completion.TrySetResult();
            }
        }
#pragma warning disable CA1031 // the failure is handed to every caller whose message was in this write
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var send in live)
            {
                send.Completion.TrySetException(ex);
            }
        }
    }

    private sealed class PendingSend(SqsQueue queue, NewMessage message, CancellationToken cancellationToken)
    {
        public SqsQueue Queue { get; } = queue;

        public NewMessage Message { get; } = message;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
