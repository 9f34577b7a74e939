using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Lambda.EventSources;

/// <summary>
/// Runs one poller per enabled mapping, from host start to host stop. A changed mapping's poller is replaced by a
/// new one that starts only once the old one has finished, so two pollers never share a mapping's checkpoint.
/// </summary>
internal sealed partial class EventSourcePollers(EventSourceContext context, ILogger<EventSourcePollers> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (CancellationTokenSource Stop, Task Completion)> _pollers = new(StringComparer.Ordinal);
    private bool _running;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _running = true;
            foreach (var mapping in context.Mappings.All.Where(m => m.Enabled))
            {
                StartLocked(mapping, Task.CompletedTask);
            }
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<(CancellationTokenSource Stop, Task Completion)> pollers;
        lock (_gate)
        {
            _running = false;
            pollers = [.. _pollers.Values];
            _pollers.Clear();
        }

        foreach (var (stop, _) in pollers)
        {
            await stop.CancelAsync();
        }

        await Task.WhenAll(pollers.Select(p => p.Completion)).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var (stop, _) in pollers)
        {
            stop.Dispose();
        }
    }

    /// <summary>Starts, restarts or stops the poller of <paramref name="mapping"/> as its configuration says.</summary>
    public void Apply(EventSourceMapping mapping)
    {
        lock (_gate)
        {
            var previous = StopLocked(mapping.Uuid);
            if (_running && mapping.Enabled)
            {
                StartLocked(mapping, previous);
            }
        }
    }

    public void Remove(string uuid)
    {
        lock (_gate)
        {
            StopLocked(uuid);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (stop, _) in _pollers.Values)
            {
                stop.Cancel();
                stop.Dispose();
            }

            _pollers.Clear();
        }
    }

    private Task StopLocked(string uuid)
    {
        if (!_pollers.Remove(uuid, out var poller))
        {
            return Task.CompletedTask;
        }

        poller.Stop.Cancel();
        return poller.Completion.ContinueWith(_ => poller.Stop.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void StartLocked(EventSourceMapping mapping, Task previous)
    {
        var stop = new CancellationTokenSource();
        var completion = Task.Run(() => RunAsync(mapping, previous, stop.Token), CancellationToken.None);
        _pollers[mapping.Uuid] = (stop, completion);
    }

    private async Task RunAsync(EventSourceMapping mapping, Task previous, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await (mapping.Kind == EventSourceKind.Sqs
                    ? new SqsPoller(mapping, context).RunAsync(cancellationToken)
                    : new StreamPoller(mapping, context).RunAsync(cancellationToken));
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogPollerFailed(logger, exception, mapping.Uuid, mapping.EventSourceArn);
            }

            await context.DelayAsync(RestartDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The poller of event-source mapping {Uuid} ({EventSourceArn}) failed")]
    private static partial void LogPollerFailed(ILogger logger, Exception exception, string uuid, string eventSourceArn);
}
