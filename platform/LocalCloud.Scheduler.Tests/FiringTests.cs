using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using static LocalCloud.Scheduler.Tests.SchedulerApi;

namespace LocalCloud.Scheduler.Tests;

/// <summary>Schedules firing against fake ports, on a clock the test moves.</summary>
public sealed class FiringTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly FakeTargets _fakes = new();
    private LocalCloudHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await FakeTargets.StartAsync(_fakes, _clock);
        _http = new HttpClient { BaseAddress = _host.Endpoint };
        lock (_fakes.Queues.Existing)
        {
            _fakes.Queues.Existing.Add(QueueArn("target"));
            _fakes.Queues.Existing.Add(QueueArn("dlq"));
        }

        _fakes.Functions.Existing.Add($"arn:aws:lambda:us-east-1:{Account}:function:worker");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task OneTime_FiresAtItsTime_WithContextAttributes_AndIsDeletedAfterwards()
    {
        const string input = """{"arn":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>","id":"<aws.scheduler.execution-id>","attempt":<aws.scheduler.attempt-number>}""";
        await OkAsync(_http, HttpMethod.Post, "/schedules/once", Schedule(At(Start.AddMinutes(10)), QueueTarget(QueueArn("target"), input), new { ActionAfterCompletion = "DELETE" }));

        _clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(200);
        Assert.Empty(_fakes.Queues.To(QueueArn("target")));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => _fakes.Queues.To(QueueArn("target")).Count == 1, "the one-time schedule to fire");
        var body = JsonDocument.Parse(_fakes.Queues.To(QueueArn("target"))[0].Body).RootElement;
        Assert.Equal($"arn:aws:scheduler:us-east-1:{Account}:schedule/default/once", body.GetProperty("arn").GetString());
        Assert.Equal("2030-03-01T12:10:00Z", body.GetProperty("at").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out _));
        Assert.Equal(1, body.GetProperty("attempt").GetInt32());

        await UntilAsync(async () => (await ErrorAsync(_http, HttpMethod.Get, "/schedules/once")).Status == System.Net.HttpStatusCode.NotFound, "the schedule to be deleted");
    }

    [Fact]
    public async Task OneTime_WithActionNone_IsKept()
    {
        await OkAsync(_http, HttpMethod.Post, "/schedules/kept", Schedule(At(Start.AddMinutes(1)), QueueTarget(QueueArn("target"), "kept")));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => _fakes.Queues.To(QueueArn("target")).Any(m => m.Body == "kept"), "the schedule to fire");

        await OkAsync(_http, HttpMethod.Get, "/schedules/kept");
    }

    [Fact]
    public async Task Rate_FiresEveryInterval_UntilEndDate_ThenDeletes()
    {
        var end = Start.AddMinutes(35);
        await OkAsync(_http, HttpMethod.Post, "/schedules/rate", Schedule("rate(10 minutes)", QueueTarget(QueueArn("target"), "tick"),
            new { EndDate = end.ToUnixTimeSeconds(), ActionAfterCompletion = "DELETE" }));

        await UntilAsync(() => Ticks() == 1, "the first invocation, at once");
        for (var i = 2; i <= 4; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(10));
            var expected = i;
            await UntilAsync(() => Ticks() == expected, $"invocation {expected}");
        }

        await UntilAsync(async () => (await ErrorAsync(_http, HttpMethod.Get, "/schedules/rate")).Status == System.Net.HttpStatusCode.NotFound, "deletion after the last invocation before EndDate");
        _clock.Advance(TimeSpan.FromMinutes(30));
        await Task.Delay(100);
        Assert.Equal(4, Ticks());

        int Ticks() => _fakes.Queues.To(QueueArn("target")).Count(m => m.Body == "tick");
    }

    [Fact]
    public async Task Cron_InATimeZone_FiresAtLocalTime()
    {
        // 13:00 in Tokyo (UTC+9) is 04:00Z: the next one after 12:00Z on 2030-03-01 is 2030-03-02T04:00Z.
        await OkAsync(_http, HttpMethod.Post, "/schedules/tokyo", Schedule("cron(0 13 * * ? *)", QueueTarget(QueueArn("target"), "<aws.scheduler.scheduled-time>"),
            new { ScheduleExpressionTimezone = "Asia/Tokyo" }));

        _clock.Advance(TimeSpan.FromHours(15) + TimeSpan.FromMinutes(59));
        await Task.Delay(200);
        Assert.DoesNotContain(_fakes.Queues.To(QueueArn("target")), m => m.Body == "2030-03-02T04:00:00Z");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => _fakes.Queues.To(QueueArn("target")).Any(m => m.Body == "2030-03-02T04:00:00Z"), "the cron invocation");
    }

    [Fact]
    public async Task FlexibleWindow_FiresInsideTheWindow()
    {
        await OkAsync(_http, HttpMethod.Post, "/schedules/flex", Schedule(At(Start.AddMinutes(5)), QueueTarget(QueueArn("target"), "flex"),
            new { FlexibleTimeWindow = new { Mode = "FLEXIBLE", MaximumWindowInMinutes = 10 } }));

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.DoesNotContain(_fakes.Queues.Sent, m => m.Body == "flex");
        await UntilAsync(() => _fakes.Queues.Sent.Any(m => m.Body == "flex"), "the flexible invocation", _clock, TimeSpan.FromSeconds(30));
        Assert.InRange(_clock.GetUtcNow(), Start.AddMinutes(5), Start.AddMinutes(15).AddSeconds(31));
    }

    [Fact]
    public async Task Disabled_DoesNotFire_UntilEnabled()
    {
        var body = Schedule("rate(1 minute)", QueueTarget(QueueArn("target"), "disabled"), new { State = "DISABLED" });
        await OkAsync(_http, HttpMethod.Post, "/schedules/off", body);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(200);
        Assert.DoesNotContain(_fakes.Queues.Sent, m => m.Body == "disabled");

        await OkAsync(_http, HttpMethod.Put, "/schedules/off", Schedule("rate(1 minute)", QueueTarget(QueueArn("target"), "disabled")));
        await UntilAsync(() => _fakes.Queues.Sent.Any(m => m.Body == "disabled"), "the enabled schedule to fire");
    }

    [Fact]
    public async Task EventBridgeTarget_PutsTheInputAsDetail()
    {
        var bus = $"arn:aws:events:us-east-1:{Account}:event-bus/orders";
        await OkAsync(_http, HttpMethod.Post, "/schedules/deadline", Schedule(At(Start.AddMinutes(1)), Target(bus, """{"orderId":"o-1"}""",
            new { EventBridgeParameters = new { DetailType = "payment.deadline-reached.v1", Source = "com.example.orders" } })));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => _fakes.Buses.Entries.Count == 1, "PutEvents");
        var (scope, entry) = _fakes.Buses.Entries[0];
        Assert.Equal(new ResourceScope(Account, "us-east-1"), scope);
        Assert.Equal(bus, entry.EventBusName);
        Assert.Equal("com.example.orders", entry.Source);
        Assert.Equal("payment.deadline-reached.v1", entry.DetailType);
        Assert.Equal("""{"orderId":"o-1"}""", entry.Detail);
        Assert.Equal([$"arn:aws:scheduler:us-east-1:{Account}:schedule/default/deadline"], entry.Resources);
    }

    [Fact]
    public async Task LambdaTarget_IsAnAsynchronousInvoke_HandedToLambda()
    {
        var function = $"arn:aws:lambda:us-east-1:{Account}:function:worker";
        await OkAsync(_http, HttpMethod.Post, "/schedules/lambda", Schedule(At(Start.AddMinutes(1)), Target(function, """{"job":"nightly"}""")));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => _fakes.LambdaKind.Accepted.Count == 1, "the asynchronous invocation");
        Assert.Equal(function, _fakes.LambdaKind.Accepted[0].TargetArn);
        Assert.Equal("""{"job":"nightly"}""", _fakes.LambdaKind.Accepted[0].Payload);
    }

    [Fact]
    public async Task UniversalTargets_CallTheirApis()
    {
        await OkAsync(_http, HttpMethod.Post, "/schedules/u-sqs", Schedule(At(Start.AddMinutes(1)), Target("arn:aws:scheduler:::aws-sdk:sqs:sendMessage",
            """{"QueueUrl":"http://127.0.0.1:4566/""" + Account + """/target","MessageBody":"universal","MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}}}""")));
        await OkAsync(_http, HttpMethod.Post, "/schedules/u-lambda", Schedule(At(Start.AddMinutes(1)), Target("arn:aws:scheduler:::aws-sdk:lambda:invoke",
            """{"FunctionName":"worker","InvocationType":"RequestResponse","Payload":"{\"n\":1}"}""")));
        await OkAsync(_http, HttpMethod.Post, "/schedules/u-events", Schedule(At(Start.AddMinutes(1)), Target("arn:aws:scheduler:::aws-sdk:eventbridge:putEvents",
            """{"Entries":[{"Source":"universal","DetailType":"t","Detail":"{\"x\":1}","EventBusName":"default"}]}""")));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => _fakes.Queues.To(QueueArn("target")).Any(m => m.Body == "universal"), "sqs:sendMessage");
        Assert.Equal(("String", "v"), _fakes.Queues.To(QueueArn("target")).First(m => m.Body == "universal").Attributes["k"]);
        await UntilAsync(() => _fakes.Functions.Invocations.Any(i => i.Payload == """{"n":1}"""), "lambda:invoke");
        await UntilAsync(() => _fakes.Buses.Entries.Any(e => e.Entry.Source == "universal" && e.Entry.Detail == """{"x":1}"""), "eventbridge:putEvents");
    }

    [Fact]
    public async Task RetryableFailures_AreRetriedWithTheAttemptNumber_ThenDeadLettered()
    {
        _fakes.Buses.Throttle(100);
        var bus = $"arn:aws:events:us-east-1:{Account}:event-bus/default";
        await OkAsync(_http, HttpMethod.Post, "/schedules/retry", Schedule(At(Start.AddMinutes(1)), Target(bus, """{"attempt":<aws.scheduler.attempt-number>}""", new
        {
            EventBridgeParameters = new { DetailType = "d", Source = "s" },
            RetryPolicy = new { MaximumRetryAttempts = 2, MaximumEventAgeInSeconds = 3600 },
            DeadLetterConfig = new { Arn = QueueArn("dlq") },
        })));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => _fakes.Queues.To(QueueArn("dlq")).Count == 1, "the dead letter", _clock, TimeSpan.FromSeconds(1));
        Assert.Equal(3, _fakes.Buses.Calls);
        var dead = _fakes.Queues.To(QueueArn("dlq"))[0];
        Assert.Equal("""{"attempt":1}""", dead.Body);
        Assert.Equal("ThrottlingException", dead.Attributes["ERROR_CODE"].Value);
        Assert.Equal("Rate exceeded", dead.Attributes["ERROR_MESSAGE"].Value);
        Assert.Equal("2", dead.Attributes["RETRY_ATTEMPTS"].Value);
        Assert.Equal("MaximumRetryAttempts", dead.Attributes["EXHAUSTED_RETRY_CONDITION"].Value);
        Assert.Equal($"arn:aws:scheduler:us-east-1:{Account}:schedule/default/retry", dead.Attributes["SCHEDULE_ARN"].Value);
        Assert.Equal(bus, dead.Attributes["TARGET_ARN"].Value);
        Assert.Equal("2030-03-01T12:01:00Z", dead.Attributes["SCHEDULED_TIME"].Value);
        Assert.True(Guid.TryParse(dead.Attributes["EXECUTION_ID"].Value, out _));
        Assert.Equal("false", dead.Attributes["IS_PAYLOAD_TRUNCATED"].Value);
        Assert.All(dead.Attributes.Values, a => Assert.Equal("String", a.DataType));
    }

    [Fact]
    public async Task RetriedAttempts_SeeTheirAttemptNumber()
    {
        _fakes.Buses.Throttle(1);
        var bus = $"arn:aws:events:us-east-1:{Account}:event-bus/default";
        await OkAsync(_http, HttpMethod.Post, "/schedules/second", Schedule(At(Start.AddMinutes(1)), Target(bus, """{"attempt":<aws.scheduler.attempt-number>}""",
            new { EventBridgeParameters = new { DetailType = "d", Source = "s" } })));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => _fakes.Buses.Entries.Count == 1, "the second attempt", _clock, TimeSpan.FromSeconds(1));
        Assert.Equal("""{"attempt":2}""", _fakes.Buses.Entries[0].Entry.Detail);
    }

    [Fact]
    public async Task MissingTarget_GoesStraightToTheDeadLetterQueue()
    {
        await OkAsync(_http, HttpMethod.Post, "/schedules/nowhere", Schedule(At(Start.AddMinutes(1)), QueueTarget(QueueArn("gone"), "lost", new { DeadLetterConfig = new { Arn = QueueArn("dlq") } })));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => _fakes.Queues.To(QueueArn("dlq")).Any(m => m.Body == "lost"), "the dead letter");
        var dead = _fakes.Queues.To(QueueArn("dlq")).First(m => m.Body == "lost");
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", dead.Attributes["ERROR_CODE"].Value);
        Assert.Equal("0", dead.Attributes["RETRY_ATTEMPTS"].Value);
        Assert.False(dead.Attributes.ContainsKey("EXHAUSTED_RETRY_CONDITION"));
    }

    [Fact]
    public async Task ManySchedulesDueAtOnce_AllFire()
    {
        for (var i = 0; i < 50; i++)
        {
            await OkAsync(_http, HttpMethod.Post, $"/schedules/many-{i}", Schedule(At(Start.AddMinutes(2)), QueueTarget(QueueArn("target"), "many")));
        }

        _clock.Advance(TimeSpan.FromMinutes(2));
        await UntilAsync(() => _fakes.Queues.To(QueueArn("target")).Count(m => m.Body == "many") == 50, "50 invocations");
    }
}
