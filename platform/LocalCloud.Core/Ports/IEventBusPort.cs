using LocalCloud.Core.Hosting;

namespace LocalCloud.Core.Ports;

/// <summary>
/// The event buses of this local cloud, as other services reach them in process (Pipes and Scheduler targets).
/// Implemented by the EventBridge service with <c>PutEvents</c>' own rules: each entry is validated as
/// <c>PutEvents</c> validates it, and a rejected entry is a failed result, not an exception.
/// </summary>
public interface IEventBusPort
{
    /// <summary>Whether the bus (a name in <paramref name="scope"/>, or an ARN) exists.</summary>
    bool Exists(ResourceScope scope, string eventBusNameOrArn);

    /// <summary>
    /// Puts 1 to 10 entries as <c>PutEvents</c> in <paramref name="scope"/> would; the results are in entry order.
    /// Throws <see cref="ServiceException"/> for what fails the whole call (<c>ValidationException</c> for an empty or
    /// oversized batch).
    /// </summary>
    Task<IReadOnlyList<EventBusPutResult>> PutEventsAsync(ResourceScope scope, IReadOnlyList<EventBusEntry> entries, CancellationToken cancellationToken);
}

/// <summary>A <c>PutEvents</c> entry. <see cref="EventBusName"/> is a name or an ARN (<c>default</c> when null);
/// <see cref="Detail"/> is the JSON text of an object.</summary>
public sealed record EventBusEntry(string Source, string DetailType, string Detail)
{
    public string? EventBusName { get; init; }

    public IReadOnlyList<string>? Resources { get; init; }

    public DateTimeOffset? Time { get; init; }

    public string? TraceHeader { get; init; }
}

/// <summary>An entry's result: its event id, or <c>PutEvents</c>' error code and message.</summary>
public sealed record EventBusPutResult(string? EventId, string? ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => EventId is not null;
}
