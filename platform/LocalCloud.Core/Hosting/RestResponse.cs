using System.Text.Json.Serialization.Metadata;

namespace LocalCloud.Core.Hosting;

public sealed class RestResponse
{
    public int StatusCode { get; init; } = 200;

    public ReadOnlyMemory<byte> Body { get; init; }

    public string ContentType { get; init; } = "application/json";

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public static RestResponse NoContent(int statusCode = 204) => new() { StatusCode = statusCode };

    public static RestResponse Json<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode = 200) =>
        new() { StatusCode = statusCode, Body = WireJson.SerializeToUtf8Bytes(value, typeInfo) };
}
