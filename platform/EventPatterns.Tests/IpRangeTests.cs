using System.Net;
using EventPatterns.Internal;

namespace EventPatterns.Tests;

public sealed class IpRangeTests
{
    [Theory]
    [InlineData("10.1.2.3/16", "0A010000", "0A01FFFF")]
    [InlineData("1.2.3.4/0", "00000000", "FFFFFFFF")]
    [InlineData("10.0.0.255/31", "0A0000FE", "0A0000FF")]
    [InlineData("2001:db8::ffff/64", "20010DB8000000000000000000000000", "20010DB800000000FFFFFFFFFFFFFFFF")]
    [InlineData("::1/127", "00000000000000000000000000000000", "00000000000000000000000000000001")]
    public void Cidr_BoundsAreTheMaskedAddressAndItsLastAddress(string cidr, string bottom, string top)
    {
        Assert.True(IpRange.TryParseCidr(cidr, out var range, out _));
        Assert.Equal(bottom, range!.Bottom);
        Assert.Equal(top, range.Top);
        Assert.False(range.OpenBottom);
        Assert.False(range.OpenTop);
    }

    [Theory]
    [InlineData("10.0.0.1", "0A000001", false, "0A000002", true)]
    [InlineData("10.0.0.9", "0A000009", false, "0A00000A", true)]
    [InlineData("10.0.0.15", "0A00000E", true, "0A00000F", false)]
    public void SingleAddress_IsEventRulersOneAddressRange(string address, string bottom, bool openBottom, string top, bool openTop)
    {
        Assert.True(IpRange.TryParseAddress(System.Text.Encoding.ASCII.GetBytes(address), out var value, out var isV6));
        var range = IpRange.SingleAddress(value, isV6);
        Assert.Equal((bottom, openBottom, top, openTop), (range.Bottom, range.OpenBottom, range.Top, range.OpenTop));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AddressOfTheSameFamily_MatchesExactlyWhenInsideTheMaskedRange(bool isV6)
    {
        var random = new Random(isV6 ? 6 : 4);
        var bits = isV6 ? 128 : 32;
        for (var i = 0; i < 2_000; i++)
        {
            var mask = i < bits ? i : random.Next(bits);
            var network = RandomAddress(random, bits);
            var text = $"{Format(network, isV6)}/{mask}";
            Assert.True(IpRange.TryParseCidr(text, out var range, out _), text);
            var hostMask = mask == 0 ? (bits == 128 ? UInt128.MaxValue : uint.MaxValue) : ((UInt128.One << (bits - mask)) - 1);
            var low = network & ~hostMask & (bits == 128 ? UInt128.MaxValue : uint.MaxValue);
            var high = network | hostMask;
            UInt128[] probes = [low, high, low == 0 ? high + 1 : low - 1, high + 1, RandomAddress(random, bits), (low & ~(UInt128)0xFF) | (UInt128)random.Next(256)];
            foreach (var probe in probes)
            {
                if (bits == 32 && probe > uint.MaxValue)
                {
                    continue;
                }

                var expected = probe >= low && probe <= high;
                Assert.True(expected == range!.MatchesAddress(probe, isV6), $"{text} {Format(probe, isV6)}");
            }
        }
    }

    [Fact]
    public void SingleAddress_MatchesOnlyThatAddressOfItsFamily()
    {
        var random = new Random(1);
        for (var i = 0; i < 1_000; i++)
        {
            var address = RandomAddress(random, 32);
            var range = IpRange.SingleAddress(address, isV6: false);
            Assert.True(range.MatchesAddress(address, isV6: false));
            if (address < uint.MaxValue)
            {
                Assert.False(range.MatchesAddress(address + 1, isV6: false));
            }

            if (address > 0)
            {
                Assert.False(range.MatchesAddress(address - 1, isV6: false));
            }
        }
    }

    private static UInt128 RandomAddress(Random random, int bits)
    {
        var high = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
        var low = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 33);
        var value = new UInt128(high, low);
        return bits == 128 ? value : value & uint.MaxValue;
    }

    private static string Format(UInt128 address, bool isV6)
    {
        if (!isV6)
        {
            return new IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((uint)address)).ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, address);
        return new IPAddress(bytes).ToString();
    }
}
