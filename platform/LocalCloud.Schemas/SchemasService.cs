using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.Schemas.Model;
using LocalCloud.Schemas.Wire;

namespace LocalCloud.Schemas;

/// <summary>
/// The EventBridge Schema Registry (restJson1, signing name <c>schemas</c>): registries, schemas with
/// versions, search and <c>ExportSchema</c>, as the botocore <c>schemas</c> 2019-12-02 model describes them.
/// </summary>
internal sealed partial class SchemasService : IRestJsonService, IStatusContributor
{
    private const string RegistryPath = "/v1/registries/name/{registryName}";
    private const string SchemaPath = RegistryPath + "/schemas/name/{schemaName}";
    private const int MaxDescriptionLength = 256;
    private const int DefaultLimit = 100;

    private readonly SchemasStore _store;
    private readonly TimeProvider _time;

    public SchemasService(SchemasStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        Operations =
        [
            new RestOperation("ListRegistries", "GET", "/v1/registries", ListRegistriesAsync),
            new RestOperation("CreateRegistry", "POST", RegistryPath, CreateRegistryAsync),
            new RestOperation("DescribeRegistry", "GET", RegistryPath, DescribeRegistryAsync),
            new RestOperation("UpdateRegistry", "PUT", RegistryPath, UpdateRegistryAsync),
            new RestOperation("DeleteRegistry", "DELETE", RegistryPath, DeleteRegistryAsync),
            new RestOperation("ListSchemas", "GET", RegistryPath + "/schemas", ListSchemasAsync),
            new RestOperation("SearchSchemas", "GET", RegistryPath + "/schemas/search", SearchSchemasAsync),
            new RestOperation("CreateSchema", "POST", SchemaPath, CreateSchemaAsync),
            new RestOperation("DescribeSchema", "GET", SchemaPath, DescribeSchemaAsync),
            new RestOperation("UpdateSchema", "PUT", SchemaPath, UpdateSchemaAsync),
            new RestOperation("DeleteSchema", "DELETE", SchemaPath, DeleteSchemaAsync),
            new RestOperation("DeleteSchemaVersion", "DELETE", SchemaPath + "/version/{schemaVersion}", DeleteSchemaVersionAsync),
            new RestOperation("ListSchemaVersions", "GET", SchemaPath + "/versions", ListSchemaVersionsAsync),
            new RestOperation("ExportSchema", "GET", SchemaPath + "/export", ExportSchemaAsync),
        ];
        OperationNames = [.. Operations.Select(o => o.Name)];
    }

    public string Name => "schemas";

    public string SigningName => "schemas";

    public AwsProtocol Protocol => AwsProtocol.RestJson1;

    public string ErrorMessageKey => "Message";

    public bool ErrorBodyIncludesCode => true;

    public IReadOnlyList<RestOperation> Operations { get; }

