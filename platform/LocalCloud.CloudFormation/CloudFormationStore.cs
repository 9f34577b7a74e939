using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LocalCloud.CloudFormation.Engine;
using LocalCloud.CloudFormation.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LocalCloud.CloudFormation;

/// <summary>
/// Stacks, their resources, events and change sets, and the exports and imports between stacks, in the local cloud's
/// SQLite store. A stack's state change and the events it produces are written in one transaction.
/// </summary>
internal sealed class CloudFormationStore(SqliteStore store)
{
    public static StorageSchema Storage { get; } = new("cloudformation",
    [
        """
        CREATE TABLE cfn_stacks (
            stack_id TEXT PRIMARY KEY,
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            active INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX cfn_stacks_by_name ON cfn_stacks (scope, name, active);
        CREATE TABLE cfn_resources (
            stack_id TEXT NOT NULL,
            logical_id TEXT NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (stack_id, logical_id)
        );
        CREATE TABLE cfn_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            stack_id TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX cfn_events_by_stack ON cfn_events (stack_id, seq);
        CREATE TABLE cfn_change_sets (
            change_set_id TEXT PRIMARY KEY,
            stack_id TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE TABLE cfn_exports (
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            stack_id TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (scope, name)
        );
        CREATE TABLE cfn_imports (
            scope TEXT NOT NULL,
            export_name TEXT NOT NULL,
            stack_id TEXT NOT NULL,
            stack_name TEXT NOT NULL,
            PRIMARY KEY (scope, export_name, stack_id)
        );
        """,
    ]);

    private static string Key(ResourceScope scope) => $"{scope.AccountId}:{scope.Region}";

    private static string Key(StackRecord stack) => $"{stack.AccountId}:{stack.Region}";

    public Task InsertStackAsync(StackRecord stack, IEnumerable<StackEventRecord> events) =>
        store.WriteAsync(connection =>
        {
            if (connection.Scalar("SELECT 1 FROM cfn_stacks WHERE scope = $scope AND name = $name AND active = 1",
                    ("$scope", Key(stack)), ("$name", stack.StackName)) is not null)
            {
                throw CloudFormationErrors.AlreadyExists($"Stack [{stack.StackName}] already exists");
            }

            connection.Execute(
                "INSERT INTO cfn_stacks (stack_id, scope, name, status, active, created_at, doc) VALUES ($id, $scope, $name, $status, 1, $created, $doc)",
                ("$id", stack.StackId), ("$scope", Key(stack)), ("$name", stack.StackName), ("$status", stack.Status),
                ("$created", stack.CreationTime.ToUnixTimeMilliseconds()), ("$doc", Json(stack, ModelJsonContext.Default.StackRecord)));
            AddEvents(connection, events);
        });

    public Task SaveStackAsync(StackRecord stack, params IEnumerable<StackEventRecord> events) =>
        store.WriteAsync(connection =>
        {
            WriteStack(connection, stack);
            AddEvents(connection, events);
        });

    /// <summary>Saves the stack and replaces the stack's change sets that another execution made obsolete.</summary>
    public Task SaveStackAndChangeSetAsync(StackRecord stack, ChangeSetRecord changeSet, bool deleteOthers, params IEnumerable<StackEventRecord> events) =>
        store.WriteAsync(connection =>
        {
            WriteStack(connection, stack);
            if (deleteOthers)
            {
                connection.Execute("DELETE FROM cfn_change_sets WHERE stack_id = $stack AND change_set_id <> $id", ("$stack", stack.StackId), ("$id", changeSet.ChangeSetId));
            }

            WriteChangeSet(connection, changeSet);
            AddEvents(connection, events);
        });

    private static void WriteStack(SqliteConnection connection, StackRecord stack) =>
        connection.Execute(
            "UPDATE cfn_stacks SET status = $status, active = $active, doc = $doc WHERE stack_id = $id",
            ("$status", stack.Status), ("$active", stack.Status == StackStatus.DeleteComplete ? 0 : 1),
            ("$doc", Json(stack, ModelJsonContext.Default.StackRecord)), ("$id", stack.StackId));

