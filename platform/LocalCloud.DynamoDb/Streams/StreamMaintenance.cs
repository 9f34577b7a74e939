using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalCloud.DynamoDb.Streams;

/// <summary>Runs <see cref="DynamoDbStreams.MaintainAsync"/> every <see cref="Interval"/> on the local cloud's clock.</summary>
internal sealed partial class StreamMaintenance(DynamoDbStreams streams, ILogger<StreamMaintenance> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, streams.Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await streams.MaintainAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogMaintenanceFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DynamoDB Streams maintenance failed")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);
}
