using System.Text;

namespace DynamoDbExpressions;

/// <summary>
/// Item size as DynamoDB counts it against the 400 KB limit: each attribute's UTF-8 name plus its value;
/// strings by UTF-8 bytes, binary by bytes, numbers by their packed digits, 1 byte for BOOL and NULL,
/// 3 bytes for a list or map plus 1 byte per element.
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

    /// <summary>Digits are stored in pairs aligned on the decimal point, plus a byte of exponent and one for a minus sign.</summary>
    public static int OfNumber(DynamoNumber number)
    {
        if (number.IsZero)
        {
            return 1;
        }

        var digits = number.SignificantDigits;
        var size = 1 + ((digits + 1) / 2);
        if (digits % 2 == 0 && number.Magnitude % 2 == 0)
        {
            size++;
        }

        return number.Sign < 0 ? size + 1 : size;
    }
}
