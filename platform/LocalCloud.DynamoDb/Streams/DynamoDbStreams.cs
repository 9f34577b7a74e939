using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DynamoDbExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.Core.Streams;
using Microsoft.Data.Sqlite;

namespace LocalCloud.DynamoDb.Streams;

/// <summary>
/// DynamoDB Streams on the local cloud's store. The table side records item changes through
/// <see cref="IStreamRecorder"/> inside its own writes; readers follow a stream through the API
/// (<see cref="DynamoDbStreamsService"/>) or in process (<see cref="IChangeStreams"/>). Each stream has one open
/// shard; <see cref="MaintainAsync"/> rolls it over after <see cref="ShardLifetime"/> (the closed shard becomes the
/// new one's parent), trims records older than <see cref="Retention"/>, and forgets shards and disabled streams
/// once nothing in them is readable.
/// </summary>
internal sealed class DynamoDbStreams : IStreamRecorder, IChangeStreams
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public static readonly TimeSpan ShardLifetime = TimeSpan.FromHours(4);

    public static readonly TimeSpan IteratorLifetime = TimeSpan.FromMinutes(15);

    public const int MaxRecordsPerCall = 1000;

    public const int MaxBytesPerCall = 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    private readonly ConcurrentDictionary<string, StreamState> _byArn = new(StringComparer.Ordinal);
    private readonly SqliteStore _store;
    private readonly TimeProvider _clock;
    private long _lastSequence;

    public DynamoDbStreams(SqliteStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
        var (streams, highest) = store.Read(connection => (StreamStore.LoadStreams(connection), StreamStore.HighestSequenceNumber(connection)));
        foreach (var row in streams)
        {
            _byArn[row.Arn] = new StreamState(row);
        }

        // Sequence numbers keep increasing across restarts, even once every record has been trimmed.
        _lastSequence = Math.Max(highest, clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
    }

    public TimeProvider Clock => _clock;

    internal IEnumerable<StreamState> All => _byArn.Values;

    // ---- IStreamRecorder: called inside the table side's writes ---------------------------------------------------

    public string EnableStream(SqliteConnection connection, StreamedTable table, string streamViewType, DateTimeOffset now)
    {
        var created = now;
        string label, arn;
        do
        {
            label = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
            arn = $"{table.TableArn}/stream/{label}";
            created = created.AddMilliseconds(1);
        }
        while (_byArn.ContainsKey(arn));

        var keySchema = JsonSerializer.Serialize(
            table.KeySchema.Select(k => new Wire.KeySchemaElementWire { AttributeName = k.AttributeName, KeyType = k.KeyType }).ToList(),
            StreamsJsonContext.Default.ListKeySchemaElementWire);
        var row = new StreamRow(0, arn, table.Scope.AccountId, table.Scope.Region, table.TableName, table.TableArn, label, streamViewType, keySchema,
            now.ToUnixTimeMilliseconds(), null, 0, []);
        var id = StreamStore.InsertStream(connection, row);
        var shard = NewShard(null, now);
        StreamStore.InsertShard(connection, id, shard);
        _byArn[arn] = new StreamState(row with { Id = id, Shards = [shard] });
        return arn;
    }

    public void DisableStream(SqliteConnection connection, string streamArn, DateTimeOffset now)
    {
        if (!_byArn.TryGetValue(streamArn, out var stream) || stream.DisabledMs is not null)
        {
            return;
        }

        CloseOpenShard(connection, stream, now);
        StreamStore.DisableStream(connection, stream.Id, now.ToUnixTimeMilliseconds());
        stream.DisabledMs = now.ToUnixTimeMilliseconds();
    }

    public void Append(SqliteConnection connection, ItemChange change, DateTimeOffset now)
    {
        if (!_byArn.TryGetValue(change.StreamArn, out var stream) || stream.DisabledMs is not null || stream.OpenShard is not { } shard)
        {
            return;
        }

        var sequence = Interlocked.Increment(ref _lastSequence);
        var record = Serialize(stream, change, sequence, now);
        StreamStore.InsertRecord(connection, stream.Id, sequence, shard.ShardId, now.ToUnixTimeMilliseconds(), record);
    }

    public void Committed(string streamArn)
    {
        if (_byArn.TryGetValue(streamArn, out var stream))
        {
            stream.Signal();
        }
    }

    // ---- IChangeStreams: in-process readers -------------------------------------------------------------------------

    public bool Exists(string streamArn) => _byArn.ContainsKey(streamArn);

    public string? Latest(string streamArn)
    {
        var stream = Get(streamArn);
        return SequenceNumbers.Format(LatestPosition(stream, stream.Shards[0]));
    }

    public ChangeBatch Read(string streamArn, string? after, int limit)
    {
        var stream = Get(streamArn);
        var position = after is null ? stream.TrimmedSeq : SequenceNumbers.TryParse(after, out var parsed)
            ? parsed
            : throw new ArgumentException($"'{after}' is not a sequence number.", nameof(after));
        var trimmed = position < stream.TrimmedSeq;
        var records = _store.Read(connection =>
            StreamStore.ReadRecords(connection, stream.Id, Math.Max(position, stream.TrimmedSeq), null, Math.Clamp(limit, 1, MaxRecordsPerCall), MaxBytesPerCall));
        return new ChangeBatch(
            records.Select(r => new ChangeRecord(SequenceNumbers.Format(r.Seq), r.ShardId, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedMs), r.Json)).ToList(),
            records.Count > 0 ? SequenceNumbers.Format(records[^1].Seq) : after,
            trimmed);
    }

    public async Task WaitAsync(string streamArn, string? after, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stream = Get(streamArn);
            var signal = stream.NextSignal;
            var position = after is not null && SequenceNumbers.TryParse(after, out var parsed) ? parsed : 0;
            if (_store.Read(connection => StreamStore.HasRecordAfter(connection, stream.Id, position, null)))
            {
                return;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- the API ------------------------------------------------------------------------------------------------------

    public StreamState Resolve(string streamArn, ResourceScope scope) =>
        _byArn.TryGetValue(streamArn, out var stream) && stream.Account == scope.AccountId && stream.Region == scope.Region
            ? stream
            : throw StreamErrors.StreamNotFound(streamArn);

    public IEnumerable<StreamState> InScope(ResourceScope scope) =>
        _byArn.Values.Where(s => s.Account == scope.AccountId && s.Region == scope.Region);

    /// <summary>Where a reader starting at LATEST in <paramref name="shard"/> begins: after its last committed record.</summary>
    public long LatestPosition(StreamState stream, ShardRow shard)
    {
        if (shard.LastSeq is { } last)
        {
            return last;
        }

        var committed = _store.Read(connection => StreamStore.LastSequenceNumber(connection, stream.Id)) ?? 0;
        return Math.Max(Math.Max(committed, shard.FirstSeq - 1), stream.TrimmedSeq);
    }

    public List<StoredRecord> ReadShard(StreamState stream, ShardRow shard, long after, int limit) =>
        _store.Read(connection => StreamStore.ReadRecords(connection, stream.Id, after, shard.LastSeq, limit, MaxBytesPerCall));

    public bool HasMore(StreamState stream, ShardRow shard, long after) =>
        shard.LastSeq is not { } last || (after < last && _store.Read(connection => StreamStore.HasRecordAfter(connection, stream.Id, after, last)));

    // ---- maintenance ------------------------------------------------------------------------------------------------

    /// <summary>Rolls over shards older than <see cref="ShardLifetime"/>, trims records older than
    /// <see cref="Retention"/>, and drops shards and disabled streams with nothing left to read.</summary>
    public Task MaintainAsync(CancellationToken cancellationToken)
    {
        if (_byArn.IsEmpty)
        {
            return Task.CompletedTask;
        }

        return _store.WriteAsync(connection =>
        {
            var now = _clock.GetUtcNow();
            var nowMs = now.ToUnixTimeMilliseconds();
            var horizonMs = (now - Retention).ToUnixTimeMilliseconds();
            foreach (var stream in _byArn.Values)
            {
                if (stream.DisabledMs is null && stream.OpenShard is { } open && nowMs - open.CreatedMs >= (long)ShardLifetime.TotalMilliseconds)
                {
                    var closed = CloseOpenShard(connection, stream, now);
                    var child = NewShard(closed.ShardId, now);
                    StreamStore.InsertShard(connection, stream.Id, child);
                    stream.Shards = [.. stream.Shards, child];
                }
            }

            foreach (var (streamId, seq) in StreamStore.Trim(connection, horizonMs))
            {
                if (_byArn.Values.FirstOrDefault(s => s.Id == streamId) is { } stream && seq > stream.TrimmedSeq)
                {
                    StreamStore.SetTrimmed(connection, streamId, seq);
                    stream.TrimmedSeq = seq;
                }
            }

            foreach (var stream in _byArn.Values.ToList())
            {
                if (stream.DisabledMs is { } disabled && disabled < horizonMs)
                {
                    StreamStore.DeleteStream(connection, stream.Id);
                    _byArn.TryRemove(stream.Arn, out _);
                    stream.Signal();
                    continue;
                }

                var gone = stream.Shards.Where(s => s.ClosedMs is { } c && c < horizonMs && s.LastSeq <= stream.TrimmedSeq).ToList();
                foreach (var shard in gone)
                {
                    StreamStore.DeleteShard(connection, stream.Id, shard.ShardId);
                }

                if (gone.Count > 0)
                {
                    stream.Shards = [.. stream.Shards.Except(gone)];
                }
            }
        }, cancellationToken);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private StreamState Get(string streamArn) =>
        _byArn.TryGetValue(streamArn, out var stream) ? stream : throw new KeyNotFoundException($"No stream {streamArn}.");

    private ShardRow NewShard(string? parent, DateTimeOffset now) => new(
        $"shardId-{now.ToUnixTimeMilliseconds():D20}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4))}",
        parent,
        Interlocked.Read(ref _lastSequence) + 1,
        null,
        now.ToUnixTimeMilliseconds(),
        null);

    private ShardRow CloseOpenShard(SqliteConnection connection, StreamState stream, DateTimeOffset now)
    {
        var open = stream.OpenShard!;
        var last = StreamStore.LastSequenceNumber(connection, stream.Id) is { } seq && seq >= open.FirstSeq ? seq : open.FirstSeq;

        // An empty shard's range still takes its one number, so no later record shares it.
        long current;
        while ((current = Interlocked.Read(ref _lastSequence)) < last && Interlocked.CompareExchange(ref _lastSequence, last, current) != current)
        {
        }

        var closed = open with { LastSeq = last, ClosedMs = now.ToUnixTimeMilliseconds() };
        StreamStore.CloseShard(connection, stream.Id, open.ShardId, last, now.ToUnixTimeMilliseconds());
        stream.Shards = [.. stream.Shards.Select(s => s.ShardId == open.ShardId ? closed : s)];
        return closed;
    }

    private static byte[] Serialize(StreamState stream, ItemChange change, long sequence, DateTimeOffset now)
    {
        var keys = ItemSize.Of(change.Keys);
        var newImage = stream.ViewType is "NEW_IMAGE" or "NEW_AND_OLD_IMAGES" ? change.NewImage : null;
        var oldImage = stream.ViewType is "OLD_IMAGE" or "NEW_AND_OLD_IMAGES" ? change.OldImage : null;
        var size = keys + (newImage is null ? 0 : ItemSize.Of(newImage)) + (oldImage is null ? 0 : ItemSize.Of(oldImage));

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("eventID"u8, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));
            writer.WriteString("eventName"u8, change.EventName switch
            {
                ItemChangeKind.Insert => "INSERT",
                ItemChangeKind.Modify => "MODIFY",
                _ => "REMOVE",
            });
            writer.WriteString("eventVersion"u8, "1.1");
            writer.WriteString("eventSource"u8, "aws:dynamodb");
            writer.WriteString("awsRegion"u8, stream.Region);
            writer.WriteStartObject("dynamodb"u8);
            writer.WriteNumber("ApproximateCreationDateTime"u8, now.ToUnixTimeSeconds());
            writer.WritePropertyName("Keys"u8);
            AttributeValueJson.WriteItem(writer, change.Keys);
            if (newImage is not null)
            {
                writer.WritePropertyName("NewImage"u8);
                AttributeValueJson.WriteItem(writer, newImage);
            }

            if (oldImage is not null)
            {
                writer.WritePropertyName("OldImage"u8);
                AttributeValueJson.WriteItem(writer, oldImage);
            }

            writer.WriteString("SequenceNumber"u8, SequenceNumbers.Format(sequence));
            writer.WriteNumber("SizeBytes"u8, size);
            writer.WriteString("StreamViewType"u8, stream.ViewType);
            writer.WriteEndObject();
            if (change.ByTimeToLive)
            {
                writer.WriteStartObject("userIdentity"u8);
                writer.WriteString("type"u8, "Service");
                writer.WriteString("principalId"u8, "dynamodb.amazonaws.com");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>One stream as the process keeps it; changed only inside store writes.</summary>
internal sealed class StreamState(StreamRow row)
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Id { get; } = row.Id;

    public string Arn { get; } = row.Arn;

    public string Account { get; } = row.Account;

    public string Region { get; } = row.Region;

    public string TableName { get; } = row.TableName;

    public string Label { get; } = row.Label;

    public string ViewType { get; } = row.ViewType;

    public string KeySchemaJson { get; } = row.KeySchemaJson;

    public long CreatedMs { get; } = row.CreatedMs;

    public long? DisabledMs { get; set; } = row.DisabledMs;

    public long TrimmedSeq { get; set; } = row.TrimmedSeq;

    /// <summary>In sequence order; replaced, never changed in place, so readers may hold it.</summary>
    public IReadOnlyList<ShardRow> Shards { get; set; } = row.Shards;

    public ShardRow? OpenShard => Shards.Count > 0 && Shards[^1].LastSeq is null ? Shards[^1] : null;

    public Task NextSignal => Volatile.Read(ref _signal).Task;

    public void Signal() =>
        Interlocked.Exchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>Sequence numbers on the wire: 21 digits, a leading 1 and the counter zero-padded to 20.</summary>
internal static class SequenceNumbers
{
    public static string Format(long sequence) => "1" + sequence.ToString("D20", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out long sequence)
    {
        sequence = 0;
        return text is { Length: 21 } && text[0] == '1' && text.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0
            && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}

/// <summary>Shard iterators: the stream ARN, then an opaque part naming the shard, the position and when the
/// iterator was made (iterators expire after 15 minutes).</summary>
internal static class ShardIterators
{
    public static string Create(string streamArn, string shardId, long position, DateTimeOffset issued) =>
        $"{streamArn}|1|{Convert.ToBase64String(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{shardId}|{position}|{issued.ToUnixTimeMilliseconds()}")))}";

    public static bool TryParse(string iterator, out (string StreamArn, string ShardId, long Position, long IssuedMs) parsed)
    {
        parsed = default;
        var marker = iterator.LastIndexOf("|1|", StringComparison.Ordinal);
        if (marker <= 0)
        {
            return false;
        }

        string inner;
        try
        {
            inner = Encoding.UTF8.GetString(Convert.FromBase64String(iterator[(marker + 3)..]));
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = inner.Split('|');
        if (parts.Length != 3
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var issued))
        {
            return false;
        }

        parsed = (iterator[..marker], parts[0], position, issued);
        return true;
    }
}
