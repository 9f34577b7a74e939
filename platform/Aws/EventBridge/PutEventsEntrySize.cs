using System.Text;

namespace Aws.EventBridge;

/// <summary>The size of a PutEvents entry as EventBridge counts it against the request limit: 14 bytes
/// when <c>Time</c> is given, plus the UTF-8 lengths of <c>Source</c>, <c>DetailType</c>, <c>Detail</c> and
/// each resource. Shared by the client (to reject an entry before sending it) and the local cloud.</summary>
public static class PutEventsEntrySize
{
    public const int TimeFieldBytes = 14;

    public static int Of(bool hasTime, string? source, string? detailType, string? detail, IEnumerable<string?>? resources)
    {
        var size = hasTime ? TimeFieldBytes : 0;
        size += Utf8(source) + Utf8(detailType) + Utf8(detail);
        foreach (var resource in resources ?? [])
        {
            size += Utf8(resource);
        }

        return size;
    }

    public static int Of(PutEventsRequestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Of(entry.Time is not null, entry.Source, entry.DetailType, entry.Detail, entry.Resources);
    }

    private static int Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
