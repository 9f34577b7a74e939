using System.Text.Json.Serialization;

namespace Lambda.Events;

public sealed class SchedulerInvocation
{
    public const string InputTemplate =
        """{"scheduleArn":"<aws.scheduler.schedule-arn>","scheduledTime":"<aws.scheduler.scheduled-time>","executionId":"<aws.scheduler.execution-id>","attemptNumber":"<aws.scheduler.attempt-number>"}""";

    [JsonPropertyName("scheduleArn")]
    public string ScheduleArn { get; init; } = "";

    [JsonPropertyName("scheduledTime")]
    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset ScheduledTime { get; init; }

    [JsonPropertyName("executionId")]
    public string ExecutionId { get; init; } = "";

    [JsonPropertyName("attemptNumber")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public int AttemptNumber { get; init; }
}