    public StackRecord? GetStack(ResourceScope scope, string nameOrId) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            if (nameOrId.StartsWith("arn:", StringComparison.Ordinal))
            {
                command.CommandText = "SELECT doc FROM cfn_stacks WHERE stack_id = $id AND scope = $scope";
                command.Parameters.AddWithValue("$id", nameOrId);
            }
            else
            {
                command.CommandText = "SELECT doc FROM cfn_stacks WHERE name = $name AND scope = $scope AND active = 1";
                command.Parameters.AddWithValue("$name", nameOrId);
            }

            command.Parameters.AddWithValue("$scope", Key(scope));
            return command.ExecuteScalar() is string doc ? Parse(doc, ModelJsonContext.Default.StackRecord) : null;
        });

    public StackRecord? GetStackById(string stackId) =>
        store.Read(connection =>
            connection.Scalar("SELECT doc FROM cfn_stacks WHERE stack_id = $id", ("$id", stackId)) is string doc
                ? Parse(doc, ModelJsonContext.Default.StackRecord)
                : null);

    /// <summary>The scope's stacks, newest first; deleted stacks included when <paramref name="includeDeleted"/>.</summary>
    public List<StackRecord> ListStacks(ResourceScope scope, bool includeDeleted) =>
        Query(includeDeleted
            ? "SELECT doc FROM cfn_stacks WHERE scope = $scope ORDER BY created_at DESC, stack_id"
            : "SELECT doc FROM cfn_stacks WHERE scope = $scope AND active = 1 ORDER BY created_at DESC, stack_id",
            ModelJsonContext.Default.StackRecord, ("$scope", Key(scope)));

    /// <summary>Every stack whose status is an operation in progress (for recovery on start).</summary>
    public List<StackRecord> InProgressStacks() =>
        Query("SELECT doc FROM cfn_stacks WHERE active = 1 AND status LIKE '%_IN_PROGRESS' AND status <> 'REVIEW_IN_PROGRESS'",
            ModelJsonContext.Default.StackRecord);

    public Dictionary<string, int> CountByStatus() =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT status, COUNT(*) FROM cfn_stacks GROUP BY status ORDER BY status";
            using var reader = command.ExecuteReader();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }

            return counts;
        });

    public Task SaveResourceAsync(string stackId, ResourceRecord resource, params IEnumerable<StackEventRecord> events) =>
        store.WriteAsync(connection =>
        {
            connection.Execute(
                "INSERT INTO cfn_resources (stack_id, logical_id, doc) VALUES ($stack, $id, $doc) ON CONFLICT (stack_id, logical_id) DO UPDATE SET doc = excluded.doc",
                ("$stack", stackId), ("$id", resource.LogicalId), ("$doc", Json(resource, ModelJsonContext.Default.ResourceRecord)));
            AddEvents(connection, events);
        });

    public Task DeleteResourceAsync(string stackId, string logicalId, params IEnumerable<StackEventRecord> events) =>
        store.WriteAsync(connection =>
        {
            connection.Execute("DELETE FROM cfn_resources WHERE stack_id = $stack AND logical_id = $id", ("$stack", stackId), ("$id", logicalId));
            AddEvents(connection, events);
        });

    public List<ResourceRecord> Resources(string stackId) =>
        Query("SELECT doc FROM cfn_resources WHERE stack_id = $stack", ModelJsonContext.Default.ResourceRecord, ("$stack", stackId));

    /// <summary>The stack's events, newest first.</summary>
    public List<StackEventRecord> Events(string stackId) =>
        Query("SELECT doc FROM cfn_events WHERE stack_id = $stack ORDER BY seq DESC", ModelJsonContext.Default.StackEventRecord, ("$stack", stackId));

    public Task InsertChangeSetAsync(ChangeSetRecord changeSet, StackRecord? newStack) =>
        store.WriteAsync(connection =>
        {
            if (newStack is not null)
            {
                if (connection.Scalar("SELECT 1 FROM cfn_stacks WHERE scope = $scope AND name = $name AND active = 1",
                        ("$scope", Key(newStack)), ("$name", newStack.StackName)) is not null)
                {
                    throw CloudFormationErrors.AlreadyExists($"Stack [{newStack.StackName}] already exists");
                }

                connection.Execute(
                    "INSERT INTO cfn_stacks (stack_id, scope, name, status, active, created_at, doc) VALUES ($id, $scope, $name, $status, 1, $created, $doc)",
                    ("$id", newStack.StackId), ("$scope", Key(newStack)), ("$name", newStack.StackName), ("$status", newStack.Status),
                    ("$created", newStack.CreationTime.ToUnixTimeMilliseconds()), ("$doc", Json(newStack, ModelJsonContext.Default.StackRecord)));
            }

            if (connection.Scalar("SELECT 1 FROM cfn_change_sets WHERE stack_id = $stack AND name = $name",
                    ("$stack", changeSet.StackId), ("$name", changeSet.ChangeSetName)) is not null)
            {
                throw CloudFormationErrors.AlreadyExists($"ChangeSet {changeSet.ChangeSetName} already exists");
            }

            connection.Execute(
                "INSERT INTO cfn_change_sets (change_set_id, stack_id, name, created_at, doc) VALUES ($id, $stack, $name, $created, $doc)",
                ("$id", changeSet.ChangeSetId), ("$stack", changeSet.StackId), ("$name", changeSet.ChangeSetName),
                ("$created", changeSet.CreationTime.ToUnixTimeMilliseconds()), ("$doc", Json(changeSet, ModelJsonContext.Default.ChangeSetRecord)));
        });

    public Task SaveChangeSetAsync(ChangeSetRecord changeSet) => store.WriteAsync(connection => WriteChangeSet(connection, changeSet));

    private static void WriteChangeSet(SqliteConnection connection, ChangeSetRecord changeSet) =>
        connection.Execute("UPDATE cfn_change_sets SET doc = $doc WHERE change_set_id = $id",
            ("$doc", Json(changeSet, ModelJsonContext.Default.ChangeSetRecord)), ("$id", changeSet.ChangeSetId));

    public Task DeleteChangeSetAsync(string changeSetId) =>
        store.WriteAsync(connection => connection.Execute("DELETE FROM cfn_change_sets WHERE change_set_id = $id", ("$id", changeSetId)));

    public Task DeleteChangeSetsOfAsync(string stackId) =>
        store.WriteAsync(connection => connection.Execute("DELETE FROM cfn_change_sets WHERE stack_id = $id", ("$id", stackId)));

    public ChangeSetRecord? GetChangeSet(string changeSetId) =>
        store.Read(connection =>
            connection.Scalar("SELECT doc FROM cfn_change_sets WHERE change_set_id = $id", ("$id", changeSetId)) is string doc
                ? Parse(doc, ModelJsonContext.Default.ChangeSetRecord)
                : null);

    public ChangeSetRecord? GetChangeSet(string stackId, string name) =>
        store.Read(connection =>
            connection.Scalar("SELECT doc FROM cfn_change_sets WHERE stack_id = $stack AND name = $name", ("$stack", stackId), ("$name", name)) is string doc
                ? Parse(doc, ModelJsonContext.Default.ChangeSetRecord)
                : null);

    public List<ChangeSetRecord> ChangeSets(string stackId) =>
        Query("SELECT doc FROM cfn_change_sets WHERE stack_id = $stack ORDER BY created_at, change_set_id", ModelJsonContext.Default.ChangeSetRecord, ("$stack", stackId));

    /// <summary>Replaces the stack's exports with <paramref name="exports"/>; a name another stack exports is a
    /// failure of this stack's operation.</summary>
    public Task SetExportsAsync(StackRecord stack, IReadOnlyDictionary<string, string> exports) =>
        store.WriteAsync(connection =>
        {
            foreach (var name in exports.Keys)
            {
                if (connection.Scalar("SELECT stack_id FROM cfn_exports WHERE scope = $scope AND name = $name AND stack_id <> $stack",
                        ("$scope", Key(stack)), ("$name", name), ("$stack", stack.StackId)) is string other)
                {
                    throw new TemplateException($"Export with name {name} is already exported by stack {StackIds.Name(other)}");
                }
            }

            connection.Execute("DELETE FROM cfn_exports WHERE stack_id = $stack", ("$stack", stack.StackId));
            foreach (var (name, value) in exports)
            {
                connection.Execute("INSERT INTO cfn_exports (scope, name, stack_id, value) VALUES ($scope, $name, $stack, $value)",
                    ("$scope", Key(stack)), ("$name", name), ("$stack", stack.StackId), ("$value", value));
            }
        });

    public List<(string Name, string Value, string StackId)> Exports(ResourceScope scope) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, value, stack_id FROM cfn_exports WHERE scope = $scope ORDER BY name";
            command.Parameters.AddWithValue("$scope", Key(scope));
            using var reader = command.ExecuteReader();
            var result = new List<(string, string, string)>();
            while (reader.Read())
            {
                result.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }

            return result;
        });

    public string? ExportValue(ResourceScope scope, string name) =>
        store.Read(connection => connection.Scalar("SELECT value FROM cfn_exports WHERE scope = $scope AND name = $name", ("$scope", Key(scope)), ("$name", name)) as string);

    /// <summary>Replaces the exports the stack imports.</summary>
    public Task SetImportsAsync(StackRecord stack, IEnumerable<string> exportNames) =>
        store.WriteAsync(connection =>
        {
            connection.Execute("DELETE FROM cfn_imports WHERE stack_id = $stack", ("$stack", stack.StackId));
            foreach (var name in exportNames.Distinct(StringComparer.Ordinal))
            {
                connection.Execute("INSERT INTO cfn_imports (scope, export_name, stack_id, stack_name) VALUES ($scope, $name, $stack, $stackName)",
                    ("$scope", Key(stack)), ("$name", name), ("$stack", stack.StackId), ("$stackName", stack.StackName));
            }
        });

    /// <summary>The names of the stacks that import the export, sorted.</summary>
    public List<string> Importers(ResourceScope scope, string exportName) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT stack_name FROM cfn_imports WHERE scope = $scope AND export_name = $name ORDER BY stack_name";
            command.Parameters.AddWithValue("$scope", Key(scope));
            command.Parameters.AddWithValue("$name", exportName);
            using var reader = command.ExecuteReader();
            var result = new List<string>();
            while (reader.Read())
            {
                result.Add(reader.GetString(0));
            }

            return result;
        });

    private List<T> Query<T>(string sql, JsonTypeInfo<T> type, params (string Name, object? Value)[] parameters) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            using var reader = command.ExecuteReader();
            var result = new List<T>();
            while (reader.Read())
            {
                result.Add(Parse(reader.GetString(0), type));
            }

            return result;
        });

    private static void AddEvents(SqliteConnection connection, IEnumerable<StackEventRecord> events)
    {
        foreach (var e in events)
        {
            connection.Execute("INSERT INTO cfn_events (stack_id, doc) VALUES ($stack, $doc)",
                ("$stack", e.StackId), ("$doc", Json(e, ModelJsonContext.Default.StackEventRecord)));
        }
    }

    private static string Json<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    private static T Parse<T>(string json, JsonTypeInfo<T> type) => JsonSerializer.Deserialize(json, type)!;
}
