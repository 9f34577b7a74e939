using EventPatterns;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.EventBridge.Model;

namespace LocalCloud.EventBridge;

internal sealed class RouteTarget
{
    public required RuleTarget Target { get; init; }
    public required string Kind { get; init; }
    public required DeliveryPolicy Policy { get; init; }
}

internal sealed class RouteRule
{
    public required StoredRule Rule { get; init; }
    public required string Arn { get; init; }
    public required RouteTarget[] Targets { get; init; }
}

internal sealed class BusRouting
{
    public static BusRouting Empty { get; } = new(new PatternMatcher(), new Dictionary<string, RouteRule>(StringComparer.Ordinal));

    public BusRouting(PatternMatcher matcher, Dictionary<string, RouteRule> rules)
    {
        Matcher = matcher;
        Rules = rules;
    }

    public PatternMatcher Matcher { get; }

    public IReadOnlyDictionary<string, RouteRule> Rules { get; }
}

internal sealed class BusEntry
{
    public BusEntry(StoredBus bus)
    {
        Bus = bus;
    }

    public StoredBus Bus { get; set; }

    public SortedDictionary<string, StoredRule> Rules { get; } = new(StringComparer.Ordinal);

    public volatile BusRouting Routing = BusRouting.Empty;
}

internal sealed class EventBridgeState
{
    private readonly Dictionary<string, BusEntry> _buses = new(StringComparer.Ordinal);
    private readonly EventBridgeStore? _store;
    private readonly CloudContext _cloud;

    public EventBridgeState(CloudContext cloud, EventBridgeStore? store)
    {
        _cloud = cloud;
        _store = store;
        if (store is not null)
        {
            var (buses, rules) = store.Load();
            foreach (var bus in buses)
            {
                _buses[bus.Name] = new BusEntry(bus);
            }

            foreach (var rule in rules)
            {
                if (_buses.TryGetValue(rule.Bus, out var entry))
                {
                    entry.Rules[rule.Name] = rule;
                }
            }
        }

        if (!_buses.ContainsKey(EventBridgeNames.DefaultBus))
        {
            var now = cloud.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var bus = new StoredBus { Name = EventBridgeNames.DefaultBus, CreatedAtMs = now, ModifiedAtMs = now };
            _buses[bus.Name] = new BusEntry(bus);
            _store?.SaveBusAsync(bus).GetAwaiter().GetResult();
        }

        foreach (var entry in _buses.Values)
        {
            Rebuild(entry);
        }
    }

    public Lock Gate { get; } = new();

    public CloudContext Cloud => _cloud;

    public BusEntry? FindBus(string name)
    {
        lock (Gate)
        {
            return _buses.GetValueOrDefault(name);
        }
    }

    public BusRouting? Routing(string busName)
    {
        lock (Gate)
        {
            return _buses.TryGetValue(busName, out var entry) ? entry.Routing : null;
        }
    }

    public List<StoredBus> Buses()
    {
        lock (Gate)
        {
            return [.. _buses.Values.Select(b => b.Bus).OrderBy(b => b.Name, StringComparer.Ordinal)];
        }
    }

    public BusEntry RequireBus(string name)
    {
        lock (Gate)
        {
            return _buses.GetValueOrDefault(name)
                ?? throw new AwsServiceException("ResourceNotFoundException", $"Event bus {name} does not exist.");
        }
    }

    public StoredRule RequireRule(string bus, string rule)
    {
        lock (Gate)
        {
            var entry = RequireBus(bus);
            return entry.Rules.GetValueOrDefault(rule)
                ?? throw new AwsServiceException("ResourceNotFoundException", $"Rule {rule} does not exist on EventBus {bus}.");
        }
    }

    public Task AddBus(StoredBus bus)
    {
        lock (Gate)
        {
            if (_buses.ContainsKey(bus.Name))
            {
                throw new AwsServiceException("ResourceAlreadyExistsException", $"Event bus {bus.Name} already exists.");
            }

            _buses[bus.Name] = new BusEntry(bus);
            return Persist(s => s.SaveBusAsync(bus));
        }
    }

    public Task RemoveBus(string name)
    {
        lock (Gate)
        {
            if (!_buses.Remove(name))
            {
                return Task.CompletedTask;
            }

            return Persist(s => s.DeleteBusAsync(name));
        }
    }

    public Task SaveRule(StoredRule rule)
    {
        lock (Gate)
        {
            var entry = RequireBus(rule.Bus);
            entry.Rules[rule.Name] = rule;
            Rebuild(entry);
            return Persist(s => s.SaveRuleAsync(rule));
        }
    }

    public Task UpdateRule(string bus, string name, Action<StoredRule> update)
    {
        lock (Gate)
        {
            var entry = RequireBus(bus);
            var existing = entry.Rules.GetValueOrDefault(name)
                ?? throw new AwsServiceException("ResourceNotFoundException", $"Rule {name} does not exist on EventBus {bus}.");
            var copy = Clone(existing);
            update(copy);
            entry.Rules[name] = copy;
            Rebuild(entry);
            return Persist(s => s.SaveRuleAsync(copy));
        }
    }

    public Task RemoveRule(string bus, string name)
    {
        lock (Gate)
        {
            if (!_buses.TryGetValue(bus, out var entry) || !entry.Rules.Remove(name))
            {
                return Task.CompletedTask;
            }

            Rebuild(entry);
            return Persist(s => s.DeleteRuleAsync(bus, name));
        }
    }

    public (int Buses, int Rules, int Targets) Counts()
    {
        lock (Gate)
        {
            var rules = _buses.Values.Sum(b => b.Rules.Count);
            var targets = _buses.Values.Sum(b => b.Rules.Values.Sum(r => r.Targets.Count));
            return (_buses.Count, rules, targets);
        }
    }

    private Task Persist(Func<EventBridgeStore, Task> write) => _store is null ? Task.CompletedTask : write(_store);

    private static StoredRule Clone(StoredRule rule) => new()
    {
        Bus = rule.Bus,
        Name = rule.Name,
        EventPattern = rule.EventPattern,
        State = rule.State,
        Description = rule.Description,
        RoleArn = rule.RoleArn,
        ManagedBy = rule.ManagedBy,
        CreatedAtMs = rule.CreatedAtMs,
        Targets = [.. rule.Targets],
    };

    private void Rebuild(BusEntry entry)
    {
        var matcher = new PatternMatcher();
        var rules = new Dictionary<string, RouteRule>(StringComparer.Ordinal);
        foreach (var rule in entry.Rules.Values)
        {
            if (rule.EventPattern is null || !rule.State.StartsWith("ENABLED", StringComparison.Ordinal))
            {
                continue;
            }

            matcher.Add(rule.Name, rule.EventPattern);
            rules[rule.Name] = new RouteRule
            {
                Rule = rule,
                Arn = EventBridgeNames.RuleArn(_cloud, entry.Bus.Name, rule.Name),
                Targets = [.. rule.Targets.Select(t => new RouteTarget
                {
                    Target = t,
                    Kind = EventBridgeNames.TargetKind(t.Arn) ?? "unknown",
                    Policy = new DeliveryPolicy(
                        t.MaximumRetryAttempts ?? DeliveryPolicy.DefaultMaximumRetryAttempts,
                        t.MaximumEventAgeInSeconds ?? DeliveryPolicy.DefaultMaximumEventAgeInSeconds),
                })],
            };
        }

        entry.Routing = new BusRouting(matcher, rules);
    }
}
