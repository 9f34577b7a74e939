namespace LocalCloud.Lambda.Async;

/// <summary>Timings of Lambda's asynchronous invocation. The defaults are Lambda's; tests shorten them.</summary>
public sealed class LambdaAsyncOptions
{
    /// <summary>The wait before each retry after a function error: about one minute, then two.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; set; } = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];

    /// <summary>The first wait after a throttle or a service error; it doubles on each one, up to <see cref="MaximumThrottleDelay"/>.</summary>
    public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumThrottleDelay { get; set; } = TimeSpan.FromMinutes(5);

    internal TimeSpan RetryDelay(int retry) =>
        RetryDelays.Count == 0 ? TimeSpan.Zero : RetryDelays[Math.Clamp(retry, 0, RetryDelays.Count - 1)];

    internal TimeSpan ThrottleDelay(int throttles)
    {
        var exponent = Math.Clamp(throttles, 0, 30);
        var delay = ThrottleBaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaximumThrottleDelay.TotalMilliseconds));
    }
}
