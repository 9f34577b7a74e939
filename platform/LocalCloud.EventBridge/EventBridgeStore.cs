using System.Text.Json;
using LocalCloud.Core.Storage;
using LocalCloud.EventBridge.Model;

namespace LocalCloud.EventBridge;

internal sealed class EventBridgeStore
{
    public static readonly StorageSchema Schema = new("eventbridge", [
        """
        CREATE TABLE eventbridge_buses (name TEXT NOT NULL PRIMARY KEY, json TEXT NOT NULL);
        CREATE TABLE eventbridge_rules (bus TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (bus, name));
        """,
    ]);

    private readonly SqliteStore _store;

    public EventBridgeStore(SqliteStore store)
    {
        _store = store;
        _store.ApplySchema(Schema);
    }

    public (List<StoredBus> Buses, List<StoredRule> Rules) Load() => _store.Read(connection =>
    {
        var buses = new List<StoredBus>();
        var rules = new List<StoredRule>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT json FROM eventbridge_buses";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                buses.Add(JsonSerializer.Deserialize(reader.GetString(0), EventBridgeModelJsonContext.Default.StoredBus)!);
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT json FROM eventbridge_rules";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rules.Add(JsonSerializer.Deserialize(reader.GetString(0), EventBridgeModelJsonContext.Default.StoredRule)!);
            }
        }

        return (buses, rules);
    });

    public Task SaveBusAsync(StoredBus bus)
    {
        var json = JsonSerializer.Serialize(bus, EventBridgeModelJsonContext.Default.StoredBus);
        return _store.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO eventbridge_buses (name, json) VALUES ($n, $j) ON CONFLICT(name) DO UPDATE SET json = excluded.json";
            command.Parameters.AddWithValue("$n", bus.Name);
            command.Parameters.AddWithValue("$j", json);
            command.ExecuteNonQuery();
        });
    }

    public Task DeleteBusAsync(string name) => _store.WriteAsync(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM eventbridge_rules WHERE bus = $n; DELETE FROM eventbridge_buses WHERE name = $n;";
        command.Parameters.AddWithValue("$n", name);
        command.ExecuteNonQuery();
    });

    public Task SaveRuleAsync(StoredRule rule)
    {
        var json = JsonSerializer.Serialize(rule, EventBridgeModelJsonContext.Default.StoredRule);
        return _store.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO eventbridge_rules (bus, name, json) VALUES ($b, $n, $j) ON CONFLICT(bus, name) DO UPDATE SET json = excluded.json";
            command.Parameters.AddWithValue("$b", rule.Bus);
            command.Parameters.AddWithValue("$n", rule.Name);
            command.Parameters.AddWithValue("$j", json);
            command.ExecuteNonQuery();
        });
    }

    public Task DeleteRuleAsync(string bus, string name) => _store.WriteAsync(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM eventbridge_rules WHERE bus = $b AND name = $n";
        command.Parameters.AddWithValue("$b", bus);
        command.Parameters.AddWithValue("$n", name);
        command.ExecuteNonQuery();
    });
}
