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
            var command = commandLease.Command;
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var kind = command.Parameters.Add("$kind", SqliteType.Text);
            var arn = command.Parameters.Add("$arn", SqliteType.Text);
            var payload = command.Parameters.Add("$payload", SqliteType.Text);
            var retries = command.Parameters.Add("$retries", SqliteType.Integer);
            var age = command.Parameters.Add("$age", SqliteType.Integer);
            var dlq = command.Parameters.Add("$dlq", SqliteType.Text);
            var dlqBody = command.Parameters.Add("$dlqBody", SqliteType.Text);
            var metadata = command.Parameters.Add("$metadata", SqliteType.Text);
            var origin = command.Parameters.Add("$origin", SqliteType.Text);
            var created = command.Parameters.Add("$created", SqliteType.Integer);
            var attempts = command.Parameters.Add("$attempts", SqliteType.Integer);
            var next = command.Parameters.Add("$next", SqliteType.Integer);
            var code = command.Parameters.Add("$code", SqliteType.Text);
            var message = command.Parameters.Add("$message", SqliteType.Text);
            foreach (var d in deliveries)
            {
                id.Value = d.Id;
                kind.Value = d.TargetKind;
                arn.Value = d.TargetArn;
                payload.Value = d.Payload;
                retries.Value = d.Policy.MaximumRetryAttempts;
                age.Value = d.Policy.MaximumEventAgeInSeconds;
                dlq.Value = (object?)d.DeadLetterArn ?? DBNull.Value;
                dlqBody.Value = (object?)d.DeadLetterBody ?? DBNull.Value;
                metadata.Value = d.Metadata.Count == 0
                    ? DBNull.Value
                    : JsonSerializer.Serialize(d.Metadata, DeliveryJsonContext.Default.IReadOnlyDictionaryStringString);
                origin.Value = (object?)d.Origin ?? DBNull.Value;
                created.Value = d.CreatedAt.ToUnixTimeMilliseconds();
                attempts.Value = d.Attempts;
                next.Value = d.NextAttemptAt.ToUnixTimeMilliseconds();
                code.Value = (object?)d.LastErrorCode ?? DBNull.Value;
                message.Value = (object?)d.LastErrorMessage ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
        }, cancellationToken);

    public Task RescheduleAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts;
        var next = delivery.NextAttemptAt.ToUnixTimeMilliseconds();
        var code = delivery.LastErrorCode;
        var message = delivery.LastErrorMessage;
        return _store.WriteAsync(connection =>
        {
            using var commandLease = connection.Statement("UPDATE delivery_queue SET attempts = $a, next_attempt_at_ms = $n, last_error_code = $c, last_error_message = $m WHERE id = $id");
            var command = commandLease.Command;
            command.Parameters.AddWithValue("$a", attempts);
            command.Parameters.AddWithValue("$n", next);
            command.Parameters.AddWithValue("$c", (object?)code ?? DBNull.Value);
            command.Parameters.AddWithValue("$m", (object?)message ?? DBNull.Value);
            command.Parameters.AddWithValue("$id", delivery.Id);
            command.ExecuteNonQuery();
        }, cancellationToken);
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
                var command = commandLease.Command;
                var id = command.Parameters.Add("$id", SqliteType.Text);
                foreach (var item in batch)
                {
                    id.Value = item.Id;
                    command.ExecuteNonQuery();
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
