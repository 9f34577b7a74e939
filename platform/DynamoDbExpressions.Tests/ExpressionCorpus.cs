using System.Text.Json;

namespace DynamoDbExpressions.Tests;

/// <summary>
/// The labelled expression corpus: one JSON object per line in Corpus/expressions.jsonl (or the file named by
/// <c>EXPRESSION_CASES</c>), each an expression with its request's names and values, an item, and the result
/// or DynamoDB's exact error.
/// </summary>
internal static class ExpressionCorpus
{
    public const string EnvironmentVariable = "EXPRESSION_CASES";

    private static readonly Lazy<IReadOnlyDictionary<string, CorpusCase>> Cases = new(Load);

    public static IReadOnlyDictionary<string, CorpusCase> All => Cases.Value;

    public static string FilePath =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment)
            : Path.Combine(AppContext.BaseDirectory, "Corpus", "expressions.jsonl");

    private static Dictionary<string, CorpusCase> Load()
    {
        var cases = new Dictionary<string, CorpusCase>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(FilePath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var id = root.GetProperty("id").GetString()!;
            if (cases.ContainsKey(id))
            {
                throw new InvalidDataException($"line {lineNumber}: duplicate id {id}");
            }

            cases[id] = new CorpusCase(
                id,
                root.GetProperty("kind").GetString()!,
                root.GetProperty("expression").GetString()!,
                root.TryGetProperty("names", out var names) ? names.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!) : null,
                root.TryGetProperty("values", out var values) ? AttributeValueJson.ParseItem(values.GetRawText()) : null,
                root.TryGetProperty("item", out var item) && item.ValueKind == JsonValueKind.Object ? AttributeValueJson.ParseItem(item.GetRawText()) : null,
                root.TryGetProperty("keySchema", out var schema) ? schema.EnumerateArray().Select(e => new KeySchemaElement(e.GetProperty("name").GetString()!, Enum.Parse<AttributeValueType>(e.GetProperty("type").GetString()!))).ToArray() : null,
                root.TryGetProperty("result", out var result) ? result.Clone() : null,
                root.TryGetProperty("error", out var error) ? error.GetString() : null,
                root.TryGetProperty("applyError", out var applyError) ? applyError.GetString() : null);
        }

        return cases;
    }
}

internal sealed record CorpusCase(
    string Id,
    string Kind,
    string Expression,
    Dictionary<string, string>? Names,
    Dictionary<string, AttributeValue>? Values,
    Dictionary<string, AttributeValue>? Item,
    KeySchemaElement[]? KeySchema,
    JsonElement? Result,
    string? Error,
    string? ApplyError);
