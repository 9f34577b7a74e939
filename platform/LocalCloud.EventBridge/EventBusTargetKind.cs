using System.Text;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;

namespace LocalCloud.EventBridge;

internal sealed class EventBusTargetKind : IDeliveryTargetKind
{
    private readonly Lazy<IEventBusIngress> _ingress;

    public EventBusTargetKind(Func<IEventBusIngress> ingress)
    {
        _ingress = new Lazy<IEventBusIngress>(ingress);
    }

    public string Kind => EventBridgeNames.EventBusKind;

    public async ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        if (!Arn.TryParse(delivery.TargetArn, out var arn) || !arn.Resource.StartsWith("event-bus/", StringComparison.Ordinal))
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"{delivery.TargetArn} is not an event bus ARN.");
        }

        if (!EventEnvelope.TryParse(Encoding.UTF8.GetBytes(delivery.Payload), out var envelope) || envelope is null)
        {
            return DeliveryOutcome.Permanent(
                DeliveryErrorCodes.ErrorFromTarget,
                "The input sent to an event bus target must be an event with source, detail-type and an object detail.");
        }

        var bus = arn.Resource["event-bus/".Length..];
        var forwarded = envelope with { Id = Guid.NewGuid().ToString(), ReplayName = null };
        var result = await _ingress.Value.PutAsync(bus, [forwarded], null, cancellationToken);
        return result.BusExists
            ? DeliveryOutcome.Delivered
            : DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"Event bus {bus} does not exist.");
    }
}
