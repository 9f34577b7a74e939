namespace DynamoDbExpressions.Internal;

/// <summary>DynamoDB's rules for well-formed values, with its exact messages.</summary>
internal static class AttributeValueRules
{
    public const string InvalidPrefix = "One or more parameter values were invalid: ";
    public const string Empty = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
    public const string MoreThanOne = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
    public const string NullMustBeTrue = InvalidPrefix + "Null attribute value types must have the value of true";
    public const string EmptyStringSet = InvalidPrefix + "An string set  may not be empty";
    public const string EmptyNumberSet = InvalidPrefix + "An number set  may not be empty";
    public const string EmptyBinarySet = InvalidPrefix + "Binary sets should not be empty";
    public const string NumberSetDuplicates = "Input collection contains duplicates";

    /// <summary>Maps and lists may wrap a value 31 times; the 32nd wrap is one level too many.</summary>
    public const int MaxNesting = 31;
    public const string NestingTooDeep = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

    // The current layer lists the members read before the first repeat in byte order, then the repeat,
    // then the rest as sent; strings are quoted and separated by ", ", binary by ",".

    public static string? CheckStringSet(string[] elements, ValidationLayer layer = ValidationLayer.Current)
    {
        if (elements.Length == 0)
        {
            return EmptyStringSet;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(elements[i]);
            if (!seen.Add(elements[i]))
            {
                if (layer == ValidationLayer.Older)
                {
                    return InvalidPrefix + "Input collection [" + string.Join(", ", elements) + "] contains duplicates.";
                }

                var shown = RepeatOrder(elements, i, AttributeValueComparer.CompareStrings).Select(e => "\"" + e + "\"");
                return InvalidPrefix + "Input collection [" + string.Join(", ", shown) + "] contains duplicates.";
            }
        }

        return null;
    }

    public static string? CheckNumberSet(DynamoNumber[] elements, ValidationLayer layer = ValidationLayer.Current)
    {
        if (elements.Length == 0)
        {
            return EmptyNumberSet;
        }

        var seen = new HashSet<DynamoNumber>();
        foreach (var element in elements)
        {
            if (!seen.Add(element))
            {
                return layer == ValidationLayer.Older ? NumberSetDuplicates : InvalidPrefix + NumberSetDuplicates + ".";
            }
        }

        return null;
    }

    public static string? CheckBinarySet(ReadOnlyMemory<byte>[] elements, ValidationLayer layer = ValidationLayer.Current)
    {
        if (elements.Length == 0)
        {
            return EmptyBinarySet;
        }

        for (var i = 1; i < elements.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (elements[i].Span.SequenceEqual(elements[j].Span))
                {
                    if (layer == ValidationLayer.Older)
                    {
                        var asSent = string.Join(", ", elements.Select(e => Convert.ToBase64String(e.Span)));
                        return InvalidPrefix + "Input collection [" + asSent + "]of type BS contains duplicates.";
                    }

                    var shown = RepeatOrder(elements, i, static (a, b) => a.Span.SequenceCompareTo(b.Span)).Select(e => "\"" + Convert.ToBase64String(e.Span) + "\"");
                    return InvalidPrefix + "Input collection [" + string.Join(",", shown) + "]of type BS contains duplicates.";
                }
            }
        }

        return null;
    }

    private static IEnumerable<T> RepeatOrder<T>(T[] elements, int repeat, Comparison<T> compare)
    {
        var before = elements[..repeat];
        Array.Sort(before, compare);
        return before.Concat(elements[repeat..]);
    }
}
