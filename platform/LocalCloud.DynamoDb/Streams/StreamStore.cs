using LocalCloud.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LocalCloud.DynamoDb.Streams;

/// <summary>
/// DynamoDB Streams' persistence: one row per stream, one per shard, and the records, keyed by
/// (stream, sequence number) so a reader's next page is a range scan. Records are written in the same
/// SQLite transaction as the item change they describe.
/// </summary>
internal static class StreamStore
{
    public static readonly StorageSchema Schema = new("dynamodb-streams",
    [
        """
        CREATE TABLE ddb_streams (
            id INTEGER PRIMARY KEY,
            arn TEXT NOT NULL UNIQUE,
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            table_name TEXT NOT NULL,
            table_arn TEXT NOT NULL,
            label TEXT NOT NULL,
            view_type TEXT NOT NULL,
            key_schema TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            disabled_ms INTEGER,
            trimmed_seq INTEGER NOT NULL);
        CREATE TABLE ddb_stream_shards (
            stream_id INTEGER NOT NULL,
            shard_id TEXT NOT NULL,
            parent_shard_id TEXT,
            first_seq INTEGER NOT NULL,
            last_seq INTEGER,
            created_ms INTEGER NOT NULL,
            closed_ms INTEGER,
            PRIMARY KEY (stream_id, shard_id)) WITHOUT ROWID;
        CREATE TABLE ddb_stream_records (
            stream_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            shard_id TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            record BLOB NOT NULL,
            PRIMARY KEY (stream_id, seq)) WITHOUT ROWID;
        CREATE INDEX ddb_stream_records_age ON ddb_stream_records (created_ms);
        """,
    ]);

    public static List<StreamRow> LoadStreams(SqliteConnection connection)
    {
        var streams = new List<StreamRow>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT id, arn, account, region, table_name, table_arn, label, view_type, key_schema, created_ms, disabled_ms, trimmed_seq FROM ddb_streams ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                streams.Add(new StreamRow(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetInt64(9), reader.IsDBNull(10) ? null : reader.GetInt64(10),
                    reader.GetInt64(11), []));
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT stream_id, shard_id, parent_shard_id, first_seq, last_seq, created_ms, closed_ms FROM ddb_stream_shards ORDER BY stream_id, first_seq, created_ms";
            using var reader = command.ExecuteReader();
            var byId = streams.ToDictionary(s => s.Id);
            while (reader.Read())
            {
                if (byId.TryGetValue(reader.GetInt64(0), out var stream))
                {
                    stream.Shards.Add(new ShardRow(
                        reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3),
                        reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
                }
            }
        }

        return streams;
    }

    public static long HighestSequenceNumber(SqliteConnection connection) =>
        (long)connection.Scalar(
            "SELECT MAX(m) FROM (SELECT COALESCE(MAX(seq), 0) AS m FROM ddb_stream_records " +
            "UNION ALL SELECT COALESCE(MAX(first_seq), 0) FROM ddb_stream_shards " +
            "UNION ALL SELECT COALESCE(MAX(last_seq), 0) FROM ddb_stream_shards " +
            "UNION ALL SELECT COALESCE(MAX(trimmed_seq), 0) FROM ddb_streams)")!;

    public static long InsertStream(SqliteConnection connection, StreamRow stream)
    {
        connection.Execute(
            "INSERT INTO ddb_streams (arn, account, region, table_name, table_arn, label, view_type, key_schema, created_ms, disabled_ms, trimmed_seq) " +
            "VALUES ($arn, $a, $r, $t, $ta, $l, $v, $k, $c, NULL, $trim)",
            ("$arn", stream.Arn), ("$a", stream.Account), ("$r", stream.Region), ("$t", stream.TableName), ("$ta", stream.TableArn),
            ("$l", stream.Label), ("$v", stream.ViewType), ("$k", stream.KeySchemaJson), ("$c", stream.CreatedMs), ("$trim", stream.TrimmedSeq));
        return (long)connection.Scalar("SELECT last_insert_rowid()")!;
    }

    public static void DisableStream(SqliteConnection connection, long streamId, long disabledMs) =>
        connection.Execute("UPDATE ddb_streams SET disabled_ms = $d WHERE id = $id", ("$d", disabledMs), ("$id", streamId));

    public static void SetTrimmed(SqliteConnection connection, long streamId, long trimmedSeq) =>
        connection.Execute("UPDATE ddb_streams SET trimmed_seq = $s WHERE id = $id", ("$s", trimmedSeq), ("$id", streamId));

    public static void DeleteStream(SqliteConnection connection, long streamId)
    {
        connection.Execute("DELETE FROM ddb_stream_records WHERE stream_id = $id", ("$id", streamId));
        connection.Execute("DELETE FROM ddb_stream_shards WHERE stream_id = $id", ("$id", streamId));
        connection.Execute("DELETE FROM ddb_streams WHERE id = $id", ("$id", streamId));
    }

