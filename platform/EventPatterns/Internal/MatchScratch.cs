namespace EventPatterns.Internal;

/// <summary>Per-thread working state of one match, reused across events so that matching does not allocate.</summary>
internal sealed class MatchScratch
{
    [ThreadStatic]
    private static MatchScratch? t_current;

    private int _stamp;
    private int[] _branchStamp = [];
    private ulong[] _branchMask = [];
    private ulong[] _branchArrayMask = [];
    private int[] _touched = new int[16];
    private int _touchedCount;
    private int[] _patternStamp = [];

    private int[] _hitBranch = new int[64];
    private int[] _hitSlot = new int[64];
    private int[] _hitLeaf = new int[64];
    private int _hitCount;

    private int[] _leafMemberStart = new int[64];
    private int[] _leafMemberCount = new int[64];
    private int _leafCount;
    private int[] _members = new int[128];
    private int _memberCount;

    private int[] _absenceField = new int[16];
    private int[] _absenceLeaf = new int[16];
    private int _absenceCount;

    private int[] _arrayId = new int[16];
    private int[] _arrayIndex = new int[16];
    private int _arrayDepth;
    private int _nextArrayId;

    private int[] _search = new int[64];

    private byte[] _name = new byte[256];
    private byte[] _value = new byte[1024];
    private byte[] _lower = new byte[256];

    public ReadOnlySpan<int> Touched => _touched.AsSpan(0, _touchedCount);

    public static MatchScratch Get(MatcherSnapshot snapshot)
    {
        var scratch = t_current ??= new MatchScratch();
        scratch.EnsureCapacity(snapshot.BranchCount, snapshot.PatternCount);
        return scratch;
    }

    private void EnsureCapacity(int branches, int patterns)
    {
        if (_branchStamp.Length < branches)
        {
            var size = Math.Max(branches, _branchStamp.Length * 2);
            _branchStamp = new int[size];
            _branchMask = new ulong[size];
            _branchArrayMask = new ulong[size];
            _stamp = 0;
            Array.Clear(_patternStamp);
        }

        if (_patternStamp.Length < patterns)
        {
            _patternStamp = new int[Math.Max(patterns, _patternStamp.Length * 2)];
            _stamp = 0;
            Array.Clear(_branchStamp);
        }
    }

    public void Begin()
    {
        if (_stamp == int.MaxValue)
        {
            _stamp = 0;
            Array.Clear(_branchStamp);
            Array.Clear(_patternStamp);
        }

        _stamp++;
        _touchedCount = 0;
        _hitCount = 0;
        _leafCount = 0;
        _memberCount = 0;
        _absenceCount = 0;
        _arrayDepth = 0;
        _nextArrayId = 0;
    }

    public byte[] NameBuffer(int length)
    {
        if (_name.Length < length)
        {
            _name = new byte[Math.Max(length, _name.Length * 2)];
        }

        return _name;
    }

    public byte[] ValueBuffer(int length)
    {
        if (_value.Length < length)
        {
            _value = new byte[Math.Max(length, _value.Length * 2)];
        }

        return _value;
    }

    public byte[] LowerBuffer(int length)
    {
        if (_lower.Length < length)
        {
            _lower = new byte[Math.Max(length, _lower.Length * 2)];
        }

        return _lower;
    }

    public void PushArray()
    {
        if (_arrayDepth == _arrayId.Length)
        {
            Array.Resize(ref _arrayId, _arrayDepth * 2);
            Array.Resize(ref _arrayIndex, _arrayDepth * 2);
        }

        _arrayId[_arrayDepth] = _nextArrayId++;
        _arrayIndex[_arrayDepth] = 0;
        _arrayDepth++;
    }

    public void SetArrayIndex(int index) => _arrayIndex[_arrayDepth - 1] = index;

    public void PopArray() => _arrayDepth--;

