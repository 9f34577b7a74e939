using LocalCloud.Core.Storage;

namespace LocalCloud.Core.Clock;

/// <summary>
/// Keeps the clock's offset in the local cloud's store, so a restart on the same data resumes at the moved time instead
/// of going back to real time (which would move the clock back under schedules, leases and timestamps already written
/// in moved time). The saved offset only grows: two moves saved out of order keep the larger.
/// </summary>
internal sealed class ClockStore(SqliteStore store)
{
    public static readonly StorageSchema Schema = new("clock", [
        "CREATE TABLE clock_state (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), offset_ticks INTEGER NOT NULL);",
    ]);

    public TimeSpan? Load() =>
        store.Read(connection => connection.Scalar("SELECT offset_ticks FROM clock_state WHERE id = 1") is long ticks ? TimeSpan.FromTicks(ticks) : (TimeSpan?)null);

    public Task SaveAsync(TimeSpan offset, CancellationToken cancellationToken) =>
        store.WriteAsync(
            connection => connection.Execute(
                """
                INSERT INTO clock_state (id, offset_ticks) VALUES (1, $ticks)
                ON CONFLICT (id) DO UPDATE SET offset_ticks = max(offset_ticks, excluded.offset_ticks)
                """,
                ("$ticks", offset.Ticks)),
            cancellationToken);

    /// <summary>Moves <paramref name="clock"/> to the saved offset, before anything runs on it.</summary>
    public void Restore(MovableClock clock)
    {
        if (Load() is { } saved && saved > clock.Offset)
        {
            clock.Advance(saved - clock.Offset);
        }
    }
}
