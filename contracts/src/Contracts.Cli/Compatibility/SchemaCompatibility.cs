using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Cli.Schemas;

namespace Contracts.Cli.Compatibility;

internal sealed record SchemaChange(string DetailType, string Path, string Kind, bool IsBreaking, string Message);

internal static class SchemaCompatibility
{
    private static readonly (string Keyword, bool HigherIsNarrower)[] Bounds =
    [
        ("minLength", true), ("maxLength", false), ("minimum", true), ("maximum", false), ("minItems", true), ("maxItems", false),
    ];

    public static IReadOnlyList<SchemaChange> Compare(IReadOnlyList<SchemaFile> baseline, IReadOnlyList<SchemaFile> current)
    {
        var changes = new List<SchemaChange>();
        var currentByPath = current.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        foreach (var old in baseline)
        {
            if (!currentByPath.TryGetValue(old.RelativePath, out var now))
            {
                changes.Add(new SchemaChange(old.DetailType, "$", "contract-removed", true,
                    $"Contract {old.DetailType} is gone; keep publishing it until every consumer has moved to the new major version."));
                continue;
            }

            var oldRoot = JsonNode.Parse(old.Text)!;
            var newRoot = JsonNode.Parse(now.Text)!;
            new Comparer(old.DetailType, oldRoot, newRoot, changes).Compare("$", oldRoot, newRoot);
        }

        foreach (var added in current.Where(c => baseline.All(b => b.RelativePath != c.RelativePath)))
        {
            changes.Add(new SchemaChange(added.DetailType, "$", "contract-added", false, $"New contract {added.DetailType}."));
        }

        return changes;
    }

    private sealed class Comparer(string detailType, JsonNode oldRoot, JsonNode newRoot, List<SchemaChange> changes)
    {
        public void Compare(string path, JsonNode? oldNode, JsonNode? newNode, int depth = 0)
        {
            if (depth > 64)
            {
                return;
            }

            var o = Resolve(oldRoot, oldNode);
            var n = Resolve(newRoot, newNode);
            if (o is null || n is null)
            {
                return;
            }

            var oldTypes = Types(o);
            var newTypes = Types(n);
            if (!oldTypes.SetEquals(newTypes))
            {
                Add(path, "type-changed", true, $"type changed from {Show(oldTypes)} to {Show(newTypes)}");
                return;
            }

            CompareScalar(path, o, n, "format", "format-changed");
            CompareScalar(path, o, n, "pattern", "pattern-changed");
            CompareEnum(path, o, n);
            CompareBounds(path, o, n);
            if (Flag(o, "exclusiveMinimum") != Flag(n, "exclusiveMinimum") || Flag(o, "exclusiveMaximum") != Flag(n, "exclusiveMaximum"))
            {
                var narrowed = (Flag(n, "exclusiveMinimum") && !Flag(o, "exclusiveMinimum")) || (Flag(n, "exclusiveMaximum") && !Flag(o, "exclusiveMaximum"));
                Add(path, narrowed ? "constraint-narrowed" : "constraint-widened", narrowed, "exclusive bound changed");
            }

            if (AllowsAdditional(o) && !AllowsAdditional(n))
            {
                Add(path, "additional-properties-closed", true, "unknown fields are no longer allowed (additionalProperties: false)");
            }

            CompareProperties(path, o, n, depth);
            if (o["items"] is JsonObject oldItems && n["items"] is JsonObject newItems)
            {
                Compare(path + "[]", oldItems, newItems, depth + 1);
            }
        }

        private void CompareProperties(string path, JsonObject o, JsonObject n, int depth)
        {
            var oldProps = o["properties"] as JsonObject ?? [];
            var newProps = n["properties"] as JsonObject ?? [];
            var oldRequired = Required(o);
            var newRequired = Required(n);
            var added = newProps.Select(p => p.Key).Where(k => !oldProps.ContainsKey(k)).ToList();
            foreach (var (name, oldProp) in oldProps)
            {
                var childPath = $"{path}.{name}";
                if (!newProps.TryGetPropertyValue(name, out var newProp))
                {
                    var renamed = added.FirstOrDefault(a => Types(Resolve(newRoot, newProps[a]) ?? []).SetEquals(Types(Resolve(oldRoot, oldProp) ?? [])));
                    Add(childPath, renamed is null ? "field-removed" : "field-renamed", true,
                        renamed is null ? "field removed" : $"field removed; renamed to '{renamed}'?");
                    continue;
                }

                if (newRequired.Contains(name) && !oldRequired.Contains(name))
                {
                    Add(childPath, "field-now-required", true, "field became required (events from current producers may lack it)");
                }
                else if (!newRequired.Contains(name) && oldRequired.Contains(name))
                {
                    Add(childPath, "field-now-optional", true, "field is no longer required (consumers rely on it being present)");
                }

                Compare(childPath, oldProp, newProp, depth + 1);
            }

            foreach (var name in added)
            {
                var required = newRequired.Contains(name);
                Add($"{path}.{name}", required ? "required-field-added" : "optional-field-added", required,
                    required ? "new required field" : "new optional field");
            }
        }

