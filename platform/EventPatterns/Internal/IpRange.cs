using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace EventPatterns.Internal;

/// <summary>An inclusive range of IPv4 or IPv6 addresses (IPv4 held in the low 32 bits).</summary>
internal readonly record struct IpRange(UInt128 Low, UInt128 High, bool IsV6)
{
    public bool Contains(UInt128 address, bool isV6) => isV6 == IsV6 && address >= Low && address <= High;

    public static IpRange Single(UInt128 address, bool isV6) => new(address, address, isV6);

    /// <summary>
    /// Parses <c>address/mask</c>; the mask must be below 32 (IPv4) or 128 (IPv6). As in event-ruler, the range runs
    /// from the address as written (host bits are not cleared) to the address with every host bit set.
    /// </summary>
    public static bool TryParseCidr(string text, out IpRange range, out string? error)
    {
        range = default;
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
        range = new IpRange(address, address | hostMask, isV6);
        error = null;
        return true;
    }

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
