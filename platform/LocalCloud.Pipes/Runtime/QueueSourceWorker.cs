using System.Globalization;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Pipes.Model;

namespace LocalCloud.Pipes.Runtime;

/// <summary>
/// Reads a pipe's SQS queue with long polls (woken on send), gathering up to <c>BatchSize</c> messages within the
/// batching window. Messages no filter matches are deleted; a delivered batch is deleted; a failed one is left to the
/// queue's visibility timeout and redrive policy, as Pipes do (they retry up to the queue's maximum receive count).
/// On a partial failure only the messages that were delivered are deleted.
/// </summary>
internal sealed class QueueSourceWorker(PipeDefinition pipe, PipeRuntime runtime)
{
    private const int MaxReceive = 10;
    private const int MaxBatchBytes = 6 * 1024 * 1024;
    private readonly QueueSourceSettings _settings = pipe.Queue!;
    private readonly PipeFilter _filter = new(pipe.Filters);
    private readonly PipeProcessor _processor = new(pipe, runtime);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queues = runtime.Queues ?? throw new InvalidOperationException("SQS queues are not available in this local cloud.");
        while (!cancellationToken.IsCancellationRequested)
        {
            List<QueueMessage> messages;
            try
            {
                messages = await GatherAsync(queues, cancellationToken);
            }
            catch (ServiceException error)
            {
                runtime.Activity.Publish("pipes", "pipe.source-failed", $"{pipe.Name}: {pipe.Source}: {error.Code} {error.Message}");
                await runtime.DelayAsync(runtime.Options.ErrorDelay, cancellationToken);
                continue;
            }

            if (messages.Count == 0)
            {
                continue;
            }

            var records = messages.Select(m => SourceRecord.FromMessage(m, pipe.Source, pipe.Region)).ToList();
            var kept = records.Where(_filter.Passes).ToList();
            var delete = records.Where(r => !kept.Contains(r)).Select(r => r.Message!.ReceiptHandle).ToList();
            if (kept.Count > 0)
            {
                var outcome = await _processor.ProcessAsync(kept, cancellationToken);

                // Delivered messages are deleted below, so the processor need not remember them for a retry.
                _processor.Forget(kept);
                for (var i = 0; i < kept.Count; i++)
                {
                    if (!outcome.Failed.Contains(i))
                    {
                        delete.Add(kept[i].Message!.ReceiptHandle);
                    }
                }

                if (!outcome.Succeeded)
                {
                    runtime.Activity.Publish("pipes", "pipe.batch-failed", $"{pipe.Name} {outcome.Failed.Count} messages left on {pipe.Source}: {outcome.ErrorCode} {outcome.ErrorMessage}", new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["pipe"] = pipe.Name,
                        ["messages"] = outcome.Failed.Count.ToString(CultureInfo.InvariantCulture),
                        ["errorCode"] = outcome.ErrorCode ?? "",
                    });
                }
            }

            if (delete.Count > 0)
            {
                await queues.DeleteAsync(pipe.Source, delete, CancellationToken.None);
            }
        }
    }

    private async Task<List<QueueMessage>> GatherAsync(IQueuePort queues, CancellationToken cancellationToken)
    {
        var messages = new List<QueueMessage>(await queues.ReceiveAsync(pipe.Source, Math.Min(MaxReceive, _settings.BatchSize), runtime.Options.QueueWait, cancellationToken));
        if (messages.Count == 0 || _settings.MaximumBatchingWindowInSeconds == 0)
        {
            return messages;
        }

        var deadline = runtime.Time.GetUtcNow().AddSeconds(_settings.MaximumBatchingWindowInSeconds);
        var bytes = messages.Sum(m => m.Body.Length);
        while (messages.Count < _settings.BatchSize && bytes < MaxBatchBytes)
        {
            var remaining = deadline - runtime.Time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            var more = await queues.ReceiveAsync(pipe.Source, Math.Min(MaxReceive, _settings.BatchSize - messages.Count), remaining < runtime.Options.QueueWait ? remaining : runtime.Options.QueueWait, cancellationToken);
            messages.AddRange(more);
            bytes += more.Sum(m => m.Body.Length);
        }

        return messages;
    }
}
