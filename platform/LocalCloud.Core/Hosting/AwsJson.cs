using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LocalCloud.Core.Hosting;

public static class AwsJson
{
    public static T Deserialize<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class, new()
    {
        if (IsBlank(body.Span))
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize(body.Span, typeInfo)
                ?? throw new ServiceException("SerializationException", "Start of structure or map found where not expected.");
        }
        catch (JsonException ex)
        {
            throw Serialization(ex);
        }
        catch (InvalidOperationException ex)
        {
            throw Serialization(ex);
        }
    }

    public static T Required<T>(T? value, string name)
        where T : class =>
        value ?? throw ServiceException.MissingParameter(name);

    public static T RequiredValue<T>(T? value, string name)
        where T : struct =>
        value ?? throw ServiceException.MissingParameter(name);

    internal static ServiceException Serialization(Exception ex) =>
        new("SerializationException", ex is JsonException { Path: { Length: > 0 } path }
            ? $"Could not read the request body at '{path}': the value has the wrong type or is malformed."
            : "Could not read the request body: it is not valid JSON for this operation.");

    private static bool IsBlank(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
