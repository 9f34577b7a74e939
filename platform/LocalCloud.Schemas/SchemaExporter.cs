using System.Text.Json.Nodes;

namespace LocalCloud.Schemas;

/// <summary>
/// <c>ExportSchema</c> to <c>JSONSchemaDraft4</c>. A draft-04 schema is returned as registered. An OpenAPI 3
/// event schema becomes the envelope form EventBridge exports: <c>$schema</c> draft-04, <c>title</c>
/// (from <c>info.title</c>), <c>definitions</c> (the other component schemas) and the members of the
/// <c>AWSEvent</c> component at the root; <c>#/components/schemas/X</c> references become
/// <c>#/definitions/X</c> and <c>nullable: true</c> adds <c>"null"</c> to the type.
/// </summary>
internal static class SchemaExporter
{
    public const string Draft4Uri = "http://json-schema.org/draft-04/schema#";
    private const string EventComponent = "AWSEvent";
    private const string ComponentPrefix = "#/components/schemas/";
    private static readonly HashSet<string> OpenApiOnlyKeywords = new(StringComparer.Ordinal)
    {
        "nullable", "discriminator", "xml", "externalDocs", "example", "deprecated", "readOnly", "writeOnly",
    };

    public static string ToJsonSchemaDraft4(string type, string content)
    {
        if (type == SchemaContent.JsonSchemaDraft4)
        {
            return content;
        }

        var document = JsonNode.Parse(content, documentOptions: SchemaContent.ParseOptions)!.AsObject();
        var title = document["info"]?["title"]?.GetValue<string>();
        var components = document["components"]?["schemas"] as JsonObject ?? [];
        var rootName = components.ContainsKey(EventComponent) ? EventComponent
            : title is not null && components.ContainsKey(title) ? title
            : components.Count == 1 ? components.First().Key
            : null;

        var result = new JsonObject { ["$schema"] = Draft4Uri };
        if (title is not null)
        {
            result["title"] = title;
        }

        var definitions = new JsonObject();
        foreach (var (name, schema) in components)
        {
            if (name != rootName)
            {
                definitions[name] = Convert(schema, rootName);
            }
        }

        if (definitions.Count > 0)
        {
            result["definitions"] = definitions;
        }

        if (rootName is not null && Convert(components[rootName], rootName) is JsonObject root)
        {
            foreach (var (name, value) in root)
            {
                if (name is not ("$schema" or "title" or "definitions"))
                {
                    result[name] = value?.DeepClone();
                }
            }
        }

        return result.ToJsonString();
    }

    private static JsonNode? Convert(JsonNode? node, string? rootName)
    {
        if (node is not JsonObject source)
        {
            return node?.DeepClone();
        }

        var target = new JsonObject();
        foreach (var (name, value) in source)
        {
            if (OpenApiOnlyKeywords.Contains(name))
            {
                continue;
            }

            target[name] = name switch
            {
                "$ref" when value is JsonValue reference && reference.TryGetValue<string>(out var pointer) && pointer.StartsWith(ComponentPrefix, StringComparison.Ordinal) =>
                    pointer[ComponentPrefix.Length..] == rootName ? "#" : "#/definitions/" + pointer[ComponentPrefix.Length..],
                "properties" or "patternProperties" or "definitions" when value is JsonObject map => ConvertMap(map, rootName),
                "allOf" or "anyOf" or "oneOf" or "items" when value is JsonArray list => new JsonArray([.. list.Select(item => Convert(item, rootName))]),
                "items" or "not" or "additionalProperties" or "additionalItems" => Convert(value, rootName),
                _ => value?.DeepClone(),
            };
        }

        if (source["nullable"] is JsonValue nullable && nullable.TryGetValue<bool>(out var isNullable) && isNullable
            && target["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var typeName))
        {
            target["type"] = new JsonArray(typeName, "null");
        }

        return target;
    }

    private static JsonObject ConvertMap(JsonObject map, string? rootName)
    {
        var target = new JsonObject();
        foreach (var (name, schema) in map)
        {
            target[name] = Convert(schema, rootName);
        }

        return target;
    }
}
