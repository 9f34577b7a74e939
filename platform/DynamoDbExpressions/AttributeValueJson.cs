using System.Buffers;
using System.Text;
using System.Text.Json;
using DynamoDbExpressions.Internal;

namespace DynamoDbExpressions;

/// <summary>
/// Reads and writes AttributeValues and items in the wire's JSON form (<c>{"S":"x"}</c>, <c>{"N":"1"}</c>,
/// binary as base64), applying DynamoDB's validation with its exact messages.
/// </summary>
public static class AttributeValueJson
{
    /// <summary>Reader options deep enough for DynamoDB's 32 levels of nesting (each level is two JSON levels).</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new() { MaxDepth = 128 };

    /// <summary>Reads one AttributeValue; the reader is on its StartObject and ends on its EndObject.</summary>
    /// <exception cref="DynamoDbValidationException">The value breaks one of DynamoDB's rules.</exception>
    /// <exception cref="JsonException">The JSON does not have the AttributeValue shape (DynamoDB's SerializationException).</exception>
    public static AttributeValue Read(ref Utf8JsonReader reader, ValidationLayer layer = ValidationLayer.Current)
    {
        string? error = null;
        var value = ReadValue(ref reader, ref error, 0, layer);
        return error is null ? value! : throw new DynamoDbValidationException(error);
    }

    /// <summary>Reads an item (a JSON object of AttributeValues); the reader is on its StartObject.</summary>
    public static Dictionary<string, AttributeValue> ReadItem(ref Utf8JsonReader reader, ValidationLayer layer = ValidationLayer.Current)
    {
        string? error = null;
        var item = ReadMap(ref reader, ref error, 0, layer);
        return error is null ? item! : throw new DynamoDbValidationException(error);
    }

    /// <summary>
    /// Reads a request's <c>ExpressionAttributeValues</c>; a bad value is reported as DynamoDB does: bare in the
    /// current layer, as "ExpressionAttributeValues contains invalid value: ... for key :k" in the older one.
    /// </summary>
    public static Dictionary<string, AttributeValue> ReadExpressionAttributeValues(ref Utf8JsonReader reader, ValidationLayer layer = ValidationLayer.Current)
    {
        ExpectToken(ref reader, JsonTokenType.StartObject);
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            string? error = null;
            var value = ReadValue(ref reader, ref error, 0, layer);
            if (error is not null)
            {
                // The nesting limit reads the same for values as for items.
                var wrap = layer == ValidationLayer.Older && error != AttributeValueRules.NestingTooDeep;
                throw new DynamoDbValidationException(wrap ? "ExpressionAttributeValues contains invalid value: " + error + " for key " + key : error);
            }

            values[key] = value!;
        }

