using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SamTransform.Tests;

/// <summary>
/// Compares templates as SAM's translator test does (<c>deep_sort_lists</c>): member order is ignored and every list is
/// compared as sorted, recursively; numbers compare by value.
/// </summary>
internal static class SamJsonComparer
{
    public static string Canonical(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(node, sb);
        return sb.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder sb)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    sb.Append(JsonSerializer.Serialize(key, SamJsonContext.Default.String)).Append(':');
                    Write(value, sb);
                }

                sb.Append('}');
                break;
            case JsonArray a:
                var items = a.Select(Canonical).OrderBy(s => s, StringComparer.Ordinal).ToList();
                sb.Append('[').Append(string.Join(',', items)).Append(']');
                break;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.Number:
                        sb.Append(ToDouble(v).ToString("R", CultureInfo.InvariantCulture));
                        break;
                    case JsonValueKind.String:
                        sb.Append(JsonSerializer.Serialize(v.GetValue<string>(), SamJsonContext.Default.String));
                        break;
                    default:
                        sb.Append(v.ToJsonString());
                        break;
                }

                break;
        }
    }

    private static double ToDouble(JsonValue v) =>
        v.TryGetValue<JsonElement>(out var e) ? e.GetDouble()
        : v.TryGetValue<long>(out var l) ? l
        : v.TryGetValue<int>(out var i) ? i
        : v.TryGetValue<double>(out var d) ? d
        : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>The first difference between the two documents, as a JSON path and both values; null when equal.</summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (Canonical(expected) == Canonical(actual))
        {
            return null;
        }

        if (expected is JsonObject eo && actual is JsonObject ao)
        {
            foreach (var key in eo.Select(p => p.Key).Union(ao.Select(p => p.Key)).OrderBy(k => k, StringComparer.Ordinal))
            {
                if (!eo.ContainsKey(key))
                {
                    return $"{path}.{key}: unexpected {Short(ao[key])}";
                }

                if (!ao.ContainsKey(key))
                {
                    return $"{path}.{key}: missing, expected {Short(eo[key])}";
                }

                if (Difference(eo[key], ao[key], $"{path}.{key}") is { } d)
                {
                    return d;
                }
            }
        }

        return $"{path}: expected {Short(expected)}, got {Short(actual)}";
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 600 ? text[..600] + "..." : text;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class SamJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
