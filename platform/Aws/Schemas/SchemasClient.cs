using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Aws.Internal;

namespace Aws.Schemas;

/// <summary>
/// A thin client for the EventBridge Schema Registry (restJson1, paths under <c>/v1/</c>), signed with
/// SigV4 for the signing name <c>schemas</c>.
/// </summary>
public sealed class SchemasClient : IDisposable
{
    private const string MediaType = "application/json";
    private static readonly SchemasJsonContext Json = SchemasJsonContext.Default;
    private readonly AwsTransport _transport;

    public SchemasClient(AwsClientOptions? options = null)
    {
        _transport = new AwsTransport(AwsService.Schemas, options);
    }

    /// <summary>The endpoint the client talks to.</summary>
    public Uri Endpoint => _transport.Endpoint;

    /// <summary>The signing region.</summary>
    public string Region => _transport.Region.SystemName;

    public Task<RegistryResponse> CreateRegistryAsync(CreateRegistryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, RegistryPath(request.RegistryName), Body(new RegistryBody(request.Description, request.Tags), Json.RegistryBody), Json.RegistryResponse, cancellationToken);
    }

    public Task<RegistryResponse> DescribeRegistryAsync(string registryName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, RegistryPath(registryName), null, Json.RegistryResponse, cancellationToken);

    public Task<RegistryResponse> UpdateRegistryAsync(UpdateRegistryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Put, RegistryPath(request.RegistryName), Body(new RegistryBody(request.Description, null), Json.RegistryBody), Json.RegistryResponse, cancellationToken);
    }

    public Task<ListRegistriesResponse> ListRegistriesAsync(ListRegistriesRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new ListRegistriesRequest();
        var path = "v1/registries" + Query(
            ("limit", Number(request.Limit)),
            ("nextToken", request.NextToken),
            ("registryNamePrefix", request.RegistryNamePrefix),
            ("scope", request.Scope));
        return SendAsync(HttpMethod.Get, path, null, Json.ListRegistriesResponse, cancellationToken);
    }

    public Task DeleteRegistryAsync(string registryName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, RegistryPath(registryName), null, Json.SchemasEmptyResponse, cancellationToken);

    public Task<SchemaResponse> CreateSchemaAsync(CreateSchemaRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, SchemaPath(request.RegistryName, request.SchemaName), Body(new SchemaBody(null, request.Content, request.Description, request.Type, request.Tags), Json.SchemaBody), Json.SchemaResponse, cancellationToken);
    }

    public Task<SchemaResponse> UpdateSchemaAsync(UpdateSchemaRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new SchemaBody(request.ClientTokenId ?? Guid.NewGuid().ToString(), request.Content, request.Description, request.Type, null);
        return SendAsync(HttpMethod.Put, SchemaPath(request.RegistryName, request.SchemaName), Body(body, Json.SchemaBody), Json.SchemaResponse, cancellationToken);
    }

    public Task<DescribeSchemaResponse> DescribeSchemaAsync(DescribeSchemaRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = SchemaPath(request.RegistryName, request.SchemaName) + Query(("schemaVersion", request.SchemaVersion));
        return SendAsync(HttpMethod.Get, path, null, Json.DescribeSchemaResponse, cancellationToken);
    }

    public Task DeleteSchemaAsync(string registryName, string schemaName, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, SchemaPath(registryName, schemaName), null, Json.SchemasEmptyResponse, cancellationToken);

    public Task DeleteSchemaVersionAsync(string registryName, string schemaName, string schemaVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(schemaVersion);
        var path = SchemaPath(registryName, schemaName) + "/version/" + Uri.EscapeDataString(schemaVersion);
        return SendAsync(HttpMethod.Delete, path, null, Json.SchemasEmptyResponse, cancellationToken);
    }

    public Task<ListSchemasResponse> ListSchemasAsync(ListSchemasRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = RegistryPath(request.RegistryName) + "/schemas" + Query(
            ("limit", Number(request.Limit)),
            ("nextToken", request.NextToken),
            ("schemaNamePrefix", request.SchemaNamePrefix));
        return SendAsync(HttpMethod.Get, path, null, Json.ListSchemasResponse, cancellationToken);
    }

    public Task<ListSchemaVersionsResponse> ListSchemaVersionsAsync(ListSchemaVersionsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = SchemaPath(request.RegistryName, request.SchemaName) + "/versions" + Query(
            ("limit", Number(request.Limit)),
            ("nextToken", request.NextToken));
        return SendAsync(HttpMethod.Get, path, null, Json.ListSchemaVersionsResponse, cancellationToken);
    }

    public Task<SearchSchemasResponse> SearchSchemasAsync(SearchSchemasRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = RegistryPath(request.RegistryName) + "/schemas/search" + Query(
            ("keywords", request.Keywords),
            ("limit", Number(request.Limit)),
            ("nextToken", request.NextToken));
        return SendAsync(HttpMethod.Get, path, null, Json.SearchSchemasResponse, cancellationToken);
    }

    public Task<ExportSchemaResponse> ExportSchemaAsync(ExportSchemaRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = SchemaPath(request.RegistryName, request.SchemaName) + "/export" + Query(
            ("schemaVersion", request.SchemaVersion),
            ("type", request.Type));
        return SendAsync(HttpMethod.Get, path, null, Json.ExportSchemaResponse, cancellationToken);
    }

    /// <summary>Every registry (optionally with a name prefix), following <c>NextToken</c>.</summary>
    public async IAsyncEnumerable<RegistrySummary> ListAllRegistriesAsync(string? registryNamePrefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListRegistriesAsync(new ListRegistriesRequest { RegistryNamePrefix = registryNamePrefix, NextToken = token }, cancellationToken);
            foreach (var registry in page.Registries)
            {
                yield return registry;
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    /// <summary>Every schema of a registry (optionally with a name prefix), following <c>NextToken</c>.</summary>
    public async IAsyncEnumerable<SchemaSummary> ListAllSchemasAsync(string registryName, string? schemaNamePrefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListSchemasAsync(new ListSchemasRequest { RegistryName = registryName, SchemaNamePrefix = schemaNamePrefix, NextToken = token }, cancellationToken);
            foreach (var schema in page.Schemas)
            {
                yield return schema;
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    /// <summary>Every version of a schema, following <c>NextToken</c>.</summary>
    public async IAsyncEnumerable<SchemaVersionSummary> ListAllSchemaVersionsAsync(string registryName, string schemaName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListSchemaVersionsAsync(new ListSchemaVersionsRequest { RegistryName = registryName, SchemaName = schemaName, NextToken = token }, cancellationToken);
            foreach (var version in page.SchemaVersions)
            {
                yield return version;
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    public void Dispose() => _transport.Dispose();

    internal static string RegistryPath(string registryName)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryName);
        return "v1/registries/name/" + Uri.EscapeDataString(registryName);
    }

    internal static string SchemaPath(string registryName, string schemaName)
    {
        ArgumentException.ThrowIfNullOrEmpty(schemaName);
        return RegistryPath(registryName) + "/schemas/name/" + Uri.EscapeDataString(schemaName);
    }

    internal static string Query(params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static byte[] Body<T>(T request, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(request, typeInfo);

    private async Task<TResponse> SendAsync<TResponse>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var answer = await _transport.SendAsync(
            () => new HttpRequestMessage(method, path) { Content = body is null ? null : AwsTransport.Content(body, MediaType) },
            cancellationToken);
        return AwsTransport.Deserialize(answer, responseType);
    }
}
