using System.Text.Json;
using LocalCloud.Core.Storage;
using LocalCloud.EventBridge.Wire;
using Microsoft.Data.Sqlite;

namespace LocalCloud.EventBridge.Archives;

/// <summary>Archives, their events and replays in the local cloud's SQLite database.</summary>
internal sealed class ArchiveStore
{
    public static readonly StorageSchema Schema = new("eventbridge-archives",
    [
        """
        CREATE TABLE eb_archives (
            name TEXT NOT NULL PRIMARY KEY,
            bus TEXT NOT NULL,
            source_arn TEXT NOT NULL,
            description TEXT,
            event_pattern TEXT,
            retention_days INTEGER NOT NULL,
            state TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            event_count INTEGER NOT NULL DEFAULT 0,
            size_bytes INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE eb_archived_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            archive TEXT NOT NULL,
            event_time_ms INTEGER NOT NULL,
            archived_ms INTEGER NOT NULL,
            size INTEGER NOT NULL,
            body TEXT NOT NULL);
        CREATE INDEX eb_archived_events_by_time ON eb_archived_events (archive, event_time_ms, seq);
        CREATE INDEX eb_archived_events_by_age ON eb_archived_events (archive, archived_ms);
        CREATE TABLE eb_replays (
            name TEXT NOT NULL PRIMARY KEY,
            archive TEXT NOT NULL,
            source_arn TEXT NOT NULL,
            description TEXT,
            destination_arn TEXT NOT NULL,
            filter_arns TEXT,
            start_ms INTEGER NOT NULL,
            end_ms INTEGER NOT NULL,
            state TEXT NOT NULL,
            state_reason TEXT,
            replay_start_ms INTEGER NOT NULL,
            replay_end_ms INTEGER,
            last_replayed_ms INTEGER,
            cursor_ms INTEGER NOT NULL);
        """,
        // Archives and replays are regional: they are keyed by ARN. State from before this migration moves to the
        // default account in us-east-1.
        """
        ALTER TABLE eb_archives RENAME COLUMN name TO arn;
        UPDATE eb_archives SET arn = 'arn:aws:events:us-east-1:000000000000:archive/' || arn;
        UPDATE eb_archived_events SET archive = 'arn:aws:events:us-east-1:000000000000:archive/' || archive;
        ALTER TABLE eb_replays RENAME COLUMN name TO arn;
        UPDATE eb_replays SET arn = 'arn:aws:events:us-east-1:000000000000:replay/' || arn,
            archive = 'arn:aws:events:us-east-1:000000000000:archive/' || archive;
        """,
    ]);

    private const string ArchiveColumns = "arn, bus, source_arn, description, event_pattern, retention_days, state, created_ms, event_count, size_bytes";
    private const string ReplayColumns = "arn, archive, source_arn, description, destination_arn, filter_arns, start_ms, end_ms, state, state_reason, replay_start_ms, replay_end_ms, last_replayed_ms, cursor_ms";

    private readonly SqliteStore _store;

    public ArchiveStore(SqliteStore store)
    {
        _store = store;
    }

    public Task<bool> InsertArchiveAsync(ArchiveRecord archive, CancellationToken cancellationToken) => _store.WriteAsync(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT OR IGNORE INTO eb_archives ({ArchiveColumns}) VALUES ($name, $bus, $arn, $description, $pattern, $retention, $state, $created, 0, 0)";
        command.Parameters.AddWithValue("$name", archive.Arn);
        command.Parameters.AddWithValue("$bus", archive.BusName);
        command.Parameters.AddWithValue("$arn", archive.EventSourceArn);
        command.Parameters.AddWithValue("$description", (object?)archive.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("$pattern", (object?)archive.EventPattern ?? DBNull.Value);
        command.Parameters.AddWithValue("$retention", archive.RetentionDays);
        command.Parameters.AddWithValue("$state", archive.State);
        command.Parameters.AddWithValue("$created", archive.CreatedAtMs);
        return command.ExecuteNonQuery() == 1;
    }, cancellationToken);