    public int AddLeaf()
    {
        if (_leafCount == _leafMemberStart.Length)
        {
            Array.Resize(ref _leafMemberStart, _leafCount * 2);
            Array.Resize(ref _leafMemberCount, _leafCount * 2);
        }

        var id = _leafCount++;
        _leafMemberStart[id] = _memberCount;
        _leafMemberCount[id] = _arrayDepth;
        if (_arrayDepth > 0)
        {
            var needed = _memberCount + (2 * _arrayDepth);
            if (needed > _members.Length)
            {
                Array.Resize(ref _members, Math.Max(needed, _members.Length * 2));
            }

            for (var i = 0; i < _arrayDepth; i++)
            {
                _members[_memberCount++] = _arrayId[i];
                _members[_memberCount++] = _arrayIndex[i];
            }
        }

        return id;
    }

    public bool LeafInArray(int leaf) => _leafMemberCount[leaf] > 0;

    public void AddAbsenceLeaf(int field, int leaf)
    {
        if (_absenceCount == _absenceField.Length)
        {
            Array.Resize(ref _absenceField, _absenceCount * 2);
            Array.Resize(ref _absenceLeaf, _absenceCount * 2);
        }

        _absenceField[_absenceCount] = field;
        _absenceLeaf[_absenceCount] = leaf;
        _absenceCount++;
    }

    public void RecordHit(int branch, int slot, int leaf, bool inArray)
    {
        if (_branchStamp[branch] != _stamp)
        {
            _branchStamp[branch] = _stamp;
            _branchMask[branch] = 0;
            _branchArrayMask[branch] = 0;
            if (_touchedCount == _touched.Length)
            {
                Array.Resize(ref _touched, _touchedCount * 2);
            }

            _touched[_touchedCount++] = branch;
        }

        _branchMask[branch] |= 1UL << slot;
        if (inArray)
        {
            _branchArrayMask[branch] |= 1UL << slot;
        }

        if (_hitCount == _hitBranch.Length)
        {
            Array.Resize(ref _hitBranch, _hitCount * 2);
            Array.Resize(ref _hitSlot, _hitCount * 2);
            Array.Resize(ref _hitLeaf, _hitCount * 2);
        }

        _hitBranch[_hitCount] = branch;
        _hitSlot[_hitCount] = slot;
        _hitLeaf[_hitCount] = leaf;
        _hitCount++;
    }

    public bool IsTouched(int branch) => _branchStamp[branch] == _stamp;

    public ulong Mask(int branch) => _branchStamp[branch] == _stamp ? _branchMask[branch] : 0;

    /// <summary>True when hits inside arrays come from more than one field, so array consistency must be checked.</summary>
    public bool NeedsArrayCheck(int branch)
    {
        var mask = _branchStamp[branch] == _stamp ? _branchArrayMask[branch] : 0;
        return (mask & (mask - 1)) != 0;
    }

    public bool PatternMatched(int pattern) => _patternStamp[pattern] == _stamp;

    public void MarkPatternMatched(int pattern) => _patternStamp[pattern] = _stamp;

    public int HitCount => _hitCount;

    public int HitBranch(int hit) => _hitBranch[hit];

    public int HitSlot(int hit) => _hitSlot[hit];

    public int HitLeaf(int hit) => _hitLeaf[hit];

    public int AbsenceCount => _absenceCount;

    public int AbsenceField(int i) => _absenceField[i];

    public int AbsenceLeaf(int i) => _absenceLeaf[i];

    /// <summary>Scratch for the consistency search: candidate leaves grouped by slot, and the chosen leaf per slot.</summary>
    public int[] SearchBuffer(int length)
    {
        if (_search.Length < length)
        {
            _search = new int[Math.Max(length, _search.Length * 2)];
        }

        return _search;
    }

    /// <summary>Two leaves can belong to one match unless they sit in different elements of the same array.</summary>
    public bool Consistent(int a, int b)
    {
        var startA = _leafMemberStart[a];
        var countA = _leafMemberCount[a];
        var startB = _leafMemberStart[b];
        var countB = _leafMemberCount[b];
        for (var i = 0; i < countA; i++)
        {
            var arrayA = _members[startA + (2 * i)];
            for (var j = 0; j < countB; j++)
            {
                if (_members[startB + (2 * j)] == arrayA)
                {
                    if (_members[startA + (2 * i) + 1] != _members[startB + (2 * j) + 1])
                    {
                        return false;
                    }

                    break;
                }
            }
        }

        return true;
    }
}
