using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace LocalCloud.Scheduler.Model;

/// <summary>
/// A parsed schedule expression: <c>at(yyyy-mm-ddThh:mm:ss)</c>, <c>rate(n unit)</c> or a six-field
/// <c>cron(minutes hours day-of-month month day-of-week year)</c>, evaluated in the schedule's time zone as the
/// Scheduler guide describes: a cron time that falls in a daylight-saving gap is skipped, one that falls in an
/// overlap runs once (the first time the wall clock shows it), and rate intervals are fixed durations
/// (a day is 24 hours).
/// </summary>
internal abstract partial class ScheduleExpression
{
    public abstract bool IsOneTime { get; }

    public static bool TryParse(string text, out ScheduleExpression? expression)
    {
        expression = null;
        if (AtPattern().Match(text) is { Success: true } at)
        {
            if (!DateTime.TryParseExact(at.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                return false;
            }

            expression = new AtExpression(local);
            return true;
        }

        if (RatePattern().Match(text) is { Success: true } rate)
        {
            if (!int.TryParse(rate.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                return false;
            }

            var unit = rate.Groups[2].Value;
            var singular = !unit.EndsWith('s');
            if (singular != (value == 1))
            {
                return false;
            }

            var interval = unit.TrimEnd('s') switch
            {
                "minute" => TimeSpan.FromMinutes(value),
                "hour" => TimeSpan.FromHours(value),
                _ => TimeSpan.FromDays(value),
            };
            expression = new RateExpression(interval);
            return true;
        }

        if (CronPattern().Match(text) is { Success: true } cron)
        {
            expression = AwsCron.TryParse(cron.Groups[1].Value);
            return expression is not null;
        }

        return false;
    }

    /// <summary>The first invocation time at or after <paramref name="from"/> (creation, update, or a restart),
    /// honouring StartDate and EndDate; null when there is none.</summary>
    public abstract DateTimeOffset? First(DateTimeOffset from, ScheduleRecord schedule, TimeZoneInfo zone);

    /// <summary>The invocation after the one scheduled for <paramref name="previous"/>, or null when there is none.</summary>
    public abstract DateTimeOffset? Next(DateTimeOffset previous, ScheduleRecord schedule, TimeZoneInfo zone);

    protected static DateTimeOffset? BeforeEnd(DateTimeOffset? time, ScheduleRecord schedule) =>
        time is { } t && (schedule.EndDate is not { } end || t < end) ? t : null;

    [GeneratedRegex(@"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$", RegexOptions.CultureInvariant)]
    private static partial Regex AtPattern();

    [GeneratedRegex(@"^rate\((\d+) (minutes?|hours?|days?)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"^cron\(([^()]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex CronPattern();
}

/// <summary>A one-time schedule: the wall-clock time in the schedule's zone (a time in a gap moves forward by the
/// gap; one in an overlap is its first occurrence). StartDate and EndDate do not apply.</summary>
internal sealed class AtExpression(DateTime local) : ScheduleExpression
{
    public DateTime Local { get; } = local;

    public override bool IsOneTime => true;

    public override DateTimeOffset? First(DateTimeOffset from, ScheduleRecord schedule, TimeZoneInfo zone) => ZoneTime.ToInstant(Local, zone);

    public override DateTimeOffset? Next(DateTimeOffset previous, ScheduleRecord schedule, TimeZoneInfo zone) => null;
}

/// <summary>A rate schedule: every <see cref="Interval"/> from its anchor (StartDate, else when it was created or
/// updated, so it starts at once), before EndDate.</summary>
internal sealed class RateExpression(TimeSpan interval) : ScheduleExpression
{
    public TimeSpan Interval { get; } = interval;

    public override bool IsOneTime => false;

    public override DateTimeOffset? First(DateTimeOffset from, ScheduleRecord schedule, TimeZoneInfo zone)
    {
        var anchor = schedule.RateAnchor;
        if (from <= anchor)
        {
            return BeforeEnd(anchor, schedule);
        }

        var periods = (long)Math.Ceiling((from - anchor).Ticks / (double)Interval.Ticks);
        return BeforeEnd(anchor + TimeSpan.FromTicks(Interval.Ticks * periods), schedule);
    }

    public override DateTimeOffset? Next(DateTimeOffset previous, ScheduleRecord schedule, TimeZoneInfo zone) => BeforeEnd(previous + Interval, schedule);
}

/// <summary>
/// AWS's six-field cron. Minutes, hours, day-of-month (with <c>L</c>, <c>W</c>, <c>LW</c>, <c>L-n</c>) and month
/// go to Cronos as they are; day-of-week numbers (AWS: 1-7 = SUN-SAT) are shifted to Cronos' 0-6 (with
/// <c>L</c> and <c>#</c> kept); the year field (1970-2199, with <c>,</c> <c>-</c> <c>*</c> <c>/</c>) is evaluated here.
/// Exactly one of day-of-month and day-of-week must be <c>?</c>.
/// </summary>
internal sealed class AwsCron : ScheduleExpression
{
    private const int MinYear = 1970;
    private const int MaxYear = 2199;
    private readonly CronExpression _cron;
    private readonly bool[] _years;

    private AwsCron(CronExpression cron, bool[] years)
    {
        _cron = cron;
        _years = years;
    }

    public override bool IsOneTime => false;

    public static AwsCron? TryParse(string fields)
    {
        var parts = fields.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6 || (parts[2] == "?") == (parts[4] == "?"))
        {
            return null;
        }

        var dayOfWeek = "?";
        if (parts[4] != "?")
        {
            if (ConvertDayOfWeek(parts[4]) is not { } converted)
            {
                return null;
            }

            dayOfWeek = converted;
        }

        if (ParseYears(parts[5]) is not { } years)
        {
            return null;
        }

        try
        {
            var cron = CronExpression.Parse($"{parts[0]} {parts[1]} {parts[2]} {parts[3]} {dayOfWeek}", CronFormat.Standard);
            return new AwsCron(cron, years);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }

    public override DateTimeOffset? First(DateTimeOffset from, ScheduleRecord schedule, TimeZoneInfo zone)
    {
        var after = from.AddTicks(-1);
        if (schedule.StartDate is { } start && start.AddTicks(-1) > after)
        {
            after = start.AddTicks(-1);
        }

        return BeforeEnd(After(after, zone), schedule);
    }

    public override DateTimeOffset? Next(DateTimeOffset previous, ScheduleRecord schedule, TimeZoneInfo zone) => BeforeEnd(After(previous, zone), schedule);

    /// <summary>The first instant strictly after <paramref name="after"/> whose wall-clock time in
    /// <paramref name="zone"/> matches, skipping times in a gap and the second pass of an overlap.</summary>
    public DateTimeOffset? After(DateTimeOffset after, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(after, zone).DateTime, DateTimeKind.Utc);
        for (var guard = 0; guard < 100_000; guard++)
        {
            var next = _cron.GetNextOccurrence(wall, inclusive: false);
            if (next is not { } candidate)
            {
                return null;
            }

            if (!YearAllowed(candidate.Year))
            {
                var year = NextYear(candidate.Year + 1);
                if (year is null)
                {
                    return null;
                }

                wall = new DateTime(year.Value, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1);
                continue;
            }

            wall = candidate;
            var local = DateTime.SpecifyKind(candidate, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(local))
            {
                continue;
            }

            var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
            var instant = new DateTimeOffset(local, offset);
            if (instant > after)
            {
                return instant.ToUniversalTime();
            }
        }

        return null;
    }

    private bool YearAllowed(int year) => year is >= MinYear and <= MaxYear && _years[year - MinYear];

    private int? NextYear(int from)
    {
        for (var year = Math.Max(from, MinYear); year <= MaxYear; year++)
        {
            if (_years[year - MinYear])
            {
                return year;
            }
        }

        return null;
    }

    private static string? ConvertDayOfWeek(string field)
    {
        var items = field.Split(',');
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var step = slash >= 0 ? item[slash..] : "";
            var body = slash >= 0 ? item[..slash] : item;
            string? converted;
            if (body.Contains('#', StringComparison.Ordinal))
            {
                var hash = body.IndexOf('#', StringComparison.Ordinal);
                converted = Day(body[..hash]) is { } day ? day + body[hash..] : null;
            }
            else if (body.Length > 1 && body.EndsWith('L'))
            {
                converted = Day(body[..^1]) is { } day ? day + "L" : null;
            }
            else if (body.Contains('-', StringComparison.Ordinal))
            {
                var dash = body.IndexOf('-', StringComparison.Ordinal);
                converted = Day(body[..dash]) is { } from && Day(body[(dash + 1)..]) is { } to ? from + "-" + to : null;
            }
            else
            {
                converted = body is "*" or "L" ? body : Day(body);
            }

            if (converted is null)
            {
                return null;
            }

            items[i] = converted + step;
        }

        return string.Join(',', items);
    }

    private static string? Day(string token)
    {
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number is >= 1 and <= 7 ? (number - 1).ToString(CultureInfo.InvariantCulture) : null;
        }

        return token.ToUpperInvariant() is "SUN" or "MON" or "TUE" or "WED" or "THU" or "FRI" or "SAT" ? token : null;
    }

    private static bool[]? ParseYears(string field)
    {
        var years = new bool[MaxYear - MinYear + 1];
        foreach (var item in field.Split(','))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var body = slash >= 0 ? item[..slash] : item;
            var step = 1;
            if (slash >= 0 && (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step <= 0))
            {
                return null;
            }

            int from, to;
            if (body == "*")
            {
                (from, to) = (MinYear, MaxYear);
            }
            else if (body.Split('-') is [var a, var b])
            {
                if (!Year(a, out from) || !Year(b, out to) || to < from)
                {
                    return null;
                }
            }
            else if (Year(body, out from))
            {
                to = slash >= 0 ? MaxYear : from;
            }
            else
            {
                return null;
            }

            for (var year = from; year <= to; year += step)
            {
                years[year - MinYear] = true;
            }
        }

        return years;
    }

    private static bool Year(string text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= MinYear and <= MaxYear;
}

internal static class ZoneTime
{
    /// <summary>A wall-clock time in <paramref name="zone"/> as an instant: a time in a gap moves forward by the gap,
    /// a time in an overlap is its first occurrence.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local, before).ToUniversalTime();
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static bool TryFind(string? name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrEmpty(name) || name == "UTC")
        {
            return true;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }
}
