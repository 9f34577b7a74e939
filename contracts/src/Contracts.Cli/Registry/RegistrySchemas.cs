using System.Net;
using System.Text.Json.Nodes;
using Aws;
using Aws.Schemas;
using Contracts.Cli.Schemas;

namespace Contracts.Cli.Registry;

internal sealed record PushResult(string SchemaName, string Outcome, string? Version);

internal static class RegistrySchemas
{
    public static async Task EnsureRegistryAsync(SchemasClient client, string registry, CancellationToken ct)
    {
        try
        {
            await client.DescribeRegistryAsync(registry, ct);
        }
        catch (AwsServiceException ex) when (IsNotFound(ex))
        {
            try
            {
                await client.CreateRegistryAsync(new CreateRegistryRequest
                {
                    RegistryName = registry,
                    Description = "Event contracts published by the contract tool.",
                }, ct);
            }
            catch (AwsServiceException conflict) when (conflict.StatusCode == HttpStatusCode.Conflict)
            {
            }
        }
    }

    public static async Task<PushResult> PushAsync(SchemasClient client, string registry, SchemaFile file, CancellationToken ct)
    {
        var name = RegistryEnvelope.SchemaName(file.Source, file.DetailType);
        var content = RegistryEnvelope.Wrap(file);
        var description = JsonNode.Parse(file.Text)?["description"]?.GetValue<string>();
        DescribeSchemaResponse? existing = null;
        try
        {
            existing = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = name }, ct);
        }
        catch (AwsServiceException ex) when (IsNotFound(ex))
        {
        }

        if (existing is null)
        {
            var created = await client.CreateSchemaAsync(new CreateSchemaRequest
            {
                RegistryName = registry,
                SchemaName = name,
                Content = content,
                Type = SchemaType.JsonSchemaDraft4,
                Description = description,
            }, ct);
            return new PushResult(name, "created", created.SchemaVersion);
        }

        if (existing.Content is not null && JsonNode.DeepEquals(JsonNode.Parse(existing.Content), JsonNode.Parse(content))
            && string.Equals(existing.Type, SchemaType.JsonSchemaDraft4, StringComparison.Ordinal))
        {
            return new PushResult(name, "unchanged", existing.SchemaVersion);
        }

        var updated = await client.UpdateSchemaAsync(new UpdateSchemaRequest
        {
            RegistryName = registry,
            SchemaName = name,
            Content = content,
            Type = SchemaType.JsonSchemaDraft4,
            Description = description,
            ClientTokenId = Guid.NewGuid().ToString(),
        }, ct);
        return new PushResult(name, "updated", updated.SchemaVersion);
    }

    public static async Task<IReadOnlyList<SchemaFile>> LoadAsync(SchemasClient client, string registry, string? schemaName, string? version, CancellationToken ct)
    {
        try
        {
            await client.DescribeRegistryAsync(registry, ct);
        }
        catch (AwsServiceException ex) when (IsNotFound(ex))
        {
            throw new InvalidOperationException($"Registry '{registry}' does not exist.", ex);
        }

        var names = new List<string>();
        if (schemaName is not null)
        {
            names.Add(schemaName);
        }
        else
        {
            await foreach (var summary in client.ListAllSchemasAsync(registry, cancellationToken: ct))
            {
                if (summary.SchemaName is not null)
                {
                    names.Add(summary.SchemaName);
                }
            }
        }

        var files = new List<SchemaFile>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            DescribeSchemaResponse described;
            try
            {
                described = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = name, SchemaVersion = version }, ct);
            }
            catch (AwsServiceException ex) when (IsNotFound(ex))
            {
                throw new InvalidOperationException(
                    $"Schema '{name}'{(version is null ? string.Empty : " version " + version)} does not exist in registry '{registry}'.", ex);
            }

            if (!string.Equals(described.Type, SchemaType.JsonSchemaDraft4, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Schema '{name}' is of type {described.Type}; only {SchemaType.JsonSchemaDraft4} schemas are supported.");
            }

            files.Add(RegistryEnvelope.Unwrap(described.Content ?? string.Empty, name));
        }

        return files;
    }

    private static bool IsNotFound(AwsServiceException ex) =>
        ex.StatusCode == HttpStatusCode.NotFound || ex.ErrorCode is "NotFoundException" or "ResourceNotFoundException";
}
