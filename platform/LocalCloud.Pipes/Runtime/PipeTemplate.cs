using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Pipes.Runtime;

/// <summary>What an input template's reserved variables stand for, for one event.</summary>
internal sealed record PipeTemplateContext(string PipeArn, string PipeName, string SourceArn, string? EnrichmentArn, string TargetArn, DateTimeOffset IngestionTime);

/// <summary>
/// Pipes' <c>InputTemplate</c> (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-input-transformation.html):
/// JSON paths inline (<c>&lt;$.dynamodb.NewImage.id.S&gt;</c>) and the reserved <c>aws.pipes.*</c> variables, applied to
/// each event. Outside quotes a value is inserted as JSON (strings quoted, objects whole); inside quotes as its raw
/// text. A missing value is <c>""</c> outside quotes and nothing inside. A template that is JSON is minified after
/// substitution; any other template is text.
/// </summary>
internal static class PipeTemplate
{
    public const int MaxLength = 8192;
    public const string PipeArnVariable = "aws.pipes.pipe-arn";
    public const string PipeNameVariable = "aws.pipes.pipe-name";
    public const string SourceArnVariable = "aws.pipes.source-arn";
    public const string EnrichmentArnVariable = "aws.pipes.enrichment-arn";
    public const string TargetArnVariable = "aws.pipes.target-arn";
    public const string IngestionTimeVariable = "aws.pipes.event.ingestion-time";
    public const string EventVariable = "aws.pipes.event";
    public const string EventJsonVariable = "aws.pipes.event.json";
    private const string ReservedPrefix = "aws.pipes.";

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        PipeArnVariable, PipeNameVariable, SourceArnVariable, EnrichmentArnVariable, TargetArnVariable,
        IngestionTimeVariable, EventVariable, EventJsonVariable,
    };

    private static readonly ConcurrentDictionary<string, Parsed> Cache = new(StringComparer.Ordinal);

    /// <summary>Why <paramref name="template"/> cannot be used, or null when it can.</summary>
    public static string? Problem(string template)
    {
        foreach (var placeholder in Parse(template).Placeholders)
        {
            if (placeholder.Name.StartsWith('$'))
            {
                if (!PipeJsonPath.IsValid(placeholder.Name))
                {
                    return $"The InputTemplate contains an invalid JSON path: {placeholder.Name}.";
                }
            }
            else if (!Reserved.Contains(placeholder.Name))
            {
                return $"The InputTemplate contains an unknown reserved variable: {placeholder.Name}.";
            }
            else if (placeholder.InQuotes && placeholder.Name == EventJsonVariable)
            {
                return $"The InputTemplate uses {EventJsonVariable} inside quotes; it can only be a JSON value.";
            }
        }

        return null;
    }

    /// <summary>Renders <paramref name="template"/> for one event: <paramref name="event"/> is what paths read (an SQS body
    /// already parsed when it is JSON), <paramref name="eventJson"/> the event as the step would otherwise receive it.</summary>
    public static string Render(string template, JsonElement @event, string eventJson, PipeTemplateContext context)
    {
        var parsed = Parse(template);
        var output = new StringBuilder(template.Length + 64);
        var position = 0;
        foreach (var placeholder in parsed.Placeholders)
        {
            output.Append(template, position, placeholder.Start - position);
            position = placeholder.End;
            Append(output, placeholder, @event, eventJson, context);
        }

        output.Append(template, position, template.Length - position);
        var rendered = output.ToString();
        return parsed.IsJson && TryMinify(rendered, out var minified) ? minified : rendered;
    }

    private static void Append(StringBuilder output, Placeholder placeholder, JsonElement @event, string eventJson, PipeTemplateContext context)
    {
        string? text = placeholder.Name switch
        {
            PipeArnVariable => context.PipeArn,
            PipeNameVariable => context.PipeName,
            SourceArnVariable => context.SourceArn,
            EnrichmentArnVariable => context.EnrichmentArn ?? "",
            TargetArnVariable => context.TargetArn,
            IngestionTimeVariable => context.IngestionTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            EventVariable => Minified(@event) ?? eventJson,
            _ => null,
        };
        if (text is not null)
        {
            output.Append(placeholder.InQuotes ? Escaped(text) : Quoted(text));
            return;
        }

        if (placeholder.Name == EventJsonVariable)
        {
            output.Append(Minified(@event) ?? Quoted(eventJson));
            return;
        }

        if (!PipeJsonPath.TrySelect(@event, placeholder.Name, out var value))
        {
            if (!placeholder.InQuotes)
            {
                output.Append("\"\"");
            }

            return;
        }

        if (placeholder.InQuotes && value.ValueKind == JsonValueKind.String)
        {
            output.Append(Escaped(value.GetString()!));
        }
        else if (placeholder.InQuotes && value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            output.Append(Escaped(Minified(value)!));
        }
        else
        {
            output.Append(Minified(value));
        }
    }

    private static string? Minified(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Quoted(string text)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(text.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Escaped(string text)
    {
        var quoted = Quoted(text);
        return quoted[1..^1];
    }

    private static bool TryMinify(string json, out string minified)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            minified = Minified(document.RootElement)!;
            return true;
        }
        catch (JsonException)
        {
            minified = json;
            return false;
        }
    }

    private static Parsed Parse(string text)
    {
        if (Cache.TryGetValue(text, out var cached))
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
            if ((name.StartsWith('$') || name.StartsWith(ReservedPrefix, StringComparison.Ordinal)) && !name.Any(char.IsWhiteSpace) && !name.Contains('"', StringComparison.Ordinal))
            {
                placeholders.Add(new Placeholder(name, i, close + 1, inQuotes));
                i = close;
            }
        }

        var trimmed = text.TrimStart();
        var parsed = new Parsed(placeholders, trimmed.StartsWith('{') || trimmed.StartsWith('['));
        if (Cache.Count < 10_000)
        {
            Cache.TryAdd(text, parsed);
        }

        return parsed;
    }

    private sealed record Placeholder(string Name, int Start, int End, bool InQuotes);

    private sealed record Parsed(IReadOnlyList<Placeholder> Placeholders, bool IsJson);
}
