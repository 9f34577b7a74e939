using LocalCloud.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LocalCloud.Core.Tests.Storage;

public sealed class SqliteStatementsTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteStatementsTests()
    {
        _connection.Open();
        _connection.Execute("CREATE TABLE items (id INTEGER PRIMARY KEY, value TEXT NULL)");
    }

    public void Dispose()
    {
        SqliteStatements.Release(_connection);
        _connection.Dispose();
    }

    [Fact]
    public void Bind_OnLaterRows_ReusesTheParametersAndBindsNullAsSqlNull()
    {
        SqliteStatements.Enable(_connection);
        using (var lease = _connection.Statement("INSERT INTO items (id, value) VALUES ($id, $value)"))
        {
            foreach (var (id, value) in new (long, string?)[] { (1, "one"), (2, null), (3, "three") })
            {
                lease.Bind(("$id", id), ("$value", value));
                lease.Command.ExecuteNonQuery();
                Assert.Equal(2, lease.Command.Parameters.Count);
            }
        }

        Assert.Equal("one", _connection.Scalar("SELECT value FROM items WHERE id = $id", ("$id", 1L)));
        Assert.Equal(DBNull.Value, _connection.Scalar("SELECT value FROM items WHERE id = $id", ("$id", 2L)));
        Assert.Equal("three", _connection.Scalar("SELECT value FROM items WHERE id = $id", ("$id", 3L)));
    }

    [Fact]
    public void Bind_OtherNamesOrCountOnALaterRow_Throws()
    {
        using var lease = _connection.Statement("INSERT INTO items (id, value) VALUES ($id, $value)");
        lease.Bind(("$id", 1L), ("$value", "a"));

        Assert.Throws<InvalidOperationException>(() => lease.Bind(("$value", "b"), ("$id", 2L)));
        Assert.Throws<InvalidOperationException>(() => lease.Bind(("$id", 2L)));
    }

    [Fact]
    public void Execute_ReturnsRowsChanged_Scalar_ReturnsNullWithoutARow()
    {
        var inserted = _connection.Execute("INSERT INTO items (id, value) VALUES ($id, $value)", ("$id", 7L), ("$value", "seven"));
        var updated = _connection.Execute("UPDATE items SET value = $value WHERE id > $min", ("$value", "x"), ("$min", 100L));

        Assert.Equal(1, inserted);
        Assert.Equal(0, updated);
        Assert.Null(_connection.Scalar("SELECT value FROM items WHERE id = $id", ("$id", 8L)));
        Assert.Equal("seven", _connection.Scalar("SELECT value FROM items WHERE id = $id", ("$id", 7L)));
    }
}
