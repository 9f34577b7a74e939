using System.Globalization;
using System.Text;

namespace LocalCloud.Core.Clock;

/// <summary>Durations as the clock command and endpoint take them: one or more <c>&lt;number&gt;&lt;unit&gt;</c> parts with
/// units <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c> (<c>15m</c>, <c>1h30m</c>, <c>2d</c>), or an ISO 8601 duration
/// (<c>PT15M</c>).</summary>
public static class ClockDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.StartsWith('P') || text.StartsWith('p'))
        {
            try
            {
                duration = System.Xml.XmlConvert.ToTimeSpan(text.ToUpperInvariant());
                return duration > TimeSpan.Zero;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        var i = 0;
        var total = TimeSpan.Zero;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            var unit = text[unitStart..i].ToLowerInvariant();
            var part = unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" or "sec" or "second" or "seconds" => TimeSpan.FromSeconds(value),
                "m" or "min" or "minute" or "minutes" => TimeSpan.FromMinutes(value),
                "h" or "hour" or "hours" => TimeSpan.FromHours(value),
                "d" or "day" or "days" => TimeSpan.FromDays(value),
                _ => (TimeSpan?)null,
            };
            if (part is null)
            {
                return false;
            }

            total += part.Value;
        }

        duration = total;
        return total > TimeSpan.Zero;
    }

    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (duration.Days > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{duration.Days}d");
        }

        if (duration.Hours > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{duration.Hours}h");
        }

        if (duration.Minutes > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        }

        var seconds = duration.Seconds + (duration.Milliseconds / 1000.0);
        if (seconds > 0 || builder.Length == 0)
        {
            builder.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        }

        return builder.ToString();
    }
}
