using LocalCloud.Core.Hosting;

namespace LocalCloud.Scheduler.Model;

internal static class SchedulerArns
{
    public static string Schedule(ScheduleRecord schedule) =>
        Arn.Build("scheduler", schedule.Region, schedule.AccountId, $"schedule/{schedule.GroupName}/{schedule.Name}");

    public static string Group(ResourceScope scope, string name) => scope.Arn("scheduler", "schedule-group/" + name);

    public static string Group(ScheduleGroupRecord group) => Arn.Build("scheduler", group.Region, group.AccountId, "schedule-group/" + group.Name);
}
