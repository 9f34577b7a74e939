using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using static LocalCloud.Scheduler.Tests.SchedulerApi;

namespace LocalCloud.Scheduler.Tests;

/// <summary>Schedules against the real SQS and EventBridge services, the clock moved over HTTP, and a restart.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "localcloud-scheduler-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task ClockMovedOverHttp_FiresSchedulesToRealQueuesAndBuses()
    {
        await using var host = await LocalCloudFixture.StartHostAsync();
        using var http = new HttpClient { BaseAddress = host.Endpoint };
        using var sqs = LocalCloudFixture.CreateSqsClient(host);
        var direct = (await sqs.CreateQueueAsync("e2e-direct")).QueueUrl;
        var viaBus = (await sqs.CreateQueueAsync("e2e-bus")).QueueUrl;
        using var events = new EventsJsonClient(host.Endpoint);
        await events.CallAsync("PutRule", """{"Name":"deadlines","EventPattern":"{\"source\":[\"com.example.orders\"]}"}""");
        await events.CallAsync("PutTargets", $$"""{"Rule":"deadlines","Targets":[{"Id":"q","Arn":"{{QueueArn("e2e-bus")}}"}]}""");

        var clock = JsonDocument.Parse(await http.GetStringAsync("/_localcloud/clock")).RootElement;
        var now = DateTimeOffset.Parse(clock.GetProperty("now").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(clock.GetProperty("movable").GetBoolean());
        await OkAsync(http, HttpMethod.Post, "/schedules/e2e-sqs", Schedule(At(now.AddHours(1)), QueueTarget(QueueArn("e2e-direct"), "due")));
        await OkAsync(http, HttpMethod.Post, "/schedules/e2e-bus", Schedule(At(now.AddHours(1)), Target($"arn:aws:events:us-east-1:{Account}:event-bus/default",
            """{"orderId":"o-9"}""", new { EventBridgeParameters = new { DetailType = "payment.deadline-reached.v1", Source = "com.example.orders" } })));

        using var past = await http.PostAsync("/_localcloud/clock", Json("""{"set":"2001-01-01T00:00:00Z"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        using var bad = await http.PostAsync("/_localcloud/clock", Json("""{"advance":"soon"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var moved = await http.PostAsync("/_localcloud/clock", Json("""{"advance":"2h"}"""));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var after = JsonDocument.Parse(await moved.Content.ReadAsStringAsync()).RootElement;
        Assert.True(after.GetProperty("offsetSeconds").GetDouble() >= 7200);

        var message = await ReceiveAsync(sqs, direct);
        Assert.Equal("due", message.Body);
        var envelope = JsonDocument.Parse((await ReceiveAsync(sqs, viaBus)).Body).RootElement;
        Assert.Equal("payment.deadline-reached.v1", envelope.GetProperty("detail-type").GetString());
        Assert.Equal("o-9", envelope.GetProperty("detail").GetProperty("orderId").GetString());
        Assert.Equal($"arn:aws:scheduler:us-east-1:{Account}:schedule/default/e2e-bus", envelope.GetProperty("resources")[0].GetString());
    }

    [Fact]
    public async Task SchedulesDueWhileDown_FireOnRestart_OrAreDeadLetteredWhenTooOld()
    {
        var start = new DateTimeOffset(2030, 6, 1, 8, 0, 0, TimeSpan.Zero);
        await using (var host = await StartAsync(new ManualTimeProvider(start)))
        {
            using var http = new HttpClient { BaseAddress = host.Endpoint };
            using var sqs = LocalCloudFixture.CreateSqsClient(host);
            await sqs.CreateQueueAsync("restart-target");
            await sqs.CreateQueueAsync("restart-dlq");
            await OkAsync(http, HttpMethod.Post, "/schedules/young", Schedule(At(start.AddMinutes(10)), QueueTarget(QueueArn("restart-target"), "young",
                new { RetryPolicy = new { MaximumEventAgeInSeconds = 3600 } })));
            await OkAsync(http, HttpMethod.Post, "/schedules/old", Schedule(At(start.AddMinutes(5)), QueueTarget(QueueArn("restart-target"), "old",
                new { RetryPolicy = new { MaximumEventAgeInSeconds = 60 }, DeadLetterConfig = new { Arn = QueueArn("restart-dlq") } })));
        }

        await using (var host = await StartAsync(new ManualTimeProvider(start.AddMinutes(20))))
        {
            using var sqs = LocalCloudFixture.CreateSqsClient(host);
            var target = (await sqs.GetQueueUrlAsync("restart-target")).QueueUrl;
            var dlq = (await sqs.GetQueueUrlAsync("restart-dlq")).QueueUrl;
            Assert.Equal("young", (await ReceiveAsync(sqs, target)).Body);
            var dead = await ReceiveAsync(sqs, dlq);
            Assert.Equal("old", dead.Body);
            Assert.Equal("MaximumEventAgeInSeconds", dead.MessageAttributes["EXHAUSTED_RETRY_CONDITION"].StringValue);
            Assert.Equal($"arn:aws:scheduler:us-east-1:{Account}:schedule/default/old", dead.MessageAttributes["SCHEDULE_ARN"].StringValue);
            Assert.Equal("2030-06-01T08:05:00Z", dead.MessageAttributes["SCHEDULED_TIME"].StringValue);
        }
    }

    [Fact]
    public async Task AMovedClock_KeepsItsOffsetAcrossARestart_SoASchedulePastTheMoveFiresOnlyWhenDue()
    {
        DateTimeOffset movedTo;
        await using (var host = await StartDurableOnSystemTimeAsync())
        {
            using var http = new HttpClient { BaseAddress = host.Endpoint };
            using var sqs = LocalCloudFixture.CreateSqsClient(host);
            await sqs.CreateQueueAsync("offset-target");
            using var moved = await http.PostAsync("/_localcloud/clock", Json("""{"advance":"3d"}"""));
            var state = JsonDocument.Parse(await moved.Content.ReadAsStringAsync()).RootElement;
            movedTo = DateTimeOffset.Parse(state.GetProperty("now").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            await OkAsync(http, HttpMethod.Post, "/schedules/after-restart", Schedule(At(movedTo.AddHours(1)), QueueTarget(QueueArn("offset-target"), "due")));
        }

        await using (var host = await StartDurableOnSystemTimeAsync())
        {
            using var http = new HttpClient { BaseAddress = host.Endpoint };
            using var sqs = LocalCloudFixture.CreateSqsClient(host);
            var target = (await sqs.GetQueueUrlAsync("offset-target")).QueueUrl;
            var clock = JsonDocument.Parse(await http.GetStringAsync("/_localcloud/clock")).RootElement;
            var now = DateTimeOffset.Parse(clock.GetProperty("now").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var early = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = target, WaitTimeSeconds = 1 });

            Assert.InRange(clock.GetProperty("offsetSeconds").GetDouble(), 3 * 86400, 3 * 86400 + 60);
            Assert.True(now >= movedTo, $"the clock went back from {movedTo:O} to {now:O}");
            Assert.Empty(early.Messages ?? []);

            using var moved = await http.PostAsync("/_localcloud/clock", Json("""{"advance":"1h"}"""));
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            Assert.Equal("due", (await ReceiveAsync(sqs, target)).Body);
        }
    }

    private Task<LocalCloudHost> StartDurableOnSystemTimeAsync() => LocalCloudFixture.StartHostAsync(o =>
    {
        o.InMemory = false;
        o.DataDirectory = _data;
    });

    private Task<LocalCloudHost> StartAsync(ManualTimeProvider clock) => LocalCloudFixture.StartHostAsync(o =>
    {
        o.InMemory = false;
        o.DataDirectory = _data;
        o.TimeProvider = clock;
    });

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<Message> ReceiveAsync(AmazonSQSClient sqs, string queueUrl)
    {
        for (var i = 0; i < 20; i++)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 1, MessageAttributeNames = ["All"] });
            if (received.Messages is [var message, ..])
            {
                return message;
            }
        }

        throw new Xunit.Sdk.XunitException("no message arrived in " + queueUrl);
    }
}
