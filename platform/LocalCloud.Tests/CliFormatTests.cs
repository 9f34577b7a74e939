using LocalCloud.Cli;
using LocalCloud.Core.Activity;

namespace LocalCloud.Tests;

public sealed class CliFormatTests
{
    [Fact]
    public void TailFormat_IsOneReadableLineWithAttributes()
    {
        var activity = new ActivityEvent(
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
            "events",
            "rule.matched",
            "orders-bus notifications",
            new Dictionary<string, string> { ["bus"] = "orders", ["rule"] = "notifications" });

        var line = TailCommand.Format(activity);

        Assert.Equal("03:04:05.678 events      rule.matched       orders-bus notifications  bus=orders rule=notifications", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void TailFormat_RoundTripsThroughTheNdjsonShape()
    {
        var activity = new ActivityEvent(DateTimeOffset.UnixEpoch, "sqs", "message.sent", "q 1");
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            ActivityJson.Write(writer, activity);
        }

        var parsed = ActivityJson.Parse(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));

        Assert.Equal(activity with { Attributes = null }, parsed! with { Attributes = null });
    }
}
