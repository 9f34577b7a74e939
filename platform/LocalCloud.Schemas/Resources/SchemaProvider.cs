using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Schemas.Wire;

namespace LocalCloud.Schemas.Resources;

/// <summary><c>AWS::EventSchemas::Schema</c>: the physical id and Ref are the schema ARN; <c>SchemaArn</c>,
/// <c>SchemaName</c> and <c>SchemaVersion</c> (the latest version) for Fn::GetAtt. A schema without
/// <c>SchemaName</c> gets CloudFormation's generated name. A change of <c>Content</c> or <c>Type</c> makes a new
/// version, as UpdateSchema does.</summary>
internal sealed class SchemaProvider(SchemasService schemas) : IResourceProvider
{
    private const int MaxNameLength = 385;
    private static readonly string[] SchemaProperties = ["Content", "Type", "Description"];

    public string ResourceType => "AWS::EventSchemas::Schema";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["RegistryName"] = UpdateBehavior.Replacement,
        ["SchemaName"] = UpdateBehavior.Replacement,
        ["Type"] = UpdateBehavior.NoInterruption,
        ["Content"] = UpdateBehavior.NoInterruption,
        ["Description"] = UpdateBehavior.NoInterruption,
        ["Tags"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var properties = operation.Properties;
        var input = new SchemaInput
        {
            Type = ResourceProperties.RequiredString(properties, "Type"),
            Content = ResourceProperties.RequiredString(properties, "Content"),
            Description = ResourceProperties.String(properties, "Description"),
            Tags = ResourceProperties.Tags(operation),
        };
        var output = await schemas.CreateSchemaAsync(operation.Context.Scope, ResourceProperties.RequiredString(properties, "RegistryName"), Name(operation), input);
        return Resource(output);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var before = operation.PreviousProperties ?? current.Properties;
        var properties = operation.Properties;
        var (registry, name) = NamesOf(current.PhysicalId);
        var resource = current.Resource;
        if (SchemaProperties.Any(p => ResourceProperties.Changed(before, properties, p)))
        {
            var input = new SchemaInput
            {
                Type = ResourceProperties.RequiredString(properties, "Type"),
                Content = ResourceProperties.RequiredString(properties, "Content"),
                Description = ResourceProperties.String(properties, "Description") ?? "",
            };
            resource = Resource(await schemas.UpdateSchemaAsync(operation.Context.Scope, registry, name, input));
        }

        await schemas.SetTagsAsync(operation.Context.Scope, registry, name, ResourceProperties.Tags(operation));
        return resource;
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        var (registry, name) = current is null
            ? (ResourceProperties.RequiredString(operation.Properties, "RegistryName"), Name(operation))
            : NamesOf(current.PhysicalId);
        try
        {
            await schemas.DeleteSchemaAsync(operation.Context.Scope, registry, name);
        }
        catch (ServiceException error) when (error.Code == "NotFoundException")
        {
        }
    }

    private static string Name(ResourceOperation operation) =>
        ResourceProperties.String(operation.Properties, "SchemaName") is { Length: > 0 } name ? name : operation.GeneratedName(MaxNameLength);

    /// <summary>The registry and schema names in <c>arn:aws:schemas:REGION:ACCOUNT:schema/REGISTRY/NAME</c>.</summary>
    private static (string Registry, string Name) NamesOf(string arn)
    {
        var path = arn[(arn.IndexOf(":schema/", StringComparison.Ordinal) + ":schema/".Length)..];
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return (path[..slash], path[(slash + 1)..]);
    }

    private static ProvisionedResource Resource(SchemaOutput output) =>
        ProvisionedResource.Of(output.SchemaArn, ("SchemaArn", output.SchemaArn), ("SchemaName", output.SchemaName), ("SchemaVersion", output.SchemaVersion));
}
