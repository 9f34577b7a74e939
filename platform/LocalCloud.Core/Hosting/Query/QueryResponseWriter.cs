using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace LocalCloud.Core.Hosting;

/// <summary>Writes an operation's JSON result as the awsQuery XML response, and errors as the
/// <c>ErrorResponse</c> document, the way botocore's QueryParser reads them.</summary>
internal static class QueryResponseWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        CheckCharacters = false,
        NewLineHandling = NewLineHandling.Entitize,
        Indent = false,
    };

    public static byte[] Write(QueryOperation operation, string xmlNamespace, ReadOnlyMemory<byte> json, string requestId)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Document(writer =>
        {
            writer.WriteStartElement($"{operation.Name}Response", xmlNamespace);
            if (operation.Output is { } output)
            {
                writer.WriteStartElement($"{operation.Name}Result", xmlNamespace);
                using var document = JsonDocument.Parse(json.IsEmpty ? "{}"u8.ToArray() : json);
                WriteMembers(writer, xmlNamespace, output, document.RootElement);
                writer.WriteEndElement();
            }

            WriteResponseMetadata(writer, xmlNamespace, requestId);
            writer.WriteEndElement();
        });
    }

    public static byte[] WriteError(ServiceException error, string? xmlNamespace, string requestId)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Document(writer =>
        {
            writer.WriteStartElement("ErrorResponse", xmlNamespace);
            writer.WriteStartElement("Error", xmlNamespace);
            writer.WriteElementString("Type", xmlNamespace, error.IsSenderFault ? "Sender" : "Receiver");
            writer.WriteElementString("Code", xmlNamespace, XmlText(error.QueryErrorCode ?? error.Code));
            writer.WriteElementString("Message", xmlNamespace, XmlText(error.Message));
            writer.WriteStartElement("Detail", xmlNamespace);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteElementString("RequestId", xmlNamespace, requestId);
            writer.WriteEndElement();
        });
    }

    private static byte[] Document(Action<XmlWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            writer.WriteStartDocument();
            body(writer);
            writer.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void WriteResponseMetadata(XmlWriter writer, string ns, string requestId)
    {
        writer.WriteStartElement("ResponseMetadata", ns);
        writer.WriteElementString("RequestId", ns, requestId);
        writer.WriteEndElement();
    }

    private static void WriteMembers(XmlWriter writer, string ns, QueryStructure shape, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var member in shape.Members)
        {
            if (value.TryGetProperty(member.Name, out var child) && child.ValueKind != JsonValueKind.Null)
            {
                WriteValue(writer, ns, member.SerializedName, member.Shape, child);
            }
        }
    }

    private static void WriteValue(XmlWriter writer, string ns, string name, QueryShape shape, JsonElement value)
    {
        switch (shape)
        {
            case QueryScalar scalar:
                writer.WriteElementString(name, ns, XmlText(ScalarText(scalar.Type, value)));
                break;
            case QueryStructure structure:
                writer.WriteStartElement(name, ns);
                WriteMembers(writer, ns, structure, value);
                writer.WriteEndElement();
                break;
            case QueryList list when value.ValueKind == JsonValueKind.Array:
                if (list.Flattened)
                {
                    foreach (var item in value.EnumerateArray())
                    {
                        WriteValue(writer, ns, list.MemberName ?? name, list.Member, item);
                    }
                }
                else
                {
                    writer.WriteStartElement(name, ns);
                    foreach (var item in value.EnumerateArray())
                    {
                        WriteValue(writer, ns, list.MemberName ?? "member", list.Member, item);
                    }

                    writer.WriteEndElement();
                }

                break;
            case QueryMap map when value.ValueKind == JsonValueKind.Object:
                if (!map.Flattened)
                {
                    writer.WriteStartElement(name, ns);
                }

                foreach (var entry in value.EnumerateObject())
                {
                    writer.WriteStartElement(map.Flattened ? name : "entry", ns);
                    writer.WriteElementString(map.KeyName, ns, XmlText(entry.Name));
                    WriteValue(writer, ns, map.ValueName, map.Value, entry.Value);
                    writer.WriteEndElement();
                }

                if (!map.Flattened)
                {
                    writer.WriteEndElement();
                }

                break;
            default:
                throw new InvalidOperationException($"The JSON value of {name} ({value.ValueKind}) does not fit its query shape.");
        }
    }

    private static string ScalarText(QueryScalarType type, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => StringText(value),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number when type == QueryScalarType.Timestamp =>
            DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetDouble() * 1000))
                .UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };

    private static string StringText(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escaped in the JSON (\uD800) cannot become a .NET string; its JSON text stands in.
            var raw = value.GetRawText();
            return raw[1..^1];
        }
    }

    /// <summary>XML 1.0 cannot carry some characters (NUL, most C0 controls, lone surrogates, U+FFFE/U+FFFF),
    /// not even as references: they become U+FFFD so the document stays parseable.</summary>
    internal static string XmlText(string text)
    {
        var firstInvalid = FirstInvalid(text, 0);
        if (firstInvalid < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var start = 0;
        while (firstInvalid >= 0)
        {
            builder.Append(text, start, firstInvalid - start).Append('\uFFFD');
            start = firstInvalid + 1;
            firstInvalid = FirstInvalid(text, start);
        }

        return builder.Append(text, start, text.Length - start).ToString();
    }

    private static int FirstInvalid(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(c))
            {
                return i;
            }
        }

        return -1;
    }
}
