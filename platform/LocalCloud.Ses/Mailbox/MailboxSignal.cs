namespace LocalCloud.Ses.Mailbox;

/// <summary>Wakes the readers that wait for new mail (<c>localcloud mail --follow</c>, long-polling tests).</summary>
internal sealed class MailboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Notify"/>; take it before reading, then wait on it.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
