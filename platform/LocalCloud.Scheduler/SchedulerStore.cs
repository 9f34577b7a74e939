using System.Collections.Concurrent;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.Scheduler.Model;
using Microsoft.Data.Sqlite;

namespace LocalCloud.Scheduler;

/// <summary>A stored schedule: its row id (the firing queue's key), its definition, and its next invocation
/// (<see cref="NextFireAt"/>, the time it fires, flexible window included; <see cref="NextNominal"/>, the time the
/// expression gives), both null when it will not fire again.</summary>
internal sealed record StoredSchedule(long Id, ScheduleRecord Schedule, DateTimeOffset? NextFireAt, DateTimeOffset? NextNominal);

/// <summary>How a firing moves a schedule on: to its next invocation, to none, or out of the store.</summary>
internal sealed record ScheduleAdvance(long Id, DateTimeOffset FiredAt, DateTimeOffset? NextFireAt, DateTimeOffset? NextNominal, bool Delete);

/// <summary>Schedule groups and schedules in the local cloud's SQLite store.</summary>
internal sealed class SchedulerStore(SqliteStore store)
{
    public const string DefaultGroup = "default";

    private readonly ConcurrentDictionary<string, bool> _defaultGroups = new(StringComparer.Ordinal);

    public static StorageSchema Storage { get; } = new("scheduler",
    [
        """
        CREATE TABLE scheduler_groups (
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (scope, name)
        );
        CREATE TABLE scheduler_schedules (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            scope TEXT NOT NULL,
            group_name TEXT NOT NULL,
            name TEXT NOT NULL,
            state TEXT NOT NULL,
            record TEXT NOT NULL,
            next_fire_at INTEGER,
            next_nominal INTEGER,
            UNIQUE (scope, group_name, name)
        );
        CREATE INDEX scheduler_schedules_due ON scheduler_schedules (next_fire_at) WHERE next_fire_at IS NOT NULL;
        """,
    ]);

    public static string ScopeKey(ResourceScope scope) => scope.AccountId + ":" + scope.Region;

    public async Task EnsureDefaultGroupAsync(ResourceScope scope, DateTimeOffset now)
    {
        var key = ScopeKey(scope);
        if (_defaultGroups.ContainsKey(key))
        {
            return;
        }

        await store.WriteAsync(connection =>
        {
            var record = new ScheduleGroupRecord(scope.AccountId, scope.Region, DefaultGroup, now, now, []);
            Execute(connection, "INSERT OR IGNORE INTO scheduler_groups (scope, name, record) VALUES ($scope, $name, $record)",
                ("$scope", key), ("$name", DefaultGroup), ("$record", Serialize(record)));
        });
        _defaultGroups[key] = true;
    }

    public ScheduleGroupRecord? GetGroup(ResourceScope scope, string name) =>
        store.Read(connection => FindGroup(connection, ScopeKey(scope), name));

    public Task<ScheduleGroupRecord> CreateGroupAsync(ScheduleGroupRecord group) =>
        store.WriteAsync(connection =>
        {
            var scope = group.AccountId + ":" + group.Region;
            if (FindGroup(connection, scope, group.Name) is { } existing)
            {
                if (group.ClientToken is not null && existing.ClientToken == group.ClientToken)
                {
                    return existing;
                }

                throw SchedulerErrors.GroupExists(group.Name);
            }

            Execute(connection, "INSERT INTO scheduler_groups (scope, name, record) VALUES ($scope, $name, $record)",
                ("$scope", scope), ("$name", group.Name), ("$record", Serialize(group)));
            return group;
        });

    /// <summary>Deletes a group and its schedules; returns the ids of the schedules deleted.</summary>
    public Task<IReadOnlyList<long>> DeleteGroupAsync(ResourceScope scope, string name) =>
        store.WriteAsync<IReadOnlyList<long>>(connection =>
        {
            var key = ScopeKey(scope);
            if (FindGroup(connection, key, name) is null)
            {
                throw SchedulerErrors.GroupNotFound(name);
            }

            var ids = new List<long>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "DELETE FROM scheduler_schedules WHERE scope = $scope AND group_name = $group RETURNING id";
                command.Parameters.AddWithValue("$scope", key);
                command.Parameters.AddWithValue("$group", name);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            Execute(connection, "DELETE FROM scheduler_groups WHERE scope = $scope AND name = $name", ("$scope", key), ("$name", name));
            return ids;
        });

    public Task<ScheduleGroupRecord> UpdateGroupAsync(ResourceScope scope, string name, Func<ScheduleGroupRecord, ScheduleGroupRecord> change) =>
        store.WriteAsync(connection =>
        {
            var key = ScopeKey(scope);
            var group = FindGroup(connection, key, name) ?? throw SchedulerErrors.GroupNotFound(name);
            var changed = change(group);
            Execute(connection, "UPDATE scheduler_groups SET record = $record WHERE scope = $scope AND name = $name",
                ("$scope", key), ("$name", name), ("$record", Serialize(changed)));
            return changed;
        });

