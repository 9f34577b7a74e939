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

    public bool TryGetNumber(out double value)
    {
        if (_numberState == 0)
        {
            _numberState = NumberText.TryGetExactDouble(Utf8, out _number) ? (byte)1 : (byte)2;
        }

        value = _number;
        return _numberState == 1;
    }
}
