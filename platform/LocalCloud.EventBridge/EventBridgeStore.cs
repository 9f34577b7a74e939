using System.Text.Json;
using LocalCloud.Core.Storage;
using LocalCloud.EventBridge.Model;
using Microsoft.Data.Sqlite;

namespace LocalCloud.EventBridge;

/// <summary>Buses and rules, one JSON document per row, keyed by account, region and name.</summary>
internal sealed class EventBridgeStore
{
    public static readonly StorageSchema Schema = new("eventbridge", [
        """
        CREATE TABLE eventbridge_buses (name TEXT NOT NULL PRIMARY KEY, json TEXT NOT NULL);
        CREATE TABLE eventbridge_rules (bus TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (bus, name));
        """,
        // Buses and rules are regional. State from before this migration moves to the default account in us-east-1.
        """
        CREATE TABLE eventbridge_buses_v2 (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL,
            PRIMARY KEY (account, region, name));
        INSERT INTO eventbridge_buses_v2 SELECT '000000000000', 'us-east-1', name, json FROM eventbridge_buses WHERE name <> 'default';
        DROP TABLE eventbridge_buses;
        ALTER TABLE eventbridge_buses_v2 RENAME TO eventbridge_buses;
        CREATE TABLE eventbridge_rules_v2 (account TEXT NOT NULL, region TEXT NOT NULL, bus TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL,
            PRIMARY KEY (account, region, bus, name));
        INSERT INTO eventbridge_rules_v2 SELECT '000000000000', 'us-east-1', bus, name, json FROM eventbridge_rules;
        DROP TABLE eventbridge_rules;
        ALTER TABLE eventbridge_rules_v2 RENAME TO eventbridge_rules;
        """,
    ]);

    private readonly SqliteStore _store;

    public EventBridgeStore(SqliteStore store)
    {
        _store = store;
    }

    public (List<StoredBus> Buses, List<StoredRule> Rules) Load() => _store.Read(connection =>
    {
        var buses = new List<StoredBus>();
        foreach (var (account, region, json) in Rows(connection, "SELECT account, region, json FROM eventbridge_buses"))
        {
            var bus = JsonSerializer.Deserialize(json, EventBridgeModelJsonContext.Default.StoredBus)!;
            (bus.AccountId, bus.Region) = (account, region);
            buses.Add(bus);
        }

        var rules = new List<StoredRule>();
        foreach (var (account, region, json) in Rows(connection, "SELECT account, region, json FROM eventbridge_rules"))
        {
            var rule = JsonSerializer.Deserialize(json, EventBridgeModelJsonContext.Default.StoredRule)!;
            (rule.AccountId, rule.Region) = (account, region);
            rules.Add(rule);
        }

        return (buses, rules);
    });

    public Task SaveBusAsync(StoredBus bus)
    {
        var json = JsonSerializer.Serialize(bus, EventBridgeModelJsonContext.Default.StoredBus);
        return _store.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO eventbridge_buses (account, region, name, json) VALUES ($a, $r, $n, $j)
                ON CONFLICT(account, region, name) DO UPDATE SET json = excluded.json
                """;
            Bind(command, bus.Id);
            command.Parameters.AddWithValue("$j", json);
            command.ExecuteNonQuery();
        });
    }

    public Task DeleteBusAsync(BusId bus) => _store.WriteAsync(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM eventbridge_rules WHERE account = $a AND region = $r AND bus = $n;
            DELETE FROM eventbridge_buses WHERE account = $a AND region = $r AND name = $n;
            """;
        Bind(command, bus);
        command.ExecuteNonQuery();
    });

    public Task SaveRuleAsync(StoredRule rule)
    {
        var json = JsonSerializer.Serialize(rule, EventBridgeModelJsonContext.Default.StoredRule);
        return _store.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO eventbridge_rules (account, region, bus, name, json) VALUES ($a, $r, $n, $rule, $j)
                ON CONFLICT(account, region, bus, name) DO UPDATE SET json = excluded.json
                """;
            Bind(command, rule.BusId);
            command.Parameters.AddWithValue("$rule", rule.Name);
            command.Parameters.AddWithValue("$j", json);
            command.ExecuteNonQuery();
        });
    }

    public Task DeleteRuleAsync(BusId bus, string name) => _store.WriteAsync(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM eventbridge_rules WHERE account = $a AND region = $r AND bus = $n AND name = $rule";
        Bind(command, bus);
        command.Parameters.AddWithValue("$rule", name);
        command.ExecuteNonQuery();
    });

    private static void Bind(SqliteCommand command, BusId bus)
    {
        command.Parameters.AddWithValue("$a", bus.Scope.AccountId);
        command.Parameters.AddWithValue("$r", bus.Scope.Region);
        command.Parameters.AddWithValue("$n", bus.Name);
    }

    private static List<(string Account, string Region, string Json)> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }
}
