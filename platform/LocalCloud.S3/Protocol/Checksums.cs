using System.Security.Cryptography;

namespace LocalCloud.S3.Protocol;

/// <summary>
/// The flexible checksums S3 accepts (<c>x-amz-checksum-crc32</c>, <c>-crc32c</c>, <c>-crc64nvme</c>, <c>-sha1</c>,
/// <c>-sha256</c>), computed while a body streams in; values are base64 of the big-endian digest, as S3 sends them.
/// </summary>
internal sealed class ChecksumCalculator : IDisposable
{
    public static readonly string[] Algorithms = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

    private static readonly uint[] Crc32Table = Table32(0xEDB88320u);
    private static readonly uint[] Crc32CTable = Table32(0x82F63B78u);
    private static readonly ulong[] Crc64Table = Table64(0x9A6C9329AC4BC9B5ul);

    private readonly IncrementalHash? _hash;
    private uint _crc32 = 0xFFFFFFFFu;
    private ulong _crc64 = ulong.MaxValue;

    private ChecksumCalculator(string algorithm)
    {
        Algorithm = algorithm;
        _hash = algorithm switch
        {
            "SHA1" => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
            "SHA256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            _ => null,
        };
    }

    public string Algorithm { get; }

    public string HeaderName => "x-amz-checksum-" + Algorithm.ToLowerInvariant();

    public static bool IsKnown(string algorithm) => Array.IndexOf(Algorithms, algorithm.ToUpperInvariant()) >= 0;

    public static ChecksumCalculator Create(string algorithm) => new(algorithm.ToUpperInvariant());

    public static string Compute(string algorithm, ReadOnlySpan<byte> data)
    {
        using var calculator = Create(algorithm);
        calculator.Append(data);
        return calculator.Result();
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        switch (Algorithm)
        {
            case "CRC32":
                _crc32 = Update(Crc32Table, _crc32, data);
                break;
            case "CRC32C":
                _crc32 = Update(Crc32CTable, _crc32, data);
                break;
            case "CRC64NVME":
                var crc = _crc64;
                foreach (var b in data)
                {
                    crc = Crc64Table[(byte)(crc ^ b)] ^ (crc >> 8);
                }

                _crc64 = crc;
                break;
            default:
                _hash!.AppendData(data);
                break;
        }
    }

    public string Result()
    {
        switch (Algorithm)
        {
            case "CRC32" or "CRC32C":
                var value = ~_crc32;
                return Convert.ToBase64String([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
            case "CRC64NVME":
                var bytes = new byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, ~_crc64);
                return Convert.ToBase64String(bytes);
            default:
                return Convert.ToBase64String(_hash!.GetHashAndReset());
        }
    }

    public void Dispose() => _hash?.Dispose();

    private static uint Update(uint[] table, uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] Table32(uint polynomial)
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }

    private static ulong[] Table64(ulong polynomial)
    {
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
