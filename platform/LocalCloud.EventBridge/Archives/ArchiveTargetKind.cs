using System.Globalization;
using System.Text.Json;
using LocalCloud.Core.Delivery;

namespace LocalCloud.EventBridge.Archives;

/// <summary>The delivery target behind an archive's managed rule: appends the event to the archive.</summary>
internal sealed class ArchiveTargetKind : IDeliveryTargetKind
{
    public const string KindName = "events:archive";

    private readonly ArchiveStore _store;
    private readonly TimeProvider _time;

    public ArchiveTargetKind(ArchiveStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public string Kind => KindName;

    public async ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        if (!ArchiveArns.TryParseArchive(delivery.TargetArn, out _))
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"{delivery.TargetArn} is not an archive ARN.");
        }

        var now = _time.GetUtcNow();
        var eventTime = EventTime(delivery.Payload) ?? now;
        await _store.AppendAsync(delivery.TargetArn, [(eventTime.ToUnixTimeMilliseconds(), delivery.Payload)], now.ToUnixTimeMilliseconds(), cancellationToken);
        return DeliveryOutcome.Delivered;
    }

    private static DateTimeOffset? EventTime(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("time", out var time)
                && time.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
