using System.Runtime.ExceptionServices;
using System.Text.Json;
using LocalCloud.Core.Storage;
using LocalCloud.Sqs.Model;
using Microsoft.Data.Sqlite;

namespace LocalCloud.Sqs;

internal sealed record NewMessage(
    string Queue,
    string Id,
    string Body,
    string Md5OfBody,
    Dictionary<string, StoredAttribute>? Attributes,
    string? Md5OfAttributes,
    Dictionary<string, StoredAttribute>? SystemAttributes,
    string SenderId,
    long SentMs,
    long VisibleMs);

internal sealed record ReceivedMessage(
    long Seq,
    string Id,
    string Body,
    string Md5OfBody,
    Dictionary<string, StoredAttribute>? Attributes,
    Dictionary<string, StoredAttribute>? SystemAttributes,
    string SenderId,
    long SentMs,
    int ReceiveCount,
    long FirstReceiveMs,
    string Nonce);

internal sealed record ReceiveOutcome(IReadOnlyList<ReceivedMessage> Messages, IReadOnlyList<string> MovedTo, long? NextVisibleMs);

internal readonly record struct QueueCounts(long Visible, long NotVisible, long Delayed);

internal static class SqsStore
{
    public static readonly StorageSchema Schema = new("sqs",
    [
        """
        CREATE TABLE sqs_queues (
            name TEXT NOT NULL PRIMARY KEY,
            created INTEGER NOT NULL,
            modified INTEGER NOT NULL,
            attributes TEXT NOT NULL,
            tags TEXT NOT NULL);
        CREATE TABLE sqs_messages (
            seq INTEGER PRIMARY KEY,
            queue TEXT NOT NULL,
            id TEXT NOT NULL,
            body TEXT NOT NULL,
            md5 TEXT NOT NULL,
            attributes TEXT NULL,
            attributes_md5 TEXT NULL,
            system_attributes TEXT NULL,
            sender TEXT NOT NULL,
            sent_ms INTEGER NOT NULL,
            visible_ms INTEGER NOT NULL,
            receive_count INTEGER NOT NULL DEFAULT 0,
            first_receive_ms INTEGER NULL,
            last_receive_ms INTEGER NULL,
            receipt TEXT NULL);
        CREATE INDEX sqs_messages_visible ON sqs_messages (queue, visible_ms);
        CREATE INDEX sqs_messages_sent ON sqs_messages (queue, sent_ms);
        """,
        // Queues are regional: they are keyed by ARN. State from before this migration moves to the
        // default account in us-east-1.
        """
        ALTER TABLE sqs_queues RENAME COLUMN name TO arn;
        UPDATE sqs_queues SET arn = 'arn:aws:sqs:us-east-1:000000000000:' || arn;
        UPDATE sqs_messages SET queue = 'arn:aws:sqs:us-east-1:000000000000:' || queue;
        """,
    ]);

    public static List<SqsQueue> LoadQueues(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT arn, created, modified, attributes, tags FROM sqs_queues";
        using var reader = command.ExecuteReader();
        var queues = new List<SqsQueue>();
        while (reader.Read())
        {
            var arn = reader.GetString(0);
            queues.Add(new SqsQueue(
                arn[(arn.LastIndexOf(':') + 1)..],
                arn,
                reader.GetInt64(1),
                reader.GetInt64(2),
                Dictionary(reader.GetString(3)),
                Dictionary(reader.GetString(4))));
        }

        return queues;
    }

    public static bool InsertQueue(SqliteConnection connection, SqsQueue queue) =>
        connection.Execute(
            "INSERT INTO sqs_queues (arn, created, modified, attributes, tags) VALUES ($n, $c, $m, $a, $t) ON CONFLICT(arn) DO NOTHING",
            ("$n", queue.Arn),
            ("$c", queue.CreatedSeconds),
            ("$m", queue.ModifiedSeconds),
            ("$a", Json(queue.Attributes)),
            ("$t", Json(queue.Tags))) == 1;

    public static void UpdateQueue(SqliteConnection connection, SqsQueue queue) =>
        connection.Execute(
            "UPDATE sqs_queues SET modified = $m, attributes = $a, tags = $t WHERE arn = $n",
            ("$n", queue.Arn),
            ("$m", queue.ModifiedSeconds),
            ("$a", Json(queue.Attributes)),
            ("$t", Json(queue.Tags)));

