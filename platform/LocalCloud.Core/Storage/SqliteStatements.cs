using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace LocalCloud.Core.Storage;

/// <summary>
/// Prepared statements kept for the life of a long-lived connection (the store's writer). The writer runs the same
/// few statements thousands of times a second, and parsing them each time costs more than running them. A connection
/// without a cache (a pooled reader) gets a fresh command, disposed with the lease.
/// </summary>
public static class SqliteStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Caches = new();

    /// <summary>Keeps prepared statements for <paramref name="connection"/> until <see cref="Release"/>.</summary>
    public static void Enable(SqliteConnection connection) =>
        Caches.AddOrUpdate(connection, new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));

    /// <summary>Disposes the statements kept for <paramref name="connection"/>.</summary>
    public static void Release(SqliteConnection connection)
    {
        if (Caches.TryGetValue(connection, out var cache))
        {
            Caches.Remove(connection);
            foreach (var command in cache.Values)
            {
                command.Dispose();
            }
        }
    }

    /// <summary>
    /// A command for <paramref name="sql"/> with no parameters bound: the connection's kept statement when it has a
    /// cache (only ever used by the one thread that owns the connection), otherwise a new command.
    /// </summary>
    public static StatementLease Statement(this SqliteConnection connection, string sql)
    {
        if (!Caches.TryGetValue(connection, out var cache))
        {
            var created = connection.CreateCommand();
            created.CommandText = sql;
            return new StatementLease(created, owned: true);
        }

        if (!cache.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            cache[sql] = command;
        }
        else
        {
            command.Parameters.Clear();
        }

        return new StatementLease(command, owned: false);
    }

    /// <summary>Runs <paramref name="sql"/> once with <paramref name="parameters"/> bound (see
    /// <see cref="StatementLease.Bind"/>) and returns the number of rows it changed.</summary>
    public static int Execute(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var lease = connection.Statement(sql);
        lease.Bind(parameters);
        return lease.Command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/> once with <paramref name="parameters"/> bound and returns the first
    /// column of its first row (null when there is no row).</summary>
    public static object? Scalar(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var lease = connection.Statement(sql);
        lease.Bind(parameters);
        return lease.Command.ExecuteScalar();
    }
}

/// <summary>A command from <see cref="SqliteStatements.Statement"/>; disposing it disposes only a command nobody keeps.</summary>
public readonly struct StatementLease(SqliteCommand command, bool owned) : IDisposable
{
    public SqliteCommand Command { get; } = command;

    /// <summary>
    /// Binds the values of one run of the statement, a null value as SQL NULL. The first call adds the parameters;
    /// later calls (the next rows of a multi-row write) must name the same parameters in the same order, and only
    /// set their values.
    /// </summary>
    public void Bind(params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var bound = Command.Parameters;
        if (bound.Count == 0)
        {
            foreach (var (name, value) in parameters)
            {
                bound.AddWithValue(name, value ?? DBNull.Value);
            }

            return;
        }

        if (bound.Count != parameters.Length)
        {
            throw new InvalidOperationException($"The statement has {bound.Count} parameters bound, not {parameters.Length}.");
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = bound[i];
            if (!string.Equals(parameter.ParameterName, parameters[i].Name, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Parameter {i} of the statement is {parameter.ParameterName}, not {parameters[i].Name}.");
            }

            parameter.Value = parameters[i].Value ?? DBNull.Value;
        }
    }

    public void Dispose()
    {
        if (owned)
        {
            Command.Dispose();
        }
    }
}
