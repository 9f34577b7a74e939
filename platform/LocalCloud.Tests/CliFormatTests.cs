using LocalCloud.Cli;
using LocalCloud.Core.Activity;
using LocalCloud.Ses.Mailbox;

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
    [Fact]
    public void MailLine_ShowsTimeIdSenderRecipientsSubjectAndAFailure()
    {
        var message = new MailboxMessage("m-1", 3, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "000000000000", "us-east-1",
            "shop@example.test", ["a@example.test"], ["b@example.test"], [], [], "Your order", "text", null, "welcome", [], "RenderingFailure",
            "Attribute 'name' is not present in the rendering data.");

        var line = MailCommand.Line(message);
        var shown = MailCommand.Format(message with { Status = "Delivered", StatusReason = null });

        Assert.Equal("2026-01-02 03:04:05  m-1  shop@example.test -> a@example.test, b@example.test  Your order  [RenderingFailure: Attribute 'name' is not present in the rendering data.]", line);
        Assert.Contains("Subject:    Your order", shown, StringComparison.Ordinal);
        Assert.Contains("Cc:         b@example.test", shown, StringComparison.Ordinal);
        Assert.Contains("Template:   welcome", shown, StringComparison.Ordinal);
        Assert.EndsWith("--- text ---" + Environment.NewLine + "text", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Status:", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void ApisFormat_ListsEachApiWithItsRoutesAndUrls()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""
            {"apis":[{"apiId":"abc123defg","name":"orders","accountId":"000000000000","region":"us-east-1","stages":["$default"],
              "routes":["GET /orders/{id}","POST /orders"],"urls":["http://127.0.0.1:4566/_api/abc123defg/","http://abc123defg.execute-api.localhost:4566/"]}]}
            """);

        var lines = ApisCommand.Format(document.RootElement).ToList();

        Assert.Equal(
            [
                "abc123defg  orders  (us-east-1, 2 routes: GET /orders/{id}, POST /orders)",
                "  http://127.0.0.1:4566/_api/abc123defg/",
                "  http://abc123defg.execute-api.localhost:4566/",
            ],
            lines);
        using var empty = System.Text.Json.JsonDocument.Parse("""{"apis":[]}""");
        Assert.Equal(["no HTTP APIs"], ApisCommand.Format(empty.RootElement));
    }
}
