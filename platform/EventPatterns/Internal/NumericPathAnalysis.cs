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
    public static List<FieldSpec[]> Apply(List<FieldSpec[]> branches)
    {
        if (!branches.Any(b => b.Any(HasRange)))
        {
            return branches;
        }

        var start = new State();
        var machinesPerBranch = new List<HashSet<Machine>[]>(branches.Count);
        foreach (var branch in branches)
        {
            var ordered = branch.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
            var machines = new HashSet<Machine>[ordered.Length];
            for (var i = 0; i < machines.Length; i++)
            {
                machines[i] = [];
            }

            AddStep(start, ordered, 0, machines);
            var byPath = new Dictionary<FieldSpec, HashSet<Machine>>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < ordered.Length; i++)
            {
                byPath[ordered[i]] = machines[i];
            }

            machinesPerBranch.Add([.. branch.Select(f => byPath[f])]);
        }

        var marked = new Dictionary<FieldSpec, FieldSpec>(ReferenceEqualityComparer.Instance);
        var result = new List<FieldSpec[]>(branches.Count);
        for (var b = 0; b < branches.Count; b++)
        {
            var branch = branches[b];
            var rewritten = new FieldSpec[branch.Length];
            for (var f = 0; f < branch.Length; f++)
            {
                var spec = branch[f];
                rewritten[f] = HasRange(spec) && machinesPerBranch[b][f].Any(m => m.HasNumeric) ? Marked(spec, marked) : spec;
            }

            result.Add(rewritten);
        }

        return result;
    }

    private static bool HasRange(FieldSpec spec) => spec.Conditions.Any(c => c.Kind is ConditionKind.Cidr or ConditionKind.IpAddress);

    private static FieldSpec Marked(FieldSpec spec, Dictionary<FieldSpec, FieldSpec> marked)
    {
        if (!marked.TryGetValue(spec, out var copy))
        {
            var conditions = spec.Conditions
                .Select(c => c.Kind is ConditionKind.Cidr or ConditionKind.IpAddress
                    ? new Condition(c.Kind) { Bytes = c.Bytes, Range = c.Range, NumbersTakeNumericPath = true }
                    : c)
                .ToArray();
            copy = new FieldSpec(spec.Path, spec.Segments, conditions);
            marked.Add(spec, copy);
        }

        return copy;
    }

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
