using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;

namespace LocalCloud.EventBridge.Resources;

/// <summary>
/// Reads resolved CloudFormation property values as CloudFormation accepts them: a template value passes through
/// unconverted, so an Integer may arrive as <c>5</c> or <c>"5"</c>, a Boolean as <c>true</c> or <c>"true"</c>, and a
/// String as a number; Json properties are objects (or a string holding JSON).
/// </summary>
internal static class ResourceProperties
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

    /// <summary>A Json property as the JSON text a service takes (an object serialized; a string passed as is).</summary>
    public static string? Json(JsonObject properties, string name) => properties[name] switch
    {
        null => null,
        JsonObject value => value.ToJsonString(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw TypeMismatch(name, "Json"),
    };

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
