using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Core.Storage;

public sealed partial class SqliteStore : IDisposable
{
    public const string FileName = "localcloud.db";
    private const int MaxBatch = 1024;

    private readonly Channel<WriteItem> _queue = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;
    private readonly ReaderWriterLockSlim? _memoryLock;
    private readonly Thread _writerThread;
    private readonly ILogger<SqliteStore> _logger;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private long _commits;
    private long _writes;
    private bool _disposed;

    public SqliteStore(string? dataDirectory, ILogger<SqliteStore> logger)
    {
        _logger = logger;
        string writeConnectionString;
        if (dataDirectory is null)
        {
            var name = "localcloud-" + Guid.NewGuid().ToString("N");
            writeConnectionString = new SqliteConnectionStringBuilder { DataSource = name, Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared }.ToString();
            _readConnectionString = writeConnectionString;
            _memoryLock = new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion);
            Location = ":memory:";
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            Location = Path.Combine(dataDirectory, FileName);
            writeConnectionString = new SqliteConnectionStringBuilder { DataSource = Location, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
            _readConnectionString = new SqliteConnectionStringBuilder { DataSource = Location, Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ToString();
        }

        _writer = new SqliteConnection(writeConnectionString);
        _writer.Open();
        if (_memoryLock is null)
        {
            Execute(_writer, "PRAGMA journal_mode=WAL;");
            Execute(_writer, "PRAGMA synchronous=NORMAL;");
        }

        Execute(_writer, "PRAGMA foreign_keys=ON;");
        Execute(_writer, "PRAGMA busy_timeout=5000;");
        Execute(_writer, "CREATE TABLE IF NOT EXISTS _migrations (component TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL);");

        SqliteStatements.Enable(_writer);
        _begin = Prepared("BEGIN IMMEDIATE;");
        _commit = Prepared("COMMIT;");
        _savepoint = Prepared("SAVEPOINT w;");
        _release = Prepared("RELEASE w;");
        _writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "localcloud-sqlite-writer" };
        _writerThread.Start();
    }

    public string Location { get; }

    public bool IsInMemory => _memoryLock is not null;

    public long Commits => Interlocked.Read(ref _commits);

    public long Writes => Interlocked.Read(ref _writes);

    public void ApplySchema(StorageSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        WriteAsync(connection =>
        {
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT version FROM _migrations WHERE component = $c";
            read.Parameters.AddWithValue("$c", schema.Component);
            var current = read.ExecuteScalar() is long v ? (int)v : 0;
            for (var i = current; i < schema.Migrations.Count; i++)
            {
                Execute(connection, schema.Migrations[i]);
            }

            if (schema.Migrations.Count > current)
            {
                using var write = connection.CreateCommand();
                write.CommandText = "INSERT INTO _migrations (component, version) VALUES ($c, $v) ON CONFLICT(component) DO UPDATE SET version = excluded.version";
                write.Parameters.AddWithValue("$c", schema.Component);
                write.Parameters.AddWithValue("$v", schema.Migrations.Count);
                write.ExecuteNonQuery();
            }

            return 0;
        }).GetAwaiter().GetResult();
    }

    public Task WriteAsync(Action<SqliteConnection> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return WriteAsync(connection =>
        {
            work(connection);
            return true;
        }, cancellationToken);
    }

    public Task<T> WriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var item = new WriteItem<T>(work, cancellationToken);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(item), this);

        return item.Task;
    }

    public T Read<T>(Func<SqliteConnection, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _memoryLock?.EnterReadLock();
        try
        {
            using var connection = new SqliteConnection(_readConnectionString);
            connection.Open();
            return read(connection);
        }
        finally
        {
            _memoryLock?.ExitReadLock();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.Writer.TryComplete();
        _writerThread.Join();
        if (_memoryLock is null)
        {
            using var pooled = new SqliteConnection(_readConnectionString);
            SqliteConnection.ClearPool(pooled);
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }

        _begin.Dispose();
        _commit.Dispose();
        _savepoint.Dispose();
        _release.Dispose();
        SqliteStatements.Release(_writer);
        _writer.Dispose();
        _memoryLock?.Dispose();
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void WriterLoop()
    {
        var reader = _queue.Reader;
        var batch = new List<WriteItem>(MaxBatch);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            RunBatch(batch);
            batch.Clear();
        }
    }

    private SqliteCommand Prepared(string sql)
    {
        var command = _writer.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void RunBatch(List<WriteItem> batch)
    {
        if (batch.Count == 1)
        {
            RunSingle(batch[0]);
            return;
        }

        _memoryLock?.EnterWriteLock();
        try
        {
            _begin.ExecuteNonQuery();
            foreach (var item in batch)
            {
                if (item.CancellationToken.IsCancellationRequested)
                {
                    item.Cancel();
                    continue;
                }

                _savepoint.ExecuteNonQuery();
                try
                {
                    item.Run(_writer);
                    _release.ExecuteNonQuery();
                }
#pragma warning disable CA1031 // one caller's failure must not abort the other callers' work in the same commit
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Execute(_writer, "ROLLBACK TO w;");
                    Execute(_writer, "RELEASE w;");
                    item.Fail(ex);
                }
            }

            _commit.ExecuteNonQuery();
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _writes, batch.Count);
        }
#pragma warning disable CA1031 // a failed commit is reported to every caller of the batch
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCommitFailed(_logger, ex, batch.Count);
            try
            {
                Execute(_writer, "ROLLBACK;");
            }
            catch (SqliteException)
            {
            }

            foreach (var item in batch)
            {
                item.Fail(ex);
            }

            return;
        }
        finally
        {
            _memoryLock?.ExitWriteLock();
        }

        foreach (var item in batch)
        {
            item.Complete();
        }
    }

    private void RunSingle(WriteItem item)
    {
        if (item.CancellationToken.IsCancellationRequested)
        {
            item.Cancel();
            return;
        }

        _memoryLock?.EnterWriteLock();
        try
        {
            _begin.ExecuteNonQuery();
            item.Run(_writer);
            _commit.ExecuteNonQuery();
            Interlocked.Increment(ref _commits);
            Interlocked.Increment(ref _writes);
        }
#pragma warning disable CA1031 // the failure belongs to the single caller of this transaction
        catch (Exception ex)
#pragma warning restore CA1031
        {
            try
            {
                Execute(_writer, "ROLLBACK;");
            }
            catch (SqliteException)
            {
            }

            item.Fail(ex);
            return;
        }
        finally
        {
            _memoryLock?.ExitWriteLock();
        }

        item.Complete();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SQLite group commit of {Count} writes failed")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int count);

    private abstract class WriteItem(CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        public abstract void Run(SqliteConnection connection);

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private sealed class WriteItem<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken) : WriteItem(cancellationToken)
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private bool _done;

        public Task<T> Task => _completion.Task;

        public override void Run(SqliteConnection connection) => _result = work(connection);

        public override void Complete()
        {
            if (!_done)
            {
                _done = true;
                _completion.TrySetResult(_result!);
            }
        }

        public override void Fail(Exception exception)
        {
            _done = true;
            _completion.TrySetException(exception);
        }

        public override void Cancel()
        {
            _done = true;
            _completion.TrySetCanceled(CancellationToken);
        }
    }
}
