using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace LocalCloud.Ses.Mail;

/// <summary>A template that cannot be rendered with its data; SES reports these as rendering failures.</summary>
internal sealed class RenderingException(string message) : Exception(message);

/// <summary>
/// The Handlebars subset SES templates use: <c>{{name}}</c> and dotted paths, <c>{{{raw}}}</c>,
/// <c>{{#if}}</c>/<c>{{#unless}}</c> with <c>{{else}}</c>, <c>{{#each}}</c> with <c>{{this}}</c> and
/// <c>{{@index}}</c>, and <c>{{! comments }}</c>. A variable missing from the data is a rendering failure,
/// as on SES. <c>{{ }}</c> escapes HTML in the HTML part only.
/// </summary>
internal static class TemplateRenderer
{
    private const int MaxDepth = 64;

    public static string Render(string template, JsonElement data, bool html)
    {
        var nodes = Parse(template);
        var output = new StringBuilder(template.Length);
        Emit(nodes, [data], output, html, 0);
        return output.ToString();
    }

    /// <summary>Parses template data as SES requires it: a JSON object.</summary>
    public static bool TryParseData(string? text, out JsonElement data)
    {
        data = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            data = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record VariableNode(string Path, bool Escape) : Node;

    private sealed record BlockNode(string Kind, string Path, List<Node> Body, List<Node> Else) : Node;

    private static List<Node> Parse(string template)
    {
        var root = new List<Node>();
        var stack = new Stack<(BlockNode Block, bool InElse)>();
        List<Node> Current() => stack.Count == 0 ? root : stack.Peek().InElse ? stack.Peek().Block.Else : stack.Peek().Block.Body;

        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                Current().Add(new TextNode(template[position..]));
                break;
            }

            if (open > position)
            {
                Current().Add(new TextNode(template[position..open]));
            }

            var triple = template.AsSpan(open).StartsWith("{{{");
            var closeToken = triple ? "}}}" : "}}";
            var contentStart = open + (triple ? 3 : 2);
            if (!triple && template.AsSpan(contentStart).StartsWith("!--"))
            {
                var commentEnd = template.IndexOf("--}}", contentStart, StringComparison.Ordinal);
                position = commentEnd < 0 ? throw Unclosed(open) : commentEnd + 4;
                continue;
            }

            var close = template.IndexOf(closeToken, contentStart, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Unclosed(open);
            }

            var tag = template[contentStart..close].Trim();
            position = close + closeToken.Length;
            if (triple)
            {
                Current().Add(new VariableNode(Path(tag), Escape: false));
            }
            else if (tag.StartsWith('!'))
            {
                continue;
            }
            else if (tag.StartsWith('#'))
            {
                var parts = tag[1..].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || parts[0] is not ("if" or "unless" or "each" or "with"))
                {
                    throw new RenderingException($"Unsupported block helper '{{{{{tag}}}}}'.");
                }

                var block = new BlockNode(parts[0], Path(parts[1]), [], []);
                Current().Add(block);
                stack.Push((block, false));
            }
            else if (tag == "else")
            {
                if (stack.Count == 0)
                {
                    throw new RenderingException("'{{else}}' outside a block.");
                }

                var (block, _) = stack.Pop();
                stack.Push((block, true));
            }
            else if (tag.StartsWith('/'))
            {
                var name = tag[1..].Trim();
                if (stack.Count == 0 || stack.Peek().Block.Kind != name)
                {
                    throw new RenderingException($"'{{{{/{name}}}}}' does not close an open block.");
                }

                stack.Pop();
            }
            else
            {
                Current().Add(new VariableNode(Path(tag), Escape: true));
            }
        }

        return stack.Count == 0 ? root : throw new RenderingException($"'{{{{#{stack.Peek().Block.Kind} {stack.Peek().Block.Path}}}}}' is not closed.");
    }

    private static string Path(string tag) =>
        tag.Length == 0 || tag.Contains(' ', StringComparison.Ordinal) ? throw new RenderingException($"Unsupported expression '{{{{{tag}}}}}'.") : tag;

    private static RenderingException Unclosed(int position) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Unclosed expression at character {position}."));

    private static void Emit(List<Node> nodes, List<JsonElement> scopes, StringBuilder output, bool html, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new RenderingException("The template nests blocks too deeply.");
        }

        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case VariableNode variable:
                    if (!TryLookup(scopes, variable.Path, out var value))
                    {
                        throw new RenderingException($"Attribute '{variable.Path}' is not present in the rendering data.");
                    }

                    var rendered = Text(value);
                    output.Append(html && variable.Escape ? WebUtility.HtmlEncode(rendered) : rendered);
                    break;
                case BlockNode block:
                    EmitBlock(block, scopes, output, html, depth);
                    break;
            }
        }
    }

    private static void EmitBlock(BlockNode block, List<JsonElement> scopes, StringBuilder output, bool html, int depth)
    {
        var found = TryLookup(scopes, block.Path, out var value);
        var truthy = found && Truthy(value);
        switch (block.Kind)
        {
            case "if":
                Emit(truthy ? block.Body : block.Else, scopes, output, html, depth + 1);
                break;
            case "unless":
                Emit(truthy ? block.Else : block.Body, scopes, output, html, depth + 1);
                break;
            case "with":
                if (truthy)
                {
                    Emit(block.Body, [.. scopes, value], output, html, depth + 1);
                }
                else
                {
                    Emit(block.Else, scopes, output, html, depth + 1);
                }

                break;
            default:
                if (!truthy || value.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
                {
                    Emit(block.Else, scopes, output, html, depth + 1);
                    break;
                }

                var index = 0;
                var items = value.ValueKind == JsonValueKind.Array
                    ? value.EnumerateArray().Select(v => (Key: (string?)null, Value: v))
                    : value.EnumerateObject().Select(p => (Key: (string?)p.Name, Value: p.Value));
                foreach (var (key, item) in items)
                {
                    var meta = JsonSerializer.SerializeToElement(
                        new Dictionary<string, string> { ["@index"] = index.ToString(CultureInfo.InvariantCulture), ["@key"] = key ?? index.ToString(CultureInfo.InvariantCulture) },
                        TemplateJsonContext.Default.DictionaryStringString);
                    Emit(block.Body, [.. scopes, meta, item], output, html, depth + 1);
                    index++;
                }

                break;
        }
    }

    private static bool TryLookup(List<JsonElement> scopes, string path, out JsonElement value)
    {
        value = scopes[^1];
        if (path is "this" or ".")
        {
            return true;
        }

        if (path.StartsWith('@'))
        {
            for (var i = scopes.Count - 1; i >= 0; i--)
            {
                if (scopes[i].ValueKind == JsonValueKind.Object && scopes[i].TryGetProperty(path, out value))
                {
                    return true;
                }
            }

            return false;
        }

        var segments = path.StartsWith("this.", StringComparison.Ordinal) ? path[5..].Split('.') : path.Split('.');
        foreach (var segment in segments)
        {
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(segment, out var next))
            {
                value = next;
            }
            else if (value.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < value.GetArrayLength())
            {
                value = value[i];
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static bool Truthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        _ => true,
    };

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TemplateJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
