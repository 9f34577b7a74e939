using System.Text.Json;
using LocalCloud.Core.Storage;

namespace LocalCloud.Lambda.EventSources;

/// <summary>A mapping with what its poller keeps beside the configuration: the result of the last batch and, for
/// streams, the checkpoint (the sequence number of the last record done with; null is the trim horizon).</summary>
internal sealed record StoredMapping(EventSourceMapping Mapping, string LastProcessingResult, string? Position);

/// <summary>Event-source mappings in the local cloud's SQLite store, one row each, with their stream checkpoint
/// and last processing result written by the pollers.</summary>
internal sealed class EventSourceMappingStore(SqliteStore store)
{
    public const string NoRecordsProcessed = "No records processed";

    public static StorageSchema Schema { get; } = new("lambda-event-sources",
    [
        """
        CREATE TABLE lambda_event_source_mappings (
            uuid TEXT NOT NULL PRIMARY KEY,
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            config TEXT NOT NULL,
            last_result TEXT NOT NULL,
            position TEXT NULL);
        """,
    ]);

    public List<StoredMapping> LoadAll() => store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT config, last_result, position FROM lambda_event_source_mappings ORDER BY created_ms, uuid";
        using var reader = command.ExecuteReader();
        var mappings = new List<StoredMapping>();
        while (reader.Read())
        {
            var mapping = JsonSerializer.Deserialize(reader.GetString(0), EventSourceModelJsonContext.Default.EventSourceMapping)!;
            mappings.Add(new StoredMapping(mapping, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return mappings;
    });

    public string? Position(string uuid) => store.Read(connection =>
        connection.Scalar("SELECT position FROM lambda_event_source_mappings WHERE uuid = $u", ("$u", uuid)) as string);

    public Task InsertAsync(EventSourceMapping mapping, string? position) => store.WriteAsync(connection =>
        connection.Execute(
            "INSERT INTO lambda_event_source_mappings (uuid, account, region, created_ms, config, last_result, position) VALUES ($u, $a, $r, $c, $j, $l, $p)",
            ("$u", mapping.Uuid),
            ("$a", mapping.Account),
            ("$r", mapping.Region),
            ("$c", mapping.CreatedMs),
            ("$j", Json(mapping)),
            ("$l", NoRecordsProcessed),
            ("$p", position)));

    public Task UpdateAsync(EventSourceMapping mapping) => store.WriteAsync(connection =>
        connection.Execute("UPDATE lambda_event_source_mappings SET config = $j WHERE uuid = $u", ("$u", mapping.Uuid), ("$j", Json(mapping))));

    public Task DeleteAsync(string uuid) => store.WriteAsync(connection =>
        connection.Execute("DELETE FROM lambda_event_source_mappings WHERE uuid = $u", ("$u", uuid)));

    /// <summary>Records the result of a batch and, when <paramref name="position"/> is given, moves the checkpoint.</summary>
    public Task SaveProgressAsync(string uuid, string lastResult, string? position, bool movePosition) => store.WriteAsync(connection =>
        connection.Execute(
            movePosition
                ? "UPDATE lambda_event_source_mappings SET last_result = $l, position = $p WHERE uuid = $u"
                : "UPDATE lambda_event_source_mappings SET last_result = $l WHERE uuid = $u",
            ("$u", uuid),
            ("$l", lastResult),
            ("$p", position)));

    private static string Json(EventSourceMapping mapping) => JsonSerializer.Serialize(mapping, EventSourceModelJsonContext.Default.EventSourceMapping);
}
