using System.Globalization;
using System.Numerics;

namespace DynamoDbExpressions;

/// <summary>
/// A DynamoDB number held exactly: up to 38 significant digits, the leading digit's exponent between
/// -130 and +125. Value = coefficient × 10^exponent, with no trailing zeros in the coefficient.
/// </summary>
public readonly struct DynamoNumber : IEquatable<DynamoNumber>, IComparable<DynamoNumber>
{
    public const int MaxSignificantDigits = 38;
    public const int MaxMagnitude = 125;
    public const int MinMagnitude = -130;

    internal const string NotNumericMessage = "The parameter cannot be converted to a numeric value";
    internal const string OverflowMessage = "Number overflow. Attempting to store a number with magnitude larger than supported range";
    internal const string UnderflowMessage = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
    internal const string TooManyDigitsMessage = "Attempting to store more than 38 significant digits in a Number";

    // Exponents beyond this are out of range whatever the digits; clamping keeps the arithmetic in a long.
    private const long Huge = 1L << 40;

    private static readonly BigInteger[] PowersOfTen = CreatePowersOfTen(320);

    private readonly BigInteger _coefficient;
    private readonly int _exponent;
    private readonly int _digits;

    private DynamoNumber(BigInteger coefficient, int exponent, int digits)
    {
        _coefficient = coefficient;
        _exponent = exponent;
        _digits = digits;
    }

    public static DynamoNumber Zero => default;

    public bool IsZero => _digits == 0;

    public int Sign => _coefficient.Sign;

    /// <summary>Number of significant digits (0 for zero).</summary>
    public int SignificantDigits => _digits;

    /// <summary>Decimal exponent of the leading significant digit (0 for zero).</summary>
    public int Magnitude => _digits == 0 ? 0 : _exponent + _digits - 1;

    public static DynamoNumber Parse(string text, ValidationLayer layer = ValidationLayer.Current)
    {
        if (!TryParse(text, layer, out var number, out var error))
        {
            throw new DynamoDbValidationException(error);
        }

        return number;
    }

    /// <summary>Parses a number as the wire carries it; <paramref name="error"/> is DynamoDB's message when it is rejected.</summary>
    public static bool TryParse(string? text, out DynamoNumber number, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) =>
        TryParse(text, ValidationLayer.Current, out number, out error);

    /// <summary>Parses a number with the wording of the given validation layer.</summary>
    public static bool TryParse(string? text, ValidationLayer layer, out DynamoNumber number, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        number = default;
        if (string.IsNullOrEmpty(text))
        {
            // The current layer keeps the colon and the space before the (empty) text.
            error = layer == ValidationLayer.Current ? NotNumericMessage + ": " : NotNumericMessage;
            return false;
        }

        if (!TryScan(text, out var negative, out var digitStart, out var digitEnd, out var pointIndex, out var exponent, out var exponentTooLarge))
        {
            error = NotNumericMessage + ": " + text;
            return false;
        }

        if (exponentTooLarge || (layer == ValidationLayer.Older && (exponent > int.MaxValue || exponent < -int.MaxValue)))
        {
            // An exponent beyond a 64-bit integer (the older layer: a 32-bit one) cannot be read at all.
            error = NotNumericMessage + ": " + text;
            return false;
        }

        // Significant digits: strip leading and trailing zeros (the point does not count).
        var first = -1;
        var last = -1;
        for (var i = digitStart; i < digitEnd; i++)
        {
            if (text[i] is >= '1' and <= '9')
            {
                if (first < 0)
                {
                    first = i;
                }

                last = i;
            }
        }

        if (first < 0)
        {
            // Zero is range-checked by the exponent it is written with, less its written fraction digits
            // (0e126 overflows, 0.0e126 does not), as DynamoDB's decimal reading does.
            var fraction = pointIndex < 0 ? 0 : digitEnd - pointIndex - 1;
            var zeroMagnitude = Math.Clamp(exponent, -Huge, Huge) - fraction;
            error = zeroMagnitude > MaxMagnitude ? OverflowMessage : zeroMagnitude < MinMagnitude ? UnderflowMessage : null;
            return error is null;
        }

        // Exponent of the last significant digit: count the digits between it and the point.
        var point = pointIndex < 0 ? digitEnd : pointIndex;
        var lastPosition = last < point ? CountDigits(text, last + 1, point) : -CountDigits(text, point + 1, last + 1);
        var digits = CountDigits(text, first, last + 1);
        long unitExponent = Math.Clamp(exponent, -Huge, Huge) + lastPosition;
        var magnitude = unitExponent + digits - 1;
        if (layer == ValidationLayer.Older && magnitude + 1 > int.MaxValue)
        {
            // The older layer computes precision - scale in 32 bits, so it wraps to a large negative value.
            magnitude = (long)unchecked((int)(magnitude + 1)) - 1;
        }
        if (magnitude > MaxMagnitude)
        {
            error = OverflowMessage;
            return false;
        }

        if (magnitude < MinMagnitude)
        {
            error = UnderflowMessage;
            return false;
        }

        if (digits > MaxSignificantDigits)
        {
            error = TooManyDigitsMessage;
            return false;
        }

        var coefficient = ParseDigits(text, first, last + 1);
        number = new DynamoNumber(negative ? -coefficient : coefficient, (int)unitExponent, digits);
        error = null;
        return true;
    }

    public static DynamoNumber FromInt64(long value)
    {
        if (value == 0)
        {
            return default;
        }

        var exponent = 0;
        while (value % 10 == 0)
        {
            value /= 10;
            exponent++;
        }

        var coefficient = new BigInteger(value);
        return new DynamoNumber(coefficient, exponent, CountCoefficientDigits(coefficient));
    }

    /// <summary>Exact sum; throws DynamoDB's overflow, underflow or precision error when the result cannot be stored.</summary>
    public DynamoNumber Add(DynamoNumber other) => Combine(other, subtract: false);

    /// <summary>Exact difference; throws like <see cref="Add"/>.</summary>
    public DynamoNumber Subtract(DynamoNumber other) => Combine(other, subtract: true);

    public DynamoNumber Negate() => new(-_coefficient, _exponent, _digits);

    public int CompareTo(DynamoNumber other)
    {
        var sign = _coefficient.Sign;
        var otherSign = other._coefficient.Sign;
        if (sign != otherSign)
        {
            return sign.CompareTo(otherSign);
        }

        if (sign == 0)
        {
            return 0;
        }

        var magnitude = Magnitude;
        var otherMagnitude = other.Magnitude;
        if (magnitude != otherMagnitude)
        {
            return magnitude > otherMagnitude ? sign : -sign;
        }

        // Same leading exponent: align the coefficients on the smaller unit exponent.
        var left = _coefficient;
        var right = other._coefficient;
        if (_exponent > other._exponent)
        {
            left *= PowersOfTen[_exponent - other._exponent];
        }
        else if (other._exponent > _exponent)
        {
            right *= PowersOfTen[other._exponent - _exponent];
        }

        return left.CompareTo(right);
    }

    public bool Equals(DynamoNumber other) => _exponent == other._exponent && _coefficient.Equals(other._coefficient);

    public override bool Equals(object? obj) => obj is DynamoNumber other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_coefficient, _exponent);

    public static bool operator ==(DynamoNumber left, DynamoNumber right) => left.Equals(right);

    public static bool operator !=(DynamoNumber left, DynamoNumber right) => !left.Equals(right);

    public static bool operator <(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) < 0;

    public static bool operator <=(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) > 0;

    public static bool operator >=(DynamoNumber left, DynamoNumber right) => left.CompareTo(right) >= 0;

    /// <summary>The canonical text DynamoDB returns: plain decimal, no exponent, no redundant zeros or sign.</summary>
    public override string ToString()
    {
        if (_digits == 0)
        {
            return "0";
        }

        var digits = BigInteger.Abs(_coefficient).ToString(CultureInfo.InvariantCulture);
        var sign = _coefficient.Sign < 0 ? "-" : string.Empty;
        if (_exponent >= 0)
        {
            return _exponent == 0 ? sign + digits : string.Concat(sign, digits, new string('0', _exponent));
        }

        var integerDigits = digits.Length + _exponent;
        if (integerDigits > 0)
        {
            return string.Concat(sign, digits.AsSpan(0, integerDigits), ".", digits.AsSpan(integerDigits));
        }

        return string.Concat(sign, "0.", new string('0', -integerDigits), digits);
    }

    private DynamoNumber Combine(DynamoNumber other, bool subtract)
    {
        var right = subtract ? other.Negate() : other;
        if (right._digits == 0)
        {
            return this;
        }

        if (_digits == 0)
        {
            return right;
        }

        var unit = Math.Min(_exponent, right._exponent);
        var sum = (_coefficient * PowersOfTen[_exponent - unit]) + (right._coefficient * PowersOfTen[right._exponent - unit]);
        var result = Normalize(sum, unit);
        if (result._digits == 0)
        {
            return result;
        }

        if (result.Magnitude > MaxMagnitude)
        {
            throw new DynamoDbValidationException(OverflowMessage);
        }

        if (result.Magnitude < MinMagnitude)
        {
            throw new DynamoDbValidationException(UnderflowMessage);
        }

        if (result._digits > MaxSignificantDigits)
        {
            // DynamoDB reports an inexact sum as an overflow, not as a precision error.
            throw new DynamoDbValidationException(OverflowMessage);
        }

        return result;
    }

    private static DynamoNumber Normalize(BigInteger coefficient, int exponent)
    {
        if (coefficient.IsZero)
        {
            return default;
        }

        while (true)
        {
            var quotient = BigInteger.DivRem(coefficient, 10, out var remainder);
            if (!remainder.IsZero)
            {
                break;
            }

            coefficient = quotient;
            exponent++;
        }

        return new DynamoNumber(coefficient, exponent, CountCoefficientDigits(coefficient));
    }

    private static int CountCoefficientDigits(BigInteger coefficient)
    {
        var abs = BigInteger.Abs(coefficient);
        if (abs < long.MaxValue)
        {
            var value = (long)abs;
            var count = 0;
            while (value > 0)
            {
                value /= 10;
                count++;
            }

            return count;
        }

        return abs.ToString(CultureInfo.InvariantCulture).Length;
    }

    private static bool TryScan(string text, out bool negative, out int digitStart, out int digitEnd, out int pointIndex, out long exponent, out bool exponentTooLarge)
    {
        negative = false;
        pointIndex = -1;
        exponent = 0;
        exponentTooLarge = false;
        var i = 0;
        if (text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            i++;
        }

        digitStart = i;
        var sawDigit = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                sawDigit = true;
            }
            else if (c == '.' && pointIndex < 0)
            {
                pointIndex = i;
            }
            else
            {
                break;
            }
        }

        digitEnd = i;
        if (!sawDigit)
        {
            return false;
        }

        if (i == text.Length)
        {
            return true;
        }

        if (text[i] is not ('e' or 'E'))
        {
            return false;
        }

        i++;
        var exponentNegative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            exponentNegative = text[i] == '-';
            i++;
        }

        if (i == text.Length)
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            if (exponent <= (long.MaxValue - (c - '0')) / 10)
            {
                exponent = (exponent * 10) + (c - '0');
            }
            else
            {
                exponentTooLarge = true;
            }
        }

        if (exponentNegative)
        {
            exponent = -exponent;
        }

        return true;
    }

    private static int CountDigits(string text, int start, int end)
    {
        var count = 0;
        for (var i = start; i < end; i++)
        {
            if (text[i] != '.')
            {
                count++;
            }
        }

        return count;
    }

    private static BigInteger ParseDigits(string text, int start, int end)
    {
        long small = 0;
        var count = 0;
        BigInteger big = BigInteger.Zero;
        var useBig = false;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                continue;
            }

            if (count == 18)
            {
                big = useBig ? (big * PowersOfTen[18]) + small : small;
                useBig = true;
                small = 0;
                count = 0;
            }

            small = (small * 10) + (c - '0');
            count++;
        }

        return useBig ? (big * PowersOfTen[count]) + small : small;
    }

    private static BigInteger[] CreatePowersOfTen(int count)
    {
        var powers = new BigInteger[count];
        powers[0] = BigInteger.One;
        for (var i = 1; i < count; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
