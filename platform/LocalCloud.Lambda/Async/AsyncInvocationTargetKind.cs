using System.Globalization;
using System.Text;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Targets;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Lambda.Async;

/// <summary>
/// Processes one asynchronous event as Lambda does: invokes the function (keeping the event's request id), retries
/// function errors after Lambda's delays up to the configuration's retry attempts while the event is younger than its
/// maximum age, retries throttles and service errors with backoff up to that age without counting them, and then
/// hands the outcome on as forwarded deliveries: the record to the <c>OnSuccess</c> or <c>OnFailure</c>
/// destination, and a failed event to the function's dead-letter queue.
/// </summary>
internal sealed class AsyncInvocationTargetKind(
    LambdaFunctions functions,
    AsyncInvocationStore store,
    LambdaAsyncOptions options,
    TimeProvider time,
    ILogger<AsyncInvocationTargetKind> logger,
    ActivityFeed? activity = null) : IDeliveryTargetKind
{
    public const string EventBusKind = "events:event-bus";

    public string Kind => AsyncInvocations.KindName;

    public async ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (functions.Port is not { } port)
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, "Lambda functions are not available in this local cloud.");
        }

        var reference = FunctionReference.FromArn(delivery.TargetArn);
        var requestId = delivery.Metadata.TryGetValue(AsyncInvocations.RequestIdMetadata, out var id) ? id : delivery.Id;
        var function = port.Describe(delivery.TargetArn);
        var progress = store.GetProgress(delivery.Id);
        if (function is null)
        {
            return await DropAsync(delivery, progress, requestId, $"Function not found: {delivery.TargetArn}");
        }

        var config = store.Get(reference.FunctionArn, reference.EffectiveQualifier);
        var maximumAge = config?.MaximumEventAge ?? TimeSpan.FromSeconds(EventInvokeConfig.DefaultMaximumEventAgeInSeconds);
        var attempt = new Attempt(delivery, function, reference, config, requestId, progress, progress);
        if (time.GetUtcNow() - delivery.CreatedAt >= maximumAge)
        {
            return await FailAsync(attempt, InvocationCondition.EventAgeExceeded);
        }

        FunctionResult result;
        try
        {
            result = await port.InvokeAsync(
                delivery.TargetArn,
                Encoding.UTF8.GetBytes(delivery.Payload),
                new FunctionInvokeOptions { RequestId = requestId, Caller = "lambda-async" },
                cancellationToken);
        }
        catch (ServiceException ex) when (ex.StatusCode == 404)
        {
            return await DropAsync(delivery, progress, requestId, ex.Message);
        }
        catch (ServiceException ex) when (ex.StatusCode is 429 or >= 500)
        {
            var throttles = Math.Max(0, delivery.Attempts - progress.InvokeCount);
            var delay = options.ThrottleDelay(throttles);
            if (time.GetUtcNow() + delay - delivery.CreatedAt >= maximumAge)
            {
                return await FailAsync(attempt, InvocationCondition.EventAgeExceeded);
            }

            var code = ex.StatusCode == 429 ? DeliveryErrorCodes.Throttling : DeliveryErrorCodes.InternalError;
            Publish("async.throttled", $"{reference.QualifiedArn} {requestId}: {ex.Code}; retry in {delay.TotalSeconds:0.###}s", reference, requestId);
            return DeliveryOutcome.Retry(code, $"{ex.Code}: {ex.Message}", delay);
        }
        catch (ServiceException ex)
        {
            return await DropAsync(delivery, progress, requestId, $"{ex.Code}: {ex.Message}");
        }

        var invoked = attempt with
        {
            Progress = new AsyncProgress(progress.InvokeCount + 1, Encoding.UTF8.GetString(result.Payload.Span), result.ExecutedVersion),
            FunctionError = result.FunctionError,
        };
        if (result.Succeeded)
        {
            return await SucceedAsync(invoked);
        }

        var retriesUsed = invoked.Progress.InvokeCount - 1;
        if (retriesUsed >= (config?.RetryAttempts ?? EventInvokeConfig.DefaultMaximumRetryAttempts))
        {
            return await FailAsync(invoked, InvocationCondition.RetriesExhausted);
        }

        var retryIn = options.RetryDelay(retriesUsed);
        var elapsed = TimeSpan.FromSeconds(Math.Ceiling((time.GetUtcNow() - delivery.CreatedAt).TotalSeconds));
        if (elapsed + retryIn >= maximumAge)
        {
            return await FailAsync(invoked, InvocationCondition.EventAgeExceeded);
        }

        await store.SaveProgressAsync(delivery.Id, invoked.Progress);
        var message = InvocationRecord.ErrorMessage(invoked.Progress.LastResponse);
        Publish("async.retry", $"{reference.QualifiedArn} {requestId} failed ({result.FunctionError}: {message}); retry {retriesUsed + 1} in {retryIn.TotalSeconds:0.###}s", reference, requestId);
        return DeliveryOutcome.Retry(DeliveryErrorCodes.ErrorFromTarget, $"{result.FunctionError}: {message}", retryIn);
    }

    private async Task<DeliveryOutcome> SucceedAsync(Attempt attempt)
    {
        await ForgetAsync(attempt.Delivery.Id, attempt.Stored);
        Publish("async.succeeded", $"{attempt.Reference.QualifiedArn} {attempt.RequestId} succeeded (invocation {attempt.Progress.InvokeCount})", attempt.Reference, attempt.RequestId);
        if (attempt.Config?.OnSuccess is not { Length: > 0 } destination)
        {
            return DeliveryOutcome.Delivered;
        }

        return DeliveryOutcome.DeliveredAndForwarded([ToDestination(destination, Record(attempt, InvocationCondition.Success), attempt)]);
    }

    private async Task<DeliveryOutcome> FailAsync(Attempt attempt, string condition)
    {
        await ForgetAsync(attempt.Delivery.Id, attempt.Stored);
        var forwarded = new List<DeliveryRecord>(2);
        if (attempt.Config?.OnFailure is { Length: > 0 } destination)
        {
            forwarded.Add(ToDestination(destination, Record(attempt, condition), attempt));
        }

        if (attempt.Function.DeadLetterTargetArn is { Length: > 0 } deadLetter)
        {
            forwarded.Add(ToDeadLetterQueue(deadLetter, attempt));
        }

        Publish(
            "async.failed",
            $"{attempt.Reference.QualifiedArn} {attempt.RequestId}: {condition} after {attempt.Progress.InvokeCount} invocation(s)"
                + (forwarded.Count == 0 ? "; discarded" : $"; sent to {string.Join(", ", forwarded.Select(f => f.TargetArn))}"),
            attempt.Reference,
            attempt.RequestId);
        return forwarded.Count == 0 ? DeliveryOutcome.Delivered : DeliveryOutcome.DeliveredAndForwarded(forwarded);
    }

    private async Task<DeliveryOutcome> DropAsync(DeliveryRecord delivery, AsyncProgress progress, string requestId, string reason)
    {
        await ForgetAsync(delivery.Id, progress);
        logger.LogWarning("Asynchronous event {RequestId} for {FunctionArn} is discarded: {Reason}", requestId, delivery.TargetArn, reason);
        return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, reason);
    }

    private Task ForgetAsync(string deliveryId, AsyncProgress stored) =>
        stored.InvokeCount > 0 ? store.ForgetProgressAsync(deliveryId) : Task.CompletedTask;

    private InvocationRecord Record(Attempt attempt, string condition) => new(
        time.GetUtcNow(),
        attempt.RequestId,
        attempt.Reference.QualifiedArn,
        condition,
        attempt.Progress.InvokeCount,
        attempt.Delivery.Payload,
        attempt.Progress.InvokeCount > 0 ? attempt.Progress.LastExecutedVersion ?? attempt.Reference.EffectiveQualifier : null,
        condition == InvocationCondition.Success ? null : attempt.FunctionError ?? "Unhandled",
        attempt.Progress.LastResponse);

    private DeliveryRecord ToDestination(string destinationArn, InvocationRecord record, Attempt attempt)
    {
        var service = ServiceOf(destinationArn);
        var now = time.GetUtcNow();
        var origin = $"lambda:{attempt.Function.FunctionName}/{(record.IsSuccess ? "OnSuccess" : "OnFailure")}";
        if (service == "lambda")
        {
            return AsyncInvocations.CreateDelivery(destinationArn, record.ToJson(), Guid.NewGuid().ToString(), now, origin);
        }

        var (kind, payload) = service switch
        {
            "events" => (EventBusKind, record.ToBusEventJson(destinationArn, attempt.Function.Account, attempt.Function.Region)),
            "sqs" => (QueueTargetKind.KindName, record.ToJson()),
            _ => (service, record.ToJson()),
        };
        return new DeliveryRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            TargetKind = kind,
            TargetArn = destinationArn,
            Payload = payload,
            Policy = DeliveryPolicy.Default,
            CreatedAt = now,
            Origin = origin,
        };
    }

    private DeliveryRecord ToDeadLetterQueue(string deadLetterArn, Attempt attempt)
    {
        var message = InvocationRecord.ErrorMessage(attempt.Progress.LastResponse);
        var metadata = new Dictionary<string, string>(
        [
            QueueTargetKind.MessageAttribute("RequestID", "String", attempt.RequestId),
            QueueTargetKind.MessageAttribute("ErrorCode", "Number", (attempt.Progress.InvokeCount > 0 ? 200 : 429).ToString(CultureInfo.InvariantCulture)),
            QueueTargetKind.MessageAttribute("ErrorMessage", "String", message.Length > 0 ? message : attempt.FunctionError ?? "Unhandled"),
        ],
        StringComparer.Ordinal);
        return new DeliveryRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            TargetKind = ServiceOf(deadLetterArn),
            TargetArn = deadLetterArn,
            Payload = attempt.Delivery.Payload,
            Policy = DeliveryPolicy.Default,
            Metadata = metadata,
            CreatedAt = time.GetUtcNow(),
            Origin = $"lambda:{attempt.Function.FunctionName}/DeadLetterConfig",
        };
    }

    private static string ServiceOf(string arn) => Arn.TryParse(arn, out var parsed) ? parsed.Service : "unknown";

    private void Publish(string kind, string summary, FunctionReference reference, string requestId) =>
        activity?.Publish("lambda", kind, summary, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["function"] = reference.QualifiedArn,
            ["requestId"] = requestId,
        });

    private sealed record Attempt(
        DeliveryRecord Delivery,
        FunctionDescription Function,
        FunctionReference Reference,
        EventInvokeConfig? Config,
        string RequestId,
        AsyncProgress Stored,
        AsyncProgress Progress)
    {
        public string? FunctionError { get; init; }
    }
}
