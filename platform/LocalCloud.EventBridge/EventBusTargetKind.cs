using System.Text;
using LocalCloud.Core.Delivery;

namespace LocalCloud.EventBridge;

/// <summary>Delivers an event to another bus (a rule whose target is an event bus): the event, with a new
/// id, is routed there and its deliveries are handed back to the engine to record.</summary>
internal sealed class EventBusTargetKind : IDeliveryTargetKind
{
    private readonly EventBusRouter _router;

    public EventBusTargetKind(EventBusRouter router)
    {
        _router = router;
    }

    public string Kind => EventBridgeNames.EventBusKind;

    public ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        if (!EventBridgeNames.TryParseBusArn(delivery.TargetArn, out var bus))
        {
            return ValueTask.FromResult(DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"{delivery.TargetArn} is not an event bus ARN."));
        }

        if (!BusEvent.TryParse(Encoding.UTF8.GetBytes(delivery.Payload), out var envelope) || envelope is null)
        {
            return ValueTask.FromResult(DeliveryOutcome.Permanent(
                DeliveryErrorCodes.ErrorFromTarget,
                "The input sent to an event bus target must be an event with source, detail-type and an object detail."));
        }

        var forwarded = envelope with { Id = Guid.NewGuid().ToString(), ReplayName = null };
        var deliveries = _router.Route(bus, [forwarded], null);
        return ValueTask.FromResult(deliveries is null
            ? DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"Event bus {bus.Name} does not exist.")
            : DeliveryOutcome.DeliveredAndForwarded(deliveries));
    }
}
