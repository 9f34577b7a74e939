using System.Text.Json;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;
using static LocalCloud.EventBridge.Tests.EventBridgeApi;

namespace LocalCloud.EventBridge.Tests;

public sealed class EventBridgeRestartTests : IDisposable
{
    private const string Queue = "arn:aws:sqs:us-east-1:000000000000:restart-target";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "localcloud-eb-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private Task<LocalCloudHost> StartAsync(FakeSqs sqs) => LocalCloudFixture.StartHostAsync(o =>
    {
        o.InMemory = false;
        o.DataDirectory = _data;
        o.ConfigureServices = services =>
        {
            services.AddSingleton<IDeliveryTargetKind>(sqs);
            services.AddSingleton<IDeadLetterSink>(sqs);
            services.AddSingleton(new DeliveryOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(20), MaximumRetryDelay = TimeSpan.FromMilliseconds(100) });
        };
    });

    [Fact]
    public async Task AcknowledgedEventsAndConfiguration_SurviveRestart_AndPendingDeliveriesResume()
    {
        var down = new FakeSqs();
        down.FailNext(Queue, int.MaxValue);
        var eventIds = new List<string>();
        await using (var host = await StartAsync(down))
        {
            using var http = new HttpClient { BaseAddress = host.Endpoint };
            await OkAsync(http, "CreateEventBus", Json(new { Name = "durable" }));
            await OkAsync(http, "PutRule", Json(new { Name = "keep", EventBusName = "durable", EventPattern = """{"source":["restart"]}""" }));
            await OkAsync(http, "PutTargets", Json(new { Rule = "keep", EventBusName = "durable", Targets = new[] { new { Id = "q", Arn = Queue } } }));
            for (var batch = 0; batch < 2; batch++)
            {
                var entries = Enumerable.Range(0, 10).Select(i => new { Source = "restart", DetailType = "t", Detail = $$"""{"n":{{(batch * 10) + i}}}""", EventBusName = "durable" });
                var result = await OkAsync(http, "PutEvents", Json(new { Entries = entries }));
                eventIds.AddRange(result.GetProperty("Entries").EnumerateArray().Select(e => e.GetProperty("EventId").GetString()!));
            }

            while (down.AttemptsOn(Queue) < 20)
            {
                await Task.Delay(10);
            }
        }

        Assert.Empty(down.BodiesFor(Queue));
        var up = new FakeSqs();
        await using (var host = await StartAsync(up))
        {
            using var http = new HttpClient { BaseAddress = host.Endpoint };
            var rule = await OkAsync(http, "DescribeRule", Json(new { Name = "keep", EventBusName = "durable" }));
            Assert.Equal("ENABLED", rule.GetProperty("State").GetString());
            var targets = await OkAsync(http, "ListTargetsByRule", Json(new { Rule = "keep", EventBusName = "durable" }));
            Assert.Equal(Queue, targets.GetProperty("Targets")[0].GetProperty("Arn").GetString());

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (up.BodiesFor(Queue).Count < 20)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {up.BodiesFor(Queue).Count} of 20 events arrived after the restart");
                await Task.Delay(10);
            }

            var delivered = up.BodiesFor(Queue).Select(b => JsonDocument.Parse(b).RootElement.GetProperty("id").GetString()!).ToHashSet();
            Assert.True(delivered.SetEquals(eventIds));
        }
    }
}
