namespace DynamoDbExpressions;

/// <summary>
/// DynamoDB's orderings and equality: numbers by value, strings by their UTF-8 bytes, binary by unsigned bytes.
/// </summary>
public static class AttributeValueComparer
{
    /// <summary>Key order of two values of the same scalar type (S, N or B), as Query and Scan return them.</summary>
    public static int CompareKeys(AttributeValue left, AttributeValue right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Type != right.Type)
        {
            throw new ArgumentException($"Cannot order a {left.Type} against a {right.Type}.", nameof(right));
        }

        return left.Type switch
        {
            AttributeValueType.S => CompareStrings(left.S, right.S),
            AttributeValueType.N => left.N.CompareTo(right.N),
            AttributeValueType.B => left.BinaryArray.AsSpan().SequenceCompareTo(right.BinaryArray),
            _ => throw new ArgumentException($"Only S, N and B values have a key order, not {left.Type}.", nameof(left)),
        };
    }

    /// <summary>Compares strings in the order of their UTF-8 encodings (that is, by code point).</summary>
    public static int CompareStrings(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            int a = left[i];
            int b = right[i];
            if (a == b)
            {
                continue;
            }

            if (a >= 0xD800 && b >= 0xD800)
            {
                // UTF-16 code units above the surrogates sort below them in code point order.
                a = a >= 0xE000 ? a - 0x800 : a + 0x2000;
                b = b >= 0xE000 ? b - 0x800 : b + 0x2000;
            }

            return a - b;
        }

        return left.Length - right.Length;
    }

    /// <summary>DynamoDB's equality: same type and same value; sets compare as sets, numbers by value.</summary>
    public static bool ValuesEqual(AttributeValue left, AttributeValue right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left.Type != right.Type)
        {
            return false;
        }

        switch (left.Type)
        {
            case AttributeValueType.S:
                return string.Equals(left.S, right.S, StringComparison.Ordinal);
            case AttributeValueType.N:
                return left.N == right.N;
            case AttributeValueType.B:
                return left.BinaryArray.AsSpan().SequenceEqual(right.BinaryArray);
            case AttributeValueType.BOOL:
                return left.BOOL == right.BOOL;
            case AttributeValueType.NULL:
                return true;
            case AttributeValueType.L:
                {
                    var a = left.ListArray;
                    var b = right.ListArray;
                    if (a.Length != b.Length)
                    {
                        return false;
                    }

                    for (var i = 0; i < a.Length; i++)
                    {
                        if (!ValuesEqual(a[i], b[i]))
                        {
                            return false;
                        }
                    }

                    return true;
                }

            case AttributeValueType.M:
                {
                    var a = left.M;
                    var b = right.M;
                    if (a.Count != b.Count)
                    {
                        return false;
                    }

                    foreach (var (key, value) in a)
                    {
                        if (!b.TryGetValue(key, out var other) || !ValuesEqual(value, other))
                        {
                            return false;
                        }
                    }

                    return true;
                }

            case AttributeValueType.SS:
                {
                    var a = left.StringSetArray;
                    var b = right.StringSetArray;
                    return a.Length == b.Length && a.All(x => Array.IndexOf(b, x) >= 0);
                }

            case AttributeValueType.NS:
                {
                    var a = left.NumberSetArray;
                    var b = right.NumberSetArray;
                    return a.Length == b.Length && a.All(x => Array.IndexOf(b, x) >= 0);
                }

            case AttributeValueType.BS:
                {
                    var a = left.BinarySetArray;
                    var b = right.BinarySetArray;
                    return a.Length == b.Length && a.All(x => b.Any(y => y.Span.SequenceEqual(x.Span)));
                }

            default:
                return false;
        }
    }

    internal static int Hash(AttributeValue value) => value.Type switch
    {
        AttributeValueType.S => HashCode.Combine(value.Type, StringComparer.Ordinal.GetHashCode(value.S)),
        AttributeValueType.N => HashCode.Combine(value.Type, value.N),
        AttributeValueType.BOOL => HashCode.Combine(value.Type, value.BOOL),
        _ => HashCode.Combine(value.Type, value.Count),
    };
}
