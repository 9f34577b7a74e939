using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Validation;

namespace LocalCloud.Core.Targets;

public sealed class TransformContext
{
    private string? _eventWithoutDetail;

    public TransformContext(JsonElement @event, string eventJson, string ruleArn, string ruleName, DateTimeOffset ingestionTime)
    {
        Event = @event;
        EventJson = eventJson;
        RuleArn = ruleArn;
        RuleName = ruleName;
        IngestionTime = ingestionTime;
    }

    public JsonElement Event { get; }

    public string EventJson { get; }

    public string RuleArn { get; }

    public string RuleName { get; }

    public DateTimeOffset IngestionTime { get; }

    public string EventWithoutDetail => _eventWithoutDetail ??= WithoutDetail(Event);

    private static string WithoutDetail(JsonElement @event)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in @event.EnumerateObject())
            {
                if (property.NameEquals("detail"))
                {
                    continue;
                }

                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

public static class TargetInput
{
    public const string RuleArnVariable = "aws.events.rule-arn";
    public const string RuleNameVariable = "aws.events.rule-name";
    public const string EventVariable = "aws.events.event";
    public const string IngestionTimeVariable = "aws.events.event.ingestion-time";
    public const string EventJsonVariable = "aws.events.event.json";
    public const int MaxInputLength = 8192;
    public const int MaxInputPathLength = 256;
    public const int MaxTemplateLength = 8192;
    public const int MaxPathsMapEntries = 100;

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        RuleArnVariable, RuleNameVariable, EventVariable, IngestionTimeVariable, EventJsonVariable,
    };

    private static readonly SearchValues<char> NameBreakers = SearchValues.Create("<\" \t\r\n");

    private static readonly IReadOnlyDictionary<string, string> EmptyPaths = new Dictionary<string, string>(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, Template> Templates = new(StringComparer.Ordinal);

    public static void Validate(TargetInputSpec target, string? id, int index)
    {
        ArgumentNullException.ThrowIfNull(target);
        var given = (target.Input is not null ? 1 : 0) + (target.InputPath is not null ? 1 : 0) + (target.Transformer is not null ? 1 : 0);
        if (given > 1)
        {
            throw ServiceException.Validation("Only one of Input, InputPath, or InputTransformer must be provided.");
        }

        if (target.Input is { } input)
        {
            if (input.Length > MaxInputLength)
            {
                throw ModelViolation(index, "input", "Member must have length less than or equal to 8192");
            }

            if (!IsJson(input))
            {
                throw ServiceException.Validation($"Input for target {id} is not valid JSON text.");
            }
        }

        if (target.InputPath is { } inputPath)
        {
            if (inputPath.Length > MaxInputPathLength)
            {
                throw ModelViolation(index, "inputPath", "Member must have length less than or equal to 256");
            }

            if (!JsonPathSelector.IsValid(inputPath))
            {
                throw ServiceException.Validation($"InputPath for target {id} is not a valid JSON path: {inputPath}.");
            }
        }

        if (target.Transformer is { } transformer)
        {
            ValidateTransformer(transformer, id, index);
        }
    }

    private static void ValidateTransformer(InputTransformer transformer, string? id, int index)
    {
        if (transformer.InputTemplate is null)
        {
            throw ServiceException.MissingParameter($"targets.{index}.member.inputTransformer.inputTemplate");
        }

        if (transformer.InputTemplate.Length > MaxTemplateLength)
        {
            throw ModelViolation(index, "inputTransformer.inputTemplate", "Member must have length less than or equal to 8192");
        }

        var paths = transformer.InputPathsMap ?? EmptyPaths;
        if (paths.Count > MaxPathsMapEntries)
        {
            throw ModelViolation(index, "inputTransformer.inputPathsMap", "Member must have length less than or equal to 100");
        }

        foreach (var (key, path) in paths)
        {
            if (key.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || Reserved.Contains(key))
            {
                throw ServiceException.Validation($"Input transformer key {key} for target {id} is reserved: keys must not start with AWS.");
            }

            if (key.Length == 0 || key.Length > 256 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                throw ServiceException.Validation($"Input transformer key {key} for target {id} is not valid: use letters, digits, '_' and '-'.");
            }

            if (path is null || path.Length > 256 || !JsonPathSelector.IsValid(path))
            {
                throw ServiceException.Validation($"Input transformer path {path} for key {key} of target {id} is not a valid JSON path in dot notation.");
            }
        }

        var template = Parse(transformer.InputTemplate);
        foreach (var placeholder in template.Placeholders)
        {
            if (!paths.ContainsKey(placeholder.Name) && !Reserved.Contains(placeholder.Name))
            {
                throw ServiceException.Validation($"InputTemplate for target {id} contains invalid placeholder {placeholder.Name}.");
            }

            if (placeholder.IsObjectKey)
            {
                throw ServiceException.Validation($"InputTemplate for target {id} uses placeholder {placeholder.Name} as a JSON object key, which is not allowed.");
            }

            if (placeholder.InQuotes && placeholder.Name == EventJsonVariable)
            {
                throw ServiceException.Validation($"InputTemplate for target {id} uses {EventJsonVariable} inside quotes; it can only be a JSON value.");
            }
        }
    }

    public static string Render(TargetInputSpec target, TransformContext context)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        if (target.Input is { } input)
        {
            return input;
        }

        if (target.InputPath is { } inputPath)
        {
            return JsonPathSelector.TrySelect(context.Event, inputPath, out var selected) ? Minify(selected) : "";
        }

        if (target.Transformer is { InputTemplate: { } templateText } transformer)
        {
            return RenderTemplate(Parse(templateText), transformer.InputPathsMap ?? EmptyPaths, context);
        }

        return context.EventJson;
    }

    private static string RenderTemplate(Template template, IReadOnlyDictionary<string, string> paths, TransformContext context)
    {
        var output = new StringBuilder(template.Text.Length + 64);
        var position = 0;
        foreach (var placeholder in template.Placeholders)
        {
            output.Append(template.Text, position, placeholder.Start - position);
            position = placeholder.End;
            AppendValue(output, placeholder, paths, context);
        }

        output.Append(template.Text, position, template.Text.Length - position);
        var rendered = output.ToString();
        if (template.IsJson && TryMinify(rendered, out var minified))
        {
            return minified;
        }

        return rendered;
    }

    private static void AppendValue(StringBuilder output, Placeholder placeholder, IReadOnlyDictionary<string, string> paths, TransformContext context)
    {
        string? text = placeholder.Name switch
        {
            RuleArnVariable => context.RuleArn,
            RuleNameVariable => context.RuleName,
            IngestionTimeVariable => EventTime.Format(context.IngestionTime),
            _ => null,
        };
        if (text is not null)
        {
            if (placeholder.InQuotes)
            {
                output.Append(text);
            }
            else
            {
                output.Append(JsonString(text));
            }

            return;
        }

        if (placeholder.Name == EventJsonVariable)
        {
            output.Append(context.EventJson);
            return;
        }

        if (placeholder.Name == EventVariable)
        {
            output.Append(context.EventWithoutDetail);
            return;
        }

        if (!paths.TryGetValue(placeholder.Name, out var path) || !JsonPathSelector.TrySelect(context.Event, path, out var value))
        {
            if (!placeholder.InQuotes)
            {
                output.Append("\"\"");
            }

            return;
        }

        if (placeholder.InQuotes)
        {
            output.Append(value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Object or JsonValueKind.Array => Minify(value),
                _ => value.GetRawText(),
            });
        }
        else
        {
            output.Append(Minify(value));
        }
    }

    private static string JsonString(string text)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Minify(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryMinify(string json, out string minified)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            minified = Minify(document.RootElement);
            return true;
        }
        catch (JsonException)
        {
            minified = json;
            return false;
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ServiceException ModelViolation(int index, string member, string constraint) =>
        ValidationMessages.ElidedViolation($"targets.{index}.member.{member}", constraint);

    internal static Template Parse(string text)
    {
        if (Templates.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var placeholders = new List<Placeholder>();
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && inQuotes)
            {
                i++;
                continue;
            }

            if (c == '"')
            {
                inQuotes = !inQuotes;
                continue;
            }

            if (c != '<')
            {
                continue;
            }

            var close = text.IndexOf('>', i + 1);
            if (close < 0)
            {
                break;
            }

            var name = text[(i + 1)..close];
            if (name.Length == 0 || name.AsSpan().IndexOfAny(NameBreakers) >= 0)
            {
                continue;
            }

            placeholders.Add(new Placeholder(name, i, close + 1, inQuotes, IsFollowedByColon(text, close + 1, inQuotes)));
            i = close;
        }

        var trimmed = text.TrimStart();
        var template = new Template(text, placeholders, trimmed.StartsWith('{') || trimmed.StartsWith('['));
        if (Templates.Count < 10_000)
        {
            Templates.TryAdd(text, template);
        }

        return template;
    }

    private static bool IsFollowedByColon(string text, int index, bool inQuotes)
    {
        var i = index;
        if (inQuotes)
        {
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] == '<' || text[i] == '\\')
                {
                    return false;
                }

                i++;
            }

            i++;
        }

        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i < text.Length && text[i] == ':';
    }

    internal sealed record Placeholder(string Name, int Start, int End, bool InQuotes, bool IsObjectKey);

    internal sealed record Template(string Text, IReadOnlyList<Placeholder> Placeholders, bool IsJson);
}
