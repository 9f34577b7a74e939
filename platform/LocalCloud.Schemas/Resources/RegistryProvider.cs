using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Schemas.Wire;

namespace LocalCloud.Schemas.Resources;

/// <summary><c>AWS::EventSchemas::Registry</c>: the physical id and Ref are the registry ARN; <c>RegistryArn</c> and
/// <c>RegistryName</c> for Fn::GetAtt. A registry without <c>RegistryName</c> gets CloudFormation's generated name
/// (64 characters at most).</summary>
internal sealed class RegistryProvider(SchemasService schemas) : IResourceProvider
{
    private const int MaxNameLength = 64;

    public string ResourceType => "AWS::EventSchemas::Registry";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["RegistryName"] = UpdateBehavior.Replacement,
        ["Description"] = UpdateBehavior.NoInterruption,
        ["Tags"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var input = new RegistryInput
        {
            Description = ResourceProperties.String(operation.Properties, "Description"),
            Tags = ResourceProperties.Tags(operation),
        };
        var output = await schemas.CreateRegistryAsync(operation.Context.Scope, Name(operation), input);
        return Resource(output.RegistryArn, output.RegistryName);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var before = operation.PreviousProperties ?? current.Properties;
        var name = NameOf(current.PhysicalId);
        if (ResourceProperties.Changed(before, operation.Properties, "Description"))
        {
            var description = ResourceProperties.String(operation.Properties, "Description") ?? "";
            await schemas.UpdateRegistryAsync(operation.Context.Scope, name, new RegistryInput { Description = description });
        }

        await schemas.SetTagsAsync(operation.Context.Scope, name, null, ResourceProperties.Tags(operation));
        return current.Resource;
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        try
        {
            await schemas.DeleteRegistryAsync(operation.Context.Scope, current is null ? Name(operation) : NameOf(current.PhysicalId));
        }
        catch (ServiceException error) when (error.Code == "NotFoundException")
        {
        }
    }

    private static string Name(ResourceOperation operation) =>
        ResourceProperties.String(operation.Properties, "RegistryName") is { Length: > 0 } name ? name : operation.GeneratedName(MaxNameLength);

    /// <summary>The registry name in <c>arn:aws:schemas:REGION:ACCOUNT:registry/NAME</c>.</summary>
    private static string NameOf(string arn) => arn[(arn.IndexOf(":registry/", StringComparison.Ordinal) + ":registry/".Length)..];

    private static ProvisionedResource Resource(string arn, string name) => ProvisionedResource.Of(arn, ("RegistryArn", arn), ("RegistryName", name));
}