    public static void InsertShard(SqliteConnection connection, long streamId, ShardRow shard) =>
        connection.Execute(
            "INSERT INTO ddb_stream_shards (stream_id, shard_id, parent_shard_id, first_seq, last_seq, created_ms, closed_ms) VALUES ($s, $id, $p, $f, NULL, $c, NULL)",
            ("$s", streamId), ("$id", shard.ShardId), ("$p", shard.ParentShardId), ("$f", shard.FirstSeq), ("$c", shard.CreatedMs));

    public static void CloseShard(SqliteConnection connection, long streamId, string shardId, long lastSeq, long closedMs) =>
        connection.Execute(
            "UPDATE ddb_stream_shards SET last_seq = $l, closed_ms = $c WHERE stream_id = $s AND shard_id = $id",
            ("$l", lastSeq), ("$c", closedMs), ("$s", streamId), ("$id", shardId));

    public static void DeleteShard(SqliteConnection connection, long streamId, string shardId) =>
        connection.Execute("DELETE FROM ddb_stream_shards WHERE stream_id = $s AND shard_id = $id", ("$s", streamId), ("$id", shardId));

    public static void InsertRecord(SqliteConnection connection, long streamId, long seq, string shardId, long createdMs, byte[] record) =>
        connection.Execute(
            "INSERT INTO ddb_stream_records (stream_id, seq, shard_id, created_ms, record) VALUES ($s, $q, $sh, $c, $r)",
            ("$s", streamId), ("$q", seq), ("$sh", shardId), ("$c", createdMs), ("$r", record));

    /// <summary>Deletes the records written before <paramref name="beforeMs"/> and returns the highest sequence
    /// number deleted per stream.</summary>
    public static Dictionary<long, long> Trim(SqliteConnection connection, long beforeMs)
    {
        var trimmed = new Dictionary<long, long>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT stream_id, MAX(seq) FROM ddb_stream_records WHERE created_ms < $b GROUP BY stream_id";
            command.Parameters.AddWithValue("$b", beforeMs);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                trimmed[reader.GetInt64(0)] = reader.GetInt64(1);
            }
        }

        foreach (var (streamId, seq) in trimmed)
        {
            connection.Execute("DELETE FROM ddb_stream_records WHERE stream_id = $s AND seq <= $q", ("$s", streamId), ("$q", seq));
        }

        return trimmed;
    }

    public static bool HasRecordAfter(SqliteConnection connection, long streamId, long after, long? upTo)
    {
        using var lease = connection.Statement("SELECT 1 FROM ddb_stream_records WHERE stream_id = $s AND seq > $a AND seq <= $u LIMIT 1");
        lease.Bind(("$s", streamId), ("$a", after), ("$u", upTo ?? long.MaxValue));
        using var reader = lease.Command.ExecuteReader();
        return reader.Read();
    }

    public static long? LastSequenceNumber(SqliteConnection connection, long streamId) =>
        connection.Scalar("SELECT MAX(seq) FROM ddb_stream_records WHERE stream_id = $s", ("$s", streamId)) is long seq ? seq : null;

    /// <summary>Records after <paramref name="after"/> (and up to <paramref name="upTo"/> when given), in order, until
    /// <paramref name="limit"/> records or <paramref name="maxBytes"/> of record JSON.</summary>
    public static List<StoredRecord> ReadRecords(SqliteConnection connection, long streamId, long after, long? upTo, int limit, int maxBytes)
    {
        using var lease = connection.Statement(
            "SELECT seq, shard_id, created_ms, record FROM ddb_stream_records WHERE stream_id = $s AND seq > $a AND seq <= $u ORDER BY seq LIMIT $n");
        lease.Bind(("$s", streamId), ("$a", after), ("$u", upTo ?? long.MaxValue), ("$n", limit));
        using var reader = lease.Command.ExecuteReader();
        var records = new List<StoredRecord>();
        var bytes = 0;
        while (reader.Read())
        {
            var json = (byte[])reader.GetValue(3);
            if (records.Count > 0 && bytes + json.Length > maxBytes)
            {
                break;
            }

            bytes += json.Length;
            records.Add(new StoredRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), json));
        }

        return records;
    }
}

internal sealed record StreamRow(
    long Id,
    string Arn,
    string Account,
    string Region,
    string TableName,
    string TableArn,
    string Label,
    string ViewType,
    string KeySchemaJson,
    long CreatedMs,
    long? DisabledMs,
    long TrimmedSeq,
    List<ShardRow> Shards);

internal sealed record ShardRow(string ShardId, string? ParentShardId, long FirstSeq, long? LastSeq, long CreatedMs, long? ClosedMs);

internal sealed record StoredRecord(long Seq, string ShardId, long CreatedMs, byte[] Json);
