using System.Text;
using System.Text.Json;
using EventPatterns;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Targets;
using LocalCloud.EventBridge.Model;
using Microsoft.Extensions.Logging;

namespace LocalCloud.EventBridge;

internal sealed record ReplayContext(string ReplayName, IReadOnlyCollection<string>? FilterArns);

/// <summary>Matches events against a bus's rules and makes the deliveries they owe; the caller hands
/// them to the delivery engine.</summary>
internal sealed class EventBusRouter
{
    public const string RuleArnAttribute = "RULE_ARN";
    public const string TargetArnAttribute = "TARGET_ARN";

    private readonly EventBridgeState _state;
    private readonly ActivityFeed? _activity;
    private readonly ILogger _logger;

    public EventBusRouter(EventBridgeState state, ILogger<EventBusRouter> logger, ActivityFeed? activity = null)
    {
        _logger = logger;
        _state = state;
        _activity = activity;
    }

    /// <summary>The deliveries the events owe to the bus's rules' targets, or null when the bus does not exist.</summary>
    public List<DeliveryRecord>? Route(BusId bus, IReadOnlyList<BusEvent> events, ReplayContext? replay)
    {
        var busName = bus.Name;
        var routing = _state.Routing(bus);
        if (routing is null)
        {
            foreach (var e in events)
            {
                _activity?.Publish("events", "event.dropped", $"{busName} {e.Source} {e.DetailType}: event bus {busName} does not exist", new Dictionary<string, string>
                {
                    ["bus"] = busName,
                    ["id"] = e.Id,
                });
            }

            return null;
        }

        var deliveries = new List<DeliveryRecord>();
        var matches = new List<string>();
        var now = _state.Time.GetUtcNow();
        foreach (var envelope in events)
        {
            var e = replay is null || envelope.ReplayName == replay.ReplayName ? envelope : envelope with { ReplayName = replay.ReplayName };
            var utf8 = e.ToUtf8();
            matches.Clear();
            try
            {
                routing.Matcher.Match(utf8, matches);
            }
            catch (MalformedEventException ex)
            {
                _logger.LogWarning("Event {EventId} on {Bus} could not be matched and reaches no rule: {Reason}", e.Id, busName, ex.Message);
                _activity?.Publish("events", "event.unmatched", $"{busName} {e.Source} {e.DetailType}: not matchable ({ex.Message})", new Dictionary<string, string>
                {
                    ["bus"] = busName,
                    ["id"] = e.Id,
                });
                continue;
            }

            string? eventJson = null;
            JsonDocument? document = null;
            try
            {
                var matchedRules = new List<string>(matches.Count);
                foreach (var ruleName in matches)
                {
                    if (!routing.Rules.TryGetValue(ruleName, out var rule))
                    {
                        continue;
                    }

                    if (replay?.FilterArns is { Count: > 0 } filter && !filter.Contains(rule.Arn))
                    {
                        continue;
                    }

                    matchedRules.Add(ruleName);
                    eventJson ??= Encoding.UTF8.GetString(utf8);
                    foreach (var target in rule.Targets)
                    {
                        string payload;
                        if (target.Target.Input.IsWholeEvent)
                        {
                            payload = eventJson;
                        }
                        else
                        {
                            document ??= JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = EventBridgeService.MaxJsonDepth + 8 });
                            payload = TargetInput.Render(target.Target.Input, new TransformContext(document.RootElement, eventJson, rule.Arn, rule.Rule.Name, now));
                        }

                        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            [RuleArnAttribute] = rule.Arn,
                            [TargetArnAttribute] = target.Target.Arn,
                        };
                        if (target.Target.MessageGroupId is { } group)
                        {
                            metadata[QueueTargetKind.MessageGroupIdMetadata] = group;
                        }

                        deliveries.Add(new DeliveryRecord
                        {
                            Id = Guid.NewGuid().ToString("N"),
                            TargetKind = target.Kind,
                            TargetArn = target.Target.Arn,
                            Payload = payload,
                            Policy = target.Policy,
                            DeadLetterArn = target.Target.DeadLetterArn,
                            DeadLetterBody = ReferenceEquals(payload, eventJson) ? null : eventJson,
                            Metadata = metadata,
                            CreatedAt = now,
                            Origin = $"{busName}/{ruleName}/{target.Target.Id}",
                        });
                    }
                }

                _activity?.Publish("events", "event.received", $"{busName} {e.Source} {e.DetailType} matched [{string.Join(", ", matchedRules)}]", new Dictionary<string, string>
                {
                    ["bus"] = busName,
                    ["id"] = e.Id,
                    ["source"] = e.Source,
                    ["detail-type"] = e.DetailType,
                    ["rules"] = string.Join(",", matchedRules),
                });
            }
            finally
            {
                document?.Dispose();
            }
        }

        return deliveries;
    }
}
