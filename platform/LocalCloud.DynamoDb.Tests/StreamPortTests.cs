using System.Text.Json;
using LocalCloud.Core.Streams;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;
using static LocalCloud.DynamoDb.Tests.StreamsClient;

namespace LocalCloud.DynamoDb.Tests;

/// <summary>The in-process stream port other services (Pipes, Lambda event-source mappings) follow.</summary>
public sealed class StreamPortTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private IChangeStreams Port => fixture.Services.GetRequiredService<IChangeStreams>();

    [Fact]
    public async Task Wait_CompletesWhenAWriteCommits_AndReadReturnsTheRecordsAfterThePosition()
    {
        using var client = fixture.CreateDynamoDbClient();
        var table = StreamRecordTests.Name();
        var arn = await CreateStreamedTableAsync(client, table);
        await client.PutItemAsync(table, Item("before"));
        var latest = Port.Latest(arn);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = Port.WaitAsync(arn, latest, timeout.Token);
        var completedEarly = waiting.IsCompleted;
        await client.PutItemAsync(table, Item("after"));
        await waiting;
        var batch = Port.Read(arn, latest, 100);
        var fromHorizon = Port.Read(arn, null, 100);

        Assert.False(completedEarly);
        var record = Assert.Single(batch.Records);
        using var json = JsonDocument.Parse(record.Json);
        Assert.Equal("after", json.RootElement.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString());
        Assert.Equal(record.SequenceNumber, json.RootElement.GetProperty("dynamodb").GetProperty("SequenceNumber").GetString());
        Assert.Equal(record.SequenceNumber, batch.Position);
        Assert.False(batch.Trimmed);
        Assert.Equal(2, fromHorizon.Records.Count);
    }

    [Fact]
    public async Task Wait_CompletesAtOnce_WhenRecordsAreAlreadyThere()
    {
        using var client = fixture.CreateDynamoDbClient();
        var table = StreamRecordTests.Name();
        var arn = await CreateStreamedTableAsync(client, table);
        await client.PutItemAsync(table, Item("a"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Port.WaitAsync(arn, null, timeout.Token);
        var empty = Port.Read(arn, Port.Latest(arn), 10);

        Assert.True(Port.Exists(arn));
        Assert.Empty(empty.Records);
        Assert.Equal(Port.Latest(arn), empty.Position);
    }

    [Fact]
    public async Task Read_HonoursTheLimit_AndContinuesFromThePosition()
    {
        using var client = fixture.CreateDynamoDbClient();
        var table = StreamRecordTests.Name();
        var arn = await CreateStreamedTableAsync(client, table, "KEYS_ONLY");
        for (var i = 0; i < 7; i++)
        {
            await client.PutItemAsync(table, Item($"k{i}"));
        }

        var keys = new List<string>();
        string? position = null;
        for (var page = 0; page < 10; page++)
        {
            var batch = Port.Read(arn, position, 3);
            if (batch.Records.Count == 0)
            {
                break;
            }

            Assert.InRange(batch.Records.Count, 1, 3);
            keys.AddRange(batch.Records.Select(r =>
            {
                using var json = JsonDocument.Parse(r.Json);
                return json.RootElement.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString()!;
            }));
            position = batch.Position;
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"k{i}"), keys);
    }

    [Fact]
    public async Task UnknownStream_IsReportedAsMissing()
    {
        var arn = "arn:aws:dynamodb:us-east-1:000000000000:table/none/stream/2026-01-01T00:00:00.000";

        Assert.False(Port.Exists(arn));
        Assert.Throws<KeyNotFoundException>(() => Port.Read(arn, null, 10));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Port.WaitAsync(arn, null, CancellationToken.None));
    }
}
