namespace LocalCloud.Lambda;

public sealed class LambdaOptions
{
    /// <summary>The account's concurrency limit, shared by every function without reserved concurrency (AWS's
    /// default quota is 1,000).</summary>
    public int ConcurrentExecutions { get; set; } = 1000;

    /// <summary>How long a warm sandbox waits for its next invocation before it is stopped.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a runtime may take to start and ask for its first invocation (Lambda's init phase limit).</summary>
    public TimeSpan InitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a busy sandbox's resident memory is compared with its function's <c>MemorySize</c>.</summary>
    public TimeSpan MemorySampleInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
