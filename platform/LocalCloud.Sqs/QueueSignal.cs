namespace LocalCloud.Sqs;

/// <summary>
/// The long-polling receivers of one queue. New messages wake one receiver, not all of them: the woken receiver
/// makes a receive attempt and passes the wake-up on when it took a full batch (more may be left) or returns
/// without using it, so no wake-up is lost and a few messages do not stampede every idle receiver.
/// </summary>
internal sealed class QueueSignal
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();

    public Waiter Register()
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            return new Waiter(this, _waiters.AddLast(completion));
        }
    }

    public void Pulse()
    {
        lock (_gate)
        {
            while (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                if (first.Value.TrySetResult())
                {
                    return;
                }
            }
        }
    }

    public void PulseAll()
    {
        lock (_gate)
        {
            foreach (var waiter in _waiters)
            {
                waiter.TrySetResult();
            }

            _waiters.Clear();
        }
    }

    private void Remove(LinkedListNode<TaskCompletionSource> node)
    {
        lock (_gate)
        {
            if (node.List is not null)
            {
                _waiters.Remove(node);
            }
        }
    }

    public readonly struct Waiter(QueueSignal signal, LinkedListNode<TaskCompletionSource> node) : IDisposable
    {
        public Task Task => node.Value.Task;

        public bool Woken => node.Value.Task.IsCompleted;

        public void Dispose() => signal.Remove(node);
    }
}
