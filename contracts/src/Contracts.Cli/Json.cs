using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Contracts.Cli;

internal static class Json
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Pretty(JsonNode? node) => node?.ToJsonString(Indented) ?? "null";

    public static string Line(JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    public static JsonNode Parse(string text, string what)
    {
        try
        {
            return JsonNode.Parse(text) ?? throw new UsageException($"{what} is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{what} is not valid JSON: {ex.Message}");
        }
    }

    public static JsonArray Array(IEnumerable<string> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(item);
        }

        return array;
    }
}
