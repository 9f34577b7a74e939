using System.Globalization;
using System.Text;

namespace EventPatterns.Internal;

/// <summary>
/// Decides, for every <c>cidr</c> and IP-address condition of a pattern, whether event-ruler would let a number reach
/// it. Event-ruler keeps one value machine per field and per state of its rule automaton, and once such a machine holds
/// a numeric condition (a <c>numeric</c> operator, a number in a value list, an <c>anything-but</c> of numbers), every
/// number that is numeric takes the numeric transition there and no range over addresses sees it. Which conditions
/// share a machine follows from how event-ruler adds a rule: the fields of each <c>$or</c> combination in path order,
/// each value condition leading to the state of an equal condition already in the machine, or else to the state of
/// the condition before it in the same list. This replays those steps for the pattern alone.
/// </summary>
internal static class NumericPathAnalysis
{
    private const int MaxPathsPerBranch = 64;

    public static List<FieldSpec[]> Apply(List<FieldSpec[]> branches)
    {
        if (!branches.Any(b => b.Any(HasRange)))
        {
            return branches;
        }

        var start = new State();
        var ordered = branches.Select(b => b.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray()).ToList();
        var machinesPerBranch = new List<HashSet<Machine>[]>(ordered.Count);
        foreach (var branch in ordered)
        {
            var machines = new HashSet<Machine>[branch.Length];
            for (var i = 0; i < machines.Length; i++)
            {
                machines[i] = [];
            }

            AddStep(start, branch, 0, machines);
            machinesPerBranch.Add(machines);
        }

        var specs = new Dictionary<(FieldSpec, string), FieldSpec>();
        var result = new List<FieldSpec[]>(ordered.Count);
        for (var b = 0; b < ordered.Count; b++)
        {
            var branch = ordered[b];
            var paths = new List<Step[]>();
            if (!Walk(start, branch, 0, new Step[branch.Length], paths))
            {
                // Too many ways through the automaton to split the branch along: a range shares its field with a
                // numeric condition if it does on any of them.
                result.Add([.. branch.Select((f, i) => WithFlag(f, AllConditions(f), machinesPerBranch[b][i].Any(m => m.HasNumeric), specs))]);
                continue;
            }

            var uniform = Enumerable.Range(0, branch.Length).All(i => !HasRange(branch[i]) || paths.All(p => p[i].Numeric == paths[0][i].Numeric));
            if (uniform)
            {
                result.Add([.. branch.Select((f, i) => WithFlag(f, AllConditions(f), paths[0][i].Numeric, specs))]);
                continue;
            }

            // The combination reaches a range's field through states that differ in holding a numeric condition: one
            // branch per way through, each keeping the conditions that lead that way.
            foreach (var path in paths)
            {
                result.Add([.. branch.Select((f, i) => WithFlag(f, path[i].Conditions, path[i].Numeric, specs))]);
            }
        }

        return result;
    }

    private static bool HasRange(FieldSpec spec) => spec.Conditions.Any(IsRange);

    private static bool IsRange(Condition c) => c.Kind is ConditionKind.Cidr or ConditionKind.IpAddress;

    private static int[] AllConditions(FieldSpec spec) => [.. Enumerable.Range(0, spec.Conditions.Length)];

    private static FieldSpec WithFlag(FieldSpec spec, int[] conditions, bool numeric, Dictionary<(FieldSpec, string), FieldSpec> specs)
    {
        numeric &= HasRange(spec);
        if (!numeric && conditions.Length == spec.Conditions.Length)
        {
            return spec;
        }

        var key = (spec, $"{numeric}:{string.Join(',', conditions)}");
        if (!specs.TryGetValue(key, out var copy))
        {
            var selected = conditions
                .Select(i => spec.Conditions[i])
                .Select(c => numeric && IsRange(c) ? new Condition(c.Kind) { Bytes = c.Bytes, Range = c.Range, NumbersTakeNumericPath = true } : c)
                .ToArray();
            copy = new FieldSpec(spec.Path, spec.Segments, selected);
            specs.Add(key, copy);
        }

        return copy;
    }

