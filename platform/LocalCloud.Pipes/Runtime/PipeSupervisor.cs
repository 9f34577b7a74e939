using System.Threading.Channels;
using LocalCloud.Pipes.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Pipes.Runtime;

/// <summary>
/// Moves pipes through their states and runs one worker per running pipe. Every operation hands the pipe's key here;
/// the supervisor reads the pipe again and acts on its state: <c>CREATING</c>, <c>UPDATING</c> and <c>STARTING</c> check
/// the source (a missing one is <c>CREATE_FAILED</c>, <c>UPDATE_FAILED</c> or <c>START_FAILED</c> with the reason) and
/// (re)start the worker when the pipe should run; <c>STOPPING</c> stops it; <c>DELETING</c> stops it and removes the
/// pipe. At start every pipe is reconciled, so running pipes resume from their stored positions.
/// </summary>
internal sealed partial class PipeSupervisor(PipeRuntime runtime, ILogger<PipeSupervisor> logger) : BackgroundService
{
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Worker> _workers = new(StringComparer.Ordinal);

    private readonly Dictionary<string, List<TaskCompletionSource>> _waiters = new(StringComparer.Ordinal);

    public void Notify(string key) => _changes.Writer.TryWrite(key);

    /// <summary>Completes once the pipe is in a state the supervisor does not act on (or gone).</summary>
    public async Task WhenSettledAsync(string key, CancellationToken cancellationToken)
    {
        while (true)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiters)
            {
                if (!_waiters.TryGetValue(key, out var list))
                {
                    _waiters[key] = list = [];
                }

                list.Add(waiter);
            }

            if (runtime.Store.Get(key) is not { } pipe || !PipeStates.IsTransitional(pipe.CurrentState))
            {
                return;
            }

