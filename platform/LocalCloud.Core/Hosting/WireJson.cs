using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LocalCloud.Core.Hosting;

/// <summary>
/// JSON as AWS writes it on the wire: only what JSON requires is escaped (quotes, backslashes, control
/// characters), so bodies such as an SQS message's event JSON read as <c>\"</c>, not <c>\u0022</c>.
/// </summary>
public static class WireJson
{
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] SerializeToUtf8Bytes<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
