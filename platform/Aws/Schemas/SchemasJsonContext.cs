using System.Text.Json.Serialization;

namespace Aws.Schemas;

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(RegistryBody))]
[JsonSerializable(typeof(RegistryResponse))]
[JsonSerializable(typeof(ListRegistriesResponse))]
[JsonSerializable(typeof(SchemaBody))]
[JsonSerializable(typeof(SchemaResponse))]
[JsonSerializable(typeof(DescribeSchemaResponse))]
[JsonSerializable(typeof(ListSchemasResponse))]
[JsonSerializable(typeof(ListSchemaVersionsResponse))]
[JsonSerializable(typeof(SearchSchemasResponse))]
[JsonSerializable(typeof(ExportSchemaResponse))]
[JsonSerializable(typeof(SchemasEmptyResponse))]
internal sealed partial class SchemasJsonContext : JsonSerializerContext;
