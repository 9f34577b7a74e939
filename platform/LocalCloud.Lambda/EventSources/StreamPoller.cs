using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Streams;

namespace LocalCloud.Lambda.EventSources;

/// <summary>
/// Follows one DynamoDB stream for one mapping from its durable checkpoint, woken by commits. Each batch holds up to
/// <c>BatchSize</c> records of one shard, in order, gathered within the batching window. A failed batch is retried
/// (split in two first when <c>BisectBatchOnFunctionError</c> is set) until it succeeds, runs out of
/// <c>MaximumRetryAttempts</c> or its records pass <c>MaximumRecordAgeInSeconds</c>; then the on-failure record goes
/// to the destination and the mapping moves on. Reported batch item failures move the checkpoint to just before the
/// first failed record, and the rest is retried.
/// </summary>
internal sealed class StreamPoller(EventSourceMapping mapping, EventSourceContext context)
{
    private const string Ok = "OK";
    private const string FunctionCallFailed = "PROBLEM: Function call failed";

    private readonly EventSourceFilter _filter = new(mapping.FilterPatterns);
    private string? _position;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _position = context.Mappings.Store.Position(mapping.Uuid);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await context.Streams.WaitAsync(mapping.EventSourceArn, _position, cancellationToken);
                var read = await GatherAsync(cancellationToken);
                if (read.Records.Count == 0)
                {
                    await context.DelayAsync(context.Options.ErrorDelay, cancellationToken);
                    continue;
                }

                var shard = read.Records[0].ShardId;
                var records = read.Records.TakeWhile(r => r.ShardId == shard).ToList();
                var kept = new List<(ChangeRecord Record, byte[] Json)>(records.Count);
                foreach (var record in records)
                {
                    var json = WithSourceArn(record.Json.Span, mapping.EventSourceArn);
                    if (_filter.Passes(json))
                    {
                        kept.Add((record, json));
                    }
                }

                if (kept.Count > 0)
                {
                    await DeliverAsync(kept, cancellationToken);
                }