        return values;
    }

    public static AttributeValue Parse(string json, ValidationLayer layer = ValidationLayer.Current)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), ReaderOptions);
        reader.Read();
        return Read(ref reader, layer);
    }

    public static Dictionary<string, AttributeValue> ParseItem(string json, ValidationLayer layer = ValidationLayer.Current)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), ReaderOptions);
        reader.Read();
        return ReadItem(ref reader, layer);
    }

    public static void Write(Utf8JsonWriter writer, AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        switch (value.Type)
        {
            case AttributeValueType.S:
                writer.WriteString("S", value.S);
                break;
            case AttributeValueType.N:
                writer.WriteString("N", value.N.ToString());
                break;
            case AttributeValueType.B:
                writer.WriteBase64String("B", value.BinaryArray);
                break;
            case AttributeValueType.BOOL:
                writer.WriteBoolean("BOOL", value.BOOL);
                break;
            case AttributeValueType.NULL:
                writer.WriteBoolean("NULL", true);
                break;
            case AttributeValueType.M:
                writer.WritePropertyName("M");
                WriteItem(writer, value.M);
                break;
            case AttributeValueType.L:
                writer.WriteStartArray("L");
                foreach (var element in value.ListArray)
                {
                    Write(writer, element);
                }

                writer.WriteEndArray();
                break;
            case AttributeValueType.SS:
                writer.WriteStartArray("SS");
                foreach (var element in value.StringSetArray)
                {
                    writer.WriteStringValue(element);
                }

                writer.WriteEndArray();
                break;
            case AttributeValueType.NS:
                writer.WriteStartArray("NS");
                foreach (var element in value.NumberSetArray)
                {
                    writer.WriteStringValue(element.ToString());
                }

                writer.WriteEndArray();
                break;
            case AttributeValueType.BS:
                writer.WriteStartArray("BS");
                foreach (var element in value.BinarySetArray)
                {
                    writer.WriteBase64StringValue(element.Span);
                }

                writer.WriteEndArray();
                break;
        }

        writer.WriteEndObject();
    }

    public static void WriteItem(Utf8JsonWriter writer, IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(item);
        writer.WriteStartObject();
        foreach (var (name, value) in item)
        {
            writer.WritePropertyName(name);
            Write(writer, value);
        }

        writer.WriteEndObject();
    }

    public static string Serialize(AttributeValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string SerializeItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteItem(writer, item);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Checks run per data type in the order the members appear, then the member count, as DynamoDB does;
    // the first error found is kept and the rest of the value is still consumed.
    private static AttributeValue? ReadValue(ref Utf8JsonReader reader, ref string? error, int depth, ValidationLayer layer)
    {
        ExpectToken(ref reader, JsonTokenType.StartObject);
        if (depth > AttributeValueRules.MaxNesting)
        {
            error ??= AttributeValueRules.NestingTooDeep;
        }

        AttributeValue? result = null;
        var types = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var member = reader.GetString();
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            AttributeValue? value;
            switch (member)
            {
                case "S":
                    value = AttributeValue.FromS(GetString(ref reader, member));
                    break;
                case "N":
                    value = ReadNumber(GetString(ref reader, member), ref error, layer);
                    break;
                case "B":
                    value = AttributeValue.FromOwnedBinary(GetBase64(ref reader, member));
                    break;
                case "BOOL":
                    value = AttributeValue.FromBool(GetBoolean(ref reader, member));
                    break;
                case "NULL":
                    if (!GetBoolean(ref reader, member))
                    {
                        error ??= AttributeValueRules.NullMustBeTrue;
                    }

                    value = AttributeValue.Null;
                    break;
                case "M":
                    {
                        var map = ReadMap(ref reader, ref error, depth + 1, layer);
                        value = map is null ? null : AttributeValue.FromOwnedMap(map);
                        break;
                    }

                case "L":
                    {
                        ExpectToken(ref reader, JsonTokenType.StartArray);
                        var list = new List<AttributeValue>();
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            var element = ReadValue(ref reader, ref error, depth + 1, layer);
                            if (element is not null)
                            {
                                list.Add(element);
                            }
                        }

                        value = AttributeValue.FromOwnedList([.. list]);
                        break;
                    }

                case "SS":
                    {
                        var strings = ReadArray(ref reader, member, static (ref Utf8JsonReader r, string m) => GetString(ref r, m));
                        var setError = AttributeValueRules.CheckStringSet(strings, layer);
                        error ??= setError;
                        value = AttributeValue.FromOwnedStringSet(strings);
                        break;
                    }

                case "NS":
                    {
                        var texts = ReadArray(ref reader, member, static (ref Utf8JsonReader r, string m) => GetString(ref r, m));
                        var numbers = new DynamoNumber[texts.Length];
                        string? numberError = null;
                        for (var i = 0; i < texts.Length && numberError is null; i++)
                        {
                            if (!DynamoNumber.TryParse(texts[i], layer, out numbers[i], out var e))
                            {
                                numberError = e;
                            }
                        }

                        error ??= texts.Length == 0 ? AttributeValueRules.EmptyNumberSet : numberError ?? AttributeValueRules.CheckNumberSet(numbers, layer);
                        value = AttributeValue.FromOwnedNumberSet(numbers);
                        break;
                    }

                case "BS":
                    {
                        var blobs = ReadArray(ref reader, member, static (ref Utf8JsonReader r, string m) => (ReadOnlyMemory<byte>)GetBase64(ref r, m));
                        var setError = AttributeValueRules.CheckBinarySet(blobs, layer);
                        error ??= setError;
                        value = AttributeValue.FromOwnedBinarySet(blobs);
                        break;
                    }

                default:
                    reader.Skip();
                    continue;
            }

            types++;
            result = value;
        }

        if (error is not null)
        {
            return null;
        }

        if (types == 0)
        {
            error = AttributeValueRules.Empty;
            return null;
        }

        if (types > 1)
        {
            error = AttributeValueRules.MoreThanOne;
            return null;
        }

        return result;
    }

    private static Dictionary<string, AttributeValue>? ReadMap(ref Utf8JsonReader reader, ref string? error, int depth, ValidationLayer layer)
    {
        ExpectToken(ref reader, JsonTokenType.StartObject);
        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            var value = ReadValue(ref reader, ref error, depth, layer);
            if (value is not null)
            {
                map[name] = value;
            }
        }

        return error is null ? map : null;
    }

    private static AttributeValue? ReadNumber(string text, ref string? error, ValidationLayer layer)
    {
        if (DynamoNumber.TryParse(text, layer, out var number, out var numberError))
        {
            return AttributeValue.FromN(number);
        }

        error ??= numberError;
        return null;
    }

    private delegate T ElementReader<T>(ref Utf8JsonReader reader, string member);

    private static T[] ReadArray<T>(ref Utf8JsonReader reader, string member, ElementReader<T> read)
    {
        ExpectToken(ref reader, JsonTokenType.StartArray);
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(read(ref reader, member));
        }

        return [.. list];
    }

    private static string GetString(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"Expected a string for {member}.");

    private static bool GetBoolean(ref Utf8JsonReader reader, string member) =>
        reader.TokenType is JsonTokenType.True or JsonTokenType.False ? reader.GetBoolean() : throw new JsonException($"Expected a boolean for {member}.");

    private static byte[] GetBase64(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a base64 string for {member}.");
        }

        return reader.TryGetBytesFromBase64(out var bytes) ? bytes : throw new JsonException($"{member} is not valid base64.");
    }

    private static void ExpectToken(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (reader.TokenType != expected)
        {
            throw new JsonException($"Expected {expected} but found {reader.TokenType}.");
        }
    }
}
