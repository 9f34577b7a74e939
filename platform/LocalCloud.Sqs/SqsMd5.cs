using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LocalCloud.Sqs.Model;

namespace LocalCloud.Sqs;

internal static class SqsMd5
{
    private const byte StringTransport = 1;
    private const byte BinaryTransport = 2;

    public static string OfBody(string body)
    {
#pragma warning disable CA5351 // MD5 is what the SQS wire protocol specifies for message digests
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351
    }

    public static string? OfAttributes(IReadOnlyDictionary<string, StoredAttribute>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        foreach (var name in attributes.Keys.Order(StringComparer.Ordinal))
        {
            var value = attributes[name];
            WriteString(buffer, name);
            WriteString(buffer, value.DataType!);
            if (value.BinaryValue is { } binary)
            {
                buffer.WriteByte(BinaryTransport);
                WriteBytes(buffer, binary);
            }
            else
            {
                buffer.WriteByte(StringTransport);
                WriteString(buffer, value.StringValue ?? string.Empty);
            }
        }

#pragma warning disable CA5351 // MD5 is what the SQS wire protocol specifies for message digests
        return Convert.ToHexStringLower(MD5.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
#pragma warning restore CA5351
    }

    private static void WriteString(MemoryStream buffer, string value) => WriteBytes(buffer, Encoding.UTF8.GetBytes(value));

    private static void WriteBytes(MemoryStream buffer, byte[] value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        buffer.Write(length);
        buffer.Write(value);
    }
}
