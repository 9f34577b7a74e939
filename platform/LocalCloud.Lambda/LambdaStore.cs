using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.Lambda.Model;
using LocalCloud.Lambda.Wire;
using Microsoft.Data.Sqlite;

namespace LocalCloud.Lambda;

/// <summary>Functions and their code packages in the local cloud's SQLite store, keyed by account and region.
/// A package is stored once per SHA-256 and dropped with the last function that uses it.</summary>
internal sealed class LambdaStore(SqliteStore store)
{
    public static StorageSchema Storage { get; } = new("lambda",
    [
        """
        CREATE TABLE lambda_functions (
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            configuration TEXT NOT NULL,
            tags TEXT NOT NULL,
            policy TEXT,
            reserved_concurrency INTEGER,
            PRIMARY KEY (scope, name)
        );
        CREATE TABLE lambda_code (
            sha256 TEXT PRIMARY KEY,
            zip BLOB NOT NULL
        );
        """,
    ]);

    public Task CreateAsync(FunctionRecord function, byte[] zip) =>
        store.WriteAsync(connection =>
        {
            if (Exists(connection, function.Scope, function.Name))
            {
                throw LambdaErrors.Conflict($"Function already exist: {function.Name}");
            }

            PutCode(connection, function.CodeSha256, zip);
            connection.Execute(
                "INSERT INTO lambda_functions (scope, name, configuration, tags, policy, reserved_concurrency) VALUES ($scope, $name, $configuration, $tags, $policy, $reserved)",
                Parameters(function));
        });

    /// <summary>Replaces a function's record with what <paramref name="update"/> makes of it (which may throw to refuse);
    /// <paramref name="zip"/> is a new code package, or null when the code is unchanged.</summary>
    public Task<FunctionRecord> UpdateAsync(ResourceScope scope, string name, Func<FunctionRecord, FunctionRecord> update, byte[]? zip = null) =>
        store.WriteAsync(connection =>
        {
            var current = Get(connection, scope, name) ?? throw LambdaErrors.FunctionNotFound(scope.Arn("lambda", $"function:{name}"));
            var updated = update(current);
            if (zip is not null)
            {
                PutCode(connection, updated.CodeSha256, zip);
            }

            connection.Execute(
                "UPDATE lambda_functions SET configuration = $configuration, tags = $tags, policy = $policy, reserved_concurrency = $reserved WHERE scope = $scope AND name = $name",
                Parameters(updated));
            if (current.CodeSha256 != updated.CodeSha256)
            {
                DropUnusedCode(connection, current.CodeSha256);
            }

            return updated;
        });

    public Task<FunctionRecord?> DeleteAsync(ResourceScope scope, string name) =>
        store.WriteAsync(connection =>
        {
            var current = Get(connection, scope, name);
            if (current is null)
            {
                return null;
            }

            connection.Execute("DELETE FROM lambda_functions WHERE scope = $scope AND name = $name", ("$scope", Key(scope)), ("$name", name));
            DropUnusedCode(connection, current.CodeSha256);
            return current;
        });

    public FunctionRecord? Get(ResourceScope scope, string name) => store.Read(connection => Get(connection, scope, name));

    public IReadOnlyList<FunctionRecord> List(ResourceScope scope, string? after, int limit) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT scope, configuration, tags, policy, reserved_concurrency FROM lambda_functions WHERE scope = $scope AND name > $after ORDER BY name LIMIT $limit";
            command.Parameters.AddWithValue("$scope", Key(scope));
            command.Parameters.AddWithValue("$after", after ?? string.Empty);
            command.Parameters.AddWithValue("$limit", limit);
            return Read(command);
        });

    public IReadOnlyList<FunctionRecord> All() =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT scope, configuration, tags, policy, reserved_concurrency FROM lambda_functions ORDER BY scope, name";
            return Read(command);
        });

    public byte[]? GetCode(string sha256) =>
        store.Read(connection => connection.Scalar("SELECT zip FROM lambda_code WHERE sha256 = $sha", ("$sha", sha256)) as byte[]);

    public (long Functions, long CodeBytes) Totals(ResourceScope scope) =>
        store.Read(connection =>
        {
            var count = (long)connection.Scalar("SELECT COUNT(*) FROM lambda_functions WHERE scope = $scope", ("$scope", Key(scope)))!;
            var bytes = connection.Scalar(
                "SELECT SUM(length(zip)) FROM lambda_code WHERE sha256 IN (SELECT json_extract(configuration, '$.CodeSha256') FROM lambda_functions WHERE scope = $scope)",
                ("$scope", Key(scope)));
            return (count, bytes is long b ? b : 0);
        });

    public long Count() => store.Read(connection => (long)connection.Scalar("SELECT COUNT(*) FROM lambda_functions")!);

    private static bool Exists(SqliteConnection connection, ResourceScope scope, string name) =>
        connection.Scalar("SELECT 1 FROM lambda_functions WHERE scope = $scope AND name = $name", ("$scope", Key(scope)), ("$name", name)) is not null;

    private static FunctionRecord? Get(SqliteConnection connection, ResourceScope scope, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT scope, configuration, tags, policy, reserved_concurrency FROM lambda_functions WHERE scope = $scope AND name = $name";
        command.Parameters.AddWithValue("$scope", Key(scope));
        command.Parameters.AddWithValue("$name", name);
        return Read(command).FirstOrDefault();
    }

    private static void PutCode(SqliteConnection connection, string sha256, byte[] zip) =>
        connection.Execute("INSERT OR IGNORE INTO lambda_code (sha256, zip) VALUES ($sha, $zip)", ("$sha", sha256), ("$zip", zip));

    private static void DropUnusedCode(SqliteConnection connection, string sha256) =>
        connection.Execute(
            "DELETE FROM lambda_code WHERE sha256 = $sha AND NOT EXISTS (SELECT 1 FROM lambda_functions WHERE json_extract(configuration, '$.CodeSha256') = $sha)",
            ("$sha", sha256));

    private static List<FunctionRecord> Read(SqliteCommand command)
    {
        var result = new List<FunctionRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var scopeParts = reader.GetString(0).Split('/');
            var configuration = JsonSerializer.Deserialize(reader.GetString(1), LambdaJsonContext.Default.FunctionConfigurationDto)!;
            var tags = JsonSerializer.Deserialize(reader.GetString(2), LambdaJsonContext.Default.DictionaryStringString)!;
            var policy = reader.IsDBNull(3) ? null : JsonSerializer.Deserialize(reader.GetString(3), LambdaJsonContext.Default.PolicyDocument);
            int? reserved = reader.IsDBNull(4) ? null : reader.GetInt32(4);
            result.Add(new FunctionRecord(new ResourceScope(scopeParts[0], scopeParts[1]), configuration, tags, policy, reserved));
        }

        return result;
    }

    private static (string, object?)[] Parameters(FunctionRecord function) =>
    [
        ("$scope", Key(function.Scope)),
        ("$name", function.Name),
        ("$configuration", JsonSerializer.Serialize(function.Configuration, LambdaJsonContext.Default.FunctionConfigurationDto)),
        ("$tags", JsonSerializer.Serialize(new Dictionary<string, string>(function.Tags), LambdaJsonContext.Default.DictionaryStringString)),
        ("$policy", function.Policy is null ? null : JsonSerializer.Serialize(function.Policy, LambdaJsonContext.Default.PolicyDocument)),
        ("$reserved", function.ReservedConcurrency),
    ];

    private static string Key(ResourceScope scope) => $"{scope.AccountId}/{scope.Region}";
}
