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

/// <summary>A bus with its rules, as one immutable snapshot: readers never see a half-made change.</summary>
internal sealed class BusEntry
{
    public BusEntry(StoredBus bus, IReadOnlyDictionary<string, StoredRule> rules, BusRouting routing)
    {
        Bus = bus;
        Rules = rules;
        Routing = routing;
    }

    public StoredBus Bus { get; }

    public IReadOnlyDictionary<string, StoredRule> Rules { get; }

    public BusRouting Routing { get; }
}

/// <summary>Every account's and region's buses and rules, kept in memory and written through to the store.
/// Each change replaces a bus's snapshot under one lock; reads take the current snapshot without it.</summary>
internal sealed class EventBridgeState
{
    private readonly Lock _gate = new();
    private readonly EventBridgeStore? _store;
    private readonly TimeProvider _time;
    private Dictionary<BusId, BusEntry> _buses = [];

    public EventBridgeState(TimeProvider time, EventBridgeStore? store)
    {
        _time = time;
        _store = store;
        if (store is null)
        {
            return;
        }

        var (buses, rules) = store.Load();
        var byBus = rules.GroupBy(r => r.BusId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var bus in buses)
        {
            _buses[bus.Id] = Build(bus, byBus.GetValueOrDefault(bus.Id) ?? []);
        }

        foreach (var (id, busRules) in byBus)
        {
            if (id.IsDefault && !_buses.ContainsKey(id))
            {
                _buses[id] = Build(NewDefaultBus(id), busRules);
            }
        }
    }

    public TimeProvider Time => _time;

    /// <summary>The bus, or null. Every account and region has its <c>default</c> bus.</summary>
    public BusEntry? FindBus(BusId id)
    {
        var buses = _buses;
        if (buses.TryGetValue(id, out var entry))
        {
            return entry;
        }

        return id.IsDefault ? EnsureDefault(id) : null;
    }

    public BusRouting? Routing(BusId id) => FindBus(id)?.Routing;

    public List<StoredBus> Buses(ResourceScope scope)
    {
        EnsureDefault(BusId.Default(scope));
        return [.. _buses.Values.Select(b => b.Bus).Where(b => b.Id.Scope == scope).OrderBy(b => b.Name, StringComparer.Ordinal)];
    }

    public BusEntry RequireBus(BusId id) =>
        FindBus(id) ?? throw EventBridgeErrors.BusNotFound(id.Name);

    public StoredRule RequireRule(BusId bus, string rule) =>
        RequireBus(bus).Rules.GetValueOrDefault(rule)
            ?? throw EventBridgeErrors.RuleNotFound(rule, bus.Name);

    public Task AddBus(StoredBus bus)
    {
        lock (_gate)
        {
            if (FindBus(bus.Id) is not null)
            {
                throw EventBridgeErrors.BusAlreadyExists(bus.Name);
            }

            Replace(bus.Id, Build(bus, []));
            return Persist(s => s.SaveBusAsync(bus));
        }
    }

    /// <summary>Changes a copy of the bus and stores it (the default bus too, which is then stored like any other).</summary>
    public async Task<StoredBus> UpdateBus(BusId id, Action<StoredBus> update)
    {
        StoredBus copy;
        Task write;
        lock (_gate)
        {
            var entry = RequireBus(id);
            var bus = entry.Bus;
            copy = new StoredBus
            {
                AccountId = bus.AccountId,
                Region = bus.Region,
                Name = bus.Name,
                Description = bus.Description,
                KmsKeyIdentifier = bus.KmsKeyIdentifier,
                DeadLetterArn = bus.DeadLetterArn,
                EventSourceName = bus.EventSourceName,
                CreatedAtMs = bus.CreatedAtMs,
                ModifiedAtMs = bus.ModifiedAtMs,
            };
            update(copy);
            Replace(id, Build(copy, entry.Rules.Values));
            write = Persist(s => s.SaveBusAsync(copy));
        }

        await write;
        return copy;
    }

    public Task RemoveBus(BusId id)
    {
        lock (_gate)
        {
            if (!_buses.ContainsKey(id))
            {
                return Task.CompletedTask;
            }

            var buses = new Dictionary<BusId, BusEntry>(_buses);
            buses.Remove(id);
            _buses = buses;
            return Persist(s => s.DeleteBusAsync(id));
        }
    }

    public Task SaveRule(StoredRule rule)
    {
        lock (_gate)
        {
            var entry = RequireBus(rule.BusId);
            Replace(rule.BusId, Build(entry.Bus, [.. entry.Rules.Values.Where(r => r.Name != rule.Name), rule]));
            return Persist(s => s.SaveRuleAsync(rule));
        }
    }

    public Task UpdateRule(BusId bus, string name, Action<StoredRule> update)
    {
        lock (_gate)
        {
            var existing = RequireRule(bus, name);
            var copy = Clone(existing);
            update(copy);
            var entry = RequireBus(bus);
            Replace(bus, Build(entry.Bus, [.. entry.Rules.Values.Where(r => r.Name != name), copy]));
            return Persist(s => s.SaveRuleAsync(copy));
        }
    }

    public Task RemoveRule(BusId bus, string name)
    {
        lock (_gate)
        {
            if (FindBus(bus) is not { } entry || !entry.Rules.ContainsKey(name))
            {
                return Task.CompletedTask;
            }

            Replace(bus, Build(entry.Bus, [.. entry.Rules.Values.Where(r => r.Name != name)]));
            return Persist(s => s.DeleteRuleAsync(bus, name));
        }
    }

    public (int Buses, int Rules, int Targets) Counts()
    {
        var buses = _buses;
        var rules = buses.Values.Sum(b => b.Rules.Count);
        var targets = buses.Values.Sum(b => b.Rules.Values.Sum(r => r.Targets.Count));
        return (buses.Count, rules, targets);
    }

    private BusEntry? EnsureDefault(BusId id)
    {
        lock (_gate)
        {
            if (_buses.TryGetValue(id, out var entry))
            {
                return entry;
            }

            // The default bus is not stored: it always exists, and a restart brings it back with its rules.
            entry = Build(NewDefaultBus(id), []);
            Replace(id, entry);
            return entry;
        }
    }

    private StoredBus NewDefaultBus(BusId id)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return new StoredBus { AccountId = id.Scope.AccountId, Region = id.Scope.Region, Name = id.Name, CreatedAtMs = now, ModifiedAtMs = now };
    }

    private void Replace(BusId id, BusEntry entry) => _buses = new Dictionary<BusId, BusEntry>(_buses) { [id] = entry };

    private Task Persist(Func<EventBridgeStore, Task> write) => _store is null ? Task.CompletedTask : write(_store);

    private static StoredRule Clone(StoredRule rule) => new()
    {
        AccountId = rule.AccountId,
        Region = rule.Region,
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

    private static BusEntry Build(StoredBus bus, IEnumerable<StoredRule> rules)
    {
        var sorted = new SortedDictionary<string, StoredRule>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            sorted[rule.Name] = rule;
        }

        var matcher = new PatternMatcher();
        var routes = new Dictionary<string, RouteRule>(StringComparer.Ordinal);
        foreach (var rule in sorted.Values)
        {
            if (rule.EventPattern is null || !rule.State.StartsWith("ENABLED", StringComparison.Ordinal))
            {
                continue;
            }

            matcher.Add(rule.Name, rule.EventPattern);
            routes[rule.Name] = new RouteRule
            {
                Rule = rule,
                Arn = rule.Arn,
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

        return new BusEntry(bus, sorted, new BusRouting(matcher, routes));
    }
}
