using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalCloud.DynamoDb;

/// <summary>
/// Deletes items whose time-to-live attribute is in the past, as DynamoDB's background TTL process does:
/// each deletion is an ordinary delete (index entries go with it) whose stream record names the
/// DynamoDB service as its user identity. AWS takes up to a few days; the local cloud sweeps every
/// <see cref="Interval"/>, in batches, one write per batch. Like DynamoDB it leaves items whose expiry is
/// more than five years in the past.
/// </summary>
internal sealed partial class TimeToLiveSweeper(DynamoDbTables tables, ILogger<TimeToLiveSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, tables.Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    while (await SweepAsync(stoppingToken) == BatchSize)
                    {
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogSweepFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deletes one batch of expired items and returns how many it deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (tables.Count == 0)
        {
            return 0;
        }

        var streamed = new HashSet<string>(StringComparer.Ordinal);
        var deleted = await tables.Store.WriteAsync(connection =>
        {
            var now = tables.Clock.GetUtcNow();
            var nowSeconds = now.ToUnixTimeSeconds();
            var count = 0;
            foreach (var (tableId, item) in DynamoDbStore.Expired(connection, now.AddYears(-5).ToUnixTimeSeconds(), nowSeconds, BatchSize))
            {
                if (tables.ById(tableId) is not { } table)
                {
                    continue;
                }

                // The attribute may have changed since the row's ttl column was written; the item decides.
                if (table.TimeToLiveEnabled && ItemWriter.TimeToLiveOf(table, item.Item) is { } expiry && expiry < nowSeconds)
                {
                    ItemWriter.Write(connection, table, tables.Streams, item.PartitionKey, item.SortKey, item, null, now, streamed, byTimeToLive: true);
                    count++;
                }
                else
                {
                    DynamoDbStore.SetTimeToLive(connection, tableId, item.PartitionKey, item.SortKey, ItemWriter.TimeToLiveOf(table, item.Item));
                }
            }

            return count;
        }, cancellationToken);
        foreach (var arn in streamed)
        {
            tables.Streams?.Committed(arn);
        }

        if (deleted > 0)
        {
            LogSwept(logger, deleted);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "TTL sweep deleted {Count} expired items")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TTL sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
