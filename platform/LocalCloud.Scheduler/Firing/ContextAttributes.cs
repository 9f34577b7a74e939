using System.Globalization;
using LocalCloud.Scheduler.Model;

namespace LocalCloud.Scheduler.Firing;

/// <summary>Scheduler's context attributes in a target's Input: <c>&lt;aws.scheduler.schedule-arn&gt;</c>,
/// <c>&lt;aws.scheduler.scheduled-time&gt;</c>, <c>&lt;aws.scheduler.execution-id&gt;</c>,
/// <c>&lt;aws.scheduler.attempt-number&gt;</c>, replaced as raw text.</summary>
internal static class ContextAttributes
{
    public static string Render(string input, ScheduledInvocation invocation, int attempt)
    {
        if (!input.Contains("<aws.scheduler.", StringComparison.Ordinal))
        {
            return input;
        }

        return input
            .Replace("<aws.scheduler.schedule-arn>", invocation.ScheduleArn, StringComparison.Ordinal)
            .Replace("<aws.scheduler.scheduled-time>", Time(invocation.ScheduledTime), StringComparison.Ordinal)
            .Replace("<aws.scheduler.execution-id>", invocation.ExecutionId, StringComparison.Ordinal)
            .Replace("<aws.scheduler.attempt-number>", attempt.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