    public IReadOnlyCollection<string> OperationNames { get; }

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var (registries, schemas, versions) = _store.Counts();
        return ValueTask.FromResult<JsonNode?>(new JsonObject { ["registries"] = registries, ["schemas"] = schemas, ["versions"] = versions });
    }

    private async Task<RestResponse> CreateRegistryAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var output = await CreateRegistryAsync(request.Context.Scope, RegistryName(request), Read(request, SchemasJsonContext.Default.RegistryInput));
        return Json(output, SchemasJsonContext.Default.RegistryOutput, 201);
    }

    /// <summary>CreateRegistry for callers in process (the CloudFormation provider), with the API's validation.</summary>
    internal async Task<RegistryOutput> CreateRegistryAsync(ResourceScope scope, string registryName, RegistryInput input)
    {
        var name = ValidRegistryName(registryName);
        var registry = await _store.CreateRegistryAsync(RegistryKeys.Of(scope, name), Description(input.Description), Tags(input.Tags), Now());
        return RegistryOutput(registry);
    }

    internal async Task<RegistryOutput> UpdateRegistryAsync(ResourceScope scope, string registryName, RegistryInput input)
    {
        var name = ValidRegistryName(registryName);
        var registry = await _store.UpdateRegistryAsync(RegistryKeys.Of(scope, name), Description(input.Description));
        return RegistryOutput(registry);
    }

    internal Task DeleteRegistryAsync(ResourceScope scope, string registryName) =>
        _store.DeleteRegistryAsync(RegistryKeys.Of(scope, ValidRegistryName(registryName)));

    /// <summary>Replaces the tags of a registry, or of a schema in it (the API's <c>/tags</c> operations are not
    /// emulated; the CloudFormation providers update tags through this).</summary>
    internal Task SetTagsAsync(ResourceScope scope, string registryName, string? schemaName, Dictionary<string, string> tags) =>
        _store.SetTagsAsync(
            RegistryKeys.Of(scope, ValidRegistryName(registryName)),
            schemaName is null ? null : ValidSchemaName(schemaName),
            Tags(tags));

    private Task<RestResponse> DescribeRegistryAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var name = RegistryName(request);
        var registry = _store.GetRegistry(Key(request, name)) ?? throw SchemasErrors.NotFound($"Registry {name} does not exist.");
        return Task.FromResult(Json(RegistryOutput(registry), SchemasJsonContext.Default.RegistryOutput));
    }

    private async Task<RestResponse> UpdateRegistryAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var output = await UpdateRegistryAsync(request.Context.Scope, RegistryName(request), Read(request, SchemasJsonContext.Default.RegistryInput));
        return Json(output, SchemasJsonContext.Default.RegistryOutput);
    }

    private async Task<RestResponse> DeleteRegistryAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await DeleteRegistryAsync(request.Context.Scope, request.Route("registryName"));
        return RestResponse.NoContent();
    }

    private Task<RestResponse> ListRegistriesAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var scope = request.Query("scope");
        if (scope is not null && !scope.Equals("LOCAL", StringComparison.OrdinalIgnoreCase) && !scope.Equals("AWS", StringComparison.OrdinalIgnoreCase))
        {
            throw SchemasErrors.BadRequest($"Invalid scope {scope}: use LOCAL or AWS.");
        }

        var page = scope is not null && scope.Equals("AWS", StringComparison.OrdinalIgnoreCase)
            ? new Page<RegistryRecord>([], null)
            : _store.ListRegistries(Key(request, request.Query("registryNamePrefix") ?? string.Empty), request.Query("nextToken"), Limit(request));
        var output = new ListRegistriesOutput(page.NextToken, [.. page.Items.Select(r => new RegistrySummaryOutput(RegistryKeys.RegistryArn(r.Name), RegistryKeys.Name(r.Name), r.Tags))]);
        return Task.FromResult(Json(output, SchemasJsonContext.Default.ListRegistriesOutput));
    }

    private async Task<RestResponse> CreateSchemaAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var output = await CreateSchemaAsync(request.Context.Scope, RegistryName(request), SchemaName(request), Read(request, SchemasJsonContext.Default.SchemaInput));
        return Json(output, SchemasJsonContext.Default.SchemaOutput, 201);
    }

    /// <summary>CreateSchema for callers in process (the CloudFormation provider), with the API's validation.</summary>
    internal async Task<SchemaOutput> CreateSchemaAsync(ResourceScope scope, string registryName, string schemaName, SchemaInput input)
    {
        var registry = ValidRegistryName(registryName);
        var name = ValidSchemaName(schemaName);
        var type = Type(input.Type) ?? throw SchemasErrors.BadRequest("Type is required: use OpenApi3 or JSONSchemaDraft4.");
        var content = Content(input.Content) ?? throw SchemasErrors.BadRequest("Content is required.");
        SchemaContent.Validate(type, content);
        var state = await _store.CreateSchemaAsync(RegistryKeys.Of(scope, registry), name, type, content, Description(input.Description), Tags(input.Tags), Now());
        return SchemaOutput(state);
    }

    private async Task<RestResponse> UpdateSchemaAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var output = await UpdateSchemaAsync(request.Context.Scope, RegistryName(request), SchemaName(request), Read(request, SchemasJsonContext.Default.SchemaInput));
        return Json(output, SchemasJsonContext.Default.SchemaOutput);
    }

    internal async Task<SchemaOutput> UpdateSchemaAsync(ResourceScope scope, string registryName, string schemaName, SchemaInput input)
    {
        var registry = ValidRegistryName(registryName);
        var name = ValidSchemaName(schemaName);
        if (input.ClientTokenId is { Length: > 36 })
        {
            throw SchemasErrors.BadRequest("ClientTokenId must be at most 36 characters long.");
        }

        var type = Type(input.Type);
        var content = Content(input.Content);
        if (content is not null && type is not null)
        {
            SchemaContent.Validate(type, content);
        }

        var state = await _store.UpdateSchemaAsync(RegistryKeys.Of(scope, registry), name, type, content, Description(input.Description), Now());
        return SchemaOutput(state);
    }

    private Task<RestResponse> DescribeSchemaAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var state = Find(request);
        var output = new DescribeSchemaOutput(
            state.Version.Content,
            state.Schema.Description,
            Timestamp(state.Schema.LastModified),
            RegistryKeys.SchemaArn(state.Schema.Registry, state.Schema.Name),
            state.Schema.Name,
            VersionText(state.Version.Version),
            state.Schema.Tags,
            state.Version.Type,
            Timestamp(state.Version.CreatedAt));
        return Task.FromResult(Json(output, SchemasJsonContext.Default.DescribeSchemaOutput));
    }

    private async Task<RestResponse> DeleteSchemaAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await DeleteSchemaAsync(request.Context.Scope, request.Route("registryName"), request.Route("schemaName"));
        return RestResponse.NoContent();
    }

    internal Task DeleteSchemaAsync(ResourceScope scope, string registryName, string schemaName) =>
        _store.DeleteSchemaAsync(RegistryKeys.Of(scope, ValidRegistryName(registryName)), ValidSchemaName(schemaName));

    private async Task<RestResponse> DeleteSchemaVersionAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var registry = RegistryName(request);
        var name = SchemaName(request);
        var text = request.Route("schemaVersion");
        var version = ParseVersion(text) ?? throw SchemasErrors.NotFound($"Version {text} of schema {name} does not exist in registry {registry}.");
        await _store.DeleteSchemaVersionAsync(Key(request, registry), name, version);
        return RestResponse.NoContent();
    }

    private Task<RestResponse> ListSchemasAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var registry = RegistryName(request);
        var page = _store.ListSchemas(Key(request, registry), request.Query("schemaNamePrefix"), request.Query("nextToken"), Limit(request));
        var output = new ListSchemasOutput(
            page.NextToken,
            [.. page.Items.Select(s => new SchemaSummaryOutput(Timestamp(s.LastModified), RegistryKeys.SchemaArn(s.Registry, s.Name), s.Name, s.Tags, s.VersionCount))]);
        return Task.FromResult(Json(output, SchemasJsonContext.Default.ListSchemasOutput));
    }

    private Task<RestResponse> ListSchemaVersionsAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var registry = RegistryName(request);
        var name = SchemaName(request);
        var page = _store.ListVersions(Key(request, registry), name, request.Query("nextToken"), Limit(request));
        var output = new ListSchemaVersionsOutput(
            page.NextToken,
            [.. page.Items.Select(x => new SchemaVersionSummaryOutput(RegistryKeys.SchemaArn(Key(request, registry), name), name, VersionText(x.Version.Version), x.Version.Type))]);
        return Task.FromResult(Json(output, SchemasJsonContext.Default.ListSchemaVersionsOutput));
    }

    private Task<RestResponse> SearchSchemasAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var registry = RegistryName(request);
        var keywords = request.Query("keywords");
        var terms = keywords?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (terms.Length == 0)
        {
            throw SchemasErrors.BadRequest("Keywords is required.");
        }

        var page = _store.Search(Key(request, registry), terms, request.Query("nextToken"), Limit(request));
        var output = new SearchSchemasOutput(
            page.NextToken,
            [.. page.Items.Select(x => new SearchSchemaSummaryOutput(
                registry,
                RegistryKeys.SchemaArn(Key(request, registry), x.Schema.Name),
                x.Schema.Name,
                [.. x.Versions.Select(v => new SearchSchemaVersionSummaryOutput(Timestamp(v.CreatedAt), VersionText(v.Version), v.Type))]))]);
        return Task.FromResult(Json(output, SchemasJsonContext.Default.SearchSchemasOutput));
    }

    private Task<RestResponse> ExportSchemaAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var type = request.Query("type");
        if (string.IsNullOrEmpty(type))
        {
            throw SchemasErrors.BadRequest("Type is required.");
        }

        if (type != SchemaContent.JsonSchemaDraft4)
        {
            throw SchemasErrors.BadRequest($"Invalid type {type}: schemas can only be exported as {SchemaContent.JsonSchemaDraft4}.");
        }

        var state = Find(request);
        var output = new ExportSchemaOutput(
            SchemaExporter.ToJsonSchemaDraft4(state.Version.Type, state.Version.Content),
            RegistryKeys.SchemaArn(state.Schema.Registry, state.Schema.Name),
            state.Schema.Name,
            VersionText(state.Version.Version),
            SchemaContent.JsonSchemaDraft4);
        return Task.FromResult(Json(output, SchemasJsonContext.Default.ExportSchemaOutput));
    }

    private SchemaState Find(RestRequest request)
    {
        var registry = RegistryName(request);
        var name = SchemaName(request);
        var versionText = request.Query("schemaVersion");
        long? version = null;
        if (!string.IsNullOrEmpty(versionText))
        {
            version = ParseVersion(versionText) ?? throw SchemasErrors.NotFound($"Version {versionText} of schema {name} does not exist in registry {registry}.");
        }

        return _store.GetSchema(Key(request, registry), name, version)
            ?? throw (version is null
                ? SchemasErrors.NotFound($"Schema {name} does not exist in registry {registry}.")
                : SchemasErrors.NotFound($"Version {versionText} of schema {name} does not exist in registry {registry}."));
    }

    private static RegistryOutput RegistryOutput(RegistryRecord registry) =>
        new(registry.Description, RegistryKeys.RegistryArn(registry.Name), RegistryKeys.Name(registry.Name), registry.Tags);

    private static SchemaOutput SchemaOutput(SchemaState state) =>
        new(
            state.Schema.Description,
            Timestamp(state.Schema.LastModified),
            RegistryKeys.SchemaArn(state.Schema.Registry, state.Schema.Name),
            state.Schema.Name,
            VersionText(state.Version.Version),
            state.Schema.Tags,
            state.Version.Type,
            Timestamp(state.Version.CreatedAt));

    private static string Key(RestRequest request, string registry) => RegistryKeys.Of(request.Context.Scope, registry);

    private DateTimeOffset Now() => _time.GetUtcNow();

    private static string RegistryName(RestRequest request) => ValidRegistryName(request.Route("registryName"));

    private static string SchemaName(RestRequest request) => ValidSchemaName(request.Route("schemaName"));

    private static string ValidRegistryName(string name)
    {
        if (name.Length is 0 or > 64 || !NamePattern().IsMatch(name))
        {
            throw SchemasErrors.BadRequest($"Invalid registry name {name}: it must be 1 to 64 characters of letters, digits, '.', '-', '_' and '@'.");
        }

        return name;
    }

    private static string ValidSchemaName(string name)
    {
        if (name.Length is 0 or > 385 || !NamePattern().IsMatch(name))
        {
            throw SchemasErrors.BadRequest($"Invalid schema name {name}: it must be 1 to 385 characters of letters, digits, '.', '-', '_' and '@'.");
        }

        return name;
    }

    private static T Read<T>(RestRequest request, JsonTypeInfo<T> typeInfo)
        where T : class, new()
    {
        var body = request.Body.Span;
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo) ?? throw SchemasErrors.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw SchemasErrors.BadRequest(ex.Path is { Length: > 1 } path
                ? $"The request body could not be read at {path}: the value has the wrong type or is malformed."
                : "The request body is not a valid JSON object.");
        }
    }

    private static string? Type(string? type) =>
        type is null ? null
        : SchemaContent.IsKnownType(type) ? type
        : throw SchemasErrors.BadRequest($"Invalid Type {type}: use OpenApi3 or JSONSchemaDraft4.");

    private static string? Content(string? content) =>
        content is null ? null
        : content.Length is 0 or > SchemaContent.MaxContentLength
            ? throw SchemasErrors.BadRequest($"Content must be 1 to {SchemaContent.MaxContentLength} characters long; it has {content.Length}.")
            : content;

    private static string? Description(string? description) =>
        description is { Length: > MaxDescriptionLength }
            ? throw SchemasErrors.BadRequest($"Description must be at most {MaxDescriptionLength} characters long.")
            : description;

    private static Dictionary<string, string> Tags(Dictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return [];
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || value is null || value.Length > 256)
            {
                throw SchemasErrors.BadRequest("Tag keys must be 1 to 128 characters and tag values at most 256 characters.");
            }
        }

        return tags;
    }

    private static int Limit(RestRequest request)
    {
        var text = request.Query("limit");
        if (string.IsNullOrEmpty(text))
        {
            return DefaultLimit;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            throw SchemasErrors.BadRequest($"Invalid limit {text}: it must be a positive integer.");
        }

        return Math.Min(limit, DefaultLimit);
    }

    private static long? ParseVersion(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0 ? version : null;

    private static string VersionText(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static RestResponse Json<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode = 200) => RestResponse.Json(value, typeInfo, statusCode);

    [GeneratedRegex("^[A-Za-z0-9@._-]+$")]
    private static partial Regex NamePattern();
}
