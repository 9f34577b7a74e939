using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.DynamoDb.Streams;

namespace LocalCloud.DynamoDb;

/// <summary>What <c>localcloud status</c> shows under <c>dynamodb</c>: tables, items, index entries, streams and
/// stream records.</summary>
internal sealed class DynamoDbStatus(DynamoDbTables tables, DynamoDbStreams streams) : IStatusContributor
{
    public string Name => "dynamodb";

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var (items, indexEntries, records) = tables.Store.Read(connection => (
            (long)connection.Scalar("SELECT COUNT(*) FROM ddb_items")!,
            (long)connection.Scalar("SELECT COUNT(*) FROM ddb_index_items")!,
            (long)connection.Scalar("SELECT COUNT(*) FROM ddb_stream_records")!));
        return ValueTask.FromResult<JsonNode?>(new JsonObject
        {
            ["tables"] = tables.Count,
            ["items"] = items,
            ["indexEntries"] = indexEntries,
            ["streams"] = streams.All.Count(s => s.DisabledMs is null),
            ["streamRecords"] = records,
        });
    }
}
