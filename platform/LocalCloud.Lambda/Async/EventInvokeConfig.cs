namespace LocalCloud.Lambda.Async;

/// <summary>A function's (or version's, or alias's) asynchronous invocation configuration; unset values take
/// Lambda's defaults when an event is processed.</summary>
internal sealed record EventInvokeConfig(
    string FunctionArn,
    string Qualifier,
    int? MaximumRetryAttempts,
    int? MaximumEventAgeInSeconds,
    string? OnSuccess,
    string? OnFailure,
    DateTimeOffset LastModified)
{
    public const int DefaultMaximumRetryAttempts = 2;
    public const int DefaultMaximumEventAgeInSeconds = 21_600;

    public string QualifiedArn => FunctionArn + ":" + Qualifier;

    public int RetryAttempts => MaximumRetryAttempts ?? DefaultMaximumRetryAttempts;

    public TimeSpan MaximumEventAge => TimeSpan.FromSeconds(MaximumEventAgeInSeconds ?? DefaultMaximumEventAgeInSeconds);
}

/// <summary>How far an asynchronous event has come: how often the function ran, and its last error response.</summary>
internal sealed record AsyncProgress(int InvokeCount, string? LastResponse, string? LastExecutedVersion)
{
    public static AsyncProgress None { get; } = new(0, null, null);
}
