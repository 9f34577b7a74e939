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
                root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
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
}
