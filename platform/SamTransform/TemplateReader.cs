using System.Text.Json;
using System.Text.Json.Nodes;
using SamTransform.Internal;
using YamlDotNet.Core;

namespace SamTransform;

/// <summary>Reads a CloudFormation or SAM template, JSON or YAML, into JSON; YAML short tags (<c>!Ref</c>, <c>!GetAtt a.b</c>, <c>!Sub</c>, ...) become their long forms.</summary>
public static class TemplateReader
{
    /// <summary>Parses the text; throws <see cref="TemplateParseException"/> when it is neither JSON nor YAML, or not a mapping at the top.</summary>
    public static JsonObject Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? root;
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] == '{')
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                root = FromElement(document.RootElement);
                return root as JsonObject ?? throw new TemplateParseException("The template must be a JSON object or a YAML mapping.");
            }
            catch (JsonException)
            {
                // Flow-style YAML also starts with '{'; fall through to the YAML reader.
            }
        }

        try
        {
            root = TemplateYamlReader.Read(text);
        }
        catch (YamlException e)
        {
            throw new TemplateParseException($"The template is not valid YAML: {e.Message} (line {e.Start.Line}, column {e.Start.Column})", e);
        }

        return root as JsonObject ?? throw new TemplateParseException("The template must be a JSON object or a YAML mapping.");
    }

    /// <summary>JSON to nodes the way Python's json module reads it: a repeated member keeps its last value.</summary>
    private static JsonNode? FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var o = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    o[property.Name] = FromElement(property.Value);
                }

                return o;
            case JsonValueKind.Array:
                var a = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    a.Add(FromElement(item));
                }

                return a;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }
}
