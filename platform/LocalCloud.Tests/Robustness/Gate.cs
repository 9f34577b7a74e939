namespace LocalCloud.Tests.Robustness;

/// <summary>Runs a request while holding a slot of a semaphore, so fuzzing stays bounded in concurrency.</summary>
internal static class Gate
{
    public static async Task RunAsync(SemaphoreSlim gate, Func<Task> action)
    {
        await gate.WaitAsync();
        try
        {
            await action();
        }
        finally
        {
            gate.Release();
        }
    }
}
