using System.Text.Json;
using LocalCloud.Core.Delivery;
using LocalCloud.Lambda.Async;
using LocalCloud.Testing;

namespace LocalCloud.Lambda.Tests.Async;

/// <summary>Lambda's own delays (one minute, then two) and the maximum event age, on a manual clock.</summary>
public sealed class EventAgeTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private Task<AsyncHost> StartAsync() => AsyncHost.StartAsync(new LambdaAsyncOptions(), _clock);

    [Fact]
    public async Task MaximumEventAgeOfOneMinute_LeavesNoTimeForTheFirstRetry()
    {
        await using var cloud = await StartAsync();
        var (url, queue) = await cloud.CreateQueueAsync("age-60");
        var function = cloud.Functions.Add("age-60").Otherwise(FakeBehaviour.Fail);
        await cloud.PutConfigAsync("age-60", new { MaximumEventAgeInSeconds = 60, DestinationConfig = new { OnFailure = new { Destination = queue } } });

        await cloud.InvokeAsync(function, "{}");

        var record = Body((await cloud.ReceiveAsync(url)).Single());
        Assert.Single(function.Runs);
        Assert.Equal("EventAgeExceeded", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(1, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("Unhandled", record.GetProperty("responseContext").GetProperty("functionError").GetString());
    }

    [Fact]
    public async Task MaximumEventAgeOfNinetySeconds_AllowsOneRetryAfterAMinute()
    {
        await using var cloud = await StartAsync();
        var (url, queue) = await cloud.CreateQueueAsync("age-90");
        var function = cloud.Functions.Add("age-90").Otherwise(FakeBehaviour.Fail);
        await cloud.PutConfigAsync("age-90", new { MaximumEventAgeInSeconds = 90, DestinationConfig = new { OnFailure = new { Destination = queue } } });

        await cloud.InvokeAsync(function, "{}");
        var retry = await NextRetryAsync(cloud, 1);
        Assert.Equal(TimeSpan.FromMinutes(1), retry.RetryIn);
        Assert.Single(function.Runs);
        await AdvanceUntilAsync(retry.RetryIn!.Value, () => function.Runs.Count == 2);

        var record = Body((await cloud.ReceiveAsync(url)).Single());
        Assert.Equal(2, function.Runs.Count);
        Assert.Equal("EventAgeExceeded", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(2, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
    }

    [Fact]
    public async Task DefaultRetries_WaitOneMinuteThenTwo()
    {
        await using var cloud = await StartAsync();
        var (url, queue) = await cloud.CreateQueueAsync("delays");
        var function = cloud.Functions.Add("delays").Otherwise(FakeBehaviour.Fail);
        await cloud.PutConfigAsync("delays", new { DestinationConfig = new { OnFailure = new { Destination = queue } } });

        await cloud.InvokeAsync(function, "{}");
        var first = await NextRetryAsync(cloud, 1);
        await AdvanceUntilAsync(first.RetryIn!.Value, () => function.Runs.Count == 2);
        var second = await NextRetryAsync(cloud, 2);
        await AdvanceUntilAsync(second.RetryIn!.Value, () => function.Runs.Count == 3);

        Assert.Equal(TimeSpan.FromMinutes(1), first.RetryIn);
        Assert.Equal(TimeSpan.FromMinutes(2), second.RetryIn);
        var record = Body((await cloud.ReceiveAsync(url)).Single());
        Assert.Equal("RetriesExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(3, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
    }

    [Fact]
    public async Task ThrottledUntilTheEventIsTooOld_FailsWithEventAgeExceeded_WithoutARun()
    {
        await using var cloud = await StartAsync();
        var (url, queue) = await cloud.CreateQueueAsync("throttled");
        var function = cloud.Functions.Add("throttled").Otherwise(FakeBehaviour.Throttle);
        await cloud.PutConfigAsync("throttled", new { MaximumEventAgeInSeconds = 60, DestinationConfig = new { OnFailure = new { Destination = queue } } });

        await cloud.InvokeAsync(function, "{}");
        for (var retries = 1; await cloud.CountAsync(url) == 0; retries++)
        {
            var retry = await NextRetryOrRecordAsync(cloud, retries, url);
            if (retry is null)
            {
                break;
            }

            await AdvanceUntilAsync(retry.RetryIn!.Value, () => function.Throttles > retries);
        }

        var record = Body((await cloud.ReceiveAsync(url)).Single());
        Assert.Empty(function.Runs);
        Assert.True(function.Throttles > 1);
        Assert.Equal("EventAgeExceeded", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(0, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.False(record.TryGetProperty("responseContext", out _));
    }

    private static async Task<DeliveryEvent> NextRetryAsync(AsyncHost cloud, int count)
    {
        await Eventually.TrueAsync(() => cloud.Observer.Events(DeliveryEventKind.RetryScheduled, AsyncInvocations.KindName).Count >= count, $"retry {count} to be scheduled");
        return cloud.Observer.Events(DeliveryEventKind.RetryScheduled, AsyncInvocations.KindName)[count - 1];
    }

    private static async Task<DeliveryEvent?> NextRetryOrRecordAsync(AsyncHost cloud, int count, string queueUrl)
    {
        await Eventually.TrueAsync(
            async () => cloud.Observer.Events(DeliveryEventKind.RetryScheduled, AsyncInvocations.KindName).Count >= count || await cloud.CountAsync(queueUrl) > 0,
            $"retry {count} or the record");
        var retries = cloud.Observer.Events(DeliveryEventKind.RetryScheduled, AsyncInvocations.KindName);
        return retries.Count >= count ? retries[count - 1] : null;
    }

    /// <summary>Moves the clock to the retry, then on in one-second steps until the engine has run it (its timer may be
    /// armed just after the first move).</summary>
    private async Task AdvanceUntilAsync(TimeSpan by, Func<bool> done)
    {
        _clock.Advance(by);
        for (var step = 0; !done(); step++)
        {
            Assert.True(step < 2000, "the retry did not run");
            await Task.Delay(10);
            if (step % 10 == 9)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static JsonElement Body(Amazon.SQS.Model.Message message)
    {
        using var document = JsonDocument.Parse(message.Body);
        return document.RootElement.Clone();
    }
}