    public static void DeleteQueue(SqliteConnection connection, string arn) =>
        connection.Execute("DELETE FROM sqs_messages WHERE queue = $n; DELETE FROM sqs_queues WHERE arn = $n;", ("$n", arn));

    public static void Purge(SqliteConnection connection, string arn) =>
        connection.Execute("DELETE FROM sqs_messages WHERE queue = $n", ("$n", arn));

    /// <summary>Inserts every message or throws the first failure, so that the caller's write is rolled back whole.</summary>
    public static void InsertAll(SqliteConnection connection, IReadOnlyList<NewMessage> messages)
    {
        if (InsertMessages(connection, messages)?.FirstOrDefault(e => e is not null) is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }

    public static Exception?[]? InsertMessages(SqliteConnection connection, IReadOnlyList<NewMessage> messages)
    {
        using var commandLease = connection.Statement("""
            INSERT INTO sqs_messages (queue, id, body, md5, attributes, attributes_md5, system_attributes, sender, sent_ms, visible_ms)
            VALUES ($q, $id, $body, $md5, $attrs, $amd5, $sys, $sender, $sent, $visible)
            """);
        Exception?[]? errors = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            commandLease.Bind(
                ("$q", message.Queue),
                ("$id", message.Id),
                ("$body", message.Body),
                ("$md5", message.Md5OfBody),
                ("$attrs", message.Attributes is { Count: > 0 } a ? JsonSerializer.Serialize(a, SqsModelJsonContext.Default.DictionaryStringStoredAttribute) : null),
                ("$amd5", message.Md5OfAttributes),
                ("$sys", message.SystemAttributes is { Count: > 0 } s ? JsonSerializer.Serialize(s, SqsModelJsonContext.Default.DictionaryStringStoredAttribute) : null),
                ("$sender", message.SenderId),
                ("$sent", message.SentMs),
                ("$visible", message.VisibleMs));
            try
            {
                commandLease.Command.ExecuteNonQuery();
            }
            catch (SqliteException ex)
            {
                errors ??= new Exception?[messages.Count];
                errors[i] = ex;
            }
        }

        return errors;
    }

    public static long? NextVisible(SqliteConnection connection, string queue, long nowMs) =>
        connection.Scalar("SELECT MIN(visible_ms) FROM sqs_messages WHERE queue = $q AND visible_ms > $now", ("$q", queue), ("$now", nowMs)) is long next
            ? next
            : null;

    public static ReceiveOutcome Receive(
        SqliteConnection connection,
        SqsQueue queue,
        Func<string, SqsQueue?> queueByArn,
        int max,
        int visibilityTimeout,
        long nowMs)
    {
        connection.Execute(
            "DELETE FROM sqs_messages WHERE queue = $q AND sent_ms <= $cutoff",
            ("$q", queue.Arn),
            ("$cutoff", nowMs - (queue.MessageRetentionPeriod * 1000L)));

        var redrive = queue.Redrive;
        var deadLetter = redrive is { } r ? queueByArn(r.DeadLetterTargetArn) : null;
        var received = new List<ReceivedMessage>(max);
        var moved = new List<string>();
        using var selectLease = connection.Statement("""
            SELECT seq, id, body, md5, attributes, system_attributes, sender, sent_ms, receive_count, first_receive_ms
            FROM sqs_messages WHERE queue = $q AND visible_ms <= $now ORDER BY visible_ms, seq LIMIT $n
            """);
        using var takeLease = connection.Statement("""
            UPDATE sqs_messages SET receive_count = receive_count + 1, first_receive_ms = COALESCE(first_receive_ms, $now),
                last_receive_ms = $now, receipt = $nonce, visible_ms = $visible
            WHERE seq = $seq
            """);
        var visibleMs = nowMs + (visibilityTimeout * 1000L);
        using var moveLease = connection.Statement("""
            UPDATE sqs_messages SET queue = $dlq, receive_count = 0, first_receive_ms = NULL, last_receive_ms = NULL,
                receipt = NULL, visible_ms = $now
            WHERE seq = $seq
            """);
        var deadLetterArn = deadLetter?.Arn ?? string.Empty;

        // A message received with a visibility timeout of 0 is visible again at once: it is not received twice in one call.
        var taken = new HashSet<long>();
        for (var round = 0; round < 20 && received.Count < max; round++)
        {
            selectLease.Bind(("$q", queue.Arn), ("$now", nowMs), ("$n", max - received.Count + taken.Count));
            var candidates = new List<(long Seq, ReceivedMessage Message)>();
            using (var reader = selectLease.Command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var seq = reader.GetInt64(0);
                    candidates.Add((seq, new ReceivedMessage(
                        seq,
                        reader.GetString(1),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.IsDBNull(4) ? null : Attributes(reader.GetString(4)),
                        reader.IsDBNull(5) ? null : Attributes(reader.GetString(5)),
                        reader.GetString(6),
                        reader.GetInt64(7),
                        reader.GetInt32(8) + 1,
                        reader.IsDBNull(9) ? nowMs : reader.GetInt64(9),
                        string.Empty)));
                }
            }

            candidates.RemoveAll(c => taken.Contains(c.Seq));
            if (candidates.Count == 0)
            {
                break;
            }

            foreach (var (seq, message) in candidates)
            {
                taken.Add(seq);
                if (deadLetter is not null && redrive is { } policy && message.ReceiveCount > policy.MaxReceiveCount)
                {
                    moveLease.Bind(("$seq", seq), ("$dlq", deadLetterArn), ("$now", nowMs));
                    moveLease.Command.ExecuteNonQuery();
                    moved.Add(deadLetter.Arn);
                    continue;
                }

                var nonce = Guid.NewGuid().ToString("N");
                takeLease.Bind(("$seq", seq), ("$nonce", nonce), ("$now", nowMs), ("$visible", visibleMs));
                takeLease.Command.ExecuteNonQuery();
                received.Add(message with { Nonce = nonce });
            }
        }

