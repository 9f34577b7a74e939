using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalCloud.Schemas;

/// <summary>
/// Checks that schema content is a JSON document of its declared type: a draft-04 JSON Schema for
/// <c>JSONSchemaDraft4</c>, an OpenAPI 3.0 document for <c>OpenApi3</c>. The keyword checks follow the
/// draft-04 meta-schema (and the OpenAPI 3.0 schema object, which adds <c>nullable</c>).
/// </summary>
internal static class SchemaContent
{
    public const string OpenApi3 = "OpenApi3";
    public const string JsonSchemaDraft4 = "JSONSchemaDraft4";
    public const int MaxContentLength = 100_000;

    public static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 128, AllowDuplicateProperties = false };

    private static readonly HashSet<string> SimpleTypes = new(StringComparer.Ordinal) { "array", "boolean", "integer", "null", "number", "object", "string" };
    private static readonly string[] SchemaMaps = ["properties", "definitions", "patternProperties"];
    private static readonly string[] SchemaArrays = ["allOf", "anyOf", "oneOf"];
    private static readonly string[] NonNegativeIntegers = ["maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"];
    private static readonly string[] Numbers = ["minimum", "maximum", "multipleOf"];
    private static readonly string[] Booleans = ["exclusiveMinimum", "exclusiveMaximum", "uniqueItems"];
    private static readonly string[] Strings = ["$ref", "title", "description", "pattern", "format", "id"];

    public static bool IsKnownType(string? type) => type is OpenApi3 or JsonSchemaDraft4;

    /// <summary>Parses and validates; throws <c>BadRequestException</c> with the reason.</summary>
    public static JsonObject Validate(string type, string content)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(content, documentOptions: ParseOptions);
        }
        catch (JsonException ex)
        {
            throw SchemasErrors.BadRequest($"Invalid schema content: the content is not valid JSON ({ex.Message}).");
        }

        if (node is not JsonObject document)
        {
            throw SchemasErrors.BadRequest("Invalid schema content: the content must be a JSON object.");
        }

        if (type == JsonSchemaDraft4)
        {
            if (document.TryGetPropertyValue("$schema", out var dialect))
            {
                var uri = dialect is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
                if (uri is null || !IsDraft4(uri))
                {
                    throw SchemasErrors.BadRequest($"Invalid schema content: a {JsonSchemaDraft4} schema must use the draft-04 dialect, but $schema is {dialect?.ToJsonString() ?? "null"}.");
                }
            }

            CheckSchema(document, "#", openApi: false);
        }
        else
        {
            CheckOpenApi(document);
        }

        return document;
    }

    /// <summary>Two contents are the same when they are equal as JSON (member order and whitespace aside).</summary>
    public static bool SameDocument(string left, string right)
    {
        if (string.Equals(left, right, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(left, documentOptions: ParseOptions), JsonNode.Parse(right, documentOptions: ParseOptions));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsDraft4(string uri)
    {
        var trimmed = uri.TrimEnd('#');
        return trimmed is "http://json-schema.org/draft-04/schema" or "https://json-schema.org/draft-04/schema";
    }

    private static void CheckOpenApi(JsonObject document)
    {
        if (!document.TryGetPropertyValue("openapi", out var version) || version is not JsonValue v || !v.TryGetValue<string>(out var text) || !text.StartsWith("3.", StringComparison.Ordinal))
        {
            throw SchemasErrors.BadRequest("Invalid schema content: an OpenApi3 schema needs an \"openapi\" member with a 3.x version string.");
        }

        if (!document.TryGetPropertyValue("info", out var info) || info is not JsonObject infoObject
            || !IsString(infoObject["title"]) || !IsString(infoObject["version"]))
        {
            throw SchemasErrors.BadRequest("Invalid schema content: an OpenApi3 schema needs an \"info\" object with \"title\" and \"version\" strings.");
        }

        if (document.TryGetPropertyValue("paths", out var paths) && paths is not JsonObject)
        {
            throw SchemasErrors.BadRequest("Invalid schema content: \"paths\" must be an object.");
        }

        if (!document.TryGetPropertyValue("components", out var components))
        {
            return;
        }

        if (components is not JsonObject componentsObject)
        {
            throw SchemasErrors.BadRequest("Invalid schema content: \"components\" must be an object.");
        }

        if (!componentsObject.TryGetPropertyValue("schemas", out var schemas))
        {
            return;
        }

        if (schemas is not JsonObject schemasObject)
        {
            throw SchemasErrors.BadRequest("Invalid schema content: \"components.schemas\" must be an object.");
        }

        foreach (var (name, schema) in schemasObject)
        {
            CheckSchema(schema, "#/components/schemas/" + name, openApi: true);
        }
    }

    private static void CheckSchema(JsonNode? node, string path, bool openApi)
    {
        if (node is not JsonObject schema)
        {
            throw SchemasErrors.BadRequest($"Invalid schema content: {path} must be a schema object.");
        }

        if (schema.TryGetPropertyValue("type", out var type))
        {
            CheckType(type, path, openApi);
        }

        foreach (var keyword in SchemaMaps)
        {
            if (!schema.TryGetPropertyValue(keyword, out var map))
            {
                continue;
            }

            if (map is not JsonObject members)
            {
                throw SchemasErrors.BadRequest($"Invalid schema content: {path}/{keyword} must be an object.");
            }

            foreach (var (name, member) in members)
            {
                CheckSchema(member, $"{path}/{keyword}/{name}", openApi);
            }
        }

        foreach (var keyword in SchemaArrays)
        {
            if (schema.TryGetPropertyValue(keyword, out var list))
            {
                if (list is not JsonArray { Count: > 0 } items)
                {
                    throw SchemasErrors.BadRequest($"Invalid schema content: {path}/{keyword} must be a non-empty array of schemas.");
                }

                for (var i = 0; i < items.Count; i++)
                {
                    CheckSchema(items[i], $"{path}/{keyword}/{i}", openApi);
                }
            }
        }

        if (schema.TryGetPropertyValue("not", out var not))
        {
            CheckSchema(not, path + "/not", openApi);
        }

        if (schema.TryGetPropertyValue("items", out var itemsNode))
        {
            if (itemsNode is JsonArray tuple && !openApi)
            {
                for (var i = 0; i < tuple.Count; i++)
                {
                    CheckSchema(tuple[i], $"{path}/items/{i}", openApi);
                }
            }
            else
            {
                CheckSchema(itemsNode, path + "/items", openApi);
            }
        }

        foreach (var keyword in (ReadOnlySpan<string>)["additionalProperties", "additionalItems"])
        {
            if (schema.TryGetPropertyValue(keyword, out var additional) && !IsBoolean(additional))
            {
                CheckSchema(additional, $"{path}/{keyword}", openApi);
            }
        }

        if (schema.TryGetPropertyValue("required", out var required))
        {
            if (required is not JsonArray { Count: > 0 } names || names.Any(n => !IsString(n))
                || names.Select(n => n!.GetValue<string>()).Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                throw SchemasErrors.BadRequest($"Invalid schema content: {path}/required must be a non-empty array of unique strings.");
            }
        }

        if (schema.TryGetPropertyValue("enum", out var enumeration) && enumeration is not JsonArray { Count: > 0 })
        {
            throw SchemasErrors.BadRequest($"Invalid schema content: {path}/enum must be a non-empty array.");
        }

        foreach (var keyword in NonNegativeIntegers)
        {
            if (schema.TryGetPropertyValue(keyword, out var value) && !(value is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<long>(out var n) && n >= 0))
            {
                throw SchemasErrors.BadRequest($"Invalid schema content: {path}/{keyword} must be a non-negative integer.");
            }
        }

        foreach (var keyword in Numbers)
        {
            if (schema.TryGetPropertyValue(keyword, out var value) && value?.GetValueKind() != JsonValueKind.Number)
            {
                throw SchemasErrors.BadRequest($"Invalid schema content: {path}/{keyword} must be a number.");
            }
        }

        foreach (var keyword in Booleans)
        {
            if (schema.TryGetPropertyValue(keyword, out var value) && !IsBoolean(value))
            {
                throw SchemasErrors.BadRequest($"Invalid schema content: {path}/{keyword} must be a boolean.");
            }
        }

        foreach (var keyword in Strings)
        {
            if (schema.TryGetPropertyValue(keyword, out var value) && !IsString(value))
            {
                throw SchemasErrors.BadRequest($"Invalid schema content: {path}/{keyword} must be a string.");
            }
        }

        if (openApi && schema.TryGetPropertyValue("nullable", out var nullable) && !IsBoolean(nullable))
        {
            throw SchemasErrors.BadRequest($"Invalid schema content: {path}/nullable must be a boolean.");
        }
    }

    private static void CheckType(JsonNode? type, string path, bool openApi)
    {
        if (IsString(type) && SimpleTypes.Contains(type!.GetValue<string>()) && !(openApi && type.GetValue<string>() == "null"))
        {
            return;
        }

        if (!openApi && type is JsonArray { Count: > 0 } list && list.All(t => IsString(t) && SimpleTypes.Contains(t!.GetValue<string>()))
            && list.Select(t => t!.GetValue<string>()).Distinct(StringComparer.Ordinal).Count() == list.Count)
        {
            return;
        }

        throw SchemasErrors.BadRequest($"Invalid schema content: {path}/type {type?.ToJsonString() ?? "null"} is not a valid type.");
    }

    private static bool IsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    private static bool IsBoolean(JsonNode? node) => node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False;
}
