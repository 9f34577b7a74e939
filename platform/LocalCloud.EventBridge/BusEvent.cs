using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LocalCloud.EventBridge;

internal sealed record BusEvent(
    string Id,
    string Source,
    string DetailType,
    string Account,
    DateTimeOffset Time,
    string Region,
    IReadOnlyList<string> Resources,
    string Detail,
    string? ReplayName = null)
{
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public byte[] ToUtf8(bool includeDetail = true)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + Detail.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "0");
            writer.WriteString("id", Id);
            writer.WriteString("detail-type", DetailType);
            writer.WriteString("source", Source);
            writer.WriteString("account", Account);
            writer.WriteString("time", FormatTime(Time));
            writer.WriteString("region", Region);
            writer.WriteStartArray("resources");
            foreach (var resource in Resources)
            {
                writer.WriteStringValue(resource);
            }

            writer.WriteEndArray();
            if (includeDetail)
            {
                writer.WritePropertyName("detail");
                writer.WriteRawValue(Detail, skipInputValidation: true);
            }

            if (ReplayName is not null)
            {
                writer.WriteString("replay-name", ReplayName);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static bool TryParse(ReadOnlySpan<byte> utf8, out BusEvent? envelope)
    {
        envelope = null;
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("detail-type", out var detailType) || detailType.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var time = root.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed
                : default;
            var resources = new List<string>();
            if (root.TryGetProperty("resources", out var r) && r.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in r.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        resources.Add(item.GetString()!);
                    }
                }
            }

            envelope = new BusEvent(
                root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "",
                source.GetString()!,
                detailType.GetString()!,
                root.TryGetProperty("account", out var account) && account.ValueKind == JsonValueKind.String ? account.GetString()! : "",
                time,
                root.TryGetProperty("region", out var region) && region.ValueKind == JsonValueKind.String ? region.GetString()! : "",
                resources,
                detail.GetRawText());
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
