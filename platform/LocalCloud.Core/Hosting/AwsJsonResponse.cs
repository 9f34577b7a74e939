using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace LocalCloud.Core.Hosting;

public sealed class AwsJsonResponse
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private AwsJsonResponse(ReadOnlyMemory<byte> body)
    {
        Body = body;
    }

    public static AwsJsonResponse Empty { get; } = new(EmptyObject);

    public ReadOnlyMemory<byte> Body { get; }

    public static AwsJsonResponse FromUtf8(ReadOnlyMemory<byte> json) => new(json);

    public static AwsJsonResponse FromString(string json) => new(Encoding.UTF8.GetBytes(json));

    public static AwsJsonResponse From<T>(T value, JsonTypeInfo<T> typeInfo) =>
        new(WireJson.SerializeToUtf8Bytes(value, typeInfo));
}
