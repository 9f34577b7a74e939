using System.Text.Json.Serialization;

namespace Aws.Schemas;

// Request and response shapes of the EventBridge Schema Registry API (restJson1), member names as on the wire.

public static class SchemaType
{
    public const string OpenApi3 = "OpenApi3";
    public const string JsonSchemaDraft4 = "JSONSchemaDraft4";
}

public sealed record CreateRegistryRequest
{
    public required string RegistryName { get; init; }

    public string? Description { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record UpdateRegistryRequest
{
    public required string RegistryName { get; init; }

    public string? Description { get; init; }
}

public sealed record RegistryResponse
{
    public string? Description { get; init; }

    public string? RegistryArn { get; init; }

    public string? RegistryName { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record ListRegistriesRequest
{
    public int? Limit { get; init; }

    public string? NextToken { get; init; }

    public string? RegistryNamePrefix { get; init; }

    /// <summary><c>LOCAL</c> or <c>AWS</c>.</summary>
    public string? Scope { get; init; }
}

public sealed record ListRegistriesResponse
{
    public string? NextToken { get; init; }

    public IReadOnlyList<RegistrySummary> Registries { get; init; } = [];
}

public sealed record RegistrySummary
{
    public string? RegistryArn { get; init; }

    public string? RegistryName { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record CreateSchemaRequest
{
    public required string RegistryName { get; init; }

    public required string SchemaName { get; init; }

    public required string Content { get; init; }

    public string? Description { get; init; }

    public required string Type { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record UpdateSchemaRequest
{
    public required string RegistryName { get; init; }

    public required string SchemaName { get; init; }

    public string? ClientTokenId { get; init; }

    public string? Content { get; init; }

    public string? Description { get; init; }

    public string? Type { get; init; }
}

public sealed record SchemaResponse
{
    public string? Description { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public string? SchemaArn { get; init; }

    public string? SchemaName { get; init; }

    public string? SchemaVersion { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public string? Type { get; init; }

    public DateTimeOffset? VersionCreatedDate { get; init; }
}

public sealed record DescribeSchemaRequest
{
    public required string RegistryName { get; init; }

    public required string SchemaName { get; init; }

    public string? SchemaVersion { get; init; }
}

public sealed record DescribeSchemaResponse
{
    public string? Content { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public string? SchemaArn { get; init; }

    public string? SchemaName { get; init; }

    public string? SchemaVersion { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public string? Type { get; init; }

    public DateTimeOffset? VersionCreatedDate { get; init; }
}

public sealed record ListSchemasRequest
{
    public required string RegistryName { get; init; }

    public int? Limit { get; init; }

    public string? NextToken { get; init; }

    public string? SchemaNamePrefix { get; init; }
}

public sealed record ListSchemasResponse
{
    public string? NextToken { get; init; }

    public IReadOnlyList<SchemaSummary> Schemas { get; init; } = [];
}

public sealed record SchemaSummary
{
    public DateTimeOffset? LastModified { get; init; }

    public string? SchemaArn { get; init; }

    public string? SchemaName { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public long? VersionCount { get; init; }
}

public sealed record ListSchemaVersionsRequest
{
    public required string RegistryName { get; init; }

    public required string SchemaName { get; init; }

    public int? Limit { get; init; }

    public string? NextToken { get; init; }
}

public sealed record ListSchemaVersionsResponse
{
    public string? NextToken { get; init; }

    public IReadOnlyList<SchemaVersionSummary> SchemaVersions { get; init; } = [];
}

public sealed record SchemaVersionSummary
{
    public string? SchemaArn { get; init; }

    public string? SchemaName { get; init; }

    public string? SchemaVersion { get; init; }

    public string? Type { get; init; }
}

public sealed record SearchSchemasRequest
{
    public required string RegistryName { get; init; }

    public required string Keywords { get; init; }

    public int? Limit { get; init; }

    public string? NextToken { get; init; }
}

public sealed record SearchSchemasResponse
{
    public string? NextToken { get; init; }

    public IReadOnlyList<SearchSchemaSummary> Schemas { get; init; } = [];
}

public sealed record SearchSchemaSummary
{
    public string? RegistryName { get; init; }

    public string? SchemaArn { get; init; }

    public string? SchemaName { get; init; }

    public IReadOnlyList<SearchSchemaVersionSummary> SchemaVersions { get; init; } = [];
}

public sealed record SearchSchemaVersionSummary
{
    public DateTimeOffset? CreatedDate { get; init; }

    public string? SchemaVersion { get; init; }

    public string? Type { get; init; }
}

public sealed record ExportSchemaRequest
{
    public required string RegistryName { get; init; }

    public required string SchemaName { get; init; }

    public string? SchemaVersion { get; init; }

    public string Type { get; init; } = SchemaType.JsonSchemaDraft4;
}

public sealed record ExportSchemaResponse
{
    public string? Content { get; init; }

    public string? SchemaArn { get; init; }

    public string? SchemaName { get; init; }

    public string? SchemaVersion { get; init; }

    public string? Type { get; init; }
}

public sealed record SchemasEmptyResponse;

internal sealed record RegistryBody(
    string? Description,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags);

internal sealed record SchemaBody(
    string? ClientTokenId,
    string? Content,
    string? Description,
    string? Type,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string>? Tags);
