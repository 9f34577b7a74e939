using DynamoDbExpressions;
using LocalCloud.Core.Hosting;
using Microsoft.Data.Sqlite;

namespace LocalCloud.DynamoDb.Streams;

/// <summary>
/// What the table side (tables and items) tells the stream side (DynamoDB Streams and the in-process
/// stream port). Every call but <see cref="Committed"/> runs inside the table side's
/// <c>SqliteStore.WriteAsync</c> work, on its connection, so a stream record commits or rolls back with
/// the item change that produced it.
/// </summary>
public interface IStreamRecorder
{
    /// <summary>Starts a new stream for <paramref name="table"/> (CreateTable with a
    /// <c>StreamSpecification</c>, or UpdateTable enabling it) and returns its ARN,
    /// <c>arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL</c> with a new label.</summary>
    string EnableStream(SqliteConnection connection, StreamedTable table, string streamViewType, DateTimeOffset now);

    /// <summary>The stream takes no more records (UpdateTable disabling it, DeleteTable); it stays
    /// readable until its records expire.</summary>
    void DisableStream(SqliteConnection connection, string streamArn, DateTimeOffset now);

    /// <summary>One record for one item change, in call order. Only called for changes that changed
    /// something, on a table whose stream is enabled.</summary>
    void Append(SqliteConnection connection, ItemChange change, DateTimeOffset now);

    /// <summary>After the write that appended records to <paramref name="streamArn"/> committed: wakes
    /// in-process readers. Called outside the write.</summary>
    void Committed(string streamArn);
}

/// <summary>A table as its stream describes it.</summary>
public sealed record StreamedTable(ResourceScope Scope, string TableName, string TableArn, IReadOnlyList<StreamKeyElement> KeySchema);

/// <summary>One key schema element: <c>KeyType</c> is <c>HASH</c> or <c>RANGE</c>.</summary>
public sealed record StreamKeyElement(string AttributeName, string KeyType);

/// <summary>
/// One item change. <paramref name="OldImage"/> and <paramref name="NewImage"/> are whole items
/// (null for an insert's old image and a removal's new image); the stream side keeps what the
/// stream's view type asks for. <paramref name="ByTimeToLive"/> marks deletions by the TTL sweep.
/// </summary>
public sealed record ItemChange(
    string StreamArn,
    ItemChangeKind EventName,
    IReadOnlyDictionary<string, AttributeValue> Keys,
    IReadOnlyDictionary<string, AttributeValue>? OldImage,
    IReadOnlyDictionary<string, AttributeValue>? NewImage,
    bool ByTimeToLive = false);

public enum ItemChangeKind
{
    Insert,
    Modify,
    Remove,
}
