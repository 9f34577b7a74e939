using System.Text;
using DynamoDbExpressions;
using LocalCloud.DynamoDb.Model;
using LocalCloud.DynamoDb.Streams;
using Microsoft.Data.Sqlite;

namespace LocalCloud.DynamoDb;

/// <summary>The result of one item write inside a transaction: what it did, for capacity and the stream.</summary>
/// <remarks><paramref name="IndexUnits"/> holds the write units of each index the change wrote (a moved index key
/// costs its delete and its put), and no entry for an index it left as it was.</remarks>
internal readonly record struct WriteEffect(bool Changed, int OldSize, int NewSize, IReadOnlyDictionary<string, double>? IndexUnits);

/// <summary>
/// Writes one item change to the table, its secondary indexes and its stream, all on the caller's connection
/// inside its transaction; and the key and item rules every write checks first.
/// </summary>
internal static class ItemWriter
{
    private const int MaxHashKeyBytes = 2048;
    private const int MaxRangeKeyBytes = 1024;

    /// <summary>The key attributes of <paramref name="key"/> (a request's Key) as stored bytes, after DynamoDB's checks.</summary>
    public static (byte[] Pk, byte[] Sk) KeyOf(TableDefinition table, IReadOnlyDictionary<string, AttributeValue> key)
    {
        if (key.Count != (table.RangeKey is null ? 1 : 2))
        {
            throw DynamoDbErrors.Validation("The provided key element does not match the schema");
        }

        var pk = KeyPiece(key, table.HashKey, isHash: true);
        var sk = table.RangeKey is null ? ItemKey.None : KeyPiece(key, table.RangeKey, isHash: false);
        return (pk, sk);
    }

    /// <summary>An item to put: its key attributes present with the schema's types, index keys typed right.</summary>
    public static (byte[] Pk, byte[] Sk) ValidateItem(TableDefinition table, IReadOnlyDictionary<string, AttributeValue> item)
    {
        var pk = ItemKeyPiece(item, table.HashKey, isHash: true);
        var sk = table.RangeKey is null ? ItemKey.None : ItemKeyPiece(item, table.RangeKey, isHash: false);
        CheckIndexKeyTypes(table, item);
        var size = ItemSize.Of(item);
        if (size > ItemSize.MaxItemSize)
        {
            throw DynamoDbErrors.Validation("Item size has exceeded the maximum allowed size");
        }

        return (pk, sk);
    }

    public static void CheckIndexKeyTypes(TableDefinition table, IReadOnlyDictionary<string, AttributeValue> item)
    {
        foreach (var index in table.Indexes)
        {
            foreach (var key in index.Keys)
            {
                if (item.TryGetValue(key.Name, out var value) && value.Type != key.Type)
                {
                    throw DynamoDbErrors.InvalidParameter(
                        $"Type mismatch for Index Key {key.Name} Expected: {key.Type} Actual: {value.Type} IndexName: {index.Name}");
                }

                if (item.TryGetValue(key.Name, out value) && value.Type is AttributeValueType.S or AttributeValueType.B && Length(value) == 0)
                {
                    throw DynamoDbErrors.Validation(
                        $"One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty {(value.Type == AttributeValueType.S ? "string" : "binary")} value. IndexName: {index.Name}, IndexKey: {key.Name}");
                }
            }
        }
    }

