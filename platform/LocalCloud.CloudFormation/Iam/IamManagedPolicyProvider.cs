using LocalCloud.Core.Resources;

namespace LocalCloud.CloudFormation.Iam;

/// <summary><c>AWS::IAM::ManagedPolicy</c>: Ref is the policy ARN (<c>arn:…:iam::ACCOUNT:policy&lt;path&gt;&lt;name&gt;</c>);
/// <c>PolicyArn</c>, <c>PolicyId</c> (<c>ANPA…</c>) and the version attributes.</summary>
internal sealed class IamManagedPolicyProvider(TimeProvider time) : IResourceProvider
{
    public string ResourceType => "AWS::IAM::ManagedPolicy";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["Description"] = UpdateBehavior.Replacement,
        ["Groups"] = UpdateBehavior.NoInterruption,
        ["ManagedPolicyName"] = UpdateBehavior.Replacement,
        ["Path"] = UpdateBehavior.Replacement,
        ["PolicyDocument"] = UpdateBehavior.NoInterruption,
        ["Roles"] = UpdateBehavior.NoInterruption,
        ["Users"] = UpdateBehavior.NoInterruption,
    };

    public Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var now = IamResources.Now(time);
        return Task.FromResult(Provision(operation, IamResources.NewId("ANPA"), 1, now));
    }

    public Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(current);
        var version = int.TryParse(IamResources.Attribute(current, "DefaultVersionId")?.TrimStart('v'), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 1;
        var created = current.Resource.Attributes.TryGetValue("CreateDate", out var c) && c is not null ? c.DeepClone() : IamResources.Now(time);
        return Task.FromResult(Provision(operation, IamResources.Attribute(current, "PolicyId") ?? IamResources.NewId("ANPA"), version + 1, created));
    }

    public Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken) => Task.CompletedTask;

    private ProvisionedResource Provision(ResourceOperation operation, string policyId, int version, System.Text.Json.Nodes.JsonNode created)
    {
        IamResources.Require(operation, "PolicyDocument");
        var name = Engine.Template.Text(operation.Properties["ManagedPolicyName"]) ?? operation.GeneratedName(128);
        var path = IamResources.Path(operation);
        var arn = $"arn:{IamResources.Partition(operation)}:iam::{operation.Context.AccountId}:policy{path}{name}";
        var attachments = IamResources.Attachments.Sum(p => operation.Properties[p] is System.Text.Json.Nodes.JsonArray a ? a.Count : 0);
        return ProvisionedResource.Of(arn,
            ("PolicyArn", arn), ("PolicyId", policyId), ("AttachmentCount", attachments), ("DefaultVersionId", $"v{version}"),
            ("IsAttachable", true), ("CreateDate", created), ("UpdateDate", IamResources.Now(time)));
    }
}
