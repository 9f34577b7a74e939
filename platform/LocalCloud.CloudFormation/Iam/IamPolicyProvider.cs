using LocalCloud.Core.Resources;

namespace LocalCloud.CloudFormation.Iam;

/// <summary><c>AWS::IAM::Policy</c> (an inline policy of roles, users or groups): Ref is an id CloudFormation makes
/// up; <c>Id</c> is the same.</summary>
internal sealed class IamPolicyProvider : IResourceProvider
{
    public string ResourceType => "AWS::IAM::Policy";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["Groups"] = UpdateBehavior.NoInterruption,
        ["PolicyDocument"] = UpdateBehavior.NoInterruption,
        ["PolicyName"] = UpdateBehavior.NoInterruption,
        ["Roles"] = UpdateBehavior.NoInterruption,
        ["Users"] = UpdateBehavior.NoInterruption,
    };

    public Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Task.FromResult(Provision(operation, operation.GeneratedName(32)));
    }

    public Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(current);
        return Task.FromResult(Provision(operation, current.PhysicalId));
    }

    public Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken) => Task.CompletedTask;

    private static ProvisionedResource Provision(ResourceOperation operation, string id)
    {
        IamResources.Require(operation, "PolicyDocument");
        IamResources.Require(operation, "PolicyName");
        var attached = IamResources.Attachments.Any(p => operation.Properties[p] is System.Text.Json.Nodes.JsonArray { Count: > 0 });
        if (!attached)
        {
            throw new ResourceProviderException("At least one of [Groups,Roles,Users] must be non-empty.");
        }

        return ProvisionedResource.Of(id, ("Id", id));
    }
}
