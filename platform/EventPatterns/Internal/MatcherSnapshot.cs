using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace EventPatterns.Internal;

/// <summary>
/// An immutable compiled set of named patterns: a path trie shared by all patterns, per-path value indexes,
/// and per-branch bookkeeping. Matching walks the event once with <see cref="Utf8JsonReader"/>.
/// </summary>
internal sealed class MatcherSnapshot
{
    private const int MaxEventDepth = 1024;

    private readonly TrieNode _root = new();
    private readonly List<FieldIndex> _fields = [];
    private readonly string[] _names;
    private readonly int[] _branchPattern;
    private readonly ulong[] _branchRequired;
    private readonly bool[] _branchSimple;
    private readonly int[][] _branchSlotField;
    private readonly bool[][] _branchSlotAllowsAbsence;
    private readonly int[] _alwaysCheck;
    private readonly int[][] _specBranches;
    private readonly int[][] _specSlots;

    public MatcherSnapshot(IReadOnlyList<KeyValuePair<string, CompiledPattern>> patterns)
    {
        _names = new string[patterns.Count];
        var branchPattern = new List<int>();
        var branchRequired = new List<ulong>();
        var branchSimple = new List<bool>();
        var branchSlotField = new List<int[]>();
        var branchSlotAbsence = new List<bool[]>();
        var always = new List<int>();
        var specIds = new Dictionary<FieldSpec, int>(ReferenceEqualityComparer.Instance);
        var specBranches = new List<List<int>>();
        var specSlots = new List<List<int>>();

        for (var p = 0; p < patterns.Count; p++)
        {
            _names[p] = patterns[p].Key;
            foreach (var unordered in patterns[p].Value.Branches)
            {
                var branch = unordered.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
                var b = branchPattern.Count;
                branchPattern.Add(p);
                ulong required = 0;
                var simple = true;
                var slotField = new int[branch.Length];
                var slotAbsence = new bool[branch.Length];
                for (var s = 0; s < branch.Length; s++)
                {
                    var spec = branch[s];
                    var field = GetOrAddField(spec.Segments);
                    slotField[s] = field.Id;
                    slotAbsence[s] = spec.AllowsAbsence;
                    if (spec.AllowsAbsence)
                    {
                        simple = false;
                        field.TracksLeavesForAbsence = true;
                    }
                    else
                    {
                        required |= 1UL << s;
                    }

                    if (!specIds.TryGetValue(spec, out var specId))
                    {
                        specId = specBranches.Count;
                        specIds.Add(spec, specId);
                        specBranches.Add([]);
                        specSlots.Add([]);
                        foreach (var condition in spec.Conditions)
                        {
                            Register(field, condition, specId);
                        }
                    }

                    specBranches[specId].Add(b);
                    specSlots[specId].Add(s);
                }

                branchRequired.Add(required);
                branchSimple.Add(simple);
                branchSlotField.Add(slotField);
                branchSlotAbsence.Add(slotAbsence);
                if (required == 0)
                {
                    always.Add(b);
                }
            }
        }

        _branchPattern = [.. branchPattern];
        _branchRequired = [.. branchRequired];
        _branchSimple = [.. branchSimple];
        _branchSlotField = [.. branchSlotField];
        _branchSlotAllowsAbsence = [.. branchSlotAbsence];
        _alwaysCheck = [.. always];
        _specBranches = [.. specBranches.Select(l => l.ToArray())];
        _specSlots = [.. specSlots.Select(l => l.ToArray())];
    }

    public int BranchCount => _branchPattern.Length;

    public int PatternCount => _names.Length;

    private FieldIndex GetOrAddField(string[] segments)
    {
        var node = _root;
        foreach (var segment in segments)
        {
            var key = System.Text.Encoding.UTF8.GetBytes(segment);
            node = node.Children.GetOrAdd(key, static () => new TrieNode());
        }

        if (node.Field is null)
        {
            node.Field = new FieldIndex(_fields.Count);
            _fields.Add(node.Field);
        }

        return node.Field;
    }

