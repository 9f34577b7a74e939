using LocalCloud.DynamoDb.Model;
using LocalCloud.DynamoDb.Wire;

namespace LocalCloud.DynamoDb;

/// <summary>
/// DynamoDB's capacity-unit arithmetic: a read unit per 4 KB of item read (half for an eventually consistent
/// read), a write unit per 1 KB of the larger of the old and new item, each index write a unit per 1 KB of what
/// the index keeps, and transactions at twice the cost.
/// </summary>
internal static class Capacity
{
    public const double ReadUnitBytes = 4096;
    public const double WriteUnitBytes = 1024;

    public static double Read(long bytes, bool consistent, bool transactional = false)
    {
        var units = Math.Max(1, Math.Ceiling(bytes / ReadUnitBytes));
        return units * (transactional ? 2 : consistent ? 1 : 0.5);
    }

    public static double Write(int oldSize, int newSize, bool transactional = false)
    {
        var units = Math.Max(1, Math.Ceiling(Math.Max(oldSize, newSize) / WriteUnitBytes));
        return units * (transactional ? 2 : 1);
    }

    /// <summary>The ConsumedCapacity a response carries for <paramref name="mode"/> (TOTAL or INDEXES), or null for NONE.</summary>
    public static ConsumedCapacityWire? Report(string? mode, TableDefinition table, double tableUnits, bool isWrite, IReadOnlyDictionary<string, double>? indexUnits = null)
    {
        if (mode is null or "NONE")
        {
            return null;
        }

        var total = tableUnits + (indexUnits?.Values.Sum() ?? 0);
        var report = new ConsumedCapacityWire
        {
            TableName = table.Name,
            CapacityUnits = total,
            ReadCapacityUnits = isWrite ? null : total,
            WriteCapacityUnits = isWrite ? total : null,
        };
        if (mode == "INDEXES")
        {
            report.Table = Units(tableUnits, isWrite);
            foreach (var (name, units) in indexUnits ?? new Dictionary<string, double>())
            {
                var global = table.GlobalSecondaryIndexes.Any(i => i.Name == name);
                var map = global ? report.GlobalSecondaryIndexes ??= new(StringComparer.Ordinal) : report.LocalSecondaryIndexes ??= new(StringComparer.Ordinal);
                map[name] = Units(units, isWrite);
            }
        }

        return report;
    }

    private static CapacityWire Units(double units, bool isWrite) => new()
    {
        CapacityUnits = units,
        ReadCapacityUnits = isWrite ? null : units,
        WriteCapacityUnits = isWrite ? units : null,
    };
}