    public static long? TimeToLiveOf(TableDefinition table, IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (!table.TimeToLiveEnabled || table.TimeToLiveAttribute is null
            || !item.TryGetValue(table.TimeToLiveAttribute, out var value) || value.Type != AttributeValueType.N)
        {
            return null;
        }

        var text = value.N.ToString();
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        return long.TryParse(whole, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
    }

    /// <summary>
    /// Replaces the stored item at (<paramref name="pk"/>, <paramref name="sk"/>) by <paramref name="next"/> (null
    /// deletes it): the table row, every index entry, and a stream record when the table streams and something
    /// changed. <paramref name="streamed"/> collects the streams that got a record.
    /// </summary>
    public static WriteEffect Write(
        SqliteConnection connection,
        TableDefinition table,
        IStreamRecorder? streams,
        byte[] pk,
        byte[] sk,
        StoredItem? old,
        IReadOnlyDictionary<string, AttributeValue>? next,
        DateTimeOffset now,
        ICollection<string>? streamed,
        bool byTimeToLive = false)
    {
        var oldItem = old?.Item;
        if (oldItem is null && next is null)
        {
            return new WriteEffect(false, 0, 0, null);
        }

        var oldSize = oldItem is null ? 0 : ItemSize.Of(oldItem);
        var newSize = next is null ? 0 : ItemSize.Of(next);
        if (oldItem is not null && next is not null && SameItem(oldItem, next))
        {
            return new WriteEffect(false, oldSize, newSize, null);
        }

        byte[]? json = null;
        if (next is null)
        {
            DynamoDbStore.DeleteItem(connection, table.Id, pk, sk);
        }
        else
        {
            json = DynamoDbStore.Serialize(next);
            DynamoDbStore.PutItem(connection, table.Id, pk, sk, json, newSize, TimeToLiveOf(table, next));
        }

        Dictionary<string, double>? indexUnits = null;
        foreach (var index in table.Indexes)
        {
            var oldKey = oldItem is null ? null : IndexKeyOf(index, oldItem);
            var newKey = next is null ? null : IndexKeyOf(index, next);
            var moved = oldKey is { } o && (newKey is null || !o.Pk.AsSpan().SequenceEqual(newKey.Value.Pk) || !o.Sk.AsSpan().SequenceEqual(newKey.Value.Sk));
            var units = 0.0;
            if (moved)
            {
                DynamoDbStore.DeleteIndexItem(connection, table.Id, index.Name, oldKey!.Value.Pk, oldKey.Value.Sk, pk, sk);
                units += Capacity.Write(0, ItemSize.Of(Project(table, index, oldItem!)));
            }

            if (newKey is { } n)
            {
                var projected = Project(table, index, next!);
                if (moved || oldKey is null || !SameItem(Project(table, index, oldItem!), projected))
                {
                    DynamoDbStore.PutIndexItem(connection, table.Id, index.Name, n.Pk, n.Sk, pk, sk,
                        index.ProjectionType == "ALL" ? json! : DynamoDbStore.Serialize(projected), ItemSize.Of(projected));
                    units += Capacity.Write(0, ItemSize.Of(projected));
                }
            }

            if (units > 0)
            {
                (indexUnits ??= new Dictionary<string, double>(StringComparer.Ordinal))[index.Name] = units;
            }
        }

        if (table.StreamEnabled && streams is not null && table.LatestStreamArn is { } arn)
        {
            var keys = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach (var key in table.Keys)
            {
                keys[key.Name] = (next ?? oldItem)![key.Name];
            }

            var kind = oldItem is null ? ItemChangeKind.Insert : next is null ? ItemChangeKind.Remove : ItemChangeKind.Modify;
            streams.Append(connection, new ItemChange(arn, kind, keys, oldItem, next, byTimeToLive), now);
            streamed?.Add(arn);
        }

        return new WriteEffect(true, oldSize, newSize, indexUnits);
    }

    public static void WriteIndexEntry(SqliteConnection connection, TableDefinition table, IndexDefinition index, byte[] pk, byte[] sk, IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (IndexKeyOf(index, item) is { } key)
        {
            var projected = Project(table, index, item);
            DynamoDbStore.PutIndexItem(connection, table.Id, index.Name, key.Pk, key.Sk, pk, sk, DynamoDbStore.Serialize(projected), ItemSize.Of(projected));
        }
    }

    /// <summary>The index's key bytes for <paramref name="item"/>, or null when the item is not in the (sparse) index.</summary>
    public static (byte[] Pk, byte[] Sk)? IndexKeyOf(IndexDefinition index, IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (!item.TryGetValue(index.HashKey.Name, out var hash) || hash.Type != index.HashKey.Type)
        {
            return null;
        }

        if (index.RangeKey is null)
        {
            return (ItemKey.Encode(hash), ItemKey.None);
        }

        if (!item.TryGetValue(index.RangeKey.Name, out var range) || range.Type != index.RangeKey.Type)
        {
            return null;
        }

        return (ItemKey.Encode(hash), ItemKey.Encode(range));
    }

    /// <summary>What an index keeps of an item: its projection plus the table's and the index's keys.</summary>
    public static Dictionary<string, AttributeValue> Project(TableDefinition table, IndexDefinition index, IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (index.ProjectionType == "ALL")
        {
            return new Dictionary<string, AttributeValue>(item, StringComparer.Ordinal);
        }

        var projected = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var key in table.Keys.Concat(index.Keys))
        {
            if (item.TryGetValue(key.Name, out var value))
            {
                projected[key.Name] = value;
            }
        }

        foreach (var name in index.NonKeyAttributes ?? [])
        {
            if (item.TryGetValue(name, out var value))
            {
                projected[name] = value;
            }
        }

        return projected;
    }

