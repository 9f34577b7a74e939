namespace EventPatterns.Internal;

/// <summary>One step of the shared path trie: children by key segment, and the field index when patterns use this path.</summary>
internal sealed class TrieNode
{
    public ByteKeyMap<TrieNode> Children { get; } = new();

    public FieldIndex? Field { get; set; }

    /// <summary>Looks a (possibly dotted) event key up; an empty segment never matches.</summary>
    public TrieNode? Lookup(ReadOnlySpan<byte> key)
    {
        var node = this;
        while (true)
        {
            var dot = key.IndexOf((byte)'.');
            var segment = dot < 0 ? key : key[..dot];
            if (segment.IsEmpty)
            {
                return null;
            }

            node = node.Children.Get(segment);
            if (node is null || dot < 0)
            {
                return node;
            }

            key = key[(dot + 1)..];
        }
    }
}

/// <summary>All value conditions that patterns place on one path, indexed for lookup by value.</summary>
internal sealed class FieldIndex(int id)
{
    public int Id { get; } = id;

    public ByteKeyMap<List<int>> ExactStrings { get; } = new();

    public Dictionary<double, List<int>> Numbers { get; } = [];

    public ByteKeyMap<List<int>> NumberLiterals { get; } = new();

    public ByteKeyMap<List<int>> Literals { get; } = new();

    public ByteKeyMap<List<int>> IgnoreCaseAscii { get; } = new();

    public List<(Condition Condition, int Spec)> Others { get; } = [];

    public bool TracksLeavesForAbsence { get; set; }
}
