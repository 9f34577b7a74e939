namespace LocalCloud.Schemas.Model;

internal sealed record RegistryRecord(string Name, string? Description, IReadOnlyDictionary<string, string> Tags);

internal sealed record SchemaRecord(
    string Registry,
    string Name,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset LastModified,
    long VersionCount);

internal sealed record SchemaVersionRecord(long Version, string Type, string Content, DateTimeOffset CreatedAt);

internal sealed record SchemaState(SchemaRecord Schema, SchemaVersionRecord Version);

internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);
