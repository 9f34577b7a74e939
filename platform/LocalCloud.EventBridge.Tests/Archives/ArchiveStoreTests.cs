using LocalCloud.EventBridge.Archives;

namespace LocalCloud.EventBridge.Tests.Archives;

public sealed class ArchiveStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = ArchiveHarness.Start.AddHours(-1);
    private readonly string _directory = Directory.CreateTempSubdirectory("localcloud-archives-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ArchivesEventsAndReplayProgress_SurviveARestart()
    {
        await using (var before = new ArchiveHarness(_directory))
        {
            await before.CreateArchiveAsync("durable");
            await before.ArchiveEventsAsync("durable", T0.AddSeconds(5), T0.AddMinutes(3));
            await before.StartReplayAsync("r", "durable", T0, T0.AddMinutes(10));
            await before.Worker.StepAsync(CancellationToken.None);
            Assert.Single(before.Bus.Replayed);
        }

        await using var after = new ArchiveHarness(_directory);
        var archive = after.Store.GetArchive(after.ArchiveArn("durable"));
        await after.RunReplaysToEndAsync();

        Assert.NotNull(archive);
        Assert.Equal(2, archive.EventCount);
        var resumed = Assert.Single(after.Bus.Replayed);
        Assert.Single(resumed.Events);
        Assert.Contains("\"n\":1", resumed.Events[0], StringComparison.Ordinal);
        Assert.Equal(ReplayStates.Completed, after.Store.GetReplay(after.ReplayArn("r"))!.State);
    }

    [Fact]
    public async Task PurgeExpired_RemovesEventsOlderThanRetention_AndKeepsForeverArchives()
    {
        await using var h = new ArchiveHarness();
        await h.CreateArchiveAsync("short", retention: 1);
        await h.CreateArchiveAsync("forever", retention: 0);
        await h.ArchiveEventsAsync("short", T0);
        await h.ArchiveEventsAsync("forever", T0);
        h.Time.Advance(TimeSpan.FromHours(12));
        await h.ArchiveEventsAsync("short", T0.AddHours(12));
        h.Time.Advance(TimeSpan.FromHours(13));

        var removed = await h.Store.PurgeExpiredAsync(h.Time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);

        Assert.Equal(1, removed);
        var kept = h.Store.GetArchive(h.ArchiveArn("short"))!;
        Assert.Equal(1, kept.EventCount);
        Assert.Equal(ArchiveHarness.Event(T0.AddHours(12), 0).Length, kept.SizeBytes);
        Assert.Equal(1, h.Store.GetArchive(h.ArchiveArn("forever"))!.EventCount);
    }

    [Fact]
    public async Task Append_ToADeletedArchive_IsDropped()
    {
        await using var h = new ArchiveHarness();

        var written = await h.Store.AppendAsync(h.ArchiveArn("nobody"), [(0, "{}")], 0, CancellationToken.None);

        Assert.Equal(0, written);
    }
}
