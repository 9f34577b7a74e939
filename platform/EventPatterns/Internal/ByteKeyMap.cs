namespace EventPatterns.Internal;

/// <summary>A read-mostly hash map keyed by UTF-8 bytes, looked up by span without allocating.</summary>
internal sealed class ByteKeyMap<TValue>
    where TValue : class
{
    private const int SmallCount = 6;

    private byte[][] _smallKeys = [];
    private TValue[] _smallValues = [];
    private byte[][] _keys = new byte[4][];
    private TValue?[] _values = new TValue?[4];
    private int[] _hashes = new int[4];
    private int _count;

    public int Count => _count;

    public bool IsEmpty => _count == 0;

    public IEnumerable<KeyValuePair<byte[], TValue>> Entries
    {
        get
        {
            for (var i = 0; i < _keys.Length; i++)
            {
                if (_values[i] is { } value)
                {
                    yield return new KeyValuePair<byte[], TValue>(_keys[i], value);
                }
            }
        }
    }

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode() | 1;
    }

    public TValue? Get(ReadOnlySpan<byte> key)
    {
        if (_count == 0)
        {
            return null;
        }

        if (_count <= SmallCount)
        {
            var small = _smallKeys;
            for (var k = 0; k < small.Length; k++)
            {
                if (key.SequenceEqual(small[k]))
                {
                    return _smallValues[k];
                }
            }

            return null;
        }

        var hash = Hash(key);
        var mask = _keys.Length - 1;
        var i = hash & mask;
        while (true)
        {
            var h = _hashes[i];
            if (h == 0)
            {
                return null;
            }

            if (h == hash && key.SequenceEqual(_keys[i]))
            {
                return _values[i];
            }

            i = (i + 1) & mask;
        }
    }

    public TValue GetOrAdd(byte[] key, Func<TValue> create)
    {
        var existing = Get(key);
        if (existing is not null)
        {
            return existing;
        }

        var value = create();
        Set(key, value);
        return value;
    }

    public void Set(byte[] key, TValue value)
    {
        if ((_count + 1) * 2 > _keys.Length)
        {
            Grow();
        }

        Insert(key, value, Hash(key));
        if (_count <= SmallCount)
        {
            var keys = new List<byte[]>();
            var values = new List<TValue>();
            for (var i = 0; i < _keys.Length; i++)
            {
                if (_hashes[i] != 0)
                {
                    keys.Add(_keys[i]);
                    values.Add(_values[i]!);
                }
            }

            _smallKeys = [.. keys];
            _smallValues = [.. values];
        }
    }

    private void Insert(byte[] key, TValue value, int hash)
    {
        var mask = _keys.Length - 1;
        var i = hash & mask;
        while (_hashes[i] != 0)
        {
            if (_hashes[i] == hash && key.AsSpan().SequenceEqual(_keys[i]))
            {
                _values[i] = value;
                return;
            }

            i = (i + 1) & mask;
        }

        _hashes[i] = hash;
        _keys[i] = key;
        _values[i] = value;
        _count++;
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldValues = _values;
        var oldHashes = _hashes;
        _keys = new byte[oldKeys.Length * 2][];
        _values = new TValue?[oldKeys.Length * 2];
        _hashes = new int[oldKeys.Length * 2];
        _count = 0;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldHashes[i] != 0)
            {
                Insert(oldKeys[i], oldValues[i]!, oldHashes[i]);
            }
        }
    }
}
