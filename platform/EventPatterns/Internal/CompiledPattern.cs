namespace EventPatterns.Internal;

/// <summary>One field of a branch: a dotted path and the value conditions, any of which satisfies it.</summary>
internal sealed class FieldSpec(string path, string[] segments, Condition[] conditions)
{
    public string Path { get; } = path;

    public string[] Segments { get; } = segments;

    public Condition[] Conditions { get; } = conditions;

    public bool AllowsAbsence => Conditions.Any(c => c.Kind == ConditionKind.NotExists);
}

/// <summary>A pattern as a disjunction of branches; each branch is a conjunction of fields.</summary>
internal sealed class CompiledPattern(IReadOnlyList<FieldSpec[]> branches)
{
    public IReadOnlyList<FieldSpec[]> Branches { get; } = branches;
}
