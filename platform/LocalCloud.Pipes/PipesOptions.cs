namespace LocalCloud.Pipes;

/// <summary>How pipes pace themselves: retries of a failed batch back off from <see cref="RetryBaseDelay"/>,
/// doubling up to <see cref="MaximumRetryDelay"/>; an unexpected failure of the source waits <see cref="ErrorDelay"/>.
/// Tests make these short.</summary>
public sealed class PipesOptions
{
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ErrorDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one receive of an SQS source waits for a message (a long poll woken on send).</summary>
    public TimeSpan QueueWait { get; set; } = TimeSpan.FromSeconds(20);
}
