using System.Text;
using EventPatterns;
using LocalCloud.Core.Delivery;
using LocalCloud.EventBridge.Model;

namespace LocalCloud.EventBridge.Archives;

/// <summary>Archives and replays on top of the EventBridge state, router and delivery engine.</summary>
internal sealed class EventBridgeArchiveBus : IArchiveEventBus
{
    public const string ManagedBy = "prod.vhs.events.aws.internal";

    private readonly EventBridgeState _state;
    private readonly EventBusRouter _router;
    private readonly DeliveryEngine _engine;

    public EventBridgeArchiveBus(EventBridgeState state, EventBusRouter router, DeliveryEngine engine)
    {
        _state = state;
        _router = router;
        _engine = engine;
    }

    public bool BusExists(BusId bus) => _state.FindBus(bus) is not null;

    public Task PutManagedRuleAsync(BusId bus, string ruleName, string eventPattern, string archiveArn, CancellationToken cancellationToken)
    {
        if (!EventPattern.TryValidate(eventPattern, out var error))
        {
            throw EventBridgeErrors.InvalidEventPattern(error);
        }

        var existing = _state.FindBus(bus)?.Rules.GetValueOrDefault(ruleName);
        if (existing is not null)
        {
            return _state.UpdateRule(bus, ruleName, rule => rule.EventPattern = eventPattern);
        }

        return _state.SaveRule(new StoredRule
        {
            AccountId = bus.Scope.AccountId,
            Region = bus.Scope.Region,
            Bus = bus.Name,
            Name = ruleName,
            EventPattern = eventPattern,
            State = "ENABLED",
            ManagedBy = ManagedBy,
            CreatedAtMs = _state.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            Targets = [new RuleTarget { Id = ruleName, Arn = archiveArn }],
        });
    }

    public Task DeleteManagedRuleAsync(BusId bus, string ruleName, CancellationToken cancellationToken) =>
        _state.RemoveRule(bus, ruleName);

    public async Task ReplayAsync(BusId bus, IReadOnlyList<string> events, string replayName, IReadOnlyList<string>? filterRuleArns, CancellationToken cancellationToken)
    {
        var envelopes = new List<BusEvent>(events.Count);
        foreach (var json in events)
        {
            if (BusEvent.TryParse(Encoding.UTF8.GetBytes(json), out var envelope) && envelope is not null)
            {
                envelopes.Add(envelope);
            }
        }

        var deliveries = _router.Route(bus, envelopes, new ReplayContext(replayName, filterRuleArns))
            ?? throw new InvalidOperationException($"Event bus {bus.Name} does not exist.");
        await _engine.EnqueueAsync(deliveries, cancellationToken);
    }
}
