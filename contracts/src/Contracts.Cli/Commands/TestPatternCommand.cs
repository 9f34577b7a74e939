using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventPatterns;

namespace Contracts.Cli.Commands;

internal static class TestPatternCommand
{
    private const int PatternCacheSize = 4096;
    private static readonly JsonWriterOptions LineWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliConsole console)
    {
        var pattern = new Option<string?>("--pattern") { Description = "The event pattern as JSON." };
        var patternFile = new Option<string?>("--pattern-file") { Description = "A file holding the event pattern." };
        var eventFile = new Option<string?>("--event")
        {
            Description = "A file holding one event (or a JSON array of events) to test; '-' reads standard input. Default: standard input unless --examples.",
        };
        var examples = new Option<bool>("--examples") { Description = "Test the pattern against every contract's examples (as complete events)." };
        var jsonl = new Option<bool>("--jsonl")
        {
            Description = "Streaming mode: read lines {\"id\",\"pattern\",\"event\"} on standard input, write {\"id\",\"match\":true|false} or {\"id\",\"error\":\"...\"} per line.",
        };
        var output = OutputOption.Create();
        var command = new Command("test-pattern", "Show which events or contract examples an EventBridge event pattern matches, and why a pattern is invalid.")
        {
            pattern, patternFile, eventFile, examples, jsonl, output,
        };
        command.Validators.Add(result =>
        {
            var hasPattern = result.GetValue(pattern) is not null;
            var hasPatternFile = result.GetValue(patternFile) is not null;
            if (result.GetValue(jsonl))
            {
                if (hasPattern || hasPatternFile || result.GetValue(eventFile) is not null || result.GetValue(examples))
                {
                    result.AddError("--jsonl reads patterns and events from standard input; it takes no --pattern, --pattern-file, --event or --examples.");
                }
            }
            else if (hasPattern == hasPatternFile)
            {
                result.AddError("Give exactly one of --pattern or --pattern-file.");
            }
            else if (result.GetValue(examples) && result.GetValue(eventFile) is not null)
            {
                result.AddError("Give --event or --examples, not both.");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(jsonl))
            {
                await RunJsonLinesAsync(console, ct);
                return ExitCodes.Success;
            }

            var patternText = parse.GetValue(pattern) ?? await ReadFileAsync(parse.GetValue(patternFile)!, ct);
            var events = parse.GetValue(examples)
                ? ExampleEvents()
                : ReadEvents(await ContractCli.ReadInputAsync(parse.GetValue(eventFile), console, ct));
            return await TestAsync(console, patternText, events, parse.GetValue(output));
        });
        return command;
    }

    private static async Task<int> TestAsync(CliConsole console, string patternText, List<(string Name, string Json)> events, OutputFormat output)
    {
        var matcher = new PatternMatcher();
        try
        {
            matcher.Add("pattern", patternText);
        }
        catch (InvalidEventPatternException ex)
        {
            if (output == OutputFormat.Json)
            {
                await console.Out.WriteLineAsync(Json.Pretty(new JsonObject { ["valid"] = false, ["error"] = ex.Message, ["path"] = ex.JsonPath }));
            }
            else
            {
                await console.Out.WriteLineAsync("invalid pattern: " + ex.Message);
            }

            return ExitCodes.Negative;
        }

        var results = new List<(string Name, bool? Match, string? Error)>();
        foreach (var (name, json) in events)
        {
            try
            {
                results.Add((name, matcher.Match(Encoding.UTF8.GetBytes(json)).Count > 0, null));
            }
            catch (MalformedEventException ex)
            {
                results.Add((name, null, ex.Message));
            }
        }

        var matched = results.Count(r => r.Match == true);
        if (output == OutputFormat.Json)
        {
            var array = new JsonArray();
            foreach (var (name, match, error) in results)
            {
                var item = new JsonObject { ["event"] = name };
                if (error is null)
                {
                    item["match"] = match;
                }
                else
                {
                    item["error"] = error;
                }

                array.Add(item);
            }

            await console.Out.WriteLineAsync(Json.Pretty(new JsonObject { ["valid"] = true, ["matched"] = matched, ["tested"] = results.Count, ["results"] = array }));
        }
        else
        {
            foreach (var (name, match, error) in results)
            {
                await console.Out.WriteLineAsync(error is not null ? $"error     {name}: {error}" : match == true ? $"match     {name}" : $"no match  {name}");
            }

            await console.Out.WriteLineAsync($"{matched} of {results.Count} event(s) match");
        }

        return matched > 0 ? ExitCodes.Success : ExitCodes.Negative;
    }

    private static List<(string Name, string Json)> ExampleEvents()
    {
        var options = new EventEnvelopeOptions { Id = "00000000-0000-4000-8000-000000000000" };
        return [.. ContractCatalog.All.SelectMany(c => c.Examples.Where(e => e.IsValid).Select(e =>
            ($"{c.DetailType}/{e.Name}", c.CreateEvent(JsonNode.Parse(e.Json)!, options).ToJsonString())))];
    }

    private static List<(string Name, string Json)> ReadEvents(string text)
    {
        var node = Json.Parse(text, "The event input");
        return node switch
        {
            JsonArray array => [.. array.Select((e, i) => (Name(e, i), e?.ToJsonString() ?? "null"))],
            _ => [(Name(node, 0), node.ToJsonString())],
        };

        static string Name(JsonNode? e, int index) =>
            e is JsonObject o && o["detail-type"] is JsonValue dt && dt.GetValueKind() == JsonValueKind.String
                ? $"[{index}] {dt.GetValue<string>()}"
                : $"[{index}]";
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken ct) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : throw new UsageException($"File '{path}' does not exist.");

    private static async Task RunJsonLinesAsync(CliConsole console, CancellationToken ct)
    {
        var cache = new Dictionary<string, (PatternMatcher? Matcher, string? Error)>(StringComparer.Ordinal);
        var matches = new List<string>(1);
        var buffer = new ArrayBufferWriter<byte>(1024);
        while (await console.In.ReadLineAsync(ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, LineWriterOptions))
            {
                writer.WriteStartObject();
                EvaluateLine(line, cache, matches, writer);
                writer.WriteEndObject();
            }

            await console.Out.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan));
            if (console.In.Peek() < 0)
            {
                await console.Out.FlushAsync(ct);
            }
        }

        await console.Out.FlushAsync(ct);
    }

    private static void EvaluateLine(
        string line,
        Dictionary<string, (PatternMatcher? Matcher, string? Error)> cache,
        List<string> matches,
        Utf8JsonWriter writer)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            writer.WriteNull("id");
            writer.WriteString("error", "Line is not valid JSON: " + ex.Message);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                writer.WriteNull("id");
                writer.WriteString("error", "Line must be a JSON object {\"id\",\"pattern\",\"event\"}.");
                return;
            }

            if (root.TryGetProperty("id", out var id))
            {
                writer.WritePropertyName("id");
                id.WriteTo(writer);
            }
            else
            {
                writer.WriteNull("id");
            }

            if (!root.TryGetProperty("pattern", out var patternElement) || !root.TryGetProperty("event", out var eventElement))
            {
                writer.WriteString("error", "Line needs both \"pattern\" and \"event\".");
                return;
            }

            var patternText = patternElement.ValueKind == JsonValueKind.String ? patternElement.GetString()! : patternElement.GetRawText();
            if (!cache.TryGetValue(patternText, out var compiled))
            {
                try
                {
                    var matcher = new PatternMatcher();
                    matcher.Add("p", patternText);
                    compiled = (matcher, null);
                }
                catch (InvalidEventPatternException ex)
                {
                    compiled = (null, ex.Message);
                }

                if (cache.Count >= PatternCacheSize)
                {
                    cache.Clear();
                }

                cache[patternText] = compiled;
            }

            if (compiled.Matcher is null)
            {
                writer.WriteString("error", "Invalid pattern: " + compiled.Error);
                return;
            }

            try
            {
                if (eventElement.ValueKind == JsonValueKind.String)
                {
                    compiled.Matcher.Match(Encoding.UTF8.GetBytes(eventElement.GetString()!), matches);
                }
                else
                {
                    compiled.Matcher.Match(Encoding.UTF8.GetBytes(eventElement.GetRawText()), matches);
                }

                writer.WriteBoolean("match", matches.Count > 0);
            }
            catch (MalformedEventException ex)
            {
                writer.WriteString("error", "Invalid event: " + ex.Message);
            }
        }
    }
}
