using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace EventPatterns.Internal;

/// <summary>
/// An IP range the way event-ruler holds it: two bounds written as the upper-case hexadecimal text of addresses
/// (8 digits for IPv4, 32 for IPv6), each open or closed, compiled into the prefix automaton event-ruler's
/// <c>ByteMachine</c> builds for a range. A value matches when some prefix of its bytes ends on one of the automaton's
/// match transitions, so for the hexadecimal text of an address of the same family this is plain range containment,
/// while shorter or longer byte strings (the other family's addresses, or a number's JSON text) are judged byte by
/// byte against the bounds, as event-ruler does.
/// </summary>
internal sealed class IpRange
{
    private const int MaxDigit = 15;

    private readonly byte[] _bottom;
    private readonly byte[] _top;
    private readonly MatchStep[] _steps;

    private IpRange(byte[] bottom, bool openBottom, byte[] top, bool openTop)
    {
        _bottom = bottom;
        _top = top;
        OpenBottom = openBottom;
        OpenTop = openTop;
        _steps = BuildSteps(bottom, openBottom, top, openTop);
    }

    /// <summary>The lower bound as upper-case hexadecimal text.</summary>
    public string Bottom => System.Text.Encoding.ASCII.GetString(_bottom);

    /// <summary>The upper bound as upper-case hexadecimal text.</summary>
    public string Top => System.Text.Encoding.ASCII.GetString(_top);

    public bool OpenBottom { get; }

    public bool OpenTop { get; }

    /// <summary>
    /// The one-address range event-ruler makes of a plain string that parses as an IP address: closed at the address
    /// and open at the next hexadecimal digit (<c>9</c> is followed by <c>A</c>), or, when the last digit is <c>F</c>,
    /// open just below it and closed at the address.
    /// </summary>
    public static IpRange SingleAddress(UInt128 address, bool isV6)
    {
        var bottom = ToHex(address, isV6);
        var top = (byte[])bottom.Clone();
        var last = bottom.Length - 1;
        if (bottom[last] == (byte)'F')
        {
            bottom[last] = (byte)'E';
            return new IpRange(bottom, openBottom: true, top, openTop: false);
        }

        top[last] = bottom[last] == (byte)'9' ? (byte)'A' : (byte)(bottom[last] + 1);
        return new IpRange(bottom, openBottom: false, top, openTop: true);
    }

