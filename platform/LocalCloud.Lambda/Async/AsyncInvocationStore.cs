using LocalCloud.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LocalCloud.Lambda.Async;

/// <summary>Event invoke configurations, and the progress of asynchronous events that are being retried, in the
/// local cloud's SQLite store. The events themselves are deliveries of the delivery engine.</summary>
internal sealed class AsyncInvocationStore(SqliteStore store)
{
    public static StorageSchema Storage { get; } = new("lambda-async",
    [
        """
        CREATE TABLE lambda_event_invoke_configs (
            function_arn TEXT NOT NULL,
            qualifier TEXT NOT NULL,
            maximum_retry_attempts INTEGER NULL,
            maximum_event_age_seconds INTEGER NULL,
            on_success TEXT NULL,
            on_failure TEXT NULL,
            last_modified_ms INTEGER NOT NULL,
            PRIMARY KEY (function_arn, qualifier)
        );
        CREATE TABLE lambda_async_progress (
            delivery_id TEXT NOT NULL PRIMARY KEY,
            invoke_count INTEGER NOT NULL,
            last_response TEXT NULL,
            executed_version TEXT NULL
        );
        """,
    ]);

    private const string ConfigColumns =
        "function_arn, qualifier, maximum_retry_attempts, maximum_event_age_seconds, on_success, on_failure, last_modified_ms";

    public Task PutAsync(EventInvokeConfig config) =>
        store.WriteAsync(connection => connection.Execute(
            $"""
            INSERT INTO lambda_event_invoke_configs ({ConfigColumns}) VALUES ($arn, $qualifier, $retries, $age, $success, $failure, $modified)
            ON CONFLICT (function_arn, qualifier) DO UPDATE SET maximum_retry_attempts = excluded.maximum_retry_attempts,
                maximum_event_age_seconds = excluded.maximum_event_age_seconds, on_success = excluded.on_success,
                on_failure = excluded.on_failure, last_modified_ms = excluded.last_modified_ms
            """,
            ("$arn", config.FunctionArn),
            ("$qualifier", config.Qualifier),
            ("$retries", config.MaximumRetryAttempts),
            ("$age", config.MaximumEventAgeInSeconds),
            ("$success", config.OnSuccess),
            ("$failure", config.OnFailure),
            ("$modified", config.LastModified.ToUnixTimeMilliseconds())));

    /// <summary>Applies <paramref name="update"/> to the stored configuration in one write; null when there is none.</summary>
    public Task<EventInvokeConfig?> UpdateAsync(string functionArn, string qualifier, Func<EventInvokeConfig, EventInvokeConfig> update) =>
        store.WriteAsync(connection =>
        {
            var existing = Select(connection, functionArn, qualifier);
            if (existing is null)
            {
                return null;
            }

            var updated = update(existing);
            connection.Execute(
                """
                UPDATE lambda_event_invoke_configs SET maximum_retry_attempts = $retries, maximum_event_age_seconds = $age,
                    on_success = $success, on_failure = $failure, last_modified_ms = $modified
                WHERE function_arn = $arn AND qualifier = $qualifier
                """,
                ("$arn", functionArn),
                ("$qualifier", qualifier),
                ("$retries", updated.MaximumRetryAttempts),
                ("$age", updated.MaximumEventAgeInSeconds),
                ("$success", updated.OnSuccess),
                ("$failure", updated.OnFailure),
                ("$modified", updated.LastModified.ToUnixTimeMilliseconds()));
            return updated;
        });

    public EventInvokeConfig? Get(string functionArn, string qualifier) =>
        store.Read(connection => Select(connection, functionArn, qualifier));

    /// <summary>The function's configurations in the order they were first put.</summary>
    public IReadOnlyList<EventInvokeConfig> List(string functionArn) =>
        store.Read<IReadOnlyList<EventInvokeConfig>>(connection =>
        {
            using var lease = connection.Statement($"SELECT {ConfigColumns} FROM lambda_event_invoke_configs WHERE function_arn = $arn ORDER BY rowid");
            lease.Bind(("$arn", functionArn));
            using var reader = lease.Command.ExecuteReader();
            var configs = new List<EventInvokeConfig>();
            while (reader.Read())
            {
                configs.Add(ReadConfig(reader));
            }

            return configs;
        });

    public Task<bool> DeleteAsync(string functionArn, string qualifier) =>
        store.WriteAsync(connection => connection.Execute(
            "DELETE FROM lambda_event_invoke_configs WHERE function_arn = $arn AND qualifier = $qualifier",
            ("$arn", functionArn),
            ("$qualifier", qualifier)) > 0);

    public AsyncProgress GetProgress(string deliveryId) =>
        store.Read(connection =>
        {
            using var lease = connection.Statement("SELECT invoke_count, last_response, executed_version FROM lambda_async_progress WHERE delivery_id = $id");
            lease.Bind(("$id", deliveryId));
            using var reader = lease.Command.ExecuteReader();
            return reader.Read()
                ? new AsyncProgress(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))
                : AsyncProgress.None;
        });

    public Task SaveProgressAsync(string deliveryId, AsyncProgress progress) =>
        store.WriteAsync(connection => connection.Execute(
            """
            INSERT INTO lambda_async_progress (delivery_id, invoke_count, last_response, executed_version) VALUES ($id, $count, $response, $version)
            ON CONFLICT (delivery_id) DO UPDATE SET invoke_count = excluded.invoke_count, last_response = excluded.last_response,
                executed_version = excluded.executed_version
            """,
            ("$id", deliveryId),
            ("$count", progress.InvokeCount),
            ("$response", progress.LastResponse),
            ("$version", progress.LastExecutedVersion)));

    public Task ForgetProgressAsync(string deliveryId) =>
        store.WriteAsync(connection => connection.Execute("DELETE FROM lambda_async_progress WHERE delivery_id = $id", ("$id", deliveryId)));

    private static EventInvokeConfig? Select(SqliteConnection connection, string functionArn, string qualifier)
    {
        using var lease = connection.Statement($"SELECT {ConfigColumns} FROM lambda_event_invoke_configs WHERE function_arn = $arn AND qualifier = $qualifier");
        lease.Bind(("$arn", functionArn), ("$qualifier", qualifier));
        using var reader = lease.Command.ExecuteReader();
        return reader.Read() ? ReadConfig(reader) : null;
    }

    private static EventInvokeConfig ReadConfig(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetInt32(2),
        reader.IsDBNull(3) ? null : reader.GetInt32(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
}
