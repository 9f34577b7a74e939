using System.Globalization;

namespace LocalCloud.Core.Targets;

/// <summary>Event times as EventBridge writes them: UTC, second precision, <c>Z</c>.</summary>
public static class EventTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