    public Task UpdateArchiveAsync(string name, string? description, string? pattern, int retentionDays, CancellationToken cancellationToken) =>
        _store.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE eb_archives SET description = $description, event_pattern = $pattern, retention_days = $retention WHERE arn = $name";
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$description", (object?)description ?? DBNull.Value);
            command.Parameters.AddWithValue("$pattern", (object?)pattern ?? DBNull.Value);
            command.Parameters.AddWithValue("$retention", retentionDays);
            command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<bool> DeleteArchiveAsync(string name, CancellationToken cancellationToken) => _store.WriteAsync(connection =>
    {
        using var events = connection.CreateCommand();
        events.CommandText = "DELETE FROM eb_archived_events WHERE archive = $name";
        events.Parameters.AddWithValue("$name", name);
        events.ExecuteNonQuery();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM eb_archives WHERE arn = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery() == 1;
    }, cancellationToken);

    public ArchiveRecord? GetArchive(string name) => _store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ArchiveColumns} FROM eb_archives WHERE arn = $name";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadArchive(reader) : null;
    });

    public IReadOnlyList<ArchiveRecord> ListArchives() => _store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ArchiveColumns} FROM eb_archives ORDER BY arn";
        using var reader = command.ExecuteReader();
        var list = new List<ArchiveRecord>();
        while (reader.Read())
        {
            list.Add(ReadArchive(reader));
        }

        return list;
    });

    /// <summary>Appends events to an archive; events for an archive that no longer exists are dropped.</summary>
    public Task<int> AppendAsync(string archive, IReadOnlyList<(long EventTimeMs, string Body)> events, long nowMs, CancellationToken cancellationToken) =>
        _store.WriteAsync(connection =>
        {
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT 1 FROM eb_archives WHERE arn = $name";
            exists.Parameters.AddWithValue("$name", archive);
            if (exists.ExecuteScalar() is null)
            {
                return 0;
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO eb_archived_events (archive, event_time_ms, archived_ms, size, body) VALUES ($archive, $time, $now, $size, $body)";
            var pArchive = insert.Parameters.Add("$archive", SqliteType.Text);
            var pTime = insert.Parameters.Add("$time", SqliteType.Integer);
            var pNow = insert.Parameters.Add("$now", SqliteType.Integer);
            var pSize = insert.Parameters.Add("$size", SqliteType.Integer);
            var pBody = insert.Parameters.Add("$body", SqliteType.Text);
            long bytes = 0;
            foreach (var (time, body) in events)
            {
                var size = System.Text.Encoding.UTF8.GetByteCount(body);
                bytes += size;
                pArchive.Value = archive;
                pTime.Value = time;
                pNow.Value = nowMs;
                pSize.Value = size;
                pBody.Value = body;
                insert.ExecuteNonQuery();
            }

            using var counters = connection.CreateCommand();
            counters.CommandText = "UPDATE eb_archives SET event_count = event_count + $count, size_bytes = size_bytes + $bytes WHERE arn = $name";
            counters.Parameters.AddWithValue("$count", events.Count);
            counters.Parameters.AddWithValue("$bytes", bytes);
            counters.Parameters.AddWithValue("$name", archive);
            counters.ExecuteNonQuery();
            return events.Count;
        }, cancellationToken);

    /// <summary>Deletes events kept longer than their archive's retention (0 days keeps them forever).</summary>
    public Task<int> PurgeExpiredAsync(long nowMs, CancellationToken cancellationToken) => _store.WriteAsync(connection =>
    {
        var removed = 0;
        foreach (var archive in ListArchivesOn(connection).Where(a => a.RetentionDays > 0))
        {
            var cutoff = nowMs - (archive.RetentionDays * 86_400_000L);
            using var stats = connection.CreateCommand();
            stats.CommandText = "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM eb_archived_events WHERE archive = $name AND archived_ms < $cutoff";
            stats.Parameters.AddWithValue("$name", archive.Arn);
            stats.Parameters.AddWithValue("$cutoff", cutoff);
            long count, bytes;
            using (var reader = stats.ExecuteReader())
            {
                reader.Read();
                count = reader.GetInt64(0);
                bytes = reader.GetInt64(1);
            }

            if (count == 0)
            {
                continue;
            }

            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM eb_archived_events WHERE archive = $name AND archived_ms < $cutoff";
            delete.Parameters.AddWithValue("$name", archive.Arn);
            delete.Parameters.AddWithValue("$cutoff", cutoff);
            delete.ExecuteNonQuery();
            using var counters = connection.CreateCommand();
            counters.CommandText = "UPDATE eb_archives SET event_count = MAX(0, event_count - $count), size_bytes = MAX(0, size_bytes - $bytes) WHERE arn = $name";
            counters.Parameters.AddWithValue("$count", count);
            counters.Parameters.AddWithValue("$bytes", bytes);
            counters.Parameters.AddWithValue("$name", archive.Arn);
            counters.ExecuteNonQuery();
            removed += (int)count;
        }

        return removed;
    }, cancellationToken);

    public long? NextEventTime(string archive, long fromMs, long endMs) => _store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(event_time_ms) FROM eb_archived_events WHERE archive = $archive AND event_time_ms >= $from AND event_time_ms < $end";
        command.Parameters.AddWithValue("$archive", archive);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$end", endMs);
        return command.ExecuteScalar() is long value ? value : (long?)null;
    });

    public IReadOnlyList<ArchivedEvent> ReadEvents(string archive, long fromMs, long toMs, long afterSequence, int limit) => _store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, event_time_ms, body FROM eb_archived_events
            WHERE archive = $archive AND event_time_ms >= $from AND event_time_ms < $to AND seq > $after
            ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$archive", archive);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var list = new List<ArchivedEvent>();
        while (reader.Read())
        {
            list.Add(new ArchivedEvent(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        }

        return list;
    });

    public Task<StartReplayOutcome> InsertReplayAsync(ReplayRecord replay, int maxActive, CancellationToken cancellationToken) =>
        _store.WriteAsync(connection =>
        {
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT 1 FROM eb_replays WHERE arn = $name";
            exists.Parameters.AddWithValue("$name", replay.Arn);
            if (exists.ExecuteScalar() is not null)
            {
                return StartReplayOutcome.AlreadyExists;
            }

            using var active = connection.CreateCommand();
            active.CommandText = "SELECT COUNT(*) FROM eb_replays WHERE state IN ('STARTING', 'RUNNING', 'CANCELLING') AND substr(arn, 1, length($scope)) = $scope";
            active.Parameters.AddWithValue("$scope", replay.Arn[..(replay.Arn.IndexOf(":replay/", StringComparison.Ordinal) + ":replay/".Length)]);
            if ((long)active.ExecuteScalar()! >= maxActive)
            {
                return StartReplayOutcome.LimitExceeded;
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO eb_replays ({ReplayColumns}) VALUES ($name, $archive, $source, $description, $destination, $filters, $start, $end, $state, $reason, $replayStart, $replayEnd, $last, $cursor)";
            BindReplay(insert, replay);
            insert.ExecuteNonQuery();
            return StartReplayOutcome.Started;
        }, cancellationToken);

    /// <summary>Writes a replay's progress unless it was cancelled meanwhile; returns the stored state.</summary>
    public Task<string?> SaveReplayProgressAsync(ReplayRecord replay, CancellationToken cancellationToken) => _store.WriteAsync(connection =>
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT state FROM eb_replays WHERE arn = $name";
        read.Parameters.AddWithValue("$name", replay.Arn);
        var current = read.ExecuteScalar() as string;
        if (current is null)
        {
            return null;
        }

        var state = current == ReplayStates.Cancelling && replay.State == ReplayStates.Running ? ReplayStates.Cancelling : replay.State;
        using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE eb_replays SET state = $state, state_reason = $reason, replay_end_ms = $replayEnd,
                last_replayed_ms = $last, cursor_ms = $cursor WHERE arn = $name
            """;
        update.Parameters.AddWithValue("$name", replay.Arn);
        update.Parameters.AddWithValue("$state", state);
        update.Parameters.AddWithValue("$reason", (object?)replay.StateReason ?? DBNull.Value);
        update.Parameters.AddWithValue("$replayEnd", (object?)replay.ReplayEndMs ?? DBNull.Value);
        update.Parameters.AddWithValue("$last", (object?)replay.LastReplayedMs ?? DBNull.Value);
        update.Parameters.AddWithValue("$cursor", replay.CursorMs);
        update.ExecuteNonQuery();
        return state;
    }, cancellationToken);

    /// <summary>Moves a STARTING or RUNNING replay to CANCELLING; returns the state it had.</summary>
    public Task<string?> RequestCancelAsync(string name, CancellationToken cancellationToken) => _store.WriteAsync(connection =>
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT state FROM eb_replays WHERE arn = $name";
        read.Parameters.AddWithValue("$name", name);
        var current = read.ExecuteScalar() as string;
        if (current is ReplayStates.Starting or ReplayStates.Running)
        {
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE eb_replays SET state = 'CANCELLING' WHERE arn = $name";
            update.Parameters.AddWithValue("$name", name);
            update.ExecuteNonQuery();
        }

        return current;
    }, cancellationToken);

    public ReplayRecord? GetReplay(string name) => _store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ReplayColumns} FROM eb_replays WHERE arn = $name";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadReplay(reader) : null;
    });

    public IReadOnlyList<ReplayRecord> ListReplays(bool activeOnly = false) => _store.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = activeOnly
            ? $"SELECT {ReplayColumns} FROM eb_replays WHERE state IN ('STARTING', 'RUNNING', 'CANCELLING') ORDER BY replay_start_ms, arn"
            : $"SELECT {ReplayColumns} FROM eb_replays ORDER BY arn";
        using var reader = command.ExecuteReader();
        var list = new List<ReplayRecord>();
        while (reader.Read())
        {
            list.Add(ReadReplay(reader));
        }

        return list;
    });

    private static List<ArchiveRecord> ListArchivesOn(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ArchiveColumns} FROM eb_archives";
        using var reader = command.ExecuteReader();
        var list = new List<ArchiveRecord>();
        while (reader.Read())
        {
            list.Add(ReadArchive(reader));
        }

        return list;
    }

    private static ArchiveRecord ReadArchive(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetInt32(5),
        reader.GetString(6),
        reader.GetInt64(7),
        reader.GetInt64(8),
        reader.GetInt64(9));

    private static ReplayRecord ReadReplay(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : JsonSerializer.Deserialize(reader.GetString(5), ArchiveJsonContext.Default.ListString),
        reader.GetInt64(6),
        reader.GetInt64(7),
        reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.GetInt64(10),
        reader.IsDBNull(11) ? null : reader.GetInt64(11),
        reader.IsDBNull(12) ? null : reader.GetInt64(12),
        reader.GetInt64(13));

    private static void BindReplay(SqliteCommand command, ReplayRecord replay)
    {
        command.Parameters.AddWithValue("$name", replay.Arn);
        command.Parameters.AddWithValue("$archive", replay.ArchiveArn);
        command.Parameters.AddWithValue("$source", replay.EventSourceArn);
        command.Parameters.AddWithValue("$description", (object?)replay.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("$destination", replay.DestinationArn);
        command.Parameters.AddWithValue("$filters", replay.FilterArns is null
            ? DBNull.Value
            : JsonSerializer.Serialize([.. replay.FilterArns], ArchiveJsonContext.Default.ListString));
        command.Parameters.AddWithValue("$start", replay.EventStartMs);
        command.Parameters.AddWithValue("$end", replay.EventEndMs);
        command.Parameters.AddWithValue("$state", replay.State);
        command.Parameters.AddWithValue("$reason", (object?)replay.StateReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$replayStart", replay.ReplayStartMs);
        command.Parameters.AddWithValue("$replayEnd", (object?)replay.ReplayEndMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$last", (object?)replay.LastReplayedMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$cursor", replay.CursorMs);
    }
}

internal enum StartReplayOutcome
{
    Started,
    AlreadyExists,
    LimitExceeded,
}
