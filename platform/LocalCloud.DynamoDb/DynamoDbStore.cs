using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using DynamoDbExpressions;
using LocalCloud.Core.Storage;
using LocalCloud.DynamoDb.Model;
using Microsoft.Data.Sqlite;

namespace LocalCloud.DynamoDb;

/// <summary>One stored item: its key bytes and its wire JSON.</summary>
internal sealed class StoredItem(byte[] partitionKey, byte[] sortKey, byte[] json)
{
    private Dictionary<string, AttributeValue>? _item;

    public byte[] PartitionKey { get; } = partitionKey;

    public byte[] SortKey { get; } = sortKey;

    public byte[] Json { get; } = json;

    public Dictionary<string, AttributeValue> Item => _item ??= Parse(Json);

    private static Dictionary<string, AttributeValue> Parse(byte[] json)
    {
        var reader = new Utf8JsonReader(json, AttributeValueJson.ReaderOptions);
        reader.Read();
        return AttributeValueJson.ReadItem(ref reader);
    }
}

/// <summary>
/// DynamoDB's persistence on the local cloud's SQLite store: table definitions (JSON, one row each), items keyed
/// by (table, partition key bytes, sort key bytes) so a query is a range scan in DynamoDB's key order, and the
/// projected copies of items in each secondary index, kept in the same transaction as the item.
/// </summary>
internal static class DynamoDbStore
{
    public static readonly StorageSchema Schema = new("dynamodb",
    [
        """
        CREATE TABLE ddb_tables (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            name TEXT NOT NULL,
            definition TEXT NOT NULL,
            UNIQUE (account, region, name));
        CREATE TABLE ddb_items (
            table_id INTEGER NOT NULL,
            pk BLOB NOT NULL,
            sk BLOB NOT NULL,
            item BLOB NOT NULL,
            size INTEGER NOT NULL,
            ttl INTEGER,
            PRIMARY KEY (table_id, pk, sk)) WITHOUT ROWID;
        CREATE INDEX ddb_items_ttl ON ddb_items (ttl) WHERE ttl IS NOT NULL;
        CREATE TABLE ddb_index_items (
            table_id INTEGER NOT NULL,
            index_name TEXT NOT NULL,
            pk BLOB NOT NULL,
            sk BLOB NOT NULL,
            tpk BLOB NOT NULL,
            tsk BLOB NOT NULL,
            item BLOB NOT NULL,
            size INTEGER NOT NULL,
            PRIMARY KEY (table_id, index_name, pk, sk, tpk, tsk)) WITHOUT ROWID;
        CREATE TABLE ddb_transactions (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            token TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            expires_ms INTEGER NOT NULL,
            PRIMARY KEY (account, region, token)) WITHOUT ROWID;
        """,
        "CREATE INDEX ddb_transactions_expiry ON ddb_transactions (expires_ms);",
    ]);

    public static IReadOnlyList<TableDefinition> LoadTables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, definition FROM ddb_tables";
        using var reader = command.ExecuteReader();
        var tables = new List<TableDefinition>();
        while (reader.Read())
        {
            var table = JsonSerializer.Deserialize(reader.GetString(1), DynamoDbStoreJsonContext.Default.TableDefinition)!;
            table.Id = reader.GetInt64(0);
            tables.Add(table);
        }