    /// <summary>
    /// Parses <c>address/mask</c>; the mask must be below 32 (IPv4) or 128 (IPv6). As in event-ruler, the range runs
    /// from the address with every variable (host) bit cleared to the address with every variable bit set, both
    /// included, whatever host bits the address was written with (<c>10.1.2.3/16</c> is 10.1.0.0-10.1.255.255).
    /// </summary>
    public static bool TryParseCidr(string text, out IpRange? range, out string? error)
    {
        range = null;
        var parts = text.Split('/').ToList();
        while (parts.Count > 0 && parts[^1].Length == 0)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        if (parts.Count != 2)
        {
            error = "cidr must be an address followed by exactly one /mask";
            return false;
        }

        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var mask)
            || mask < 0)
        {
            error = "cidr mask must be a non-negative integer";
            return false;
        }

        if (!TryParseAddress(System.Text.Encoding.UTF8.GetBytes(parts[0]), out var address, out var isV6))
        {
            error = "cidr address is not a valid IPv4 or IPv6 address";
            return false;
        }

        var bits = isV6 ? 128 : 32;
        if (mask >= bits)
        {
            error = $"cidr mask must be less than {bits}";
            return false;
        }

        var hostBits = bits - mask;
        var hostMask = hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        range = new IpRange(ToHex(address & ~hostMask, isV6), openBottom: false, ToHex(address | hostMask, isV6), openTop: false);
        error = null;
        return true;
    }

    /// <summary>True when the value's bytes reach a match of the range's automaton (see the class summary).</summary>
    public bool Matches(ReadOnlySpan<byte> value)
    {
        var commonBottom = value.CommonPrefixLength(_bottom);
        var commonTop = value.CommonPrefixLength(_top);
        foreach (var step in _steps)
        {
            if (step.Prefix >= value.Length || (step.AlongTop ? commonTop : commonBottom) < step.Prefix)
            {
                continue;
            }

            var digit = DigitIndex(value[step.Prefix]);
            if (digit >= step.Low && digit <= step.High)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the address, written as event-ruler writes it (upper-case hexadecimal), matches.</summary>
    public bool MatchesAddress(UInt128 address, bool isV6)
    {
        Span<byte> hex = stackalloc byte[32];
        var length = WriteHex(address, isV6, hex);
        return Matches(hex[..length]);
    }

    public static byte[] ToHex(UInt128 address, bool isV6)
    {
        var hex = new byte[isV6 ? 32 : 8];
        WriteHex(address, isV6, hex);
        return hex;
    }

    private static int WriteHex(UInt128 address, bool isV6, Span<byte> destination)
    {
        var length = isV6 ? 32 : 8;
        for (var i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)"0123456789ABCDEF"[(int)(address & 0xF)];
            address >>= 4;
        }

        return length;
    }

    private static int DigitIndex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// The match transitions of event-ruler's range automaton: after the common prefix of the bounds, any digit strictly
    /// between theirs; along the bottom bound, any digit above the bound's digit (its last digit too when closed); along
    /// the top bound, any digit below the bound's digit (its last digit too when closed). Runs of maximum digits on the
    /// bottom bound and of zeros on the top bound add nothing, as in event-ruler.
    /// </summary>
    private static MatchStep[] BuildSteps(byte[] bottom, bool openBottom, byte[] top, bool openTop)
    {
        var steps = new List<MatchStep>();
        var length = bottom.Length;
        var fork = 0;
        while (fork < length - 1 && bottom[fork] == top[fork])
        {
            fork++;
        }

        void Add(int prefix, bool alongTop, int low, int high)
        {
            if (low <= high)
            {
                steps.Add(new MatchStep(prefix, alongTop, low, high));
            }
        }

        // Event-ruler's digit sequences: "after first" starts one digit higher unless first is already the maximum.
        static int After(int digit) => digit < MaxDigit ? digit + 1 : digit;

        Add(fork, false, After(DigitIndex(bottom[fork])), DigitIndex(top[fork]) - 1);
        for (var offset = fork + 1; offset < length - 1; offset++)
        {
            var digit = DigitIndex(bottom[offset]);
            if (digit < MaxDigit)
            {
                Add(offset, false, After(digit), MaxDigit);
            }
        }

        var lastBottom = DigitIndex(bottom[length - 1]);
        if (lastBottom < MaxDigit || !openBottom)
        {
            if (!openBottom)
            {
                Add(length - 1, false, lastBottom, lastBottom);
            }

            if (fork < length - 1)
            {
                Add(length - 1, false, After(lastBottom), MaxDigit);
            }
        }

        for (var offset = fork + 1; offset < length - 1; offset++)
        {
            var digit = DigitIndex(top[offset]);
            if (digit > 0)
            {
                Add(offset, true, 0, digit - 1);
            }
        }

        var lastTop = DigitIndex(top[length - 1]);
        if (lastTop > 0 || !openTop)
        {
            if (!openTop)
            {
                Add(length - 1, true, lastTop, lastTop);
            }

            if (fork < length - 1)
            {
                Add(length - 1, true, 0, lastTop - 1);
            }
        }

        return [.. steps];
    }

    /// <summary>A match transition: after <see cref="Prefix"/> bytes equal to the bottom (or top) bound, a digit in [Low, High].</summary>
    private readonly record struct MatchStep(int Prefix, bool AlongTop, int Low, int High);

    /// <summary>
    /// Parses dotted-quad IPv4 (decimal octets, no leading zeros: Java treats such literals as ambiguous) or
    /// colon-hex IPv6 text (no zone, no embedded IPv4).
    /// </summary>
    public static bool TryParseAddress(ReadOnlySpan<byte> text, out UInt128 address, out bool isV6)
    {
        address = 0;
        isV6 = false;
        if (text.IsEmpty || text.Length > 45)
        {
            return false;
        }

        if (TryParseV4(text, out var v4))
        {
            address = v4;
            return true;
        }

        if (text.IndexOf((byte)':') < 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(c == ':' || char.IsAsciiHexDigit((char)c)))
            {
                return false;
            }
        }

        Span<char> chars = stackalloc char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            chars[i] = (char)text[i];
        }

        if (!IPAddress.TryParse(chars, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!ip.TryWriteBytes(bytes, out _))
        {
            return false;
        }

        address = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        isV6 = true;
        if (address >> 32 == 0xFFFF)
        {
            address &= uint.MaxValue;
            isV6 = false;
        }

        return true;
    }

    private static bool TryParseV4(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        var part = 0;
        var partValue = 0;
        var partDigits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (partDigits == 0 || part == 3)
                {
                    return false;
                }

                value = (value << 8) | (uint)partValue;
                part++;
                partValue = 0;
                partDigits = 0;
                continue;
            }

            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            if (partDigits == 1 && partValue == 0)
            {
                return false;
            }

            partValue = (partValue * 10) + (c - '0');
            partDigits++;
            if (partDigits > 3 || partValue > 255)
            {
                return false;
            }
        }

        if (part != 3 || partDigits == 0)
        {
            return false;
        }

        value = (value << 8) | (uint)partValue;
        return true;
    }
}
