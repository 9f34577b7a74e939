using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Streams;
using LocalCloud.Pipes.Model;

namespace LocalCloud.Pipes.Runtime;

/// <summary>
/// Follows a pipe's DynamoDB stream from its durable position, woken by commits. A batch holds up to
/// <c>BatchSize</c> records of one shard, in order, gathered within the batching window; filtered-out records are
/// dropped and the position moves past them. With <c>ParallelizationFactor</c> above 1 the batch is split by partition
/// key into that many lanes that run at once, each in order. A failed batch is retried with backoff (split in two first
/// with <c>AUTOMATIC_BISECT</c>) until it succeeds, runs out of <c>MaximumRetryAttempts</c> or passes
/// <c>MaximumRecordAgeInSeconds</c>; then Pipes' failure record goes to the dead-letter queue and the pipe moves on.
/// The position is written only after the target has accepted the records before it.
/// </summary>
internal sealed class StreamSourceWorker(PipeDefinition pipe, PipeRuntime runtime)
{
    private readonly DynamoDbSourceSettings _settings = pipe.DynamoDb!;
    private readonly PipeFilter _filter = new(pipe.Filters);
    private readonly PipeProcessor _processor = new(pipe, runtime);
    private string? _position;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var streams = runtime.Streams ?? throw new InvalidOperationException("DynamoDB streams are not available in this local cloud.");
        _position = runtime.Store.Position(pipe.Key);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await streams.WaitAsync(pipe.Source, _position, cancellationToken);
                var read = await GatherAsync(streams, cancellationToken);
                if (read.Trimmed)
                {
                    runtime.Activity.Publish("pipes", "pipe.records-trimmed", $"{pipe.Name}: records of {pipe.Source} passed the stream's retention before they were read");
                }

                if (read.Records.Count == 0)
                {
                    await runtime.DelayAsync(runtime.Options.ErrorDelay, cancellationToken);
                    continue;
                }

                var shard = read.Records[0].ShardId;
                var records = read.Records.TakeWhile(r => r.ShardId == shard).ToList();
                var kept = records.Select(r => SourceRecord.FromChange(r, pipe.Source)).Where(_filter.Passes).ToList();
                if (kept.Count > 0)
                {
                    await DeliverAsync(kept, cancellationToken);
                }