    public static bool SameItem(IReadOnlyDictionary<string, AttributeValue> a, IReadOnlyDictionary<string, AttributeValue> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (name, value) in a)
        {
            if (!b.TryGetValue(name, out var other) || !SameValue(value, other))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equality for change detection: like DynamoDB's, but a number written differently still counts as the
    /// same only when its canonical text is the same.</summary>
    private static bool SameValue(AttributeValue a, AttributeValue b) => a.Equals(b);

    private static byte[] KeyPiece(IReadOnlyDictionary<string, AttributeValue> key, KeyAttribute attribute, bool isHash)
    {
        if (!key.TryGetValue(attribute.Name, out var value) || value.Type != attribute.Type)
        {
            throw DynamoDbErrors.Validation("The provided key element does not match the schema");
        }

        // A request's Key words an empty key value differently from an item's key attribute.
        if (value.Type is AttributeValueType.S or AttributeValueType.B && Length(value) == 0)
        {
            throw DynamoDbErrors.InvalidParameter(
                $"The AttributeValue for a key attribute cannot contain an empty {(value.Type == AttributeValueType.S ? "string" : "binary")} value. Key: {attribute.Name}");
        }

        return CheckedKey(value, attribute, isHash);
    }

    private static byte[] ItemKeyPiece(IReadOnlyDictionary<string, AttributeValue> item, KeyAttribute attribute, bool isHash)
    {
        if (!item.TryGetValue(attribute.Name, out var value))
        {
            throw DynamoDbErrors.InvalidParameter($"Missing the key {attribute.Name} in the item");
        }

        if (value.Type != attribute.Type)
        {
            throw DynamoDbErrors.InvalidParameter($"Type mismatch for key {attribute.Name} expected: {attribute.Type} actual: {value.Type}");
        }

        return CheckedKey(value, attribute, isHash);
    }

    private static byte[] CheckedKey(AttributeValue value, KeyAttribute attribute, bool isHash)
    {
        if (value.Type is AttributeValueType.S or AttributeValueType.B && Length(value) == 0)
        {
            throw DynamoDbErrors.Validation(
                $"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {(value.Type == AttributeValueType.S ? "string" : "binary")} value. Key: {attribute.Name}");
        }

        var bytes = ItemKey.Encode(value);
        if (value.Type != AttributeValueType.N)
        {
            if (isHash && bytes.Length > MaxHashKeyBytes)
            {
                throw DynamoDbErrors.InvalidParameter("Size of hashkey has exceeded the maximum size limit of2048 bytes");
            }

            if (!isHash && bytes.Length > MaxRangeKeyBytes)
            {
                throw DynamoDbErrors.InvalidParameter("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
            }
        }

        return bytes;
    }

    private static int Length(AttributeValue value) =>
        value.Type == AttributeValueType.S ? Encoding.UTF8.GetByteCount(value.S) : value.B.Length;
}
