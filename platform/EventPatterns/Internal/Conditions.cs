namespace EventPatterns.Internal;

internal enum ConditionKind
{
    ExactString,
    ExactNumber,
    Literal,
    IpAddress,
    Prefix,
    PrefixIgnoreCase,
    Suffix,
    SuffixIgnoreCase,
    EqualsIgnoreCase,
    Wildcard,
    AnythingButStrings,
    AnythingButNumbers,
    AnythingButPrefix,
    AnythingButSuffix,
    AnythingButIgnoreCase,
    AnythingButWildcard,
    Numeric,
    Cidr,
    Exists,
    NotExists,
}

/// <summary>One value condition of a field: the pattern matches a leaf value when any of its conditions holds.</summary>
internal sealed class Condition
{
    public Condition(ConditionKind kind)
    {
        Kind = kind;
    }

    public ConditionKind Kind { get; }

    public byte[] Bytes { get; init; } = [];

    public double Number { get; init; }

    public bool HasNumber { get; init; }

    public byte[][] ByteList { get; init; } = [];

    public double[] NumberList { get; init; } = [];

    public IgnoreCasePattern? IgnoreCase { get; init; }

    public IgnoreCasePattern[] IgnoreCaseList { get; init; } = [];

    public WildcardPattern? Wildcard { get; init; }

    public WildcardPattern[] WildcardList { get; init; } = [];

    public IpRange? Range { get; init; }

    /// <summary>
    /// For <c>cidr</c> and IP-address conditions: the field's event-ruler value machine also holds a numeric condition,
    /// so a number that is numeric takes event-ruler's numeric transition and never reaches the range.
    /// </summary>
    public bool NumbersTakeNumericPath { get; init; }

    public NumericRange Numeric { get; init; }

    public bool Matches(ref LeafValue leaf)
    {
        switch (Kind)
        {
            case ConditionKind.ExactString:
                return leaf.Kind == LeafKind.String && leaf.Utf8.SequenceEqual(Bytes);
            case ConditionKind.ExactNumber:
                if (leaf.Kind != LeafKind.Number)
                {
                    return false;
                }

                if (HasNumber && leaf.TryGetNumber(out var n) && n == Number)
                {
                    return true;
                }

                return leaf.Utf8.SequenceEqual(Bytes);
            case ConditionKind.Literal:
                return leaf.Kind is LeafKind.True or LeafKind.False or LeafKind.Null && leaf.Utf8.SequenceEqual(Bytes);
            case ConditionKind.IpAddress:
            case ConditionKind.Cidr:
                return MatchesRange(ref leaf);
            case ConditionKind.Prefix:
                return leaf.Kind == LeafKind.String && leaf.Utf8.StartsWith(Bytes);
            case ConditionKind.Suffix:
                return leaf.Kind == LeafKind.String && leaf.Utf8.EndsWith(Bytes);
            case ConditionKind.PrefixIgnoreCase:
                return leaf.Kind == LeafKind.String && IgnoreCase!.MatchesPrefix(leaf.Utf8);
            case ConditionKind.SuffixIgnoreCase:
                return leaf.Kind == LeafKind.String && IgnoreCase!.MatchesSuffix(leaf.Utf8);
            case ConditionKind.EqualsIgnoreCase:
                return leaf.Kind == LeafKind.String && IgnoreCase!.MatchesWhole(leaf.Utf8);
            case ConditionKind.Wildcard:
                return leaf.Kind == LeafKind.String && Wildcard!.Matches(leaf.Utf8);
            case ConditionKind.AnythingButStrings:
                if (leaf.Kind != LeafKind.String)
                {
                    return true;
                }

                foreach (var excluded in ByteList)
                {
                    if (leaf.Utf8.SequenceEqual(excluded))
                    {
                        return false;
                    }
                }

                return true;
            case ConditionKind.AnythingButNumbers:
                if (leaf.Kind != LeafKind.Number || !leaf.TryGetCandidate(out var candidate) || Array.IndexOf(NumberList, candidate) < 0)
                {
                    return true;
                }

                return !leaf.TryGetNumber(out _);
            case ConditionKind.AnythingButPrefix:
                if (leaf.Kind != LeafKind.String)
                {
                    return true;
                }

                foreach (var excluded in ByteList)
                {
                    if (leaf.Utf8.StartsWith(excluded))
                    {
                        return false;
                    }
                }

                return true;
            case ConditionKind.AnythingButSuffix:
                if (leaf.Kind != LeafKind.String)
                {
                    return true;
                }

                foreach (var excluded in ByteList)
                {
                    if (leaf.Utf8.EndsWith(excluded))
                    {
                        return false;
                    }
                }

                return true;
            case ConditionKind.AnythingButIgnoreCase:
                if (leaf.Kind != LeafKind.String)
                {
                    return true;
                }

                foreach (var excluded in IgnoreCaseList)
                {
                    if (excluded.MatchesWhole(leaf.Utf8))
                    {
                        return false;
                    }
                }

                return true;
            case ConditionKind.AnythingButWildcard:
                if (leaf.Kind != LeafKind.String)
                {
                    return true;
                }

                foreach (var excluded in WildcardList)
                {
                    if (excluded.Matches(leaf.Utf8))
                    {
                        return false;
                    }
                }

                return true;
            case ConditionKind.Numeric:
                return leaf.Kind == LeafKind.Number && leaf.TryGetCandidate(out var x) && Numeric.Contains(x) && leaf.TryGetNumber(out _);
            case ConditionKind.Exists:
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Event-ruler's order: a string that parses as an IP address is matched as the hexadecimal text of the address;
    /// any other string never matches (its JSON text starts with a quote, which is no hexadecimal digit); a number is
    /// matched by its JSON text, byte by byte against the range's hexadecimal bounds, unless it is numeric and the
    /// field also has a numeric condition (then it takes the numeric transition instead).
    /// </summary>
    private bool MatchesRange(ref LeafValue leaf)
    {
        switch (leaf.Kind)
        {
            case LeafKind.String:
                return IpRange.TryParseAddress(leaf.Utf8, out var address, out var isV6) && Range!.MatchesAddress(address, isV6);
            case LeafKind.Number:
                return !(NumbersTakeNumericPath && leaf.TryGetNumber(out _)) && Range!.Matches(leaf.Utf8);
            default:
                return Range!.Matches(leaf.Utf8);
        }
    }
}

internal readonly record struct NumericRange(double Low, bool LowInclusive, double High, bool HighInclusive)
{
    public bool Contains(double value)
    {
        var aboveLow = LowInclusive ? value >= Low : value > Low;
        var belowHigh = HighInclusive ? value <= High : value < High;
        return aboveLow && belowHigh;
    }
}
