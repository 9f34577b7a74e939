namespace EventPatterns.Internal;

internal enum LeafKind : byte
{
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A scalar value of an event: unescaped UTF-8 for strings, the raw text for other kinds.</summary>
internal ref struct LeafValue
{
    private byte _numberState;
    private double _number;

    public LeafValue(LeafKind kind, ReadOnlySpan<byte> utf8)
    {
        Kind = kind;
        Utf8 = utf8;
    }

    public LeafKind Kind { get; }

    public ReadOnlySpan<byte> Utf8 { get; }

    /// <summary>The value of a number leaf, when its literal is exactly that double (see <see cref="NumberText"/>).</summary>
    public bool TryGetNumber(out double value)
    {
        if (!TryGetCandidate(out value))
        {
            return false;
        }

        if (_numberState == 1)
        {
            _numberState = NumberText.IsExact(Utf8, _number) ? (byte)3 : (byte)2;
        }

        return _numberState == 3;
    }

    /// <summary>The double a number leaf parses to, before checking that the literal is exact; confirm with <see cref="TryGetNumber"/>.</summary>
    public bool TryGetCandidate(out double value)
    {
        if (_numberState == 0)
        {
            _numberState = NumberText.TryParseFinite(Utf8, out _number) ? (byte)1 : (byte)2;
        }

        value = _number;
        return _numberState != 2;
    }
}