        return new ReceiveOutcome(received, moved, received.Count == 0 ? NextVisible(connection, queue.Arn, nowMs) : null);
    }

    public static bool Delete(SqliteConnection connection, string queue, long seq, string nonce) =>
        connection.Execute(
            "DELETE FROM sqs_messages WHERE seq = $seq AND queue = $q AND receipt = $nonce",
            ("$seq", seq),
            ("$q", queue),
            ("$nonce", nonce)) == 1;

    public static (bool Found, bool InFlight, long LastReceiveMs) FindReceipt(SqliteConnection connection, string queue, long seq, string nonce, long nowMs)
    {
        using var commandLease = connection.Statement("SELECT visible_ms, last_receive_ms FROM sqs_messages WHERE seq = $seq AND queue = $q AND receipt = $nonce");
        commandLease.Bind(("$seq", seq), ("$q", queue), ("$nonce", nonce));
        using var reader = commandLease.Command.ExecuteReader();
        if (!reader.Read())
        {
            return (false, false, 0);
        }

        return (true, reader.GetInt64(0) > nowMs, reader.IsDBNull(1) ? nowMs : reader.GetInt64(1));
    }

    public static void SetVisible(SqliteConnection connection, long seq, long visibleMs) =>
        connection.Execute("UPDATE sqs_messages SET visible_ms = $v WHERE seq = $seq", ("$seq", seq), ("$v", visibleMs));

    public static QueueCounts Count(SqliteConnection connection, SqsQueue queue, long nowMs)
    {
        using var commandLease = connection.Statement("""
            SELECT
                COALESCE(SUM(CASE WHEN visible_ms <= $now THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN visible_ms > $now AND receive_count > 0 THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN visible_ms > $now AND receive_count = 0 THEN 1 ELSE 0 END), 0)
            FROM sqs_messages WHERE queue = $q AND sent_ms > $cutoff
            """);
        commandLease.Bind(("$q", queue.Arn), ("$now", nowMs), ("$cutoff", nowMs - (queue.MessageRetentionPeriod * 1000L)));
        using var reader = commandLease.Command.ExecuteReader();
        reader.Read();
        return new QueueCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static string Json(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(values, StringComparer.Ordinal), SqsModelJsonContext.Default.DictionaryStringString);

    private static Dictionary<string, string> Dictionary(string json) =>
        JsonSerializer.Deserialize(json, SqsModelJsonContext.Default.DictionaryStringString) ?? [];

    private static Dictionary<string, StoredAttribute>? Attributes(string json) =>
        JsonSerializer.Deserialize(json, SqsModelJsonContext.Default.DictionaryStringStoredAttribute);
}