                if (_position != records[^1].SequenceNumber)
                {
                    await CheckpointAsync(records[^1].SequenceNumber);
                }
            }
            catch (KeyNotFoundException)
            {
                runtime.Activity.Publish("pipes", "pipe.source-gone", $"{pipe.Name}: the stream {pipe.Source} no longer exists");
                return;
            }
        }
    }

    private async Task<ChangeBatch> GatherAsync(IChangeStreams streams, CancellationToken cancellationToken)
    {
        var read = streams.Read(pipe.Source, _position, _settings.BatchSize);
        if (_settings.MaximumBatchingWindowInSeconds == 0)
        {
            return read;
        }

        var deadline = runtime.Time.GetUtcNow().AddSeconds(_settings.MaximumBatchingWindowInSeconds);
        while (read.Records.Count < _settings.BatchSize)
        {
            var remaining = deadline - runtime.Time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var more = streams.WaitAsync(pipe.Source, read.Position ?? _position, wake.Token);
            var timeout = Task.Delay(remaining, runtime.Time, wake.Token);
            await Task.WhenAny(more, timeout);
            await wake.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            read = streams.Read(pipe.Source, _position, _settings.BatchSize);
        }

        return read;
    }

    private async Task DeliverAsync(List<SourceRecord> batch, CancellationToken cancellationToken)
    {
        if (_settings.ParallelizationFactor <= 1)
        {
            await DeliverLaneAsync(batch, checkpoint: true, cancellationToken);
            return;
        }

        var lanes = batch
            .GroupBy(r => (int)((uint)StringComparer.Ordinal.GetHashCode(r.PartitionKey!) % (uint)_settings.ParallelizationFactor))
            .Select(lane => DeliverLaneAsync([.. lane], checkpoint: false, cancellationToken));
        await Task.WhenAll(lanes);
    }

    /// <summary>Delivers records in order until each is delivered or dead-lettered. Only a lane that is the whole batch
    /// moves the position as it goes; parallel lanes leave it to the end of the batch.</summary>
    private async Task DeliverLaneAsync(List<SourceRecord> batch, bool checkpoint, CancellationToken cancellationToken)
    {
        var work = new Stack<(List<SourceRecord> Records, int Attempts)>();
        work.Push((batch, 0));
        while (work.TryPop(out var item))
        {
            var (records, attempts) = item;
            while (records.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_settings.MaximumRecordAgeInSeconds >= 0)
                {
                    var cutoff = runtime.Time.GetUtcNow().AddSeconds(-_settings.MaximumRecordAgeInSeconds);
                    var expired = records.TakeWhile(r => r.CreatedAt < cutoff).Count();
                    if (expired > 0)
                    {
                        await DeadLetterAsync(records[..expired], "RecordAgeExceeded", null, checkpoint);
                        records = records[expired..];
                        continue;
                    }
                }

                var outcome = await _processor.ProcessAsync(records, cancellationToken);
                if (outcome.Succeeded)
                {
                    if (checkpoint)
                    {
                        await CheckpointAsync(records[^1].Change!.SequenceNumber);
                    }

                    break;
                }

                var failedFrom = outcome.FailedFrom;
                if (failedFrom > 0)
                {
                    if (checkpoint)
                    {
                        await CheckpointAsync(records[failedFrom - 1].Change!.SequenceNumber);
                    }

                    records = records[failedFrom..];
                }

                if (outcome.CountsAsAttempt)
                {
                    attempts++;
                }

                if (_settings.MaximumRetryAttempts >= 0 && attempts > _settings.MaximumRetryAttempts)
                {
                    await DeadLetterAsync(records, "RetryAttemptsExhausted", outcome, checkpoint);
                    break;
                }

                runtime.Activity.Publish("pipes", "pipe.batch-failed", $"{pipe.Name} {records.Count} records: {outcome.ErrorCode} {outcome.ErrorMessage}", new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["pipe"] = pipe.Name,
                    ["attempts"] = attempts.ToString(CultureInfo.InvariantCulture),
                    ["errorCode"] = outcome.ErrorCode ?? "",
                });
                if (_settings.Bisect && failedFrom == 0 && records.Count > 1)
                {
                    var half = (records.Count + 1) / 2;
                    work.Push((records[half..], attempts));
                    work.Push((records[..half], attempts));
                    break;
                }

                await runtime.DelayAsync(runtime.Backoff(Math.Max(attempts, 1)), cancellationToken);
            }
        }
    }

    private async Task DeadLetterAsync(List<SourceRecord> records, string condition, BatchOutcome? outcome, bool checkpoint)
    {
        _processor.Forget(records);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pipe"] = pipe.Name,
            ["condition"] = condition,
            ["records"] = records.Count.ToString(CultureInfo.InvariantCulture),
            ["errorCode"] = outcome?.ErrorCode ?? "",
        };
        if (_settings.DeadLetterArn is not { } deadLetter)
        {
            runtime.Activity.Publish("pipes", "pipe.records-discarded", $"{pipe.Name} {records.Count} records discarded: {condition}", attributes);
        }
        else
        {
            // The failure record must reach the queue before the position moves past the records; a queue that refuses
            // it is retried, so nothing is lost while the dead-letter queue is unavailable.
            while (true)
            {
                try
                {
                    var queues = runtime.Queues ?? throw new ServiceException("NO_RESOURCE", "SQS queues are not available in this local cloud.");
                    await queues.SendAsync(deadLetter, FailureRecord(records, condition), null, CancellationToken.None);
                    runtime.Activity.Publish("pipes", "pipe.dead-lettered", $"{pipe.Name} {records.Count} records -> {deadLetter}: {condition}", attributes);
                    break;
                }
                catch (ServiceException error)
                {
                    attributes["error"] = error.Message;
                    runtime.Activity.Publish("pipes", "pipe.dead-letter-failed", $"{pipe.Name} {records.Count} records not sent to {deadLetter}: {error.Code}", attributes);
                    await runtime.DelayAsync(runtime.Options.ErrorDelay, CancellationToken.None);
                }
            }
        }

        if (checkpoint)
        {
            await CheckpointAsync(records[^1].Change!.SequenceNumber);
        }
    }

    private async Task CheckpointAsync(string sequenceNumber)
    {
        _position = sequenceNumber;
        await runtime.Store.SavePositionAsync(pipe.Key, sequenceNumber);
    }

    /// <summary>The record Pipes send a stream source's dead-letter queue: where the failed records are in the stream,
    /// not the records themselves.</summary>
    private string FailureRecord(List<SourceRecord> records, string condition)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("context"u8);
            writer.WriteString("partnerResourceArn"u8, pipe.Arn);
            writer.WriteString("condition"u8, condition);
            writer.WriteEndObject();
            writer.WriteString("version"u8, "1.0");
            writer.WriteString("timestamp"u8, runtime.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteStartObject("DDBStreamBatchInfo"u8);
            writer.WriteString("shardId"u8, records[0].Change!.ShardId);
            writer.WriteString("startSequenceNumber"u8, records[0].Change!.SequenceNumber);
            writer.WriteString("endSequenceNumber"u8, records[^1].Change!.SequenceNumber);
            writer.WriteString("approximateArrivalOfFirstRecord"u8, Seconds(records[0].CreatedAt));
            writer.WriteString("approximateArrivalOfLastRecord"u8, Seconds(records[^1].CreatedAt));
            writer.WriteNumber("batchSize"u8, records.Count);
            writer.WriteString("streamArn"u8, pipe.Source);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Seconds(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