                if (_position != records[^1].SequenceNumber)
                {
                    await CheckpointAsync(records[^1].SequenceNumber, context.Mappings.LastProcessingResult(mapping.Uuid));
                }
            }
            catch (KeyNotFoundException)
            {
                await context.Mappings.ReportAsync(mapping.Uuid, "PROBLEM: Stream not found", null, movePosition: false);
                context.Activity.Publish("lambda", "event-source.stream-gone", $"{mapping.Uuid} {mapping.EventSourceArn}");
                return;
            }
        }
    }

    private async Task<ChangeBatch> GatherAsync(CancellationToken cancellationToken)
    {
        var read = context.Streams.Read(mapping.EventSourceArn, _position, mapping.BatchSize);
        if (mapping.MaximumBatchingWindowInSeconds == 0)
        {
            return read;
        }

        var deadline = context.Time.GetUtcNow().AddSeconds(mapping.MaximumBatchingWindowInSeconds);
        while (read.Records.Count < mapping.BatchSize)
        {
            var remaining = deadline - context.Time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var more = context.Streams.WaitAsync(mapping.EventSourceArn, read.Position ?? _position, wake.Token);
            var timeout = Task.Delay(remaining, context.Time, wake.Token);
            await Task.WhenAny(more, timeout);
            await wake.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            read = context.Streams.Read(mapping.EventSourceArn, _position, mapping.BatchSize);
        }

        return read;
    }

    private async Task DeliverAsync(List<(ChangeRecord Record, byte[] Json)> batch, CancellationToken cancellationToken)
    {
        var work = new Stack<(List<(ChangeRecord Record, byte[] Json)> Records, int Invokes)>();
        work.Push((batch, 0));
        while (work.TryPop(out var item))
        {
            var (records, invokes) = item;
            FunctionResult? last = null;
            while (records.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (mapping.MaximumRecordAgeInSeconds >= 0)
                {
                    var cutoff = context.Time.GetUtcNow().AddSeconds(-mapping.MaximumRecordAgeInSeconds);
                    var expired = records.TakeWhile(r => r.Record.CreatedAt < cutoff).Count();
                    if (expired > 0)
                    {
                        await FailAsync(records[..expired], "RecordAgeExceeded", invokes, last);
                        records = records[expired..];
                        continue;
                    }
                }

                FunctionResult result;
                try
                {
                    result = await context.Functions.InvokeAsync(mapping.FunctionArn, Event(records), new FunctionInvokeOptions { Caller = "dynamodb" }, cancellationToken);
                }
                catch (ServiceException error)
                {
                    context.Activity.Publish("lambda", "event-source.invoke-failed", $"{mapping.Uuid} {mapping.FunctionArn}: {error.Code}");
                    await context.DelayAsync(context.Options.ErrorDelay, cancellationToken);
                    continue;
                }

                invokes++;
                last = result;
                var failedFrom = FailedFrom(result, records);
                if (failedFrom < 0)
                {
                    await CheckpointAsync(records[^1].Record.SequenceNumber, Ok);
                    context.Activity.Publish("lambda", "event-source.batch-processed", $"{mapping.Uuid} {records.Count} records", Attributes(result));
                    break;
                }

                if (failedFrom > 0)
                {
                    await CheckpointAsync(records[failedFrom - 1].Record.SequenceNumber, Ok);
                    records = records[failedFrom..];
                }

                if (mapping.MaximumRetryAttempts >= 0 && invokes > mapping.MaximumRetryAttempts)
                {
                    await FailAsync(records, "RetryAttemptsExhausted", invokes, result);
                    break;
                }

                await context.Mappings.ReportAsync(mapping.Uuid, FunctionCallFailed, null, movePosition: false);
                if (!result.Succeeded && mapping.BisectBatchOnFunctionError && records.Count > 1)
                {
                    var half = (records.Count + 1) / 2;
                    work.Push((records[half..], invokes));
                    work.Push((records[..half], invokes));
                    break;
                }

                await context.DelayAsync(Backoff(invokes), cancellationToken);
            }
        }
    }

    /// <summary>The index of the first record to retry: -1 when the batch succeeded, 0 when it failed whole.</summary>
    private int FailedFrom(FunctionResult result, List<(ChangeRecord Record, byte[] Json)> records)
    {
        if (!result.Succeeded)
        {
            return 0;
        }

        if (!mapping.ReportsBatchItemFailures)
        {
            return -1;
        }

        var failures = BatchItemFailures.Read(result.Payload.Span, records.Select(r => r.Record.SequenceNumber).ToHashSet(StringComparer.Ordinal));
        if (failures.WholeBatch)
        {
            return 0;
        }

        if (failures.Items.Count == 0)
        {
            return -1;
        }

        var failed = failures.Items.ToHashSet(StringComparer.Ordinal);
        return records.FindIndex(r => failed.Contains(r.Record.SequenceNumber));
    }

    private async Task FailAsync(List<(ChangeRecord Record, byte[] Json)> records, string condition, int invokes, FunctionResult? result)
    {
        await CheckpointAsync(records[^1].Record.SequenceNumber, FunctionCallFailed);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["uuid"] = mapping.Uuid,
            ["condition"] = condition,
            ["records"] = records.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (mapping.OnFailureDestination is not { } destination)
        {
            context.Activity.Publish("lambda", "event-source.records-discarded", $"{mapping.Uuid} {records.Count} records: {condition}", attributes);
            return;
        }

        try
        {
            await context.Queues.SendAsync(destination, Encoding.UTF8.GetString(FailureRecord(records, condition, invokes, result)), null, CancellationToken.None);
            context.Activity.Publish("lambda", "event-source.on-failure-sent", $"{mapping.Uuid} {records.Count} records -> {destination}: {condition}", attributes);
        }
        catch (ServiceException error)
        {
            attributes["error"] = error.Message;
            context.Activity.Publish("lambda", "event-source.on-failure-failed", $"{mapping.Uuid} {records.Count} records not sent to {destination}: {error.Code}", attributes);
        }
    }

    private async Task CheckpointAsync(string sequenceNumber, string result)
    {
        _position = sequenceNumber;
        await context.Mappings.ReportAsync(mapping.Uuid, result, sequenceNumber, movePosition: true);
    }

    private TimeSpan Backoff(int invokes)
    {
        var delay = context.Options.RetryBaseDelay * Math.Pow(2, Math.Min(invokes - 1, 20));
        return delay < context.Options.MaximumRetryDelay ? delay : context.Options.MaximumRetryDelay;
    }

    private static byte[] Event(List<(ChangeRecord Record, byte[] Json)> records)
    {
        var buffer = new ArrayBufferWriter<byte>(records.Sum(r => r.Json.Length) + 16);
        buffer.Write("{\"Records\":["u8);
        for (var i = 0; i < records.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            buffer.Write(records[i].Json);
        }

        buffer.Write("]}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] WithSourceArn(ReadOnlySpan<byte> record, string streamArn)
    {
        using var document = JsonDocument.Parse(record.ToArray());
        var buffer = new ArrayBufferWriter<byte>(record.Length + streamArn.Length + 24);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteString("eventSourceARN"u8, streamArn);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The invocation record Lambda sends an on-failure destination for a stream batch
    /// (https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html).</summary>
    private byte[] FailureRecord(List<(ChangeRecord Record, byte[] Json)> records, string condition, int invokes, FunctionResult? result)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("requestContext"u8);
            writer.WriteString("requestId"u8, result?.RequestId ?? Guid.NewGuid().ToString());
            writer.WriteString("functionArn"u8, mapping.FunctionArn);
            writer.WriteString("condition"u8, condition);
            writer.WriteNumber("approximateInvokeCount"u8, invokes);
            writer.WriteEndObject();
            if (result is not null)
            {
                writer.WriteStartObject("responseContext"u8);
                writer.WriteNumber("statusCode"u8, 200);
                writer.WriteString("executedVersion"u8, result.ExecutedVersion);
                if (result.FunctionError is { } error)
                {
                    writer.WriteString("functionError"u8, error);
                }
                else
                {
                    writer.WriteNull("functionError"u8);
                }

                writer.WriteEndObject();
            }

            writer.WriteString("version"u8, "1.0");
            writer.WriteString("timestamp"u8, context.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteStartObject("DDBStreamBatchInfo"u8);
            writer.WriteString("shardId"u8, records[0].Record.ShardId);
            writer.WriteString("startSequenceNumber"u8, records[0].Record.SequenceNumber);
            writer.WriteString("endSequenceNumber"u8, records[^1].Record.SequenceNumber);
            writer.WriteString("approximateArrivalOfFirstRecord"u8, Seconds(records[0].Record.CreatedAt));
            writer.WriteString("approximateArrivalOfLastRecord"u8, Seconds(records[^1].Record.CreatedAt));
            writer.WriteNumber("batchSize"u8, records.Count);
            writer.WriteString("streamArn"u8, mapping.EventSourceArn);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private Dictionary<string, string> Attributes(FunctionResult result) => new(StringComparer.Ordinal)
    {
        ["uuid"] = mapping.Uuid,
        ["functionArn"] = mapping.FunctionArn,
        ["requestId"] = result.RequestId,
    };

    private static string Seconds(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
