using System.Text;
using System.Text.Json;
using LocalCloud.Core.Storage;
using Microsoft.Data.Sqlite;

using LocalCloud.Core.Hosting;
using LocalCloud.Core.Paging;
using LocalCloud.Schemas.Model;
using LocalCloud.Schemas.Wire;

namespace LocalCloud.Schemas;

/// <summary>Registries, schemas and their versions in the local cloud's SQLite store.</summary>
internal sealed class SchemasStore(SqliteStore store)
{
    public static StorageSchema Storage { get; } = new("schemas",
    [
        """
        CREATE TABLE schemas_registries (
            name TEXT NOT NULL PRIMARY KEY,
            description TEXT,
            tags TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE schemas_schemas (
            registry TEXT NOT NULL REFERENCES schemas_registries(name) ON DELETE CASCADE,
            name TEXT NOT NULL,
            description TEXT,
            tags TEXT NOT NULL,
            last_modified INTEGER NOT NULL,
            next_version INTEGER NOT NULL,
            PRIMARY KEY (registry, name)
        );
        CREATE TABLE schemas_versions (
            registry TEXT NOT NULL,
            schema TEXT NOT NULL,
            version INTEGER NOT NULL,
            type TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (registry, schema, version),
            FOREIGN KEY (registry, schema) REFERENCES schemas_schemas(registry, name) ON DELETE CASCADE
        );
        """,
        // Registries are regional (ACCOUNT:REGION:NAME keys). State from before this migration moves to the
        // default account in us-east-1.
        """
        PRAGMA defer_foreign_keys = ON;
        UPDATE schemas_versions SET registry = '000000000000:us-east-1:' || registry;
        UPDATE schemas_schemas SET registry = '000000000000:us-east-1:' || registry;
        UPDATE schemas_registries SET name = '000000000000:us-east-1:' || name;
        """,
    ]);

    public Task<RegistryRecord> CreateRegistryAsync(string name, string? description, IReadOnlyDictionary<string, string> tags, DateTimeOffset now) =>
        store.WriteAsync(connection =>
        {
            if (FindRegistry(connection, name) is not null)
            {
                throw SchemasErrors.Conflict($"Registry {RegistryKeys.Name(name)} already exists.");
            }

            Execute(connection, "INSERT INTO schemas_registries (name, description, tags, created_at) VALUES ($name, $description, $tags, $now)",
                ("$name", name), ("$description", description), ("$tags", TagsJson(tags)), ("$now", now.ToUnixTimeMilliseconds()));
            return new RegistryRecord(name, description, tags);
        });

    public RegistryRecord? GetRegistry(string name) => store.Read(connection => FindRegistry(connection, name));

    public Task<RegistryRecord> UpdateRegistryAsync(string name, string? description) =>
        store.WriteAsync(connection =>
        {
            var registry = FindRegistry(connection, name) ?? throw RegistryNotFound(name);
            Execute(connection, "UPDATE schemas_registries SET description = $description WHERE name = $name", ("$name", name), ("$description", description));
            return registry with { Description = description };
        });

    public Task DeleteRegistryAsync(string name) =>
        store.WriteAsync(connection =>
        {
            if (Execute(connection, "DELETE FROM schemas_registries WHERE name = $name", ("$name", name)) == 0)
            {
                throw RegistryNotFound(name);
            }
        });

