using System.Globalization;
using System.Text.Json;

namespace LocalCloud.Core.Activity;

public static class ActivityJson
{
    public static void Write(Utf8JsonWriter writer, ActivityEvent activity)
    {
        writer.WriteStartObject();
        writer.WriteString("time", activity.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteString("service", activity.Service);
        writer.WriteString("kind", activity.Kind);
        writer.WriteString("summary", activity.Summary);
        if (activity.Attributes is { Count: > 0 } attributes)
        {
            writer.WriteStartObject("attributes");
            foreach (var (key, value) in attributes)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static ActivityEvent? Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        Dictionary<string, string>? attributes = null;
        if (root.TryGetProperty("attributes", out var attrs) && attrs.ValueKind == JsonValueKind.Object)
        {
            attributes = [];
            foreach (var property in attrs.EnumerateObject())
            {
                attributes[property.Name] = property.Value.ToString();
            }
        }

        return new ActivityEvent(
            DateTimeOffset.Parse(Text(root, "time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            Text(root, "service"),
            Text(root, "kind"),
            Text(root, "summary"),
            attributes);
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
}
