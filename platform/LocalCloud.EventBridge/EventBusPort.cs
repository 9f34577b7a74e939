using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.EventBridge.Wire;

namespace LocalCloud.EventBridge;

/// <summary><see cref="IEventBusPort"/> over the service's own <c>PutEvents</c>, so Pipes and Scheduler targets
/// get exactly the API's validation and routing.</summary>
internal sealed class EventBusPort(EventBridgeService service, EventBridgeState state) : IEventBusPort
{
    public bool Exists(ResourceScope scope, string eventBusNameOrArn)
    {
        try
        {
            return state.FindBus(EventBridgeNames.ResolveBus(scope, eventBusNameOrArn)) is not null;
        }
        catch (ServiceException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<EventBusPutResult>> PutEventsAsync(ResourceScope scope, IReadOnlyList<EventBusEntry> entries, CancellationToken cancellationToken)
    {
        var dtos = entries.Select(e => new PutEventsEntryDto
        {
            Source = e.Source,
            DetailType = e.DetailType,
            Detail = e.Detail,
            EventBusName = e.EventBusName,
            Resources = e.Resources?.ToList(),
            Time = e.Time is { } time ? time.ToUnixTimeMilliseconds() / 1000.0 : null,
            TraceHeader = e.TraceHeader,
        }).ToList();
        var results = await service.PutEntriesAsync(dtos, scope, cancellationToken);
        return results.Select(r => new EventBusPutResult(r.EventId, r.ErrorCode, r.ErrorMessage)).ToList();
    }
}
