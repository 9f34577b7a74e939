namespace LocalCloud.Core.Delivery;

public sealed record DeliveryPolicy(int MaximumRetryAttempts, int MaximumEventAgeInSeconds)
{
    public const int DefaultMaximumRetryAttempts = 185;
    public const int DefaultMaximumEventAgeInSeconds = 86_400;

    public static DeliveryPolicy Default { get; } = new(DefaultMaximumRetryAttempts, DefaultMaximumEventAgeInSeconds);
}

public sealed class DeliveryRecord
{
    public required string Id { get; init; }
    public required string TargetKind { get; init; }
    public required string TargetArn { get; init; }
    public required string Payload { get; init; }
    public required DeliveryPolicy Policy { get; init; }
    public string? DeadLetterArn { get; init; }
    public string? DeadLetterBody { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;
    public required DateTimeOffset CreatedAt { get; init; }
    public string? Origin { get; init; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastErrorCode { get; set; }
    public string? LastErrorMessage { get; set; }

    internal static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();
}

public enum DeliveryOutcomeKind
{
    Delivered,
    RetryableFailure,
    PermanentFailure,
}

public readonly record struct DeliveryOutcome(DeliveryOutcomeKind Kind, string? ErrorCode, string? ErrorMessage)
{
    public static DeliveryOutcome Delivered { get; } = new(DeliveryOutcomeKind.Delivered, null, null);

    /// <summary>Deliveries the target passes on (a bus that routes the event to its own rules' targets): the
    /// engine records them before it counts this delivery as done, so nothing is lost in between.</summary>
    public IReadOnlyList<DeliveryRecord>? Forwarded { get; init; }

    /// <summary>For a retryable failure, when to try again instead of the engine's backoff (a target with its own
    /// retry schedule, such as Lambda's asynchronous invocation). The delivery's policy still applies.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static DeliveryOutcome DeliveredAndForwarded(IReadOnlyList<DeliveryRecord> forwarded) => Delivered with { Forwarded = forwarded };

    public static DeliveryOutcome Retry(string errorCode, string message) => new(DeliveryOutcomeKind.RetryableFailure, errorCode, message);

    public static DeliveryOutcome Retry(string errorCode, string message, TimeSpan retryAfter) =>
        Retry(errorCode, message) with { RetryAfter = retryAfter };

    public static DeliveryOutcome Permanent(string errorCode, string message) => new(DeliveryOutcomeKind.PermanentFailure, errorCode, message);
}

public static class DeliveryErrorCodes
{
    public const string ConnectionFailure = "CONNECTION_FAILURE";
    public const string ErrorFromTarget = "ERROR_FROM_TARGET";
    public const string NoPermissions = "NO_PERMISSIONS";
    public const string NoResource = "NO_RESOURCE";
    public const string Throttling = "THROTTLING";
    public const string InternalError = "INTERNAL_ERROR";
}

public interface IDeliveryTargetKind
{
    string Kind { get; }

    /// <summary>
    /// True for targets that live in this process and write durably on their own (an SQS queue): their first
    /// attempt is made before the event is acknowledged, and only a delivery that does not succeed at once is
    /// recorded for retries. A remote target must leave this false so that PutEvents never waits on it.
    /// </summary>
    bool AttemptBeforeAcknowledging => false;

    ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken);
}

public interface IDeadLetterSink
{
    ValueTask<DeliveryOutcome> SendAsync(
        string deadLetterArn,
        string body,
        IReadOnlyDictionary<string, string> attributes,
        CancellationToken cancellationToken);
}

public interface IDeliveryStore
{
    Task AddAsync(IReadOnlyList<DeliveryRecord> deliveries, CancellationToken cancellationToken);

    Task RescheduleAsync(DeliveryRecord delivery, CancellationToken cancellationToken);

    Task CompleteAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryRecord>> LoadPendingAsync(CancellationToken cancellationToken);
}

public enum DeliveryEventKind
{
    Delivered,
    RetryScheduled,
    DeadLettered,
    Dropped,
}

public sealed record DeliveryEvent(
    DeliveryEventKind Kind,
    DeliveryRecord Delivery,
    string? ErrorCode,
    string? ErrorMessage,
    TimeSpan? RetryIn,
    string? ExhaustedCondition);

public interface IDeliveryObserver
{
    void OnDeliveryEvent(DeliveryEvent deliveryEvent);
}

public sealed class DeliveryOptions
{
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumRetryDelay { get; set; } = TimeSpan.FromMinutes(3);

    public int Concurrency { get; set; } = 64;
}
