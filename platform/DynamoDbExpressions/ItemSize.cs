using System.Text;

namespace DynamoDbExpressions;

/// <summary>
/// Item size as DynamoDB counts it against the 400 KB limit (an item of exactly 409,600 bytes is accepted):
/// each attribute's UTF-8 name plus its value; strings by UTF-8 bytes, binary by bytes, numbers by their
/// packed digits, 1 byte for BOOL and NULL, 3 bytes for a list or map plus 1 byte per element.
/// </summary>
public static class ItemSize
{
    /// <summary>DynamoDB's maximum item size, 400 KB.</summary>
    public const int MaxItemSize = 409_600;

    public static int Of(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var size = 0;
        foreach (var (name, value) in item)
        {
            size += Encoding.UTF8.GetByteCount(name) + Of(value);
        }

        return size;
    }

    public static int Of(AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Type)
        {
            case AttributeValueType.S:
                return Encoding.UTF8.GetByteCount(value.S);
            case AttributeValueType.N:
                return OfNumber(value.N);
            case AttributeValueType.B:
                return value.BinaryArray.Length;
            case AttributeValueType.BOOL:
            case AttributeValueType.NULL:
                return 1;
            case AttributeValueType.SS:
                return value.StringSetArray.Sum(Encoding.UTF8.GetByteCount);
            case AttributeValueType.NS:
                return value.NumberSetArray.Sum(OfNumber);
            case AttributeValueType.BS:
                return value.BinarySetArray.Sum(b => b.Length);
            case AttributeValueType.L:
                {
                    var size = 3;
                    foreach (var element in value.ListArray)
                    {
                        size += 1 + Of(element);
                    }

                    return size;
                }

            case AttributeValueType.M:
                {
                    var map = value.M;
                    return 3 + map.Count + Of(map);
                }

            default:
                return 0;
        }
    }

    /// <summary>
    /// 1 byte, plus the significant digits of the integer part and of the fraction each packed two to a byte
    /// (rounded up), plus 1 for a minus sign; zero is 1 byte. Leading and trailing zeros of the value do not
    /// count, zeros between significant digits do (so <c>100</c> costs 2, <c>100.5</c> costs 4, <c>3.14159</c> 5).
    /// </summary>
    public static int OfNumber(DynamoNumber number)
    {
        if (number.IsZero)
        {
            return 1;
        }

        var digits = number.SignificantDigits;
        var lowest = number.Magnitude - digits + 1;
        int integerDigits;
        int fractionDigits;
        if (lowest >= 0)
        {
            integerDigits = digits;
            fractionDigits = 0;
        }
        else if (number.Magnitude < 0)
        {
            integerDigits = 0;
            fractionDigits = digits;
        }
        else
        {
            integerDigits = number.Magnitude + 1;
            fractionDigits = -lowest;
        }

        var size = 1 + ((integerDigits + 1) / 2) + ((fractionDigits + 1) / 2);
        return number.Sign < 0 ? size + 1 : size;
    }
}
