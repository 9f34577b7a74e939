using System.Buffers.Binary;
using System.Text;
using DynamoDbExpressions;

namespace LocalCloud.DynamoDb.Model;

/// <summary>
/// Key attribute values as SQLite BLOBs whose unsigned byte order is DynamoDB's key order: strings as their
/// UTF-8 bytes, binary as its bytes, numbers in an order-preserving form (sign, then the leading digit's
/// exponent, then the digits; negatives inverted), so equal numbers written differently (1, 1.0, 10E-1)
/// get the same bytes.
/// </summary>
internal static class ItemKey
{
    private const int MagnitudeBias = 131;

    public static readonly byte[] None = [];

    public static byte[] Encode(AttributeValue value) => value.Type switch
    {
        AttributeValueType.S => Encoding.UTF8.GetBytes(value.S),
        AttributeValueType.B => value.B.ToArray(),
        AttributeValueType.N => EncodeNumber(value.N),
        _ => throw new ArgumentException("Key attributes are S, N or B.", nameof(value)),
    };

    public static byte[] EncodeNumber(DynamoNumber number)
    {
        if (number.IsZero)
        {
            return [0x02];
        }

        var digits = Digits(number);
        var negative = number.Sign < 0;
        var bytes = new byte[3 + digits.Length + (negative ? 1 : 0)];
        var magnitude = (ushort)(number.Magnitude + MagnitudeBias);
        bytes[0] = negative ? (byte)0x01 : (byte)0x03;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(1), negative ? (ushort)(ushort.MaxValue - magnitude) : magnitude);
        for (var i = 0; i < digits.Length; i++)
        {
            bytes[3 + i] = negative ? (byte)(0xFF - digits[i]) : (byte)digits[i];
        }

        if (negative)
        {
            bytes[^1] = 0xFF;
        }

        return bytes;
    }

    /// <summary>The smallest byte string greater than every string that starts with <paramref name="prefix"/>, or
    /// null when there is none (all 0xFF).</summary>
    public static byte[]? PrefixUpperBound(byte[] prefix)
    {
        var bound = (byte[])prefix.Clone();
        for (var i = bound.Length - 1; i >= 0; i--)
        {
            if (bound[i] != 0xFF)
            {
                bound[i]++;
                return bound.AsSpan(0, i + 1).ToArray();
            }
        }

        return null;
    }

    private static string Digits(DynamoNumber number)
    {
        var text = number.ToString();
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                builder.Append(c);
            }
        }

        var trimmed = builder.ToString().TrimStart('0').TrimEnd('0');
        return trimmed.Length == 0 ? "0" : trimmed;
    }
}