    public List<ScheduleGroupRecord> ListGroups(ResourceScope scope, string? prefix, string? after, int limit) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT record FROM scheduler_groups
                WHERE scope = $scope AND name > $after AND substr(name, 1, length($prefix)) = $prefix
                ORDER BY name LIMIT $limit
                """;
            command.Parameters.AddWithValue("$scope", ScopeKey(scope));
            command.Parameters.AddWithValue("$after", after ?? "");
            command.Parameters.AddWithValue("$prefix", prefix ?? "");
            command.Parameters.AddWithValue("$limit", limit);
            var groups = new List<ScheduleGroupRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                groups.Add(JsonSerializer.Deserialize(reader.GetString(0), SchedulerModelJsonContext.Default.ScheduleGroupRecord)!);
            }

            return groups;
        });

    public StoredSchedule? GetSchedule(ResourceScope scope, string group, string name) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, record, next_fire_at, next_nominal FROM scheduler_schedules WHERE scope = $scope AND group_name = $group AND name = $name";
            command.Parameters.AddWithValue("$scope", ScopeKey(scope));
            command.Parameters.AddWithValue("$group", group);
            command.Parameters.AddWithValue("$name", name);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadSchedule(reader) : null;
        });

    /// <summary>Stores a new schedule. A schedule of the same name created with the same client token is the answer
    /// to a retried request and is returned as it is.</summary>
    public Task<StoredSchedule> CreateScheduleAsync(ScheduleRecord schedule, DateTimeOffset? nextFireAt, DateTimeOffset? nextNominal) =>
        store.WriteAsync(connection =>
        {
            var scope = schedule.AccountId + ":" + schedule.Region;
            if (FindGroup(connection, scope, schedule.GroupName) is null)
            {
                throw SchedulerErrors.GroupNotFound(schedule.GroupName);
            }

            if (Find(connection, scope, schedule.GroupName, schedule.Name) is { } existing)
            {
                if (schedule.ClientToken is not null && existing.Schedule.ClientToken == schedule.ClientToken)
                {
                    return existing;
                }

                throw SchedulerErrors.ScheduleExists(schedule.Name);
            }

            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO scheduler_schedules (scope, group_name, name, state, record, next_fire_at, next_nominal)
                VALUES ($scope, $group, $name, $state, $record, $fire, $nominal) RETURNING id
                """;
            Bind(command, scope, schedule, nextFireAt, nextNominal);
            var id = (long)command.ExecuteScalar()!;
            return new StoredSchedule(id, schedule, nextFireAt, nextNominal);
        });

    public Task<StoredSchedule> UpdateScheduleAsync(ScheduleRecord schedule, DateTimeOffset? nextFireAt, DateTimeOffset? nextNominal) =>
        store.WriteAsync(connection =>
        {
            var scope = schedule.AccountId + ":" + schedule.Region;
            var existing = Find(connection, scope, schedule.GroupName, schedule.Name) ?? throw SchedulerErrors.ScheduleNotFound(schedule.Name);
            var updated = schedule with { CreationDate = existing.Schedule.CreationDate };
            using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE scheduler_schedules SET state = $state, record = $record, next_fire_at = $fire, next_nominal = $nominal
                WHERE scope = $scope AND group_name = $group AND name = $name
                """;
            Bind(command, scope, updated, nextFireAt, nextNominal);
            command.ExecuteNonQuery();
            return new StoredSchedule(existing.Id, updated, nextFireAt, nextNominal);
        });

    public Task<long> DeleteScheduleAsync(ResourceScope scope, string group, string name) =>
        store.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM scheduler_schedules WHERE scope = $scope AND group_name = $group AND name = $name RETURNING id";
            command.Parameters.AddWithValue("$scope", ScopeKey(scope));
            command.Parameters.AddWithValue("$group", group);
            command.Parameters.AddWithValue("$name", name);
            return command.ExecuteScalar() is long id ? id : throw SchedulerErrors.ScheduleNotFound(name);
        });

    /// <summary>Schedules in (group, name) order after <paramref name="after"/> (a <c>group/name</c> key).</summary>
    public List<StoredSchedule> ListSchedules(ResourceScope scope, string? group, string? prefix, string? state, string? after, int limit) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT id, record, next_fire_at, next_nominal FROM scheduler_schedules
                WHERE scope = $scope
                  AND ($group IS NULL OR group_name = $group)
                  AND substr(name, 1, length($prefix)) = $prefix
                  AND ($state IS NULL OR state = $state)
                  AND (group_name || '/' || name) > $after
                ORDER BY group_name || '/' || name LIMIT $limit
                """;
            command.Parameters.AddWithValue("$scope", ScopeKey(scope));
            command.Parameters.AddWithValue("$group", (object?)group ?? DBNull.Value);
            command.Parameters.AddWithValue("$prefix", prefix ?? "");
            command.Parameters.AddWithValue("$state", (object?)state ?? DBNull.Value);
            command.Parameters.AddWithValue("$after", after ?? "");
            command.Parameters.AddWithValue("$limit", limit);
            var schedules = new List<StoredSchedule>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                schedules.Add(ReadSchedule(reader));
            }

            return schedules;
        });

    /// <summary>Every schedule that will fire again, as (id, fire time in Unix milliseconds), for the firing queue.</summary>
    public List<(long Id, long FireAtMs)> LoadPending() =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, next_fire_at FROM scheduler_schedules WHERE next_fire_at IS NOT NULL";
            var pending = new List<(long, long)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                pending.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }

            return pending;
        });

    public List<StoredSchedule> LoadByIds(IReadOnlyList<long> ids) =>
        store.Read(connection =>
        {
            var schedules = new List<StoredSchedule>(ids.Count);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, record, next_fire_at, next_nominal FROM scheduler_schedules WHERE id IN (SELECT value FROM json_each($ids))";
            command.Parameters.AddWithValue("$ids", "[" + string.Join(',', ids) + "]");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                schedules.Add(ReadSchedule(reader));
            }

            return schedules;
        });

    /// <summary>Moves fired schedules on, each only if it still has the fire time it fired at (an update or delete
    /// in between wins). Returns the ids whose change applied.</summary>
    public Task<HashSet<long>> AdvanceAsync(IReadOnlyList<ScheduleAdvance> advances) =>
        store.WriteAsync(connection =>
        {
            var applied = new HashSet<long>();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE scheduler_schedules SET next_fire_at = $fire, next_nominal = $nominal WHERE id = $id AND next_fire_at = $old";
            var updateId = update.Parameters.Add("$id", SqliteType.Integer);
            var updateOld = update.Parameters.Add("$old", SqliteType.Integer);
            var updateFire = update.Parameters.Add("$fire", SqliteType.Integer);
            var updateNominal = update.Parameters.Add("$nominal", SqliteType.Integer);
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM scheduler_schedules WHERE id = $id AND next_fire_at = $old";
            var deleteId = delete.Parameters.Add("$id", SqliteType.Integer);
            var deleteOld = delete.Parameters.Add("$old", SqliteType.Integer);
            foreach (var advance in advances)
            {
                int changed;
                if (advance.Delete)
                {
                    deleteId.Value = advance.Id;
                    deleteOld.Value = advance.FiredAt.ToUnixTimeMilliseconds();
                    changed = delete.ExecuteNonQuery();
                }
                else
                {
                    updateId.Value = advance.Id;
                    updateOld.Value = advance.FiredAt.ToUnixTimeMilliseconds();
                    updateFire.Value = (object?)advance.NextFireAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
                    updateNominal.Value = (object?)advance.NextNominal?.ToUnixTimeMilliseconds() ?? DBNull.Value;
                    changed = update.ExecuteNonQuery();
                }

                if (changed > 0)
                {
                    applied.Add(advance.Id);
                }
            }

            return applied;
        });

    public (long Groups, long Schedules, long Enabled, long Pending) Counts() =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT (SELECT count(*) FROM scheduler_groups),
                       (SELECT count(*) FROM scheduler_schedules),
                       (SELECT count(*) FROM scheduler_schedules WHERE state = 'ENABLED'),
                       (SELECT count(*) FROM scheduler_schedules WHERE next_fire_at IS NOT NULL)
                """;
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        });

    private static StoredSchedule? Find(SqliteConnection connection, string scope, string group, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, record, next_fire_at, next_nominal FROM scheduler_schedules WHERE scope = $scope AND group_name = $group AND name = $name";
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$group", group);
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadSchedule(reader) : null;
    }

    private static ScheduleGroupRecord? FindGroup(SqliteConnection connection, string scope, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM scheduler_groups WHERE scope = $scope AND name = $name";
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize(json, SchedulerModelJsonContext.Default.ScheduleGroupRecord) : null;
    }

    private static StoredSchedule ReadSchedule(SqliteDataReader reader) =>
        new(
            reader.GetInt64(0),
            JsonSerializer.Deserialize(reader.GetString(1), SchedulerModelJsonContext.Default.ScheduleRecord)!,
            reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));

    private static void Bind(SqliteCommand command, string scope, ScheduleRecord schedule, DateTimeOffset? nextFireAt, DateTimeOffset? nextNominal)
    {
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$group", schedule.GroupName);
        command.Parameters.AddWithValue("$name", schedule.Name);
        command.Parameters.AddWithValue("$state", schedule.State);
        command.Parameters.AddWithValue("$record", JsonSerializer.Serialize(schedule, SchedulerModelJsonContext.Default.ScheduleRecord));
        command.Parameters.AddWithValue("$fire", (object?)nextFireAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$nominal", (object?)nextNominal?.ToUnixTimeMilliseconds() ?? DBNull.Value);
    }

    private static string Serialize(ScheduleGroupRecord group) => JsonSerializer.Serialize(group, SchedulerModelJsonContext.Default.ScheduleGroupRecord);

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
}
