using System.Text.Json;
using LocalCloud.Core.Delivery;
using LocalCloud.Lambda.Async;
using LocalCloud.Testing;

namespace LocalCloud.Lambda.Tests.Async;

public sealed class AsyncRestartTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "localcloud-lambda-async-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task PendingRetry_SurvivesARestart_WithItsRequestIdAndInvokeCount()
    {
        string requestId;
        string url;
        await using (var before = await AsyncHost.StartAsync(new LambdaAsyncOptions(), new ManualTimeProvider(Start), _data))
        {
            (url, var queue) = await before.CreateQueueAsync("after-restart");
            var failing = before.Functions.Add("durable").Otherwise(FakeBehaviour.Fail);
            await before.PutConfigAsync("durable", new { MaximumEventAgeInSeconds = 3600, DestinationConfig = new { OnSuccess = new { Destination = queue } } });
            requestId = await before.InvokeAsync(failing, """{"keep":true}""");
            await Eventually.TrueAsync(() => before.Observer.Events(DeliveryEventKind.RetryScheduled, AsyncInvocations.KindName).Count == 1, "the retry to be scheduled");
        }

        var clock = new ManualTimeProvider(Start);
        await using var after = await AsyncHost.StartAsync(new LambdaAsyncOptions(), clock, _data);
        var succeeding = after.Functions.Add("durable");
        var config = await after.LambdaAsync(HttpMethod.Get, "durable");
        Assert.Equal(3600, config.Body.GetProperty("MaximumEventAgeInSeconds").GetInt32());

        clock.Advance(TimeSpan.FromMinutes(1));
        for (var step = 0; succeeding.Runs.Count == 0; step++)
        {
            Assert.True(step < 2000, "the pending retry did not run after the restart");
            await Task.Delay(10);
            if (step % 10 == 9)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        var run = succeeding.Runs.Single();
        Assert.Equal(requestId, run.RequestId);
        Assert.Equal("""{"keep":true}""", run.Payload);
        using var record = JsonDocument.Parse((await after.ReceiveAsync(url)).Single().Body);
        var context = record.RootElement.GetProperty("requestContext");
        Assert.Equal("Success", context.GetProperty("condition").GetString());
        Assert.Equal(2, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal(requestId, context.GetProperty("requestId").GetString());
    }
}