    private static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int spec)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map.Add(key, list);
        }

        if (!list.Contains(spec))
        {
            list.Add(spec);
        }
    }

    private static void Add(ByteKeyMap<List<int>> map, byte[] key, int spec)
    {
        var list = map.GetOrAdd(key, static () => []);
        if (!list.Contains(spec))
        {
            list.Add(spec);
        }
    }

    private static void Register(FieldIndex field, Condition condition, int spec)
    {
        switch (condition.Kind)
        {
            case ConditionKind.ExactString:
                Add(field.ExactStrings, condition.Bytes, spec);
                break;
            case ConditionKind.ExactNumber when condition.HasNumber:
                Add(field.Numbers, condition.Number, spec);
                break;
            case ConditionKind.ExactNumber:
                Add(field.NumberLiterals, condition.Bytes, spec);
                break;
            case ConditionKind.Literal:
                Add(field.Literals, condition.Bytes, spec);
                break;
            case ConditionKind.EqualsIgnoreCase when condition.IgnoreCase!.AsciiLowerKey is { } key:
                Add(field.IgnoreCaseAscii, key, spec);
                break;
            case ConditionKind.NotExists:
                break;
            default:
                field.Others.Add((condition, spec));
                break;
        }
    }

    public void Match(ReadOnlySpan<byte> eventUtf8, List<string> matches)
    {
        var scratch = MatchScratch.Get(this);
        scratch.Begin();
        Walk(eventUtf8, scratch);
        Evaluate(scratch, matches);
    }

    private void Walk(ReadOnlySpan<byte> eventUtf8, MatchScratch scratch)
    {
        if (!Utf8.IsValid(eventUtf8))
        {
            throw new MalformedEventException("The event is not valid UTF-8.");
        }

        try
        {
            var reader = new Utf8JsonReader(eventUtf8, new JsonReaderOptions { MaxDepth = MaxEventDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new MalformedEventException("The event must be a JSON object.");
            }

            WalkObject(ref reader, _root, scratch);
            if (reader.Read())
            {
                throw new MalformedEventException("The event has content after its root object.");
            }
        }
        catch (JsonException e)
        {
            throw new MalformedEventException($"The event is not valid JSON: {e.Message}", e);
        }
    }

    private void WalkObject(ref Utf8JsonReader reader, TrieNode node, MatchScratch scratch)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            TrieNode? child;
            if (reader.ValueIsEscaped)
            {
                var buffer = scratch.NameBuffer(reader.ValueSpan.Length);
                var length = CopyUnescaped(ref reader, buffer);
                child = node.Lookup(buffer.AsSpan(0, length));
            }
            else
            {
                child = node.Lookup(reader.ValueSpan);
            }

            reader.Read();
            if (child is null)
            {
                reader.Skip();
                continue;
            }

            WalkValue(ref reader, child, scratch);
        }
    }

    private static int CopyUnescaped(ref Utf8JsonReader reader, byte[] buffer)
    {
        try
        {
            return reader.CopyString(buffer);
        }
        catch (InvalidOperationException)
        {
            reader.ValueSpan.CopyTo(buffer);
            return reader.ValueSpan.Length;
        }
    }

    private void WalkValue(ref Utf8JsonReader reader, TrieNode node, MatchScratch scratch)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                if (node.Children.IsEmpty)
                {
                    reader.Skip();
                }
                else
                {
                    WalkObject(ref reader, node, scratch);
                }

                break;
            case JsonTokenType.StartArray:
                scratch.PushArray();
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    scratch.SetArrayIndex(index++);
                    WalkValue(ref reader, node, scratch);
                }

                scratch.PopArray();
                break;
            case JsonTokenType.String:
                if (node.Field is { } stringField)
                {
                    if (reader.ValueIsEscaped)
                    {
                        var buffer = scratch.ValueBuffer(reader.ValueSpan.Length);
                        var length = CopyUnescaped(ref reader, buffer);
                        var leaf = new LeafValue(LeafKind.String, buffer.AsSpan(0, length));
                        OnLeaf(stringField, ref leaf, scratch);
                    }
                    else
                    {
                        var leaf = new LeafValue(LeafKind.String, reader.ValueSpan);
                        OnLeaf(stringField, ref leaf, scratch);
                    }
                }

                break;
            case JsonTokenType.Number:
                if (node.Field is { } numberField)
                {
                    var leaf = new LeafValue(LeafKind.Number, reader.ValueSpan);
                    OnLeaf(numberField, ref leaf, scratch);
                }

                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
            case JsonTokenType.Null:
                if (node.Field is { } literalField)
                {
                    var kind = reader.TokenType switch
                    {
                        JsonTokenType.True => LeafKind.True,
                        JsonTokenType.False => LeafKind.False,
                        _ => LeafKind.Null,
                    };
                    var leaf = new LeafValue(kind, reader.ValueSpan);
                    OnLeaf(literalField, ref leaf, scratch);
                }

                break;
        }
    }

    private void OnLeaf(FieldIndex field, ref LeafValue leaf, MatchScratch scratch)
    {
        var leafId = scratch.AddLeaf();
        if (field.TracksLeavesForAbsence)
        {
            scratch.AddAbsenceLeaf(field.Id, leafId);
        }

        switch (leaf.Kind)
        {
            case LeafKind.String:
                if (!field.ExactStrings.IsEmpty && field.ExactStrings.Get(leaf.Utf8) is { } exact)
                {
                    Hit(exact, leafId, scratch);
                }

                if (!field.IgnoreCaseAscii.IsEmpty && TryLowerAscii(leaf.Utf8, scratch, out var lowered)
                    && field.IgnoreCaseAscii.Get(lowered) is { } folded)
                {
                    Hit(folded, leafId, scratch);
                }

                break;
            case LeafKind.Number:
                if (field.Numbers.Count > 0 && leaf.TryGetCandidate(out var number) && field.Numbers.TryGetValue(number, out var numeric)
                    && leaf.TryGetNumber(out _))
                {
                    Hit(numeric, leafId, scratch);
                }

                if (!field.NumberLiterals.IsEmpty && field.NumberLiterals.Get(leaf.Utf8) is { } literal)
                {
                    Hit(literal, leafId, scratch);
                }

                break;
            default:
                if (!field.Literals.IsEmpty && field.Literals.Get(leaf.Utf8) is { } keyword)
                {
                    Hit(keyword, leafId, scratch);
                }

                break;
        }

        foreach (var (condition, spec) in CollectionsMarshal.AsSpan(field.Others))
        {
            if (condition.Matches(ref leaf))
            {
                HitSpec(spec, leafId, scratch);
            }
        }
    }

    private static bool TryLowerAscii(ReadOnlySpan<byte> value, MatchScratch scratch, out ReadOnlySpan<byte> lowered)
    {
        var buffer = scratch.LowerBuffer(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x80)
            {
                lowered = default;
                return false;
            }

            buffer[i] = c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c | 0x20) : c;
        }

        lowered = buffer.AsSpan(0, value.Length);
        return true;
    }

    private void Hit(List<int> specs, int leafId, MatchScratch scratch)
    {
        foreach (var spec in CollectionsMarshal.AsSpan(specs))
        {
            HitSpec(spec, leafId, scratch);
        }
    }

    private void HitSpec(int spec, int leafId, MatchScratch scratch)
    {
        var branches = _specBranches[spec];
        var slots = _specSlots[spec];
        var inArray = scratch.LeafInArray(leafId);
        for (var i = 0; i < branches.Length; i++)
        {
            scratch.RecordHit(branches[i], slots[i], leafId, inArray);
        }
    }

    private void Evaluate(MatchScratch scratch, List<string> matches)
    {
        matches.Clear();
        var touched = scratch.Touched;
        for (var i = 0; i < touched.Length; i++)
        {
            EvaluateBranch(touched[i], scratch, matches);
        }

        foreach (var b in _alwaysCheck)
        {
            if (!scratch.IsTouched(b))
            {
                EvaluateBranch(b, scratch, matches);
            }
        }
    }

    private void EvaluateBranch(int b, MatchScratch scratch, List<string> matches)
    {
        var pattern = _branchPattern[b];
        if (scratch.PatternMatched(pattern))
        {
            return;
        }

        var required = _branchRequired[b];
        var mask = scratch.Mask(b);
        if ((mask & required) != required)
        {
            return;
        }

        if (_branchSimple[b] && !scratch.NeedsArrayCheck(b))
        {
            scratch.MarkPatternMatched(pattern);
            matches.Add(_names[pattern]);
            return;
        }

        if (BranchMatchesWithArrays(b, scratch))
        {
            scratch.MarkPatternMatched(pattern);
            matches.Add(_names[pattern]);
        }
    }

    private bool BranchMatchesWithArrays(int b, MatchScratch scratch)
    {
        var slotFields = _branchSlotField[b];
        var allowsAbsence = _branchSlotAllowsAbsence[b];
        var slotCount = slotFields.Length;

        // Layout of the search buffer: [slotStart[slotCount+1]] [chosen[slotCount]] [cursor[slotCount]] [candidates...]
        var hitCount = scratch.HitCount;
        var buffer = scratch.SearchBuffer((3 * slotCount) + 1 + hitCount);
        var starts = 0;
        var chosen = slotCount + 1;
        var cursor = chosen + slotCount;
        var candidates = cursor + slotCount;
        Array.Clear(buffer, 0, candidates);
        for (var i = 0; i < hitCount; i++)
        {
            if (scratch.HitBranch(i) == b)
            {
                buffer[starts + scratch.HitSlot(i) + 1]++;
            }
        }

        for (var s = 0; s < slotCount; s++)
        {
            buffer[starts + s + 1] += buffer[starts + s];
        }

        for (var i = 0; i < hitCount; i++)
        {
            if (scratch.HitBranch(i) == b)
            {
                var slot = scratch.HitSlot(i);
                buffer[candidates + buffer[starts + slot] + buffer[cursor + slot]] = scratch.HitLeaf(i);
                buffer[cursor + slot]++;
            }
        }

        // Depth-first search over slots; cursor[s] is the next candidate index to try, -1 after "absent" was tried.
        var depth = 0;
        for (var s = 0; s < slotCount; s++)
        {
            buffer[cursor + s] = 0;
        }

        while (depth >= 0)
        {
            if (depth == slotCount)
            {
                return true;
            }

            var begin = buffer[starts + depth];
            var count = buffer[starts + depth + 1] - begin;
            var next = buffer[cursor + depth];
            var advanced = false;
            while (next >= 0 && next < count)
            {
                var leaf = buffer[candidates + begin + next];
                next++;
                var consistent = true;
                for (var s = 0; s < depth && consistent; s++)
                {
                    var other = buffer[chosen + s];
                    consistent = other < 0 || scratch.Consistent(other, leaf);
                }

                if (consistent)
                {
                    buffer[chosen + depth] = leaf;
                    advanced = true;
                    break;
                }
            }

            if (!advanced && next >= 0 && allowsAbsence[depth])
            {
                buffer[chosen + depth] = -1;
                next = -1;
                advanced = IsAbsent(buffer, chosen, depth, slotFields[depth], scratch);
            }
            else if (!advanced)
            {
                next = -2;
            }

            buffer[cursor + depth] = next;
            if (advanced)
            {
                depth++;
                if (depth < slotCount)
                {
                    buffer[cursor + depth] = 0;
                }
            }
            else
            {
                depth--;
            }
        }

        return false;
    }

    /// <summary>
    /// As in event-ruler, an absent field is judged against the fields before it in path order: it is absent when
    /// none of its leaves can combine with the leaves already chosen for those fields.
    /// </summary>
    private static bool IsAbsent(int[] buffer, int chosen, int depth, int field, MatchScratch scratch)
    {
        for (var i = 0; i < scratch.AbsenceCount; i++)
        {
            if (scratch.AbsenceField(i) != field)
            {
                continue;
            }

            var leaf = scratch.AbsenceLeaf(i);
            var present = true;
            for (var t = 0; t < depth && present; t++)
            {
                var other = buffer[chosen + t];
                present = other < 0 || scratch.Consistent(other, leaf);
            }

            if (present)
            {
                return false;
            }
        }

        return true;
    }
}
