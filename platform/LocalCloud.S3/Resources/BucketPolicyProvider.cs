using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;

namespace LocalCloud.S3.Resources;

/// <summary><c>AWS::S3::BucketPolicy</c>: stores <c>PolicyDocument</c> (an object or its JSON text) as the bucket's policy,
/// as <c>PutBucketPolicy</c> does (stored, not enforced). The physical id is the bucket name.</summary>
internal sealed class BucketPolicyProvider(S3Catalog catalog) : IResourceProvider
{
    public string ResourceType => "AWS::S3::BucketPolicy";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["Bucket"] = UpdateBehavior.Replacement,
        ["PolicyDocument"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var bucket = Bucket(operation.Properties);
        await catalog.SetPolicyAsync(operation.Context.Scope, bucket, Policy(operation.Properties));
        return ProvisionedResource.Of(bucket);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(current);
        await catalog.SetPolicyAsync(operation.Context.Scope, current.PhysicalId, Policy(operation.Properties));
        return ProvisionedResource.Of(current.PhysicalId);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var bucket = current?.PhysicalId ?? operation.Properties["Bucket"]?.GetValue<string>();
        if (bucket is not null && catalog.Find(operation.Context.Scope, bucket) is not null)
        {
            await catalog.SetPolicyAsync(operation.Context.Scope, bucket, null);
        }
    }

    private static string Bucket(JsonObject properties) =>
        properties["Bucket"]?.GetValue<string>() ?? throw new ResourceProviderException("Property Bucket cannot be empty.");

    private static string Policy(JsonObject properties) => properties["PolicyDocument"] switch
    {
        JsonObject document => document.ToJsonString(),
        JsonValue text when text.TryGetValue<string>(out var json) => json,
        _ => throw new ResourceProviderException("Property PolicyDocument cannot be empty."),
    };
}
