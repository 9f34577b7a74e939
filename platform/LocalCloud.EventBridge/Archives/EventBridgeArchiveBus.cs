using System.Text;
using EventPatterns;
using LocalCloud.Core.Hosting;
using LocalCloud.EventBridge.Model;

namespace LocalCloud.EventBridge.Archives;

/// <summary>Archives and replays on top of the EventBridge state and ingress.</summary>
internal sealed class EventBridgeArchiveBus : IArchiveEventBus
{
    public const string ManagedBy = "prod.vhs.events.aws.internal";

    private readonly EventBridgeState _state;
    private readonly Func<IEventBusIngress> _ingress;

    public EventBridgeArchiveBus(EventBridgeState state, Func<IEventBusIngress> ingress)
    {
        _state = state;
        _ingress = ingress;
    }

    public bool BusExists(string busName) => _state.FindBus(busName) is not null;

    public Task PutManagedRuleAsync(string busName, string ruleName, string eventPattern, string archiveArn, CancellationToken cancellationToken)
    {
        if (!EventPattern.TryValidate(eventPattern, out var error))
        {
            throw new AwsServiceException("InvalidEventPatternException", error ?? "Event pattern is not valid.");
        }

        var existing = _state.FindBus(busName)?.Rules.GetValueOrDefault(ruleName);
        if (existing is not null)
        {
            return _state.UpdateRule(busName, ruleName, rule => rule.EventPattern = eventPattern);
        }

        return _state.SaveRule(new StoredRule
        {
            Bus = busName,
            Name = ruleName,
            EventPattern = eventPattern,
            State = "ENABLED",
            ManagedBy = ManagedBy,
            CreatedAtMs = _state.Cloud.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            Targets = [new RuleTarget { Id = ruleName, Arn = archiveArn }],
        });
    }

    public Task DeleteManagedRuleAsync(string busName, string ruleName, CancellationToken cancellationToken) =>
        _state.RemoveRule(busName, ruleName);

    public async Task ReplayAsync(string busName, IReadOnlyList<string> events, string replayName, IReadOnlyList<string>? filterRuleArns, CancellationToken cancellationToken)
    {
        var envelopes = new List<EventEnvelope>(events.Count);
        foreach (var json in events)
        {
            if (EventEnvelope.TryParse(Encoding.UTF8.GetBytes(json), out var envelope) && envelope is not null)
            {
                envelopes.Add(envelope);
            }
        }

        var result = await _ingress().PutAsync(busName, envelopes, new ReplayContext(replayName, filterRuleArns), cancellationToken);
        if (!result.BusExists)
        {
            throw new InvalidOperationException($"Event bus {busName} does not exist.");
        }
    }
}
