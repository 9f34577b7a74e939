namespace EventPatterns.Internal;

/// <summary>A wildcard value: literal segments separated by <c>*</c>, each <c>*</c> matching any run of characters.</summary>
internal sealed class WildcardPattern
{
    private readonly byte[][] _segments;

    private WildcardPattern(byte[][] segments, string text)
    {
        _segments = segments;
        Text = text;
    }

    /// <summary>The pattern text as written.</summary>
    public string Text { get; }

    /// <summary>Parses the wildcard syntax: <c>\*</c> is a literal star, <c>\\</c> a literal backslash; <c>**</c> and other escapes are rejected.</summary>
    public static WildcardPattern? TryParse(string text, out string? error)
    {
        var segments = new List<byte[]>();
        var current = new System.Text.StringBuilder();
        var previousWasStar = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '*')
            {
                if (previousWasStar)
                {
                    error = "wildcard pattern must not contain consecutive '*' characters";
                    return null;
                }

                segments.Add(System.Text.Encoding.UTF8.GetBytes(current.ToString()));
                current.Clear();
                previousWasStar = true;
                continue;
            }

            previousWasStar = false;
            if (c == '\\')
            {
                if (i + 1 >= text.Length || (text[i + 1] != '*' && text[i + 1] != '\\'))
                {
                    error = "wildcard pattern may only escape '*' and '\\' with '\\'";
                    return null;
                }

                current.Append(text[i + 1]);
                i++;
                continue;
            }

            current.Append(c);
        }

        segments.Add(System.Text.Encoding.UTF8.GetBytes(current.ToString()));
        error = null;
        return new WildcardPattern([.. segments], text);
    }

    public bool Matches(ReadOnlySpan<byte> value)
    {
        var segments = _segments;
        if (segments.Length == 1)
        {
            return value.SequenceEqual(segments[0]);
        }

        var first = segments[0];
        var last = segments[^1];
        if (value.Length < first.Length + last.Length || !value.StartsWith(first) || !value.EndsWith(last))
        {
            return false;
        }

        var middle = value[first.Length..(value.Length - last.Length)];
        for (var i = 1; i < segments.Length - 1; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                continue;
            }

            var at = middle.IndexOf(segment);
            if (at < 0)
            {
                return false;
            }

            middle = middle[(at + segment.Length)..];
        }

        return true;
    }
}
