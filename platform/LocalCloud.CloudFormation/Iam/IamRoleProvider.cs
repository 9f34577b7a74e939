using LocalCloud.Core.Resources;

namespace LocalCloud.CloudFormation.Iam;

/// <summary><c>AWS::IAM::Role</c>: Ref is the role name (generated, at most 64 characters, when <c>RoleName</c> is not
/// set); <c>Arn</c> and <c>RoleId</c> (<c>AROA…</c>).</summary>
internal sealed class IamRoleProvider : IResourceProvider
{
    public string ResourceType => "AWS::IAM::Role";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["AssumeRolePolicyDocument"] = UpdateBehavior.NoInterruption,
        ["Description"] = UpdateBehavior.NoInterruption,
        ["ManagedPolicyArns"] = UpdateBehavior.NoInterruption,
        ["MaxSessionDuration"] = UpdateBehavior.NoInterruption,
        ["Path"] = UpdateBehavior.Replacement,
        ["PermissionsBoundary"] = UpdateBehavior.NoInterruption,
        ["Policies"] = UpdateBehavior.NoInterruption,
        ["RoleName"] = UpdateBehavior.Replacement,
        ["Tags"] = UpdateBehavior.NoInterruption,
    };

    public Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Task.FromResult(Provision(operation, IamResources.NewId("AROA")));
    }

    public Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(current);
        return Task.FromResult(Provision(operation, IamResources.Attribute(current, "RoleId") ?? IamResources.NewId("AROA")));
    }

    public Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken) => Task.CompletedTask;

    private static ProvisionedResource Provision(ResourceOperation operation, string roleId)
    {
        IamResources.Require(operation, "AssumeRolePolicyDocument");
        var name = Engine.Template.Text(operation.Properties["RoleName"]) ?? operation.GeneratedName(64);
        if (name.Length > 64)
        {
            throw new ResourceProviderException($"Properties validation failed for resource {operation.LogicalId} with message: #/RoleName: expected maxLength: 64, actual: {name.Length}");
        }

        var path = IamResources.Path(operation);
        var arn = $"arn:{IamResources.Partition(operation)}:iam::{operation.Context.AccountId}:role{path}{name}";
        return ProvisionedResource.Of(name, ("Arn", arn), ("RoleId", roleId));
    }
}