    /// <summary>
    /// Enumerates the ways through the automaton built by <see cref="AddStep"/>: per field, the conditions that lead
    /// to the same next state, and whether the field's value machine in the current state holds a numeric condition.
    /// Returns false when there are more than <see cref="MaxPathsPerBranch"/> ways.
    /// </summary>
    private static bool Walk(State state, FieldSpec[] fields, int index, Step[] current, List<Step[]> paths)
    {
        var field = fields[index];
        var machine = state.FindValues(field.Path);
        var numeric = machine?.HasNumeric ?? false;
        var groups = new List<(State Next, List<int> Conditions)>();
        for (var c = 0; c < field.Conditions.Length; c++)
        {
            var condition = field.Conditions[c];
            foreach (var (identity, _) in RulerPatterns(condition))
            {
                var owner = condition.Kind == ConditionKind.NotExists ? state.FindAbsent(field.Path) : machine;
                var next = owner!.Find(identity);
                var group = groups.FindIndex(g => ReferenceEquals(g.Next, next));
                if (group < 0)
                {
                    groups.Add((next, [c]));
                }
                else if (!groups[group].Conditions.Contains(c))
                {
                    groups[group].Conditions.Add(c);
                }
            }
        }

        foreach (var (next, conditions) in groups)
        {
            current[index] = new Step([.. conditions], numeric);
            if (index + 1 == fields.Length)
            {
                if (paths.Count == MaxPathsPerBranch)
                {
                    return false;
                }

                paths.Add((Step[])current.Clone());
            }
            else if (!Walk(next, fields, index + 1, current, paths))
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Step(int[] Conditions, bool Numeric);

    private static void AddStep(State state, FieldSpec[] fields, int index, HashSet<Machine>[] machines)
    {
        var field = fields[index];
        State? last = null;
        var next = new List<State>();
        foreach (var condition in field.Conditions)
        {
            foreach (var (identity, numeric) in RulerPatterns(condition))
            {
                if (condition.Kind == ConditionKind.NotExists)
                {
                    last = state.Absent(field.Path).Add(identity, last, numeric: false);
                }
                else
                {
                    var machine = state.Values(field.Path);
                    machines[index].Add(machine);
                    last = machine.Add(identity, last, numeric);
                }

                if (!next.Contains(last))
                {
                    next.Add(last);
                }
            }
        }

        if (index + 1 < fields.Length)
        {
            foreach (var nextState in next)
            {
                AddStep(nextState, fields, index + 1, machines);
            }
        }
    }

    /// <summary>The event-ruler patterns a condition becomes, each with an identity (equal patterns, equal identities).</summary>
    private static IEnumerable<(string Identity, bool Numeric)> RulerPatterns(Condition c)
    {
        switch (c.Kind)
        {
            case ConditionKind.ExactNumber:
                if (c.HasNumber)
                {
                    yield return (NumberIdentity(c.Number), true);
                }

                yield return ("exact\0" + Encoding.UTF8.GetString(c.Bytes), false);
                break;
            case ConditionKind.ExactString:
                yield return ("exact\0\"" + Encoding.UTF8.GetString(c.Bytes) + "\"", false);
                break;
            case ConditionKind.Literal:
                yield return ("exact\0" + Encoding.UTF8.GetString(c.Bytes), false);
                break;
            case ConditionKind.IpAddress:
            case ConditionKind.Cidr:
                var range = c.Range!;
                yield return ($"range\0{range.Bottom}\0{range.OpenBottom}\0{range.Top}\0{range.OpenTop}", false);
                break;
            case ConditionKind.Prefix:
            case ConditionKind.Suffix:
                yield return (c.Kind + "\0" + Encoding.UTF8.GetString(c.Bytes), false);
                break;
            case ConditionKind.PrefixIgnoreCase:
            case ConditionKind.SuffixIgnoreCase:
            case ConditionKind.EqualsIgnoreCase:
                yield return (c.Kind + "\0" + c.IgnoreCase!.Text, false);
                break;
            case ConditionKind.Wildcard:
                yield return (c.Kind + "\0" + c.Wildcard!.Text, false);
                break;
            case ConditionKind.AnythingButStrings:
            case ConditionKind.AnythingButPrefix:
            case ConditionKind.AnythingButSuffix:
                yield return (SetIdentity(c.Kind, c.ByteList.Select(Encoding.UTF8.GetString)), false);
                break;
            case ConditionKind.AnythingButIgnoreCase:
                yield return (SetIdentity(c.Kind, c.IgnoreCaseList.Select(p => p.Text)), false);
                break;
            case ConditionKind.AnythingButWildcard:
                yield return (SetIdentity(c.Kind, c.WildcardList.Select(p => p.Text)), false);
                break;
            case ConditionKind.AnythingButNumbers:
                yield return (SetIdentity(c.Kind, c.NumberList.Select(n => n.ToString("R", CultureInfo.InvariantCulture))), true);
                break;
            case ConditionKind.Numeric:
                var r = c.Numeric;
                if (r.LowInclusive && r.HighInclusive && r.Low == r.High)
                {
                    yield return (NumberIdentity(r.Low), true);
                }
                else
                {
                    // "<" and "<=" run from -double.MaxValue (closed), ">" and ">=" to double.MaxValue (closed).
                    var low = double.IsNegativeInfinity(r.Low) ? (-double.MaxValue, true) : (r.Low, r.LowInclusive);
                    var high = double.IsPositiveInfinity(r.High) ? (double.MaxValue, true) : (r.High, r.HighInclusive);
                    yield return (string.Create(CultureInfo.InvariantCulture, $"numeric\0{low.Item1:R}\0{low.Item2}\0{high.Item1:R}\0{high.Item2}"), true);
                }

                break;
            default:
                yield return (c.Kind.ToString(), false);
                break;
        }
    }

    private static string NumberIdentity(double value) => "numeric-equals\0" + value.ToString("R", CultureInfo.InvariantCulture);

    private static string SetIdentity(ConditionKind kind, IEnumerable<string> values) =>
        kind + "\0" + string.Join('\0', values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private sealed class State
    {
        private readonly Dictionary<string, Machine> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Machine> _absent = new(StringComparer.Ordinal);

        public Machine Values(string path) => Get(_values, path);

        public Machine? FindValues(string path) => _values.GetValueOrDefault(path);

        public Machine? FindAbsent(string path) => _absent.GetValueOrDefault(path);

        public Machine Absent(string path) => Get(_absent, path);

        private static Machine Get(Dictionary<string, Machine> map, string path)
        {
            if (!map.TryGetValue(path, out var machine))
            {
                machine = new Machine();
                map.Add(path, machine);
            }

            return machine;
        }
    }

    private sealed class Machine
    {
        private readonly Dictionary<string, State> _next = new(StringComparer.Ordinal);

        public bool HasNumeric { get; private set; }

        public State Find(string identity) => _next[identity];

        public State Add(string identity, State? candidate, bool numeric)
        {
            if (_next.TryGetValue(identity, out var existing))
            {
                return existing;
            }

            var state = candidate ?? new State();
            _next.Add(identity, state);
            HasNumeric |= numeric;
            return state;
        }
    }
}
