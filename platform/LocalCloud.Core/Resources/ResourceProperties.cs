using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalCloud.Core.Resources;

/// <summary>
/// Reads resolved CloudFormation property values as CloudFormation accepts them: a template value passes through
/// unconverted, so an Integer may arrive as <c>5</c> or <c>"5"</c>, a Boolean as <c>true</c> or <c>"true"</c>, and a
/// String as a number; Json properties are objects (or a string holding JSON). A value of the wrong type fails the
/// resource with CloudFormation's "Value of property X must be of type T." Shared by every service's providers.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The readers are named after the CloudFormation property types they read.")]
public static class ResourceProperties
{
    public static string? String(JsonObject properties, string name) => properties[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => throw TypeMismatch(name, "String"),
    };

    public static string RequiredString(JsonObject properties, string name) =>
        String(properties, name) is { Length: > 0 } value ? value : throw new ResourceProviderException($"Property {name} cannot be empty.");

    public static int? Int(JsonObject properties, string name) => properties[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number
            && int.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        JsonValue value when value.GetValueKind() == JsonValueKind.String
            && int.TryParse(value.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw TypeMismatch(name, "Integer"),
    };

    public static long? Long(JsonObject properties, string name) => properties[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        JsonValue value when value.GetValueKind() == JsonValueKind.String
            && long.TryParse(value.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw TypeMismatch(name, "Long"),
    };

    public static JsonObject? Object(JsonObject properties, string name) => properties[name] switch
    {
        null => null,
        JsonObject value => value,
        _ => throw TypeMismatch(name, "Object"),
    };

    public static List<JsonObject> Objects(JsonObject properties, string name)
    {
        if (properties[name] is null)
        {
            return [];
        }

        if (properties[name] is not JsonArray array || array.Any(i => i is not JsonObject))
        {
            throw TypeMismatch(name, "List of Object");
        }

        return [.. array.Cast<JsonObject>()];
    }

    public static bool? Bool(JsonObject properties, string name) => properties[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.True => true,
        JsonValue value when value.GetValueKind() == JsonValueKind.False => false,
        JsonValue value when value.GetValueKind() == JsonValueKind.String && bool.TryParse(value.GetValue<string>(), out var b) => b,
        _ => throw TypeMismatch(name, "Boolean"),
    };

    /// <summary>A Json property as the JSON text a service takes (an object serialized; a string passed as is).</summary>
    public static string? Json(JsonObject properties, string name) => properties[name] switch
    {
        null => null,
        JsonObject value => value.ToJsonString(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw TypeMismatch(name, "Json"),
    };

    public static List<string>? StringList(JsonObject properties, string name)
    {
        if (properties[name] is null)
        {
            return null;
        }

        if (properties[name] is not JsonArray array)
        {
            throw TypeMismatch(name, "List of String");
        }

        var result = new List<string>(array.Count);
        foreach (var item in array)
        {
            result.Add(item is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw TypeMismatch(name, "List of String"));
        }

        return result;
    }

    /// <summary>The stack's tags (with CloudFormation's own) and the resource's <c>Tags</c> (a list of
    /// <c>{Key, Value}</c>); the resource's win.</summary>
    public static Dictionary<string, string> Tags(ResourceOperation operation)
    {
        var tags = new Dictionary<string, string>(operation.Tags, StringComparer.Ordinal);
        if (operation.Properties["Tags"] is null)
        {
            return tags;
        }

        if (operation.Properties["Tags"] is not JsonArray list)
        {
            throw TypeMismatch("Tags", "List of Tag");
        }

        foreach (var item in list)
        {
            if (item is not JsonObject tag)
            {
                throw TypeMismatch("Tags", "List of Tag");
            }

            tags[RequiredString(tag, "Key")] = String(tag, "Value") ?? string.Empty;
        }

        return tags;
    }

    public static bool Changed(JsonObject? previous, JsonObject current, string name) =>
        !JsonNode.DeepEquals(previous?[name], current[name]);

    private static ResourceProviderException TypeMismatch(string name, string type) =>
        new($"Value of property {name} must be of type {type}.");
}
