using System.Text.Json.Serialization;
using DynamoDbExpressions;

namespace LocalCloud.DynamoDb.Model;

/// <summary>One key attribute of a table or index: its name and scalar type (S, N or B).</summary>
internal sealed record KeyAttribute(string Name, AttributeValueType Type)
{
    [JsonIgnore]
    public KeySchemaElement Schema => new(Name, Type);
}

/// <summary>A secondary index as stored. <see cref="IsGlobal"/> tells a GSI from an LSI.</summary>
internal sealed class IndexDefinition
{
    public required string Name { get; init; }

    public required bool IsGlobal { get; init; }

    public required KeyAttribute HashKey { get; init; }

    public KeyAttribute? RangeKey { get; init; }

    public required string ProjectionType { get; init; }

    public IReadOnlyList<string>? NonKeyAttributes { get; init; }

    public long ReadCapacityUnits { get; set; }

    public long WriteCapacityUnits { get; set; }

    public string Status { get; set; } = "ACTIVE";

    [JsonIgnore]
    public IEnumerable<KeyAttribute> Keys => RangeKey is null ? [HashKey] : [HashKey, RangeKey];
}

/// <summary>
/// A table as the local cloud keeps it: everything DescribeTable reports except the item counts, which
/// are read from the items themselves. Stored as JSON in one row; changes replace the row.
/// </summary>
internal sealed class TableDefinition
{
    public long Id { get; set; }

    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string Name { get; init; }

    public required string Arn { get; init; }

    public required string TableId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required KeyAttribute HashKey { get; init; }

    public KeyAttribute? RangeKey { get; init; }

    /// <summary>In the order the request gave them (DescribeTable echoes that order).</summary>
    public required List<KeyAttribute> AttributeDefinitions { get; set; }

    public List<IndexDefinition> LocalSecondaryIndexes { get; set; } = [];

    public List<IndexDefinition> GlobalSecondaryIndexes { get; set; } = [];

    public string BillingMode { get; set; } = "PROVISIONED";

    public DateTimeOffset? LastUpdateToPayPerRequest { get; set; }

    public long ReadCapacityUnits { get; set; }

    public long WriteCapacityUnits { get; set; }

    public bool StreamEnabled { get; set; }

    public string? StreamViewType { get; set; }

    public string? LatestStreamArn { get; set; }

    public string? LatestStreamLabel { get; set; }

    public string? TimeToLiveAttribute { get; set; }

    public bool TimeToLiveEnabled { get; set; }

    public bool SseEnabled { get; set; }

    public string? SseType { get; set; }

    public string? KmsMasterKeyArn { get; set; }

    public string TableClass { get; set; } = "STANDARD";

    public bool DeletionProtectionEnabled { get; set; }

    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public IEnumerable<KeyAttribute> Keys => RangeKey is null ? [HashKey] : [HashKey, RangeKey];

    [JsonIgnore]
    public IEnumerable<IndexDefinition> Indexes => LocalSecondaryIndexes.Concat(GlobalSecondaryIndexes);

    public IndexDefinition? FindIndex(string name) =>
        Indexes.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));

    public bool IsKeyAttribute(string name) =>
        HashKey.Name == name || RangeKey?.Name == name;
}
