using LocalCloud.Scheduler.Model;

namespace LocalCloud.Scheduler.Tests;

public sealed class ScheduleExpressionTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 15, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("at(2030-01-01T00:00:00)")]
    [InlineData("rate(1 minute)")]
    [InlineData("rate(5 minutes)")]
    [InlineData("rate(1 hour)")]
    [InlineData("rate(12 hours)")]
    [InlineData("rate(1 day)")]
    [InlineData("rate(7 days)")]
    [InlineData("cron(0 12 * * ? *)")]
    [InlineData("cron(0/15 8-17 ? * MON-FRI *)")]
    [InlineData("cron(0 9 ? * 6#3 *)")]
    [InlineData("cron(0 9 ? * 6L *)")]
    [InlineData("cron(0 9 L * ? *)")]
    [InlineData("cron(0 9 15W * ? *)")]
    [InlineData("cron(0 9 LW * ? 2030-2032)")]
    [InlineData("cron(30 13 1 JAN,JUL ? 2030/2)")]
    [InlineData("cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)")]
    public void ValidExpressions_Parse(string text) => Assert.True(ScheduleExpression.TryParse(text, out _), text);

    [Theory]
    [InlineData("at(2030-02-30T00:00:00)")]
    [InlineData("at(2030-01-01 00:00:00)")]
    [InlineData("at(2030-01-01T00:00)")]
    [InlineData("rate(0 minutes)")]
    [InlineData("rate(1 minutes)")]
    [InlineData("rate(5 minute)")]
    [InlineData("rate(5 weeks)")]
    [InlineData("rate(-1 days)")]
    [InlineData("cron(0 12 * * * *)")]
    [InlineData("cron(0 12 ? * ? *)")]
    [InlineData("cron(0 12 * * ?)")]
    [InlineData("cron(0 12 * * ? * *)")]
    [InlineData("cron(61 12 * * ? *)")]
    [InlineData("cron(0 12 ? * 8 *)")]
    [InlineData("cron(0 12 * * ? 1969)")]
    [InlineData("cron(0 12 * * ? 2200)")]
    [InlineData("every 5 minutes")]
    [InlineData("")]
    public void InvalidExpressions_AreRejected(string text) => Assert.False(ScheduleExpression.TryParse(text, out _), text);

    [Fact]
    public void At_IsEvaluatedInItsTimeZone()
    {
        var schedule = Schedule("at(2030-07-01T09:00:00)", "Europe/Berlin");

        Assert.Equal(new DateTimeOffset(2030, 7, 1, 7, 0, 0, TimeSpan.Zero), First(schedule));
        Assert.Null(Expression(schedule).Next(First(schedule)!.Value, schedule, Zone(schedule)));
    }

    [Fact]
    public void At_InTheSpringGap_MovesForwardByTheGap()
    {
        // 2030-03-10 02:30 does not exist in New York (02:00 -> 03:00 EDT): it runs at 03:30 EDT.
        var schedule = Schedule("at(2030-03-10T02:30:00)", "America/New_York");

        Assert.Equal(new DateTimeOffset(2030, 3, 10, 7, 30, 0, TimeSpan.Zero), First(schedule));
    }

    [Fact]
    public void Rate_WithoutStartDate_StartsAtOnce_ThenEveryInterval()
    {
        var schedule = Schedule("rate(15 minutes)") with { RateAnchor = Now };

        var first = First(schedule)!.Value;
        Assert.Equal(Now, first);
        Assert.Equal(Now.AddMinutes(15), Expression(schedule).Next(first, schedule, Zone(schedule)));
    }

    [Fact]
    public void Rate_StartsAtStartDate_AndStopsBeforeEndDate()
    {
        var start = Now.AddHours(1);
        var schedule = Schedule("rate(1 hour)") with { StartDate = start, RateAnchor = start, EndDate = start.AddHours(2) };

        var first = First(schedule)!.Value;
        var second = Expression(schedule).Next(first, schedule, Zone(schedule))!.Value;
        Assert.Equal(start, first);
        Assert.Equal(start.AddHours(1), second);
        Assert.Null(Expression(schedule).Next(second, schedule, Zone(schedule)));
    }

    [Fact]
    public void Rate_InDays_Is24HoursAcrossADaylightSavingChange()
    {
        var anchor = new DateTimeOffset(2030, 3, 9, 17, 0, 0, TimeSpan.Zero);
        var schedule = Schedule("rate(1 day)", "America/New_York") with { RateAnchor = anchor };

        Assert.Equal(anchor.AddHours(24), Expression(schedule).Next(anchor, schedule, Zone(schedule)));
    }

    [Fact]
    public void Cron_IsEvaluatedInItsTimeZone_AcrossDaylightSaving()
    {
        // 09:00 in New York: 14:00Z in winter, 13:00Z after the change on 2030-03-10.
        var schedule = Schedule("cron(0 9 * * ? *)", "America/New_York");
        var from = new DateTimeOffset(2030, 3, 9, 15, 0, 0, TimeSpan.Zero);

        var first = Expression(schedule).First(from, schedule, Zone(schedule))!.Value;
        Assert.Equal(new DateTimeOffset(2030, 3, 10, 13, 0, 0, TimeSpan.Zero), first);
        var before = Expression(schedule).First(new DateTimeOffset(2030, 3, 8, 15, 0, 0, TimeSpan.Zero), schedule, Zone(schedule));
        Assert.Equal(new DateTimeOffset(2030, 3, 9, 14, 0, 0, TimeSpan.Zero), before);
    }

    [Fact]
    public void Cron_InTheSpringGap_IsSkipped()
    {
        // 02:30 every day: 2030-03-10 02:30 does not exist in New York, so that day has no invocation.
        var schedule = Schedule("cron(30 2 * * ? *)", "America/New_York");
        var march9 = new DateTimeOffset(2030, 3, 9, 7, 30, 0, TimeSpan.Zero);

        var next = Expression(schedule).Next(march9, schedule, Zone(schedule));

        Assert.Equal(new DateTimeOffset(2030, 3, 11, 6, 30, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void Cron_InTheAutumnOverlap_RunsOnce()
    {
        // Every 30 minutes: on 2030-11-03 New York shows 01:00-01:59 twice; only the first pass runs.
        var schedule = Schedule("cron(0/30 * * * ? *)", "America/New_York");
        var times = new List<DateTimeOffset>();
        var at = new DateTimeOffset(2030, 11, 3, 4, 45, 0, TimeSpan.Zero); // 00:45 EDT
        for (var i = 0; i < 5; i++)
        {
            at = Expression(schedule).Next(at, schedule, Zone(schedule))!.Value;
            times.Add(at);
        }

        Assert.Equal(
            [
                new DateTimeOffset(2030, 11, 3, 5, 0, 0, TimeSpan.Zero),  // 01:00 EDT
                new DateTimeOffset(2030, 11, 3, 5, 30, 0, TimeSpan.Zero), // 01:30 EDT
                new DateTimeOffset(2030, 11, 3, 7, 0, 0, TimeSpan.Zero),  // 02:00 EST (01:00-01:30 EST skipped)
                new DateTimeOffset(2030, 11, 3, 7, 30, 0, TimeSpan.Zero),
                new DateTimeOffset(2030, 11, 3, 8, 0, 0, TimeSpan.Zero),
            ],
            times);
    }

    [Theory]
    [InlineData("cron(0 10 ? * 1 *)", "2030-01-20T10:00:00+00:00")]   // 1 = Sunday
    [InlineData("cron(0 10 ? * 2 *)", "2030-01-21T10:00:00+00:00")]   // 2 = Monday
    [InlineData("cron(0 10 ? * 7 *)", "2030-01-19T10:00:00+00:00")]   // 7 = Saturday
    [InlineData("cron(0 10 ? * 6#3 *)", "2030-01-18T10:00:00+00:00")] // third Friday
    [InlineData("cron(0 10 ? * 6L *)", "2030-01-25T10:00:00+00:00")]  // last Friday
    [InlineData("cron(0 10 L * ? *)", "2030-01-31T10:00:00+00:00")]   // last day of the month
    [InlineData("cron(0 10 19W * ? *)", "2030-01-18T10:00:00+00:00")] // weekday nearest the 19th (a Saturday)
    [InlineData("cron(0 10 1 * ? 2032)", "2032-01-01T10:00:00+00:00")] // the year field
    [InlineData("cron(0 10 1 * ? 2030,2031)", "2030-02-01T10:00:00+00:00")]
    public void Cron_FieldsMeanWhatAwsDocuments(string text, string expected)
    {
        var schedule = Schedule(text);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), First(schedule));
    }

    [Fact]
    public void Cron_PastItsLastYear_HasNoNextInvocation()
    {
        var schedule = Schedule("cron(0 10 1 1 ? 2030)");

        Assert.Null(First(schedule));
    }

    [Fact]
    public void Cron_HonoursStartDateAndEndDate()
    {
        var schedule = Schedule("cron(0 * * * ? *)") with { StartDate = Now.AddDays(1), EndDate = Now.AddDays(1).AddHours(2) };

        var first = First(schedule)!.Value;
        Assert.Equal(new DateTimeOffset(2030, 1, 16, 11, 0, 0, TimeSpan.Zero), first);
        var second = Expression(schedule).Next(first, schedule, Zone(schedule))!.Value;
        Assert.Equal(first.AddHours(1), second);
        Assert.Null(Expression(schedule).Next(second, schedule, Zone(schedule)));
    }

    private static DateTimeOffset? First(ScheduleRecord schedule) => Expression(schedule).First(Now, schedule, Zone(schedule));

    private static ScheduleExpression Expression(ScheduleRecord schedule)
    {
        Assert.True(ScheduleExpression.TryParse(schedule.ScheduleExpression, out var expression));
        return expression!;
    }

    private static TimeZoneInfo Zone(ScheduleRecord schedule)
    {
        Assert.True(ZoneTime.TryFind(schedule.ScheduleExpressionTimezone, out var zone));
        return zone;
    }

    internal static ScheduleRecord Schedule(string expression, string? zone = null) => new()
    {
        AccountId = "000000000000",
        Region = "us-east-1",
        GroupName = "default",
        Name = "s",
        ScheduleExpression = expression,
        ScheduleExpressionTimezone = zone,
        FlexibleTimeWindow = new FlexibleWindow("OFF", null),
        Target = new ScheduleTarget { Arn = "arn:aws:sqs:us-east-1:000000000000:q", RoleArn = "arn:aws:iam::000000000000:role/r" },
        CreationDate = Now,
        LastModificationDate = Now,
        RateAnchor = Now,
    };
}
