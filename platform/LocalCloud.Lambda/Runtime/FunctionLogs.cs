using LocalCloud.Core.Activity;
using LocalCloud.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Lambda.Runtime;

internal sealed record LogLine(long Sequence, DateTimeOffset Timestamp, string FunctionArn, string? RequestId, string Message);

/// <summary>
/// Every function's log, as CloudWatch Logs would hold it under <c>/aws/lambda/&lt;name&gt;</c>: the runtime's
/// standard output and error, and Lambda's own START, END and REPORT lines. Durable, the last
/// <see cref="KeptPerFunction"/> lines per function, readable by <c>localcloud logs</c> and shown in the activity
/// feed (<c>localcloud tail</c>).
/// </summary>
internal sealed class FunctionLogs(SqliteStore store, ActivityFeed activity, TimeProvider time, ILogger<FunctionLogs> logger)
{
    public const int KeptPerFunction = 10_000;
    private const int TrimEvery = 1_000;

    private readonly Lock _signalLock = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _writes;

    public static StorageSchema Storage { get; } = new("lambda-logs",
    [
        """
        CREATE TABLE lambda_logs (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            function_arn TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            request_id TEXT,
            message TEXT NOT NULL
        );
        CREATE INDEX lambda_logs_function ON lambda_logs (function_arn, sequence);
        """,
    ]);

    public void Append(string functionArn, string functionName, string? requestId, string message)
    {
        var now = time.GetUtcNow();
        var trim = Interlocked.Increment(ref _writes) % TrimEvery == 0;
        _ = WriteAsync(functionArn, now, requestId, message, trim);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["function"] = functionName };
        if (requestId is not null)
        {
            attributes["requestId"] = requestId;
        }

        activity.Publish("lambda", "function.log", $"{functionName}: {message}", attributes);
    }

    public IReadOnlyList<LogLine> Read(string functionArn, DateTimeOffset? since, long after, int limit) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT sequence, timestamp, request_id, message FROM lambda_logs WHERE function_arn = $arn AND sequence > $after AND timestamp >= $since ORDER BY sequence LIMIT $limit";
            command.Parameters.AddWithValue("$arn", functionArn);
            command.Parameters.AddWithValue("$after", after);
            command.Parameters.AddWithValue("$since", since?.ToUnixTimeMilliseconds() ?? 0);
            command.Parameters.AddWithValue("$limit", limit);
            var lines = new List<LogLine>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                lines.Add(new LogLine(
                    reader.GetInt64(0),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    functionArn,
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3)));
            }

            return lines;
        });

    /// <summary>Completes when a line is appended after this call (any function), or when cancelled.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_signalLock)
        {
            return _appended.Task.WaitAsync(cancellationToken);
        }
    }

    public Task DeleteAsync(string functionArn) =>
        store.WriteAsync(connection => connection.Execute("DELETE FROM lambda_logs WHERE function_arn = $arn", ("$arn", functionArn)));

    private async Task WriteAsync(string functionArn, DateTimeOffset now, string? requestId, string message, bool trim)
    {
        try
        {
            await store.WriteAsync(connection =>
            {
                connection.Execute(
                    "INSERT INTO lambda_logs (function_arn, timestamp, request_id, message) VALUES ($arn, $ts, $request, $message)",
                    ("$arn", functionArn), ("$ts", now.ToUnixTimeMilliseconds()), ("$request", requestId), ("$message", message));
                if (trim)
                {
                    Trim(connection);
                }
            });
        }
        catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or InvalidOperationException)
        {
            logger.LogDebug(ex, "Could not keep a log line of {FunctionArn}", functionArn);
            return;
        }

        TaskCompletionSource appended;
        lock (_signalLock)
        {
            appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        appended.TrySetResult();
    }

    private static void Trim(SqliteConnection connection) =>
        connection.Execute(
            """
            DELETE FROM lambda_logs WHERE sequence IN (
                SELECT l.sequence FROM lambda_logs l
                WHERE l.sequence <= (SELECT m.sequence FROM lambda_logs m WHERE m.function_arn = l.function_arn ORDER BY m.sequence DESC LIMIT 1 OFFSET $kept))
            """,
            ("$kept", KeptPerFunction));
}