            await waiter.Task.WaitAsync(cancellationToken);
        }
    }

    public int RunningWorkers
    {
        get
        {
            lock (_workers)
            {
                return _workers.Count;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var pipe in runtime.Store.List())
        {
            await ReconcileAsync(pipe.Key);
            Release(pipe.Key);
        }

        try
        {
            await foreach (var key in _changes.Reader.ReadAllAsync(stoppingToken))
            {
                await ReconcileAsync(key);
                Release(key);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        List<Worker> workers;
        lock (_workers)
        {
            workers = [.. _workers.Values];
            _workers.Clear();
        }

        await Task.WhenAll(workers.Select(w => w.StopAsync()));
    }

    private void Release(string key)
    {
        List<TaskCompletionSource>? waiters;
        lock (_waiters)
        {
            _waiters.Remove(key, out waiters);
        }

        foreach (var waiter in waiters ?? [])
        {
            waiter.TrySetResult();
        }
    }

    private async Task ReconcileAsync(string key)
    {
        try
        {
            var pipe = runtime.Store.Get(key);
            if (pipe is null)
            {
                await StopWorkerAsync(key);
                return;
            }

            switch (pipe.CurrentState)
            {
                case PipeStates.Deleting:
                    await StopWorkerAsync(key);
                    await runtime.Store.DeleteAsync(key);
                    Publish(pipe, "deleted");
                    break;
                case PipeStates.Creating or PipeStates.Updating or PipeStates.Starting:
                    await StopWorkerAsync(key);
                    if (Problem(pipe) is { } problem)
                    {
                        var failed = pipe.CurrentState switch
                        {
                            PipeStates.Creating => PipeStates.CreateFailed,
                            PipeStates.Updating => PipeStates.UpdateFailed,
                            _ => PipeStates.StartFailed,
                        };
                        await SetStateAsync(pipe, failed, problem);
                    }
                    else if (pipe.DesiredState == PipeStates.Running)
                    {
                        var running = await SetStateAsync(pipe, PipeStates.Running, null);
                        if (running is { CurrentState: PipeStates.Running })
                        {
                            StartWorker(running);
                        }
                    }
                    else
                    {
                        await SetStateAsync(pipe, PipeStates.Stopped, "USER_INITIATED");
                    }

                    break;
                case PipeStates.Stopping:
                    await StopWorkerAsync(key);
                    await SetStateAsync(pipe, PipeStates.Stopped, "USER_INITIATED");
                    break;
                case PipeStates.Running:
                    bool running1;
                    lock (_workers)
                    {
                        running1 = _workers.ContainsKey(key);
                    }

                    if (!running1)
                    {
                        StartWorker(pipe);
                    }

                    break;
                default:
                    await StopWorkerAsync(key);
                    break;
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogReconcileFailed(logger, key, error);
        }
    }

    /// <summary>Why the pipe cannot run, checked as Pipes check a pipe before it starts.</summary>
    private string? Problem(PipeDefinition pipe)
    {
        if (pipe.SourceKind == SourceKind.DynamoDbStream)
        {
            if (runtime.Streams is not { } streams || !streams.Exists(pipe.Source))
            {
                return $"The source stream {pipe.Source} does not exist or is not enabled.";
            }

            if (pipe.DynamoDb?.DeadLetterArn is { } dlq && runtime.Queues?.Exists(dlq) != true)
            {
                return $"The dead-letter queue {dlq} does not exist.";
            }
        }
        else if (runtime.Queues is not { } queues || !queues.Exists(pipe.Source))
        {
            return $"The source queue {pipe.Source} does not exist.";
        }

        return null;
    }

    private async Task<PipeDefinition?> SetStateAsync(PipeDefinition pipe, string state, string? reason)
    {
        var stored = await runtime.Store.SetStateAsync(pipe.Key, pipe.Revision, state, reason, runtime.Time.GetUtcNow());
        if (stored is not null && stored.CurrentState == state)
        {
            Publish(stored, reason is null ? state : $"{state}: {reason}");
        }
        else if (stored is not null && PipeStates.IsTransitional(stored.CurrentState))
        {
            // The pipe changed while it was being reconciled (a tag, another request): look at it again.
            Notify(stored.Key);
        }

        return stored;
    }

    private void StartWorker(PipeDefinition pipe)
    {
        var cancellation = new CancellationTokenSource();
        var task = Task.Run(() => RunWorkerAsync(pipe, cancellation.Token));
        lock (_workers)
        {
            _workers[pipe.Key] = new Worker(task, cancellation);
        }
    }

    private async Task RunWorkerAsync(PipeDefinition pipe, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (pipe.SourceKind == SourceKind.DynamoDbStream)
                {
                    await new StreamSourceWorker(pipe, runtime).RunAsync(cancellationToken);
                }
                else
                {
                    await new QueueSourceWorker(pipe, runtime).RunAsync(cancellationToken);
                }

                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogWorkerFailed(logger, pipe.Name, error);
                runtime.Activity.Publish("pipes", "pipe.error", $"{pipe.Name}: {error.Message}");
                try
                {
                    await runtime.DelayAsync(runtime.Options.ErrorDelay, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task StopWorkerAsync(string key)
    {
        Worker? worker;
        lock (_workers)
        {
            if (_workers.Remove(key, out worker) is false)
            {
                return;
            }
        }

        await worker!.StopAsync();
    }

    private void Publish(PipeDefinition pipe, string what) =>
        runtime.Activity.Publish("pipes", "pipe.state", $"{pipe.Name} {what}", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pipe"] = pipe.Name,
            ["pipeArn"] = pipe.Arn,
            ["state"] = pipe.CurrentState,
        });

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling pipe {Key} failed")]
    private static partial void LogReconcileFailed(ILogger logger, string key, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipe {Pipe} failed and restarts")]
    private static partial void LogWorkerFailed(ILogger logger, string pipe, Exception error);

    private sealed record Worker(Task Task, CancellationTokenSource Cancellation)
    {
        public async Task StopAsync()
        {
            await Cancellation.CancelAsync();
            try
            {
                await Task;
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Cancellation.Dispose();
            }
        }
    }
}
