using LocalCloud.Scheduler.Model;

namespace LocalCloud.Scheduler.Firing;

/// <summary>When a schedule fires: the time its expression gives (nominal) and that time plus a random delay inside its
/// flexible window (the fire time).</summary>
internal static class ScheduleTimes
{
    public static ScheduleExpression Expression(ScheduleRecord schedule) =>
        ScheduleExpression.TryParse(schedule.ScheduleExpression, out var expression)
            ? expression!
            : throw SchedulerErrors.InvalidExpression(schedule.ScheduleExpression);

    public static TimeZoneInfo Zone(ScheduleRecord schedule) =>
        ZoneTime.TryFind(schedule.ScheduleExpressionTimezone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The first invocation of a schedule created, updated or enabled at <paramref name="now"/>.</summary>
    public static (DateTimeOffset? FireAt, DateTimeOffset? Nominal) First(ScheduleRecord schedule, DateTimeOffset now)
    {
        if (!schedule.IsEnabled)
        {
            return (null, null);
        }

        var nominal = Expression(schedule).First(now, schedule, Zone(schedule));
        return (nominal is { } n ? n + FlexibleDelay(schedule) : null, nominal);
    }

    /// <summary>The invocation after the one at <paramref name="previousNominal"/>.</summary>
    public static (DateTimeOffset? FireAt, DateTimeOffset? Nominal) Next(ScheduleRecord schedule, DateTimeOffset previousNominal)
    {
        var nominal = Expression(schedule).Next(previousNominal, schedule, Zone(schedule));
        return (nominal is { } n ? n + FlexibleDelay(schedule) : null, nominal);
    }

    /// <summary>A uniformly random delay in [0, MaximumWindowInMinutes) for a FLEXIBLE window, at millisecond grain.</summary>
    public static TimeSpan FlexibleDelay(ScheduleRecord schedule) =>
        schedule.FlexibleTimeWindow is { Mode: FlexibleModes.Flexible, MaximumWindowInMinutes: { } minutes and > 0 }
            ? TimeSpan.FromMilliseconds(Random.Shared.NextInt64(minutes * 60_000L))
            : TimeSpan.Zero;
}
