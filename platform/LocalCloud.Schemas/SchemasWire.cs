using System.Text.Json.Serialization;

namespace LocalCloud.Schemas.Wire;

// Wire shapes of the Schema Registry (botocore `schemas` 2019-12-02). Timestamps are ISO 8601 strings.

internal sealed class RegistryInput
{
    public string? Description { get; set; }

    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class SchemaInput
{
    public string? ClientTokenId { get; set; }

    public string? Content { get; set; }

    public string? Description { get; set; }

    public string? Type { get; set; }

    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed record RegistryOutput(
    string? Description,
    string RegistryArn,
    string RegistryName,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string> Tags);

internal sealed record RegistrySummaryOutput(
    string RegistryArn,
    string RegistryName,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string> Tags);

internal sealed record ListRegistriesOutput(string? NextToken, IReadOnlyList<RegistrySummaryOutput> Registries);

internal sealed record SchemaOutput(
    string? Description,
    string LastModified,
    string SchemaArn,
    string SchemaName,
    string SchemaVersion,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string> Tags,
    string Type,
    string VersionCreatedDate);

internal sealed record DescribeSchemaOutput(
    string Content,
    string? Description,
    string LastModified,
    string SchemaArn,
    string SchemaName,
    string SchemaVersion,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string> Tags,
    string Type,
    string VersionCreatedDate);

internal sealed record SchemaSummaryOutput(
    string LastModified,
    string SchemaArn,
    string SchemaName,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string> Tags,
    long VersionCount);

internal sealed record ListSchemasOutput(string? NextToken, IReadOnlyList<SchemaSummaryOutput> Schemas);

internal sealed record SchemaVersionSummaryOutput(string SchemaArn, string SchemaName, string SchemaVersion, string Type);

internal sealed record ListSchemaVersionsOutput(string? NextToken, IReadOnlyList<SchemaVersionSummaryOutput> SchemaVersions);

internal sealed record SearchSchemaVersionSummaryOutput(string CreatedDate, string SchemaVersion, string Type);

internal sealed record SearchSchemaSummaryOutput(
    string RegistryName,
    string SchemaArn,
    string SchemaName,
    IReadOnlyList<SearchSchemaVersionSummaryOutput> SchemaVersions);

internal sealed record SearchSchemasOutput(string? NextToken, IReadOnlyList<SearchSchemaSummaryOutput> Schemas);

internal sealed record ExportSchemaOutput(string Content, string SchemaArn, string SchemaName, string SchemaVersion, string Type);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegistryInput))]
[JsonSerializable(typeof(SchemaInput))]
[JsonSerializable(typeof(RegistryOutput))]
[JsonSerializable(typeof(ListRegistriesOutput))]
[JsonSerializable(typeof(SchemaOutput))]
[JsonSerializable(typeof(DescribeSchemaOutput))]
[JsonSerializable(typeof(ListSchemasOutput))]
[JsonSerializable(typeof(ListSchemaVersionsOutput))]
[JsonSerializable(typeof(SearchSchemasOutput))]
[JsonSerializable(typeof(ExportSchemaOutput))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SchemasJsonContext : JsonSerializerContext;