        private void CompareScalar(string path, JsonObject o, JsonObject n, string keyword, string kind)
        {
            var a = o[keyword]?.ToJsonString();
            var b = n[keyword]?.ToJsonString();
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                Add(path, kind, true, $"{keyword} changed from {a ?? "(none)"} to {b ?? "(none)"}");
            }
        }

        private void CompareEnum(string path, JsonObject o, JsonObject n)
        {
            var oldValues = EnumValues(o);
            var newValues = EnumValues(n);
            if (oldValues is null && newValues is null)
            {
                return;
            }

            if (newValues is not null && (oldValues is null || oldValues.Except(newValues).Any()))
            {
                var removed = oldValues is null ? "any value" : string.Join(", ", oldValues.Except(newValues));
                Add(path, "enum-narrowed", true, $"enum narrowed: no longer allows {removed}");
            }
            else if (oldValues is not null && (newValues is null || newValues.Except(oldValues).Any()))
            {
                var addedValues = newValues is null ? "any value" : string.Join(", ", newValues.Except(oldValues));
                Add(path, "enum-widened", false, $"enum widened: now also allows {addedValues} (consumers should tolerate unknown values)");
            }
        }

        private void CompareBounds(string path, JsonObject o, JsonObject n)
        {
            foreach (var (keyword, higherIsNarrower) in Bounds)
            {
                var a = Number(o[keyword]);
                var b = Number(n[keyword]);
                if (a == b)
                {
                    continue;
                }

                var narrowed = (a, b) switch
                {
                    (null, not null) => true,
                    (not null, null) => false,
                    _ => higherIsNarrower ? b > a : b < a,
                };
                Add(path, narrowed ? "constraint-narrowed" : "constraint-widened", narrowed,
                    $"{keyword} changed from {a?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} to {b?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}");
            }
        }

        private void Add(string path, string kind, bool breaking, string message) =>
            changes.Add(new SchemaChange(detailType, path, kind, breaking, message));

        private static JsonObject? Resolve(JsonNode root, JsonNode? node)
        {
            for (var i = 0; i < 32 && node is JsonObject obj && obj["$ref"] is JsonValue reference; i++)
            {
                var pointer = reference.GetValue<string>();
                if (!pointer.StartsWith("#/", StringComparison.Ordinal))
                {
                    return null;
                }

                node = root;
                foreach (var segment in pointer[2..].Split('/'))
                {
                    node = node?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
                }
            }

            return node as JsonObject;
        }

        private static HashSet<string> Types(JsonObject schema) => schema["type"] switch
        {
            JsonArray array => [.. array.Select(t => t!.GetValue<string>())],
            JsonValue value => [value.GetValue<string>()],
            _ => [],
        };

        private static string Show(HashSet<string> types) => types.Count == 0 ? "(any)" : string.Join("|", types.Order(StringComparer.Ordinal));

        private static HashSet<string> Required(JsonObject schema) =>
            schema["required"] is JsonArray array ? [.. array.Select(r => r!.GetValue<string>())] : [];

        private static HashSet<string>? EnumValues(JsonObject schema) =>
            schema["enum"] is JsonArray array ? [.. array.Select(v => v?.ToJsonString() ?? "null")] : null;

        private static bool AllowsAdditional(JsonObject schema) =>
            schema["additionalProperties"] is not JsonValue v || v.GetValueKind() != JsonValueKind.False;

        private static bool Flag(JsonObject schema, string keyword) =>
            schema[keyword] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

        private static decimal? Number(JsonNode? node) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<decimal>() : null;
    }
}
