namespace DynamoDbExpressions.Internal;

/// <summary>Union and difference of two sets of the same type; elements keep their first order, numbers compare by value.</summary>
internal static class SetAlgebra
{
    public static AttributeValue Union(AttributeValue existing, AttributeValue added) => existing.Type switch
    {
        AttributeValueType.SS => AttributeValue.FromOwnedStringSet([.. existing.StringSetArray.Union(added.StringSetArray, StringComparer.Ordinal)]),
        AttributeValueType.NS => AttributeValue.FromOwnedNumberSet([.. existing.NumberSetArray.Union(added.NumberSetArray)]),
        AttributeValueType.BS => AttributeValue.FromOwnedBinarySet([.. existing.BinarySetArray.Concat(added.BinarySetArray.Where(a => !Contains(existing.BinarySetArray, a)))]),
        _ => throw new ArgumentException("Not a set.", nameof(existing)),
    };

    /// <summary>The elements of <paramref name="existing"/> not in <paramref name="removed"/>, or null when none are left.</summary>
    public static AttributeValue? Difference(AttributeValue existing, AttributeValue removed)
    {
        switch (existing.Type)
        {
            case AttributeValueType.SS:
                {
                    var left = existing.StringSetArray.Except(removed.StringSetArray, StringComparer.Ordinal).ToArray();
                    return left.Length == 0 ? null : AttributeValue.FromOwnedStringSet(left);
                }

            case AttributeValueType.NS:
                {
                    var left = existing.NumberSetArray.Except(removed.NumberSetArray).ToArray();
                    return left.Length == 0 ? null : AttributeValue.FromOwnedNumberSet(left);
                }

            case AttributeValueType.BS:
                {
                    var left = existing.BinarySetArray.Where(e => !Contains(removed.BinarySetArray, e)).ToArray();
                    return left.Length == 0 ? null : AttributeValue.FromOwnedBinarySet(left);
                }

            default:
                throw new ArgumentException("Not a set.", nameof(existing));
        }
    }

    public static bool IsSet(AttributeValueType type) => type is AttributeValueType.SS or AttributeValueType.NS or AttributeValueType.BS;

    private static bool Contains(ReadOnlyMemory<byte>[] set, ReadOnlyMemory<byte> element) => set.Any(e => e.Span.SequenceEqual(element.Span));
}
