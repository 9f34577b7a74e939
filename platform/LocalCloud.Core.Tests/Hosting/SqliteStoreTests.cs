using LocalCloud.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalCloud.Core.Tests.Hosting;

public sealed class SqliteStoreTests : IDisposable
{
    private static readonly StorageSchema Schema = new("test", ["CREATE TABLE items (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE)"]);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "localcloud-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConcurrentWrites_AreGroupCommittedAndAllVisible(bool inMemory)
    {
        using var store = new SqliteStore(inMemory ? null : _directory, NullLogger<SqliteStore>.Instance);
        store.ApplySchema(Schema);
        var commitsBefore = store.Commits;

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => store.WriteAsync(c => Insert(c, "v" + i)))));

        Assert.Equal(2000L, store.Read(Count));
        Assert.True(store.Commits - commitsBefore < 2000, $"expected batching, got {store.Commits - commitsBefore} commits");
    }

    [Fact]
    public async Task FailingWrite_IsIsolatedFromItsBatch()
    {
        using var store = new SqliteStore(null, NullLogger<SqliteStore>.Instance);
        store.ApplySchema(Schema);
        await store.WriteAsync(c => Insert(c, "dup"));

        var tasks = new[]
        {
            store.WriteAsync(c => Insert(c, "a")),
            store.WriteAsync(c =>
            {
                Insert(c, "b");
                Insert(c, "dup");
            }),
            store.WriteAsync(c => Insert(c, "c")),
        };

        await tasks[0];
        await tasks[2];
        await Assert.ThrowsAsync<SqliteException>(() => tasks[1]);
        Assert.Equal(3L, store.Read(Count));
        Assert.Equal(0L, store.Read(c => Scalar(c, "SELECT COUNT(*) FROM items WHERE value = 'b'")));
    }

    [Fact]
    public async Task AcknowledgedWrites_SurviveReopen_AndMigrationsRunOnce()
    {
        using (var store = new SqliteStore(_directory, NullLogger<SqliteStore>.Instance))
        {
            store.ApplySchema(Schema);
            await store.WriteAsync(c => Insert(c, "kept"));
        }

        using var reopened = new SqliteStore(_directory, NullLogger<SqliteStore>.Instance);
        reopened.ApplySchema(Schema);
        reopened.ApplySchema(Schema with { Migrations = [.. Schema.Migrations, "ALTER TABLE items ADD COLUMN extra TEXT"] });

        Assert.Equal(1L, reopened.Read(Count));
        Assert.Equal("wal", reopened.Read(c => c.CreateCommand() is var cmd && (cmd.CommandText = "PRAGMA journal_mode") is not null ? (string)cmd.ExecuteScalar()! : ""));
        Assert.Equal(2L, reopened.Read(c => Scalar(c, "SELECT version FROM _migrations WHERE component = 'test'")));
    }

    [Fact]
    public async Task WriteResult_IsReturnedToCaller()
    {
        using var store = new SqliteStore(null, NullLogger<SqliteStore>.Instance);
        store.ApplySchema(Schema);

        var id = await store.WriteAsync(c =>
        {
            Insert(c, "x");
            return Scalar(c, "SELECT last_insert_rowid()");
        });

        Assert.Equal(1L, id);
    }

    private static void Insert(SqliteConnection connection, string value)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO items (value) VALUES ($v)";
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    private static long Count(SqliteConnection connection) => Scalar(connection, "SELECT COUNT(*) FROM items");

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
