using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>How SAM declares a property of one of its resources or events: required or not, its validator, and whether intrinsics skip validation.</summary>
internal sealed record PropertySpec(string Name, bool Required, Func<JsonNode?, bool> Validate, string? ExpectedType, bool SupportsIntrinsics)
{
    public static PropertySpec Any(string name, bool required = false) => new(name, required, _ => true, null, false);

    public static PropertySpec Str(string name, bool required = false) => new(name, required, Json.IsStr, "string", true);

    public static PropertySpec Dict(string name, bool required = false) => new(name, required, Json.IsDict, "map", true);

    public static PropertySpec Bool(string name, bool required = false) => new(name, required, Json.IsBool, null, true);

    public static PropertySpec BoolNoIntrinsics(string name) => new(name, false, Json.IsBool, null, false);

    public static PropertySpec Int(string name) => new(name, false, Json.IsInt, null, true);

    public static PropertySpec List(string name) => new(name, false, Json.IsList, null, true);

    public static PropertySpec Of(string name, Func<JsonNode?, bool> validate) => new(name, false, validate, null, true);

    public static bool StrOrDict(JsonNode? v) => Json.IsStr(v) || Json.IsDict(v);

    public static bool DictOfDicts(JsonNode? v) => v is JsonObject o && o.All(p => p.Value is JsonObject);

    public static bool DictOfStrs(JsonNode? v) => v is JsonObject o && o.All(p => Json.IsStr(p.Value));

    public static bool ListOf(JsonNode? v, Func<JsonNode?, bool> item) => v is JsonArray a && a.All(item);

    /// <summary>SAM's <c>from_dict</c> + <c>validate_properties</c>: unknown names first, then each declared property in order.</summary>
    public static void ValidateAll(string logicalId, string resourceType, JsonObject properties, IReadOnlyList<PropertySpec> specs)
    {
        foreach (var (name, _) in properties)
        {
            if (!specs.Any(s => s.Name == name))
            {
                throw new InvalidResourceError(logicalId, $"property {name} not defined for resource of type {resourceType}");
            }
        }

        foreach (var spec in specs)
        {
            var value = properties.TryGetPropertyValue(spec.Name, out var v) ? v : null;
            if (spec.SupportsIntrinsics && value is JsonObject o && o.Count == 1)
            {
                continue;
            }

            if (value is null)
            {
                if (spec.Required)
                {
                    throw new InvalidResourceError(logicalId, $"Missing required property '{spec.Name}'.");
                }
            }
            else if (!spec.Validate(value))
            {
                throw new InvalidResourceError(logicalId, spec.ExpectedType is null
                    ? $"Type of property '{spec.Name}' is invalid."
                    : $"Property '{spec.Name}' should be a {spec.ExpectedType}.");
            }
        }
    }
}

/// <summary>SAM's <c>sam_expect</c> checks, with its messages.</summary>
internal static class Expect
{
    public static JsonObject Map(JsonNode? value, string id, string path, bool isEvent = false, bool isAttribute = false, string? message = null) =>
        value as JsonObject ?? throw TypeError(id, path, "map", isEvent, isAttribute, message);

    public static string String(JsonNode? value, string id, string path, bool isEvent = false, string? message = null) =>
        Json.Str(value) ?? throw TypeError(id, path, "string", isEvent, false, message);

    public static bool Boolean(JsonNode? value, string id, string path, bool isEvent = false) =>
        Json.Bool(value) ?? throw TypeError(id, path, "boolean", isEvent, false, null);

    public static JsonArray List(JsonNode? value, string id, string path, bool isEvent = false) =>
        value as JsonArray ?? throw TypeError(id, path, "list", isEvent, false, null);

    public static JsonNode NotNone(JsonNode? value, string id, string path, bool isEvent = false)
    {
        if (value is not null)
        {
            return value;
        }

        var message = $"Property '{path}' is required.";
        return isEvent ? throw new InvalidEventError(id, message) : throw new InvalidResourceError(id, message);
    }

    private static SamError TypeError(string id, string path, string type, bool isEvent, bool isAttribute, string? message)
    {
        if (isEvent)
        {
            return new InvalidEventError(id, string.IsNullOrEmpty(message) ? $"Property '{path}' should be a {type}." : message);
        }

        return new InvalidResourceError(id, !string.IsNullOrEmpty(message) ? message
            : isAttribute ? $"Attribute '{path}' should be a {type}." : $"Property '{path}' should be a {type}.");
    }
}
