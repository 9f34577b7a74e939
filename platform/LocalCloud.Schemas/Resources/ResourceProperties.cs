using System.Text.Json;
using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;

namespace LocalCloud.Schemas.Resources;

/// <summary>
/// Reads resolved CloudFormation property values as CloudFormation accepts them: a template value passes through
/// unconverted, so a String may arrive as a number or a Boolean.
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
