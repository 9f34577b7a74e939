using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalCloud.CloudFormation.Engine;

/// <summary>
/// One background worker per stack with an operation in progress, as on AWS where CreateStack, UpdateStack,
/// DeleteStack and ExecuteChangeSet return before the deployment runs. On start it continues (rolling back) the
/// operations a stopped or crashed local cloud left in progress; on stop it cancels the workers, leaving their
/// stored state for the next start.
/// </summary>
internal sealed partial class StackWorkers(StackDeployer deployer, CloudFormationStore store, Core.Hosting.CloudContext cloud, TimeProvider time, ILogger<StackWorkers> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _recovery;

    /// <summary>Starts (or keeps) the worker of the stack.</summary>
    public void Start(string stackId)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_running)
        {
            if (_running.TryGetValue(stackId, out var existing) && !existing.IsCompleted)
            {
                // The worker reads the stack again when its current operation ends; a new operation is picked up then.
                _running[stackId] = existing.ContinueWith(_ => RunAsync(stackId), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
                return;
            }

            _running[stackId] = Task.Run(() => RunAsync(stackId));
        }
    }

    /// <summary>Waits until the stack's worker is idle or <paramref name="timeout"/> passes.</summary>
    public async Task WaitIdleAsync(string stackId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_running.TryGetValue(stackId, out var task) || task.IsCompleted)
        {
            return;
        }

        try
        {
            await task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    public bool IsRunning(string stackId) => _running.TryGetValue(stackId, out var task) && !task.IsCompleted;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _recovery = Task.Run(RecoverAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        var tasks = _running.Values.ToList();
        if (_recovery is not null)
        {
            tasks.Add(_recovery);
        }

        try
        {
            await Task.WhenAll(tasks).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        _stopping.Dispose();
    }

    private async Task RecoverAsync()
    {
        try
        {
            // Providers build URLs from the endpoint, which is known once the host listens.
            for (var i = 0; i < 1000 && !cloud.IsListening && !_stopping.IsCancellationRequested; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), time, _stopping.Token);
            }

            foreach (var stack in store.InProgressStacks())
            {
                LogRecovering(stack.StackName, stack.Status);
                await deployer.RecoverAsync(stack);
                Start(stack.StackId);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Recovering the stacks left in progress failed");
        }
    }

    private async Task RunAsync(string stackId)
    {
        try
        {
            await deployer.RunAsync(stackId, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "The deployment of stack {StackId} failed unexpectedly", stackId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Continuing stack {StackName} from {Status} after a restart")]
    private partial void LogRecovering(string stackName, string status);
}
