using System.Text.Json;
using LocalCloud.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LocalCloud.Core.Delivery;

public sealed class SqliteDeliveryStore : IDeliveryStore
{
    public static readonly StorageSchema Schema = new("delivery", [
        """
        CREATE TABLE delivery_queue (
            id TEXT NOT NULL PRIMARY KEY,
            kind TEXT NOT NULL,
            target_arn TEXT NOT NULL,
            payload TEXT NOT NULL,
            max_retry_attempts INTEGER NOT NULL,
            max_event_age_seconds INTEGER NOT NULL,
            dead_letter_arn TEXT NULL,
            dead_letter_body TEXT NULL,
            metadata TEXT NULL,
            origin TEXT NULL,
            created_at_ms INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at_ms INTEGER NOT NULL,
            last_error_code TEXT NULL,
            last_error_message TEXT NULL
        );
        """,
    ]);

    private readonly SqliteStore _store;
    private readonly Lock _completedLock = new();
    private List<(string Id, TaskCompletionSource Completion)> _completed = [];

    public SqliteDeliveryStore(SqliteStore store)
    {
        _store = store;
    }

    public Task AddAsync(IReadOnlyList<DeliveryRecord> deliveries, CancellationToken cancellationToken) =>
        _store.WriteAsync(connection =>
        {
            using var commandLease = connection.Statement("""
                INSERT OR REPLACE INTO delivery_queue (id, kind, target_arn, payload, max_retry_attempts, max_event_age_seconds,
                    dead_letter_arn, dead_letter_body, metadata, origin, created_at_ms, attempts, next_attempt_at_ms, last_error_code, last_error_message)
                VALUES ($id, $kind, $arn, $payload, $retries, $age, $dlq, $dlqBody, $metadata, $origin, $created, $attempts, $next, $code, $message)
                """);
            foreach (var d in deliveries)
            {
                commandLease.Bind(
                    ("$id", d.Id),
                    ("$kind", d.TargetKind),
                    ("$arn", d.TargetArn),
                    ("$payload", d.Payload),
                    ("$retries", d.Policy.MaximumRetryAttempts),
                    ("$age", d.Policy.MaximumEventAgeInSeconds),
                    ("$dlq", d.DeadLetterArn),
                    ("$dlqBody", d.DeadLetterBody),
                    ("$metadata", d.Metadata.Count == 0
                        ? null
                        : JsonSerializer.Serialize(d.Metadata, DeliveryJsonContext.Default.IReadOnlyDictionaryStringString)),
                    ("$origin", d.Origin),
                    ("$created", d.CreatedAt.ToUnixTimeMilliseconds()),
                    ("$attempts", d.Attempts),
                    ("$next", d.NextAttemptAt.ToUnixTimeMilliseconds()),
                    ("$code", d.LastErrorCode),
                    ("$message", d.LastErrorMessage));
                commandLease.Command.ExecuteNonQuery();
            }
        }, cancellationToken);

    public Task RescheduleAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts;
        var next = delivery.NextAttemptAt.ToUnixTimeMilliseconds();
        var code = delivery.LastErrorCode;
        var message = delivery.LastErrorMessage;
        return _store.WriteAsync(
            connection => connection.Execute(
                "UPDATE delivery_queue SET attempts = $a, next_attempt_at_ms = $n, last_error_code = $c, last_error_message = $m WHERE id = $id",
                ("$a", attempts),
                ("$n", next),
                ("$c", code),
                ("$m", message),
                ("$id", delivery.Id)),
            cancellationToken);
    }

    public Task CompleteAsync(string id, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool flush;
        lock (_completedLock)
        {
            _completed.Add((id, completion));
            flush = _completed.Count == 1;
        }

        if (flush)
        {
            _ = Task.Run(FlushCompletedAsync, CancellationToken.None);
        }

        return completion.Task;
    }

    private async Task FlushCompletedAsync()
    {
        await Task.Yield();
        List<(string Id, TaskCompletionSource Completion)> batch;
        lock (_completedLock)
        {
            batch = _completed;
            _completed = [];
        }

        try
        {
            await _store.WriteAsync(connection =>
            {
                using var commandLease = connection.Statement("DELETE FROM delivery_queue WHERE id = $id");
                foreach (var item in batch)
                {
                    commandLease.Bind(("$id", item.Id));
                    commandLease.Command.ExecuteNonQuery();
                }
            });
            foreach (var item in batch)
            {
                item.Completion.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or InvalidOperationException)
        {
            foreach (var item in batch)
            {
                item.Completion.TrySetException(ex);
            }
        }
    }

    public Task<IReadOnlyList<DeliveryRecord>> LoadPendingAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_store.Read<IReadOnlyList<DeliveryRecord>>(connection =>
        {
            using var commandLease = connection.Statement("""
                SELECT id, kind, target_arn, payload, max_retry_attempts, max_event_age_seconds, dead_letter_arn, dead_letter_body,
                    metadata, origin, created_at_ms, attempts, next_attempt_at_ms, last_error_code, last_error_message
                FROM delivery_queue ORDER BY next_attempt_at_ms
                """);
            var command = commandLease.Command;
            using var reader = command.ExecuteReader();
            var result = new List<DeliveryRecord>();
            while (reader.Read())
            {
                result.Add(new DeliveryRecord
                {
                    Id = reader.GetString(0),
                    TargetKind = reader.GetString(1),
                    TargetArn = reader.GetString(2),
                    Payload = reader.GetString(3),
                    Policy = new DeliveryPolicy(reader.GetInt32(4), reader.GetInt32(5)),
                    DeadLetterArn = reader.IsDBNull(6) ? null : reader.GetString(6),
                    DeadLetterBody = reader.IsDBNull(7) ? null : reader.GetString(7),
                    Metadata = reader.IsDBNull(8)
                        ? DeliveryRecord.EmptyMetadata
                        : JsonSerializer.Deserialize(reader.GetString(8), DeliveryJsonContext.Default.IReadOnlyDictionaryStringString) ?? DeliveryRecord.EmptyMetadata,
                    Origin = reader.IsDBNull(9) ? null : reader.GetString(9),
                    CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                    Attempts = reader.GetInt32(11),
                    NextAttemptAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
                    LastErrorCode = reader.IsDBNull(13) ? null : reader.GetString(13),
                    LastErrorMessage = reader.IsDBNull(14) ? null : reader.GetString(14),
                });
            }

            return result;
        }));
}
