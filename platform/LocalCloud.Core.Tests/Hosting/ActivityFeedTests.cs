using System.Text.Json;
using LocalCloud.Core.Activity;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Core.Tests.Hosting;

public sealed class ActivityFeedTests
{
    [Fact]
    public async Task Subscriber_ReceivesRecentAndLiveActivities()
    {
        var feed = new ActivityFeed(TimeProvider.System);
        feed.Publish("events", "event.received", "old");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new List<string>();

        await foreach (var activity in feed.SubscribeAsync(replayRecent: 5, cts.Token))
        {
            received.Add(activity.Summary);
            if (received.Count == 1)
            {
                feed.Publish("events", "rule.matched", "live");
            }
            else
            {
                break;
            }
        }

        Assert.Equal(["old", "live"], received);
    }

    [Fact]
    public void Publish_WithoutSubscribers_KeepsOnlyBoundedRecentHistory()
    {
        var feed = new ActivityFeed(TimeProvider.System);
        for (var i = 0; i < ActivityFeed.RecentCapacity + 10; i++)
        {
            feed.Publish("sqs", "k", "m" + i);
        }

        var recent = feed.Recent(1000);
        Assert.Equal(ActivityFeed.RecentCapacity, recent.Count);
        Assert.Equal("m" + (ActivityFeed.RecentCapacity + 9), recent[^1].Summary);
    }

    [Fact]
    public async Task TailEndpoint_StreamsNdjson()
    {
        await using var host = await LocalCloudFixture.StartHostAsync();
        using var http = new HttpClient { BaseAddress = host.Endpoint };
        var feed = host.Services.GetRequiredService<ActivityFeed>();
        feed.Publish("events", "event.received", "hello", new Dictionary<string, string> { ["bus"] = "default" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var response = await http.GetAsync(new Uri("/_localcloud/tail?recent=1", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var first = await reader.ReadLineAsync(cts.Token);
        feed.Publish("sqs", "message.sent", "second");
        var second = await reader.ReadLineAsync(cts.Token);

        using var a = JsonDocument.Parse(first!);
        using var b = JsonDocument.Parse(second!);
        Assert.Equal("hello", a.RootElement.GetProperty("summary").GetString());
        Assert.Equal("default", a.RootElement.GetProperty("attributes").GetProperty("bus").GetString());
        Assert.Equal("second", b.RootElement.GetProperty("summary").GetString());
    }
}
