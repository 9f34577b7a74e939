using System.Net;
using System.Text.Json;
using LocalCloud.Testing;
using static LocalCloud.Scheduler.Tests.SchedulerApi;

namespace LocalCloud.Scheduler.Tests;

public sealed class SchedulerApiTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private readonly HttpClient _http = fixture.CreateHttpClient();

    private static string Future => At(DateTimeOffset.UtcNow.AddDays(30));

    [Fact]
    public async Task CreateGetUpdateDelete_RoundTripsTheSchedule()
    {
        var created = await OkAsync(_http, HttpMethod.Post, "/schedules/crud", Schedule(Future, QueueTarget(QueueArn("q"), """{"a":1}"""), new { Description = "first" }));
        Assert.Equal($"arn:aws:scheduler:us-east-1:{Account}:schedule/default/crud", created.GetProperty("ScheduleArn").GetString());

        var got = await OkAsync(_http, HttpMethod.Get, "/schedules/crud");
        Assert.Equal("crud", got.GetProperty("Name").GetString());
        Assert.Equal("default", got.GetProperty("GroupName").GetString());
        Assert.Equal("ENABLED", got.GetProperty("State").GetString());
        Assert.Equal("NONE", got.GetProperty("ActionAfterCompletion").GetString());
        Assert.Equal("first", got.GetProperty("Description").GetString());
        Assert.Equal("UTC", got.GetProperty("ScheduleExpressionTimezone").GetString());
        Assert.Equal(JsonValueKind.Number, got.GetProperty("CreationDate").ValueKind);
        var retry = got.GetProperty("Target").GetProperty("RetryPolicy");
        Assert.Equal(185, retry.GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal(86400, retry.GetProperty("MaximumEventAgeInSeconds").GetInt32());

        // UpdateSchedule replaces everything: the description it leaves out is gone.
        await OkAsync(_http, HttpMethod.Put, "/schedules/crud", Schedule("rate(5 minutes)", QueueTarget(QueueArn("q")), new { State = "DISABLED" }));
        got = await OkAsync(_http, HttpMethod.Get, "/schedules/crud");
        Assert.False(got.TryGetProperty("Description", out _));
        Assert.Equal("DISABLED", got.GetProperty("State").GetString());
        Assert.Equal("rate(5 minutes)", got.GetProperty("ScheduleExpression").GetString());

        await OkAsync(_http, HttpMethod.Delete, "/schedules/crud");
        var missing = await ErrorAsync(_http, HttpMethod.Get, "/schedules/crud");
        Assert.Equal((HttpStatusCode.NotFound, "ResourceNotFoundException", "Schedule crud does not exist."), missing);
    }

    [Fact]
    public async Task CreateSchedule_Twice_IsAConflict_UnlessTheClientTokenRepeats()
    {
        var body = Schedule(Future, QueueTarget(QueueArn("q")), new { ClientToken = "token-1" });
        var first = await OkAsync(_http, HttpMethod.Post, "/schedules/twice", body);
        var again = await OkAsync(_http, HttpMethod.Post, "/schedules/twice", body);
        Assert.Equal(first.GetProperty("ScheduleArn").GetString(), again.GetProperty("ScheduleArn").GetString());

        var conflict = await ErrorAsync(_http, HttpMethod.Post, "/schedules/twice", Schedule(Future, QueueTarget(QueueArn("q"))));
        Assert.Equal((HttpStatusCode.Conflict, "ConflictException", "Schedule twice already exists."), conflict);
    }

    [Fact]
    public async Task Groups_DefaultAlwaysExists_DeletingAGroupDeletesItsSchedules()
    {
        var defaultGroup = await OkAsync(_http, HttpMethod.Get, "/schedule-groups/default");
        Assert.Equal("ACTIVE", defaultGroup.GetProperty("State").GetString());
        var cannot = await ErrorAsync(_http, HttpMethod.Delete, "/schedule-groups/default");
        Assert.Equal(HttpStatusCode.BadRequest, cannot.Status);
        Assert.Equal("ValidationException", cannot.Code);

        var created = await OkAsync(_http, HttpMethod.Post, "/schedule-groups/orders", new { Tags = new[] { new { Key = "team", Value = "orders" } } });
        var groupArn = created.GetProperty("ScheduleGroupArn").GetString()!;
        Assert.Equal($"arn:aws:scheduler:us-east-1:{Account}:schedule-group/orders", groupArn);
        Assert.Equal(HttpStatusCode.Conflict, (await ErrorAsync(_http, HttpMethod.Post, "/schedule-groups/orders", new { })).Status);

        await OkAsync(_http, HttpMethod.Post, "/schedules/in-group", Schedule(Future, QueueTarget(QueueArn("q")), new { GroupName = "orders" }));
        Assert.Equal(HttpStatusCode.NotFound, (await ErrorAsync(_http, HttpMethod.Get, "/schedules/in-group")).Status);
        var inGroup = await OkAsync(_http, HttpMethod.Get, "/schedules/in-group?groupName=orders");
        Assert.Equal($"arn:aws:scheduler:us-east-1:{Account}:schedule/orders/in-group", inGroup.GetProperty("Arn").GetString());

        var tags = await OkAsync(_http, HttpMethod.Get, "/tags/" + Uri.EscapeDataString(groupArn));
        Assert.Equal("orders", tags.GetProperty("Tags")[0].GetProperty("Value").GetString());
        await OkAsync(_http, HttpMethod.Post, "/tags/" + Uri.EscapeDataString(groupArn), new { Tags = new[] { new { Key = "env", Value = "dev" } } });
        await OkAsync(_http, HttpMethod.Delete, "/tags/" + Uri.EscapeDataString(groupArn) + "?TagKeys=team");
        tags = await OkAsync(_http, HttpMethod.Get, "/tags/" + Uri.EscapeDataString(groupArn));
        Assert.Equal(["env"], tags.GetProperty("Tags").EnumerateArray().Select(t => t.GetProperty("Key").GetString()));

        var groups = await OkAsync(_http, HttpMethod.Get, "/schedule-groups");
        Assert.Contains(groups.GetProperty("ScheduleGroups").EnumerateArray(), g => g.GetProperty("Name").GetString() == "default");

        await OkAsync(_http, HttpMethod.Delete, "/schedule-groups/orders");
        Assert.Equal(HttpStatusCode.NotFound, (await ErrorAsync(_http, HttpMethod.Get, "/schedules/in-group?groupName=orders")).Status);
        Assert.Equal(
            (HttpStatusCode.NotFound, "ResourceNotFoundException", "Schedule group orders does not exist."),
            await ErrorAsync(_http, HttpMethod.Post, "/schedules/nowhere", Schedule(Future, QueueTarget(QueueArn("q")), new { GroupName = "orders" })));
    }

    [Fact]
    public async Task ListSchedules_FiltersAndPages()
    {
        await OkAsync(_http, HttpMethod.Post, "/schedule-groups/listing", new { });
        for (var i = 0; i < 5; i++)
        {
            await OkAsync(_http, HttpMethod.Post, $"/schedules/list-{i}", Schedule(Future, QueueTarget(QueueArn("q")), new { GroupName = "listing", State = i % 2 == 0 ? "ENABLED" : "DISABLED" }));
        }

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await OkAsync(_http, HttpMethod.Get, "/schedules?ScheduleGroup=listing&NamePrefix=list-&MaxResults=2" + (token is null ? "" : "&NextToken=" + Uri.EscapeDataString(token)));
            names.AddRange(page.GetProperty("Schedules").EnumerateArray().Select(s => s.GetProperty("Name").GetString()!));
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(["list-0", "list-1", "list-2", "list-3", "list-4"], names);
        var disabled = await OkAsync(_http, HttpMethod.Get, "/schedules?ScheduleGroup=listing&State=DISABLED");
        Assert.Equal(2, disabled.GetProperty("Schedules").GetArrayLength());
        Assert.Equal(QueueArn("q"), disabled.GetProperty("Schedules")[0].GetProperty("Target").GetProperty("Arn").GetString());
    }

    public static TheoryData<string, object, string> InvalidRequests() => new()
    {
        { "bad-rate", Schedule("rate(0 minutes)", QueueTarget(QueueArn("q"))), "Invalid Schedule Expression rate(0 minutes)." },
        { "bad-cron", Schedule("cron(0 12 * * * *)", QueueTarget(QueueArn("q"))), "Invalid Schedule Expression cron(0 12 * * * *)." },
        { "bad-at", Schedule("at(2030-13-01T00:00:00)", QueueTarget(QueueArn("q"))), "Invalid Schedule Expression at(2030-13-01T00:00:00)." },
        { "bad-zone", Schedule("cron(0 12 * * ? *)", QueueTarget(QueueArn("q")), new { ScheduleExpressionTimezone = "Mars/Olympus" }), "Invalid time zone Mars/Olympus." },
        { "bad-mode", Schedule("rate(1 hour)", QueueTarget(QueueArn("q")), new { FlexibleTimeWindow = new { Mode = "SOMETIMES" } }), "1 validation error detected: Value 'SOMETIMES' at 'flexibleTimeWindow.mode' failed to satisfy constraint: Member must satisfy enum value set: [OFF, FLEXIBLE]" },
        { "bad-window", Schedule("rate(1 hour)", QueueTarget(QueueArn("q")), new { FlexibleTimeWindow = new { Mode = "FLEXIBLE", MaximumWindowInMinutes = 1441 } }), "1 validation error detected: Value '1441' at 'flexibleTimeWindow.maximumWindowInMinutes' failed to satisfy constraint: Member must have value less than or equal to 1440" },
        { "bad-retry", Schedule("rate(1 hour)", QueueTarget(QueueArn("q"), null, new { RetryPolicy = new { MaximumRetryAttempts = 186 } })), "1 validation error detected: Value '186' at 'target.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185" },
        { "bad-age", Schedule("rate(1 hour)", QueueTarget(QueueArn("q"), null, new { RetryPolicy = new { MaximumEventAgeInSeconds = 59 } })), "1 validation error detected: Value '59' at 'target.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60" },
        { "bad-role", Schedule("rate(1 hour)", new { Arn = QueueArn("q"), RoleArn = "role" }), @"1 validation error detected: Value 'role' at 'target.roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@\/-]+$" },
        { "no-params", Schedule("rate(1 hour)", Target($"arn:aws:events:us-east-1:{Account}:event-bus/default", "{}")), "EventBridgeParameters are required for an EventBridge PutEvents target." },
        { "bad-input", Schedule("rate(1 hour)", Target($"arn:aws:events:us-east-1:{Account}:event-bus/default", "not json", new { EventBridgeParameters = new { DetailType = "d", Source = "s" } })), "Input for the EventBridge PutEvents target must be well-formed JSON." },
        { "bad-universal", Schedule("rate(1 hour)", Target("arn:aws:scheduler:::aws-sdk:ec2:runInstances", "{}")), "The universal target arn:aws:scheduler:::aws-sdk:ec2:runInstances is not emulated by the local cloud; it supports arn:aws:scheduler:::aws-sdk:sqs:sendMessage, arn:aws:scheduler:::aws-sdk:lambda:invoke, arn:aws:scheduler:::aws-sdk:eventbridge:putEvents." },
        { "bad-start", Schedule("rate(1 hour)", QueueTarget(QueueArn("q")), new { StartDate = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds() }), "The StartDate you specify cannot be earlier than 5 minutes prior to the current time." },
        { "bad-dlq", Schedule("rate(1 hour)", QueueTarget(QueueArn("q"), null, new { DeadLetterConfig = new { Arn = QueueArn("dlq.fifo") } })), @"1 validation error detected: Value 'arn:aws:sqs:us-east-1:000000000000:dlq.fifo' at 'target.deadLetterConfig.arn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:sqs:[a-z0-9\-]+:\d{12}:[a-zA-Z0-9\-_]+$" },
        { "bad name!", Schedule("rate(1 hour)", QueueTarget(QueueArn("q"))), "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task InvalidRequests_AreValidationExceptions(string name, object body, string message)
    {
        var error = await ErrorAsync(_http, HttpMethod.Post, "/schedules/" + Uri.EscapeDataString(name), body);

        Assert.Equal((HttpStatusCode.BadRequest, "ValidationException", message), error);
    }

    [Fact]
    public async Task MissingRequiredMembers_AreValidationExceptions()
    {
        var error = await ErrorAsync(_http, HttpMethod.Post, "/schedules/missing", new { ScheduleExpression = "rate(1 hour)", Target = QueueTarget(QueueArn("q")) });

        Assert.Equal((HttpStatusCode.BadRequest, "ValidationException", "1 validation error detected: Value null at 'flexibleTimeWindow' failed to satisfy constraint: Member must not be null"), error);
    }
}
