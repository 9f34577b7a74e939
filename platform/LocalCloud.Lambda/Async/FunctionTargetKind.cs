using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Lambda.Async;

/// <summary>
/// The delivery kind <c>lambda</c> for targets that are functions (EventBridge rules, later schedules and pipes): the
/// delivery is Lambda accepting the asynchronous invocation, which is handed on as a <c>lambda-async</c> delivery
/// and from then on follows the function's own retries and destinations. A missing function is <c>NO_RESOURCE</c>;
/// a rule whose function's resource policy does not let <c>events.amazonaws.com</c> invoke it from the rule is
/// <c>NO_PERMISSIONS</c>; neither is retried.
/// </summary>
internal sealed class FunctionTargetKind(LambdaFunctions functions, TimeProvider time) : IDeliveryTargetKind
{
    public const string KindName = "lambda";
    public const string RuleArnMetadata = "RULE_ARN";
    public const string EventsPrincipal = "events.amazonaws.com";

    public string Kind => KindName;

    public ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return ValueTask.FromResult(Deliver(delivery));
    }

    private DeliveryOutcome Deliver(DeliveryRecord delivery)
    {
        if (functions.Port is not { } port)
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, "Lambda functions are not available in this local cloud.");
        }

        var function = port.Describe(delivery.TargetArn);
        if (function is null)
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"Function not found: {delivery.TargetArn}");
        }

        if (delivery.Metadata.TryGetValue(RuleArnMetadata, out var ruleArn))
        {
            var account = Arn.TryParse(ruleArn, out var rule) ? rule.AccountId : null;
            if (!port.IsInvokeAllowed(delivery.TargetArn, EventsPrincipal, ruleArn, account))
            {
                return DeliveryOutcome.Permanent(
                    DeliveryErrorCodes.NoPermissions,
                    $"The resource-based policy of {delivery.TargetArn} does not allow {EventsPrincipal} to invoke it from {ruleArn}.");
            }
        }

        var accepted = AsyncInvocations.CreateDelivery(
            delivery.TargetArn,
            delivery.Payload,
            Guid.NewGuid().ToString(),
            time.GetUtcNow(),
            delivery.Origin ?? KindName);
        return DeliveryOutcome.DeliveredAndForwarded([accepted]);
    }
}
