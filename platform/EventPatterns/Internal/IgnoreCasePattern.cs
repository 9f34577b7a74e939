using System.Text;

namespace EventPatterns.Internal;

/// <summary>
/// A case-insensitive value: each UTF-16 unit of the pattern matches the UTF-8 bytes of its invariant lower-case
/// or upper-case form (full mappings, so <c>ß</c> also matches <c>SS</c> but not the reverse). A surrogate
/// unit has no UTF-8 form of its own and becomes <c>?</c>, so characters outside the BMP never match.
/// </summary>
internal sealed class IgnoreCasePattern
{
    private static readonly Dictionary<char, string> FullUpper = new()
    {
        ['\u00B5'] = "\u039C",
        ['\u0131'] = "I",
        ['\u017F'] = "S",
        ['\u00DF'] = "SS",
        ['\u0149'] = "\u02BCN",
        ['\u01F0'] = "J\u030C",
        ['\u0390'] = "\u0399\u0308\u0301",
        ['\u03B0'] = "\u03A5\u0308\u0301",
        ['\u0587'] = "\u0535\u0552",
        ['\u1E96'] = "H\u0331",
        ['\u1E97'] = "T\u0308",
        ['\u1E98'] = "W\u030A",
        ['\u1E99'] = "Y\u030A",
        ['\u1E9A'] = "A\u02BE",
        ['\uFB00'] = "FF",
        ['\uFB01'] = "FI",
        ['\uFB02'] = "FL",
        ['\uFB03'] = "FFI",
        ['\uFB04'] = "FFL",
        ['\uFB05'] = "ST",
        ['\uFB06'] = "ST",
        ['\uFB13'] = "\u0544\u0546",
        ['\uFB14'] = "\u0544\u0535",
        ['\uFB15'] = "\u0544\u053B",
        ['\uFB16'] = "\u054E\u0546",
        ['\uFB17'] = "\u0544\u053D",
    };

    private static readonly Dictionary<char, string> FullLower = new()
    {
        ['\u0130'] = "i\u0307",
        ['\u2126'] = "\u03C9",
        ['\u212A'] = "k",
        ['\u212B'] = "\u00E5",
    };

    private static readonly byte[] Unencodable = [(byte)'?'];

    private readonly byte[][] _first;
    private readonly byte[][] _second;

    public IgnoreCasePattern(string text)
    {
        Text = text;
        _first = new byte[text.Length][];
        _second = new byte[text.Length][];
        var ascii = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                _first[i] = Unencodable;
                _second[i] = Unencodable;
                ascii = false;
                continue;
            }

            var lower = FullLower.TryGetValue(c, out var l) ? l : char.ToLowerInvariant(c).ToString();
            var upper = FullUpper.TryGetValue(c, out var u) ? u : char.ToUpperInvariant(c).ToString();
            _first[i] = Encoding.UTF8.GetBytes(lower);
            _second[i] = Encoding.UTF8.GetBytes(upper);
            ascii &= _first[i].Length == 1 && _first[i][0] < 0x80 && _second[i].Length == 1 && _second[i][0] < 0x80;
        }

        if (ascii)
        {
            var key = new byte[text.Length];
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = _first[i][0];
            }

            AsciiLowerKey = key;
        }
    }

    /// <summary>When every unit is ASCII: the lower-case ASCII bytes that a matching (necessarily ASCII) value lowers to.</summary>
    public byte[]? AsciiLowerKey { get; }

    /// <summary>The pattern text as written.</summary>
    public string Text { get; }

    public bool MatchesWhole(ReadOnlySpan<byte> value) => MatchForward(0, value, whole: true);

    public bool MatchesPrefix(ReadOnlySpan<byte> value) => MatchForward(0, value, whole: false);

    public bool MatchesSuffix(ReadOnlySpan<byte> value) => MatchBackward(_first.Length - 1, value);

    private bool MatchForward(int unit, ReadOnlySpan<byte> value, bool whole)
    {
        while (unit < _first.Length)
        {
            var a = _first[unit];
            var b = _second[unit];
            var matchesA = value.StartsWith(a);
            var matchesB = !ReferenceEquals(a, b) && !a.AsSpan().SequenceEqual(b) && value.StartsWith(b);
            if (matchesA && matchesB)
            {
                return MatchForward(unit + 1, value[a.Length..], whole) || MatchForward(unit + 1, value[b.Length..], whole);
            }

            if (matchesA)
            {
                value = value[a.Length..];
            }
            else if (matchesB)
            {
                value = value[b.Length..];
            }
            else
            {
                return false;
            }

            unit++;
        }

        return !whole || value.IsEmpty;
    }

    private bool MatchBackward(int unit, ReadOnlySpan<byte> value)
    {
        while (unit >= 0)
        {
            var a = _first[unit];
            var b = _second[unit];
            var matchesA = value.EndsWith(a);
            var matchesB = !ReferenceEquals(a, b) && !a.AsSpan().SequenceEqual(b) && value.EndsWith(b);
            if (matchesA && matchesB)
            {
                return MatchBackward(unit - 1, value[..^a.Length]) || MatchBackward(unit - 1, value[..^b.Length]);
            }

            if (matchesA)
            {
                value = value[..^a.Length];
            }
            else if (matchesB)
            {
                value = value[..^b.Length];
            }
            else
            {
                return false;
            }

            unit--;
        }

        return true;
    }
}
