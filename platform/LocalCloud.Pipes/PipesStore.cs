using System.Text.Json;
using LocalCloud.Core.Storage;
using LocalCloud.Pipes.Model;
using Microsoft.Data.Sqlite;

namespace LocalCloud.Pipes;

/// <summary>
/// Pipes in the local cloud's SQLite store: one row per pipe with its definition (the JSON of
/// <see cref="PipeDefinition"/>) and its source position, which only moves once the target has accepted the records
/// before it. A stream position is the sequence number of the last record handled; <c>null</c> is the trim horizon.
/// </summary>
internal sealed class PipesStore(SqliteStore store)
{
    public static StorageSchema Storage { get; } = new("pipes",
    [
        """
        CREATE TABLE pipes_pipes (
            key TEXT NOT NULL PRIMARY KEY,
            definition TEXT NOT NULL,
            position TEXT
        );
        """,
    ]);

    public Task CreateAsync(PipeDefinition pipe, string? position) =>
        store.WriteAsync(connection =>
        {
            if (Find(connection, pipe.Key) is not null)
            {
                throw PipesErrors.Conflict($"Pipe {pipe.Name} already exists.", pipe.Name);
            }

            connection.Execute(
                "INSERT INTO pipes_pipes (key, definition, position) VALUES ($key, $definition, $position)",
                ("$key", pipe.Key), ("$definition", Serialize(pipe)), ("$position", position));
        });

    public PipeDefinition? Get(string key) => store.Read(connection => Find(connection, key));

    public IReadOnlyList<PipeDefinition> List(string? keyPrefix = null) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = keyPrefix is null
                ? "SELECT definition FROM pipes_pipes ORDER BY key"
                : "SELECT definition FROM pipes_pipes WHERE substr(key, 1, length($prefix)) = $prefix ORDER BY key";
            if (keyPrefix is not null)
            {
                command.Parameters.AddWithValue("$prefix", keyPrefix);
            }

            var pipes = new List<PipeDefinition>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                pipes.Add(Deserialize(reader.GetString(0)));
            }

            return pipes;
        });

    /// <summary>Changes a pipe in one write: <paramref name="change"/> sees the stored definition (throwing to refuse)
    /// and returns the new one, whose revision is then incremented.</summary>
    public Task<PipeDefinition> UpdateAsync(string key, string name, Func<PipeDefinition, PipeDefinition> change) =>
        store.WriteAsync(connection =>
        {
            var current = Find(connection, key) ?? throw PipesErrors.PipeNotFound(name);
            var next = change(current) with { Revision = current.Revision + 1 };
            connection.Execute("UPDATE pipes_pipes SET definition = $definition WHERE key = $key", ("$key", key), ("$definition", Serialize(next)));
            return next;
        });

    /// <summary>Sets the state the supervisor reached, unless the pipe changed since it read
    /// <paramref name="revision"/> (a newer request then wins). Returns the stored pipe, or null when it is gone.</summary>
    public Task<PipeDefinition?> SetStateAsync(string key, long revision, string state, string? reason, DateTimeOffset now) =>
        store.WriteAsync(connection =>
        {
            var current = Find(connection, key);
            if (current is null || current.Revision != revision)
            {
                return current;
            }

            var next = current with { CurrentState = state, StateReason = reason, LastModifiedTime = now, Revision = current.Revision + 1 };
            connection.Execute("UPDATE pipes_pipes SET definition = $definition WHERE key = $key", ("$key", key), ("$definition", Serialize(next)));
            return next;
        });

    public Task DeleteAsync(string key) =>
        store.WriteAsync(connection => connection.Execute("DELETE FROM pipes_pipes WHERE key = $key", ("$key", key)));

    public string? Position(string key) =>
        store.Read(connection => connection.Scalar("SELECT position FROM pipes_pipes WHERE key = $key", ("$key", key)) as string);

    /// <summary>Moves the source position durably; a deleted pipe's position is not recreated.</summary>
    public Task SavePositionAsync(string key, string? position) =>
        store.WriteAsync(connection => connection.Execute("UPDATE pipes_pipes SET position = $position WHERE key = $key", ("$key", key), ("$position", position)));

    private static PipeDefinition? Find(SqliteConnection connection, string key) =>
        connection.Scalar("SELECT definition FROM pipes_pipes WHERE key = $key", ("$key", key)) is string json ? Deserialize(json) : null;

    private static string Serialize(PipeDefinition pipe) => JsonSerializer.Serialize(pipe, PipesModelJsonContext.Default.PipeDefinition);

    private static PipeDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize(json, PipesModelJsonContext.Default.PipeDefinition) ?? throw new InvalidDataException("A stored pipe is empty.");
}
