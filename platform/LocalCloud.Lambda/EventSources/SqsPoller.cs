using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;

namespace LocalCloud.Lambda.EventSources;

/// <summary>
/// Polls one queue for one mapping: long-polls until messages arrive, gathers up to <c>BatchSize</c> within the
/// batching window, drops (deletes) the messages no filter matches, invokes the function synchronously and deletes
/// what it processed. Messages of a failed batch stay in the queue, so the queue's visibility timeout and redrive
/// policy decide what happens next.
/// </summary>
internal sealed class SqsPoller(EventSourceMapping mapping, EventSourceContext context)
{
    private const int MaxMessagesPerReceive = 10;
    private const int MaxPayloadBytes = 6 * 1024 * 1024;

    private readonly EventSourceFilter _filter = new(mapping.FilterPatterns);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var region = Arn.TryParse(mapping.EventSourceArn, out var arn) ? arn.Region : mapping.Region;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await GatherAsync(cancellationToken);
                if (batch.Count > 0)
                {
                    await ProcessAsync(batch, region, cancellationToken);
                }
            }
            catch (ServiceException error)
            {
                context.Activity.Publish("lambda", "event-source.receive-failed", $"{mapping.Uuid} {mapping.EventSourceArn}: {error.Message}");
                await context.DelayAsync(context.Options.ErrorDelay, cancellationToken);
            }
        }
    }

    private async Task<List<QueueMessage>> GatherAsync(CancellationToken cancellationToken)
    {
        var batch = new List<QueueMessage>(Math.Min(mapping.BatchSize, MaxMessagesPerReceive));
        batch.AddRange(await context.Queues.ReceiveAsync(mapping.EventSourceArn, Math.Min(mapping.BatchSize, MaxMessagesPerReceive), context.Options.QueueLongPoll, cancellationToken));
        if (batch.Count == 0 || mapping.MaximumBatchingWindowInSeconds == 0)
        {
            return batch;
        }

        var deadline = context.Time.GetUtcNow().AddSeconds(mapping.MaximumBatchingWindowInSeconds);
        var bytes = batch.Sum(EstimatedSize);
        while (batch.Count < mapping.BatchSize && bytes < MaxPayloadBytes)
        {
            var remaining = deadline - context.Time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            var more = await context.Queues.ReceiveAsync(mapping.EventSourceArn, Math.Min(mapping.BatchSize - batch.Count, MaxMessagesPerReceive), remaining, cancellationToken);
            batch.AddRange(more);
            bytes += more.Sum(EstimatedSize);
        }

        return batch;
    }

    private async Task ProcessAsync(List<QueueMessage> batch, string region, CancellationToken cancellationToken)
    {
        var selected = batch;
        if (!_filter.IsEmpty)
        {
            selected = [.. batch.Where(m => _filter.Passes(SqsEventWriter.FilterRecord(m, mapping.EventSourceArn, region)))];
            var dropped = batch.Except(selected).Select(m => m.ReceiptHandle).ToList();
            if (dropped.Count > 0)
            {
                await DeleteAsync(dropped);
            }

            if (selected.Count == 0)
            {
                return;
            }
        }

        var payload = SqsEventWriter.Event(selected, mapping.EventSourceArn, region);
        FunctionResult result;
        try
        {
            result = await context.Functions.InvokeAsync(mapping.FunctionArn, payload, new FunctionInvokeOptions { Caller = "sqs" }, cancellationToken);
        }
        catch (ServiceException error)
        {
            context.Activity.Publish("lambda", "event-source.invoke-failed", $"{mapping.Uuid} {mapping.FunctionArn}: {error.Code}");
            await context.DelayAsync(context.Options.ErrorDelay, cancellationToken);
            return;
        }

        if (!result.Succeeded)
        {
            context.Activity.Publish("lambda", "event-source.batch-failed", $"{mapping.Uuid} {selected.Count} messages left for redelivery", Attributes(result));
            return;
        }

        var failures = mapping.ReportsBatchItemFailures
            ? BatchItemFailures.Read(result.Payload.Span, selected.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal))
            : BatchItemFailures.None;
        if (failures.WholeBatch)
        {
            context.Activity.Publish("lambda", "event-source.batch-failed", $"{mapping.Uuid} {selected.Count} messages left for redelivery", Attributes(result));
            return;
        }

        var failed = failures.Items.ToHashSet(StringComparer.Ordinal);
        var done = selected.Where(m => !failed.Contains(m.MessageId)).Select(m => m.ReceiptHandle).ToList();
        if (done.Count > 0)
        {
            await DeleteAsync(done);
        }

        context.Activity.Publish("lambda", "event-source.batch-processed", $"{mapping.Uuid} {done.Count} of {selected.Count} messages", Attributes(result));
    }

    private Task DeleteAsync(IReadOnlyList<string> receiptHandles) =>
        context.Queues.DeleteAsync(mapping.EventSourceArn, receiptHandles, CancellationToken.None);

    private Dictionary<string, string> Attributes(FunctionResult result) => new(StringComparer.Ordinal)
    {
        ["uuid"] = mapping.Uuid,
        ["functionArn"] = mapping.FunctionArn,
        ["requestId"] = result.RequestId,
    };

    private static int EstimatedSize(QueueMessage message) =>
        512 + (message.Body.Length * 2) + message.MessageAttributes.Sum(a => a.Key.Length + (a.Value.StringValue?.Length ?? 0) + ((a.Value.BinaryValue?.Length ?? 0) * 2));
}