        return tables;
    }

    public static long InsertTable(SqliteConnection connection, TableDefinition table)
    {
        connection.Execute(
            "INSERT INTO ddb_tables (account, region, name, definition) VALUES ($a, $r, $n, $d)",
            ("$a", table.AccountId), ("$r", table.Region), ("$n", table.Name),
            ("$d", JsonSerializer.Serialize(table, DynamoDbStoreJsonContext.Default.TableDefinition)));
        return (long)connection.Scalar("SELECT last_insert_rowid()")!;
    }

    public static void SaveTable(SqliteConnection connection, TableDefinition table) =>
        connection.Execute(
            "UPDATE ddb_tables SET definition = $d WHERE id = $id",
            ("$d", JsonSerializer.Serialize(table, DynamoDbStoreJsonContext.Default.TableDefinition)), ("$id", table.Id));

    public static void DeleteTable(SqliteConnection connection, TableDefinition table)
    {
        connection.Execute("DELETE FROM ddb_items WHERE table_id = $id", ("$id", table.Id));
        connection.Execute("DELETE FROM ddb_index_items WHERE table_id = $id", ("$id", table.Id));
        connection.Execute("DELETE FROM ddb_tables WHERE id = $id", ("$id", table.Id));
    }

    public static StoredItem? GetItem(SqliteConnection connection, long tableId, byte[] partitionKey, byte[] sortKey)
    {
        using var lease = connection.Statement("SELECT item FROM ddb_items WHERE table_id = $t AND pk = $p AND sk = $s");
        lease.Bind(("$t", tableId), ("$p", partitionKey), ("$s", sortKey));
        using var reader = lease.Command.ExecuteReader();
        return reader.Read() ? new StoredItem(partitionKey, sortKey, (byte[])reader.GetValue(0)) : null;
    }

    public static void PutItem(SqliteConnection connection, long tableId, byte[] partitionKey, byte[] sortKey, byte[] json, int size, long? ttl) =>
        connection.Execute(
            "INSERT INTO ddb_items (table_id, pk, sk, item, size, ttl) VALUES ($t, $p, $s, $i, $z, $ttl) " +
            "ON CONFLICT (table_id, pk, sk) DO UPDATE SET item = excluded.item, size = excluded.size, ttl = excluded.ttl",
            ("$t", tableId), ("$p", partitionKey), ("$s", sortKey), ("$i", json), ("$z", size), ("$ttl", ttl));

    public static void DeleteItem(SqliteConnection connection, long tableId, byte[] partitionKey, byte[] sortKey) =>
        connection.Execute(
            "DELETE FROM ddb_items WHERE table_id = $t AND pk = $p AND sk = $s",
            ("$t", tableId), ("$p", partitionKey), ("$s", sortKey));

    public static void PutIndexItem(SqliteConnection connection, long tableId, string index, byte[] pk, byte[] sk, byte[] tpk, byte[] tsk, byte[] json, int size) =>
        connection.Execute(
            "INSERT OR REPLACE INTO ddb_index_items (table_id, index_name, pk, sk, tpk, tsk, item, size) VALUES ($t, $x, $p, $s, $tp, $ts, $i, $z)",
            ("$t", tableId), ("$x", index), ("$p", pk), ("$s", sk), ("$tp", tpk), ("$ts", tsk), ("$i", json), ("$z", size));

    public static void DeleteIndexItem(SqliteConnection connection, long tableId, string index, byte[] pk, byte[] sk, byte[] tpk, byte[] tsk) =>
        connection.Execute(
            "DELETE FROM ddb_index_items WHERE table_id = $t AND index_name = $x AND pk = $p AND sk = $s AND tpk = $tp AND tsk = $ts",
            ("$t", tableId), ("$x", index), ("$p", pk), ("$s", sk), ("$tp", tpk), ("$ts", tsk));

    public static void DeleteIndex(SqliteConnection connection, long tableId, string index) =>
        connection.Execute("DELETE FROM ddb_index_items WHERE table_id = $t AND index_name = $x", ("$t", tableId), ("$x", index));

    public static (long Count, long Bytes) Measure(SqliteConnection connection, long tableId, string? index)
    {
        using var command = connection.CreateCommand();
        command.CommandText = index is null
            ? "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM ddb_items WHERE table_id = $t"
            : "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM ddb_index_items WHERE table_id = $t AND index_name = $x";
        command.Parameters.AddWithValue("$t", tableId);
        if (index is not null)
        {
            command.Parameters.AddWithValue("$x", index);
        }

        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Every item of a table, in key order, for backfilling an index or the TTL column.</summary>
    public static List<StoredItem> AllItems(SqliteConnection connection, long tableId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT pk, sk, item FROM ddb_items WHERE table_id = $t ORDER BY pk, sk";
        command.Parameters.AddWithValue("$t", tableId);
        using var reader = command.ExecuteReader();
        var items = new List<StoredItem>();
        while (reader.Read())
        {
            items.Add(new StoredItem((byte[])reader.GetValue(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2)));
        }

        return items;
    }

    public static void SetTimeToLive(SqliteConnection connection, long tableId, byte[] pk, byte[] sk, long? ttl) =>
        connection.Execute(
            "UPDATE ddb_items SET ttl = $ttl WHERE table_id = $t AND pk = $p AND sk = $s",
            ("$ttl", ttl), ("$t", tableId), ("$p", pk), ("$s", sk));

    /// <summary>Items whose TTL is in [<paramref name="fromSeconds"/>, <paramref name="nowSeconds"/>), at most <paramref name="limit"/>.</summary>
    public static List<(long TableId, StoredItem Item)> Expired(SqliteConnection connection, long fromSeconds, long nowSeconds, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_id, pk, sk, item FROM ddb_items WHERE ttl >= $from AND ttl < $now LIMIT $n";
        command.Parameters.AddWithValue("$from", fromSeconds);
        command.Parameters.AddWithValue("$now", nowSeconds);
        command.Parameters.AddWithValue("$n", limit);
        using var reader = command.ExecuteReader();
        var expired = new List<(long, StoredItem)>();
        while (reader.Read())
        {
            expired.Add((reader.GetInt64(0), new StoredItem((byte[])reader.GetValue(1), (byte[])reader.GetValue(2), (byte[])reader.GetValue(3))));
        }

        return expired;
    }

    /// <summary>
    /// The rows of one key range of a table (no index name) or index, in key order or reverse,
    /// after an exclusive start position, streamed to <paramref name="visit"/> until it returns false.
    /// </summary>
    public static void ReadRange(SqliteConnection connection, KeyRange range, Func<RangeRow, bool> visit)
    {
        using var command = connection.CreateCommand();
        var index = range.IndexName is not null;
        var sql = new System.Text.StringBuilder(index
            ? "SELECT pk, sk, tpk, tsk, item, size FROM ddb_index_items WHERE table_id = $t AND index_name = $x"
            : "SELECT pk, sk, pk, sk, item, size FROM ddb_items WHERE table_id = $t");
        command.Parameters.AddWithValue("$t", range.TableId);
        if (index)
        {
            command.Parameters.AddWithValue("$x", range.IndexName);
        }

        if (range.PartitionKey is { } pk)
        {
            sql.Append(" AND pk = $p");
            command.Parameters.AddWithValue("$p", pk);
        }

        if (range.SortLower is { } lower)
        {
            sql.Append(range.SortLowerInclusive ? " AND sk >= $lo" : " AND sk > $lo");
            command.Parameters.AddWithValue("$lo", lower);
        }

        if (range.SortUpper is { } upper)
        {
            sql.Append(range.SortUpperInclusive ? " AND sk <= $hi" : " AND sk < $hi");
            command.Parameters.AddWithValue("$hi", upper);
        }

        if (range.StartAfter is { } start)
        {
            var op = range.Forward ? ">" : "<";
            if (range.PartitionKey is null)
            {
                sql.Append(index ? $" AND (pk, sk, tpk, tsk) {op} ($sp, $ss, $stp, $sts)" : $" AND (pk, sk) {op} ($sp, $ss)");
                command.Parameters.AddWithValue("$sp", start.PartitionKey);
            }
            else
            {
                sql.Append(index ? $" AND (sk, tpk, tsk) {op} ($ss, $stp, $sts)" : $" AND sk {op} $ss");
            }

            command.Parameters.AddWithValue("$ss", start.SortKey);
            if (index)
            {
                command.Parameters.AddWithValue("$stp", start.TablePartitionKey);
                command.Parameters.AddWithValue("$sts", start.TableSortKey);
            }
        }

        var direction = range.Forward ? "ASC" : "DESC";
        sql.Append(index
            ? $" ORDER BY pk {direction}, sk {direction}, tpk {direction}, tsk {direction}"
            : $" ORDER BY pk {direction}, sk {direction}");
        command.CommandText = sql.ToString();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new RangeRow(
                (byte[])reader.GetValue(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2), (byte[])reader.GetValue(3),
                (byte[])reader.GetValue(4), reader.GetInt32(5));
            if (!visit(row))
            {
                return;
            }
        }
    }

    public static bool RecordTransaction(SqliteConnection connection, string account, string region, string token, string requestHash, long nowMs, out bool sameRequest)
    {
        connection.Execute("DELETE FROM ddb_transactions WHERE expires_ms < $now", ("$now", nowMs));
        var existing = connection.Scalar(
            "SELECT request_hash FROM ddb_transactions WHERE account = $a AND region = $r AND token = $t",
            ("$a", account), ("$r", region), ("$t", token)) as string;
        if (existing is not null)
        {
            sameRequest = existing == requestHash;
            return false;
        }

        connection.Execute(
            "INSERT INTO ddb_transactions (account, region, token, request_hash, expires_ms) VALUES ($a, $r, $t, $h, $e)",
            ("$a", account), ("$r", region), ("$t", token), ("$h", requestHash), ("$e", nowMs + (long)TimeSpan.FromMinutes(10).TotalMilliseconds));
        sameRequest = true;
        return true;
    }

    public static byte[] Serialize(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            AttributeValueJson.WriteItem(writer, item);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>A position in a table or index: the row's own key and, for an index, its table key.</summary>
internal sealed record KeyPosition(byte[] PartitionKey, byte[] SortKey, byte[] TablePartitionKey, byte[] TableSortKey);

internal sealed record KeyRange(long TableId, string? IndexName)
{
    public byte[]? PartitionKey { get; init; }

    public byte[]? SortLower { get; init; }

    public bool SortLowerInclusive { get; init; }

    public byte[]? SortUpper { get; init; }

    public bool SortUpperInclusive { get; init; }

    public KeyPosition? StartAfter { get; init; }

    public bool Forward { get; init; } = true;
}

internal readonly record struct RangeRow(byte[] PartitionKey, byte[] SortKey, byte[] TablePartitionKey, byte[] TableSortKey, byte[] Json, int Size);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TableDefinition))]
internal sealed partial class DynamoDbStoreJsonContext : JsonSerializerContext;