    public Page<RegistryRecord> ListRegistries(string? prefix, string? nextToken, int limit) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, description, tags FROM schemas_registries WHERE name > $after AND substr(name, 1, length($prefix)) = $prefix ORDER BY name LIMIT $limit";
            command.Parameters.AddWithValue("$after", DecodeToken(nextToken) ?? string.Empty);
            command.Parameters.AddWithValue("$prefix", prefix ?? string.Empty);
            command.Parameters.AddWithValue("$limit", limit + 1);
            var items = new List<RegistryRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                items.Add(new RegistryRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), ParseTags(reader.GetString(2))));
            }

            return Paginate(items, limit, r => r.Name);
        });

    public Task<SchemaState> CreateSchemaAsync(string registry, string name, string type, string content, string? description, IReadOnlyDictionary<string, string> tags, DateTimeOffset now) =>
        store.WriteAsync(connection =>
        {
            _ = FindRegistry(connection, registry) ?? throw RegistryNotFound(registry);
            if (FindSchema(connection, registry, name) is not null)
            {
                throw SchemasErrors.Conflict($"Schema {name} already exists in registry {RegistryKeys.Name(registry)}.");
            }

            var millis = now.ToUnixTimeMilliseconds();
            Execute(connection, "INSERT INTO schemas_schemas (registry, name, description, tags, last_modified, next_version) VALUES ($registry, $name, $description, $tags, $now, 2)",
                ("$registry", registry), ("$name", name), ("$description", description), ("$tags", TagsJson(tags)), ("$now", millis));
            InsertVersion(connection, registry, name, 1, type, content, millis);
            return new SchemaState(
                new SchemaRecord(registry, name, description, tags, FromMillis(millis), 1),
                new SchemaVersionRecord(1, type, content, FromMillis(millis)));
        });

    /// <summary>
    /// Applies an update. A new version is made when the content (compared as JSON) or the type differs
    /// from the latest version; a description-only update changes the schema without a version.
    /// </summary>
    public Task<SchemaState> UpdateSchemaAsync(string registry, string name, string? type, string? content, string? description, DateTimeOffset now) =>
        store.WriteAsync(connection =>
        {
            var schema = FindSchema(connection, registry, name) ?? throw SchemaNotFound(registry, name);
            var latest = FindVersion(connection, registry, name, null) ?? throw SchemaNotFound(registry, name);
            var newType = type ?? latest.Type;
            var newContent = content ?? latest.Content;
            var millis = now.ToUnixTimeMilliseconds();
            var version = latest;
            if (newType != latest.Type || !SchemaContent.SameDocument(newContent, latest.Content))
            {
                SchemaContent.Validate(newType, newContent);
                var next = NextVersion(connection, registry, name);
                InsertVersion(connection, registry, name, next, newType, newContent, millis);
                Execute(connection, "UPDATE schemas_schemas SET next_version = $next WHERE registry = $registry AND name = $name",
                    ("$registry", registry), ("$name", name), ("$next", next + 1));
                version = new SchemaVersionRecord(next, newType, newContent, FromMillis(millis));
            }

            var newDescription = description ?? schema.Description;
            Execute(connection, "UPDATE schemas_schemas SET description = $description, last_modified = $now WHERE registry = $registry AND name = $name",
                ("$registry", registry), ("$name", name), ("$description", newDescription), ("$now", millis));
            var count = CountVersions(connection, registry, name);
            return new SchemaState(schema with { Description = newDescription, LastModified = FromMillis(millis), VersionCount = count }, version);
        });

    /// <summary>Replaces the tags of a registry, or of one of its schemas when <paramref name="schema"/> is given.</summary>
    public Task SetTagsAsync(string registry, string? schema, IReadOnlyDictionary<string, string> tags) =>
        store.WriteAsync(connection =>
        {
            if (schema is null)
            {
                if (Execute(connection, "UPDATE schemas_registries SET tags = $tags WHERE name = $name", ("$name", registry), ("$tags", TagsJson(tags))) == 0)
                {
                    throw RegistryNotFound(registry);
                }
            }
            else if (Execute(connection, "UPDATE schemas_schemas SET tags = $tags WHERE registry = $registry AND name = $name",
                ("$registry", registry), ("$name", schema), ("$tags", TagsJson(tags))) == 0)
            {
                throw SchemaNotFound(registry, schema);
            }
        });

    public SchemaState? GetSchema(string registry, string name, long? version) =>
        store.Read(connection =>
        {
            var schema = FindSchema(connection, registry, name);
            var record = schema is null ? null : FindVersion(connection, registry, name, version);
            return schema is null || record is null ? null : new SchemaState(schema, record);
        });

    public Task DeleteSchemaAsync(string registry, string name) =>
        store.WriteAsync(connection =>
        {
            _ = FindRegistry(connection, registry) ?? throw RegistryNotFound(registry);
            if (Execute(connection, "DELETE FROM schemas_schemas WHERE registry = $registry AND name = $name", ("$registry", registry), ("$name", name)) == 0)
            {
                throw SchemaNotFound(registry, name);
            }
        });

    /// <summary>Deletes one version; deleting the only remaining version deletes the schema. Numbers are never reused.</summary>
    public Task DeleteSchemaVersionAsync(string registry, string name, long version) =>
        store.WriteAsync(connection =>
        {
            _ = FindSchema(connection, registry, name) ?? throw SchemaNotFound(registry, name);
            if (Execute(connection, "DELETE FROM schemas_versions WHERE registry = $registry AND schema = $name AND version = $version",
                ("$registry", registry), ("$name", name), ("$version", version)) == 0)
            {
                throw SchemasErrors.NotFound($"Version {version} of schema {name} does not exist in registry {RegistryKeys.Name(registry)}.");
            }

            if (CountVersions(connection, registry, name) == 0)
            {
                Execute(connection, "DELETE FROM schemas_schemas WHERE registry = $registry AND name = $name", ("$registry", registry), ("$name", name));
            }
        });

    public Page<SchemaRecord> ListSchemas(string registry, string? prefix, string? nextToken, int limit) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = SchemaSelect + " WHERE s.registry = $registry AND s.name > $after AND substr(s.name, 1, length($prefix)) = $prefix ORDER BY s.name LIMIT $limit";
            command.Parameters.AddWithValue("$registry", registry);
            command.Parameters.AddWithValue("$after", DecodeToken(nextToken) ?? string.Empty);
            command.Parameters.AddWithValue("$prefix", prefix ?? string.Empty);
            command.Parameters.AddWithValue("$limit", limit + 1);
            return Paginate(ReadSchemas(command), limit, s => s.Name);
        });

    public Page<(SchemaRecord Schema, SchemaVersionRecord Version)> ListVersions(string registry, string name, string? nextToken, int limit) =>
        store.Read(connection =>
        {
            var schema = FindSchema(connection, registry, name) ?? throw SchemaNotFound(registry, name);
            var after = DecodeToken(nextToken) is { } token ? (long.TryParse(token, out var v) ? v : throw InvalidToken()) : 0L;
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version, type, content, created_at FROM schemas_versions WHERE registry = $registry AND schema = $name AND version > $after ORDER BY version LIMIT $limit";
            command.Parameters.AddWithValue("$registry", registry);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$after", after);
            command.Parameters.AddWithValue("$limit", limit + 1);
            var versions = ReadVersions(command).Select(version => (schema, version)).ToList();
            return Paginate(versions, limit, x => x.version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

    /// <summary>
    /// Schemas whose name, description or content of any version contains every keyword
    /// (case-insensitive), with all their versions.
    /// </summary>
    public Page<(SchemaRecord Schema, IReadOnlyList<SchemaVersionRecord> Versions)> Search(string registry, IReadOnlyList<string> keywords, string? nextToken, int limit) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            var sql = new StringBuilder(SchemaSelect + " WHERE s.registry = $registry AND s.name > $after");
            for (var i = 0; i < keywords.Count; i++)
            {
                sql.Append(" AND (instr(lower(s.name), $k").Append(i).Append(") > 0 OR instr(lower(coalesce(s.description, '')), $k").Append(i)
                    .Append(") > 0 OR EXISTS (SELECT 1 FROM schemas_versions w WHERE w.registry = s.registry AND w.schema = s.name AND instr(lower(w.content), $k").Append(i).Append(") > 0))");
                command.Parameters.AddWithValue("$k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), keywords[i].ToLowerInvariant());
            }

            sql.Append(" ORDER BY s.name LIMIT $limit");
            command.CommandText = sql.ToString();
            command.Parameters.AddWithValue("$registry", registry);
            command.Parameters.AddWithValue("$after", DecodeToken(nextToken) ?? string.Empty);
            command.Parameters.AddWithValue("$limit", limit + 1);
            var page = Paginate(ReadSchemas(command), limit, s => s.Name);
            var items = page.Items.Select(schema => (schema, (IReadOnlyList<SchemaVersionRecord>)AllVersions(connection, registry, schema.Name))).ToList();
            return new Page<(SchemaRecord, IReadOnlyList<SchemaVersionRecord>)>(items, page.NextToken);
        });

    public (int Registries, int Schemas, int Versions) Counts() =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM schemas_registries), (SELECT count(*) FROM schemas_schemas), (SELECT count(*) FROM schemas_versions)";
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        });

    private const string SchemaSelect =
        "SELECT s.registry, s.name, s.description, s.tags, s.last_modified, (SELECT count(*) FROM schemas_versions v WHERE v.registry = s.registry AND v.schema = s.name) FROM schemas_schemas s";

    private static RegistryRecord? FindRegistry(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, description, tags FROM schemas_registries WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new RegistryRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), ParseTags(reader.GetString(2))) : null;
    }

    private static SchemaRecord? FindSchema(SqliteConnection connection, string registry, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SchemaSelect + " WHERE s.registry = $registry AND s.name = $name";
        command.Parameters.AddWithValue("$registry", registry);
        command.Parameters.AddWithValue("$name", name);
        return ReadSchemas(command).FirstOrDefault();
    }

    private static SchemaVersionRecord? FindVersion(SqliteConnection connection, string registry, string name, long? version)
    {
        using var command = connection.CreateCommand();
        command.CommandText = version is null
            ? "SELECT version, type, content, created_at FROM schemas_versions WHERE registry = $registry AND schema = $name ORDER BY version DESC LIMIT 1"
            : "SELECT version, type, content, created_at FROM schemas_versions WHERE registry = $registry AND schema = $name AND version = $version";
        command.Parameters.AddWithValue("$registry", registry);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$version", version ?? 0);
        return ReadVersions(command).FirstOrDefault();
    }

    private static List<SchemaVersionRecord> AllVersions(SqliteConnection connection, string registry, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, type, content, created_at FROM schemas_versions WHERE registry = $registry AND schema = $name ORDER BY version";
        command.Parameters.AddWithValue("$registry", registry);
        command.Parameters.AddWithValue("$name", name);
        return ReadVersions(command);
    }

    private static List<SchemaRecord> ReadSchemas(SqliteCommand command)
    {
        var items = new List<SchemaRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            items.Add(new SchemaRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                ParseTags(reader.GetString(3)),
                FromMillis(reader.GetInt64(4)),
                reader.GetInt64(5)));
        }

        return items;
    }

    private static List<SchemaVersionRecord> ReadVersions(SqliteCommand command)
    {
        var items = new List<SchemaVersionRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            items.Add(new SchemaVersionRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), FromMillis(reader.GetInt64(3))));
        }

        return items;
    }

    private static long NextVersion(SqliteConnection connection, string registry, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT next_version FROM schemas_schemas WHERE registry = $registry AND name = $name";
        command.Parameters.AddWithValue("$registry", registry);
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()!;
    }

    private static long CountVersions(SqliteConnection connection, string registry, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schemas_versions WHERE registry = $registry AND schema = $name";
        command.Parameters.AddWithValue("$registry", registry);
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()!;
    }

    private static void InsertVersion(SqliteConnection connection, string registry, string name, long version, string type, string content, long millis) =>
        Execute(connection, "INSERT INTO schemas_versions (registry, schema, version, type, content, created_at) VALUES ($registry, $name, $version, $type, $content, $now)",
            ("$registry", registry), ("$name", name), ("$version", version), ("$type", type), ("$content", content), ("$now", millis));

    private static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    private static Page<T> Paginate<T>(List<T> rows, int limit, Func<T, string> key)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        rows.RemoveRange(limit, rows.Count - limit);
        return new Page<T>(rows, EncodeToken(key(rows[^1])));
    }

    private static string EncodeToken(string key) => PageToken.Encode(key);

    private static string? DecodeToken(string? token) =>
        string.IsNullOrEmpty(token) ? null : PageToken.TryDecode(token, out var key) ? key : throw InvalidToken();

    private static ServiceException InvalidToken() => SchemasErrors.BadRequest("The NextToken is not valid.");

    private static ServiceException RegistryNotFound(string name) => SchemasErrors.NotFound($"Registry {RegistryKeys.Name(name)} does not exist.");

    private static ServiceException SchemaNotFound(string registry, string name) =>
        SchemasErrors.NotFound($"Schema {name} does not exist in registry {RegistryKeys.Name(registry)}.");

    private static string TagsJson(IReadOnlyDictionary<string, string> tags) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(tags, StringComparer.Ordinal), SchemasJsonContext.Default.DictionaryStringString);

    private static Dictionary<string, string> ParseTags(string json) =>
        JsonSerializer.Deserialize(json, SchemasJsonContext.Default.DictionaryStringString) ?? [];

    private static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
