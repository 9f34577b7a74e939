using System.Globalization;

namespace EventPatterns.Internal;

/// <summary>
/// Number identity, as event-ruler's <c>ComparableNumber.generate</c> decides it: a JSON number literal is numeric when
/// it is finite as a double and its decimal value equals that of Java's <c>Double.toString</c> of the double
/// (<c>BigDecimal.valueOf(d)</c>), so 5, 5.0, 5e0 and 50E-1 are one number, while 9007199254740993 (an over-precise
/// literal) and 5e-324 (Java writes that double 4.9E-324) are not numbers at all, only literals.
/// <c>Double.toString</c> is taken as the Java SE specification states it since Java 19: among the decimals that round
/// to the double, the shortest, and the one closest to the double among those; when the shortest has one digit, the
/// closest among those of one or two digits (Java always prints a digit after the point). That is the shortest
/// round-trip text .NET prints, except for subnormals whose shortest text has one digit.
/// </summary>
internal static class NumberText
{
    private const int MaxDigits = 800;

    public static bool TryGetExactDouble(ReadOnlySpan<byte> text, out double value) =>
        TryParseFinite(text, out value) && IsExact(text, value);

    /// <summary>Parses the literal to a finite double (negative zero becomes zero), without the exactness check.</summary>
    public static bool TryParseFinite(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxDigits
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
        {
            return false;
        }

        value = parsed == 0 ? 0d : parsed;
        return true;
    }

    /// <summary>True when the literal's decimal value equals that of Java's <c>Double.toString</c> of <paramref name="parsed"/>.</summary>
    public static bool IsExact(ReadOnlySpan<byte> text, double parsed)
    {
        var significant = SignificantDigits(text);
        if (significant == 0 || (significant <= 15 && Math.Abs(parsed) is >= 1e-290 and <= 1e290))
        {
            return true;
        }

        Span<byte> formatted = stackalloc byte[40];
        return TryFormatJava(parsed, formatted, out var written) && SameDecimalValue(text, formatted[..written]);
    }

    /// <summary>Writes a decimal whose value is that of Java's <c>Double.toString(value)</c> (not its spelling).</summary>
    public static bool TryFormatJava(double value, Span<byte> destination, out int written)
    {
        if (!value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture))
        {
            return false;
        }

        if (!double.IsSubnormal(value) || SignificantDigits(destination[..written]) != 1)
        {
            return true;
        }

        var (digits, exponent) = ClosestOfTwoDigits(Math.Abs(value));
        var text = string.Create(CultureInfo.InvariantCulture, $"{(value < 0 ? "-" : "")}{digits}E{exponent}");
        return System.Text.Encoding.ASCII.TryGetBytes(text, destination, out written);
    }

    /// <summary>
    /// For a subnormal x = m·2^-1074: the decimal n·10^j with 10 &lt;= x/10^j &lt; 100 and n the nearer of the two
    /// integers around x/10^j. It is in the rounding interval of x whenever a one-digit decimal is, and it is the
    /// closest to x of the decimals with one or two digits.
    /// </summary>
    private static (System.Numerics.BigInteger Digits, int Exponent) ClosestOfTwoDigits(double x)
    {
        var m = new System.Numerics.BigInteger(BitConverter.DoubleToInt64Bits(x));
        var denominator = System.Numerics.BigInteger.One << 1074;
        var j = (int)Math.Floor(Math.Log10(x)) - 1;
        while (true)
        {
            var scale = System.Numerics.BigInteger.Pow(10, -j);
            var scaled = m * scale;
            var q = System.Numerics.BigInteger.Divide(scaled, denominator);
            if (q < 10)
            {
                j--;
                continue;
            }

            if (q >= 100)
            {
                j++;
                continue;
            }

            var below = scaled - (q * denominator);
            var above = ((q + 1) * denominator) - scaled;
            return (above < below ? q + 1 : q, j);
        }
    }

    /// <summary>
    /// Counts significant digits, stopping past 15: a decimal with at most 15 of them (in the normal double range) is
    /// the shortest round-trip text of the double it parses to, so no formatting is needed to prove it exact.
    /// Zero digits means the literal is zero.
    /// </summary>
    private static int SignificantDigits(ReadOnlySpan<byte> text)
    {
        var significant = 0;
        var pendingZeros = 0;
        var started = false;
        foreach (var c in text)
        {
            if (c == '.' || c == '-' || c == '+')
            {
                continue;
            }

            if (c is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            if (c == '0')
            {
                if (started)
                {
                    pendingZeros++;
                }

                continue;
            }

            started = true;
            significant += pendingZeros + 1;
            pendingZeros = 0;
            if (significant > 15)
            {
                return significant;
            }
        }

        return significant;
    }

    private static bool SameDecimalValue(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Span<byte> digitsA = stackalloc byte[MaxDigits];
        Span<byte> digitsB = stackalloc byte[40];
        if (!Normalize(a, digitsA, out var lengthA, out var exponentA, out var negativeA)
            || !Normalize(b, digitsB, out var lengthB, out var exponentB, out var negativeB))
        {
            return false;
        }

        if (lengthA == 0 || lengthB == 0)
        {
            return lengthA == lengthB;
        }

        return negativeA == negativeB && exponentA == exponentB && digitsA[..lengthA].SequenceEqual(digitsB[..lengthB]);
    }

    /// <summary>Splits a decimal literal into significant digits (no leading or trailing zeros) and the power of ten of the first one.</summary>
    private static bool Normalize(ReadOnlySpan<byte> text, Span<byte> digits, out int length, out long exponent, out bool negative)
    {
        length = 0;
        exponent = 0;
        negative = false;
        var i = 0;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        long pointPosition = -1;
        long position = 0;
        long firstSignificant = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                pointPosition = position;
                continue;
            }

            if (c is < (byte)'0' or > (byte)'9')
            {
                break;
            }

            if (c != '0' || firstSignificant >= 0)
            {
                if (firstSignificant < 0)
                {
                    firstSignificant = position;
                }

                if (length >= digits.Length)
                {
                    return false;
                }

                digits[length++] = c;
            }

            position++;
        }

        if (pointPosition < 0)
        {
            pointPosition = position;
        }

        long explicitExponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            var exponentNegative = false;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                exponentNegative = text[i] == '-';
                i++;
            }

            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }

                if (explicitExponent < 1_000_000_000)
                {
                    explicitExponent = (explicitExponent * 10) + (c - '0');
                }
            }

            if (exponentNegative)
            {
                explicitExponent = -explicitExponent;
            }
        }

        if (i != text.Length)
        {
            return false;
        }

        while (length > 0 && digits[length - 1] == '0')
        {
            length--;
        }

        if (length == 0)
        {
            negative = false;
            return true;
        }

        exponent = pointPosition - firstSignificant - 1 + explicitExponent;
        return true;
    }
}
