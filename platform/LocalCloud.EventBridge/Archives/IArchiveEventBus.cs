
using LocalCloud.EventBridge.Model;

namespace LocalCloud.EventBridge.Archives;

/// <summary>What archives and replays need from the EventBridge buses and rules.</summary>
internal interface IArchiveEventBus
{
    bool BusExists(BusId bus);

    /// <summary>Creates or updates the archive's managed rule, whose target is the archive. Throws
    /// an <c>ServiceException</c> (InvalidEventPatternException) for a pattern the engine rejects.</summary>
    Task PutManagedRuleAsync(BusId bus, string ruleName, string eventPattern, string archiveArn, CancellationToken cancellationToken);

    Task DeleteManagedRuleAsync(BusId bus, string ruleName, CancellationToken cancellationToken);

    /// <summary>Puts archived events back on their bus with <c>replay-name</c> set, delivered only to
    /// the rules in <paramref name="filterRuleArns"/> when it is not null. Returns when the events are
    /// recorded durably for delivery.</summary>
    Task ReplayAsync(BusId bus, IReadOnlyList<string> events, string replayName, IReadOnlyList<string>? filterRuleArns, CancellationToken cancellationToken);
}
