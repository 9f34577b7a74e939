using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;
using LocalCloud.S3.Model;

namespace LocalCloud.S3.Resources;

/// <summary>
/// <c>AWS::S3::Bucket</c>: <c>Ref</c> is the bucket name (a generated one is lower-case, at most 63 characters);
/// <c>Fn::GetAtt</c> gives <c>Arn</c>, <c>DomainName</c>, <c>RegionalDomainName</c>, <c>DualStackDomainName</c> and
/// <c>WebsiteURL</c> as AWS names them. <c>VersioningConfiguration</c> and <c>Tags</c> are applied; the other
/// configuration properties are accepted and not emulated.
/// </summary>
internal sealed class BucketProvider(S3Catalog catalog) : IResourceProvider
{
    private static readonly HashSet<string> LegacyWebsiteRegions = new(StringComparer.Ordinal)
    {
        "us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1",
    };

    public string ResourceType => "AWS::S3::Bucket";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["BucketName"] = UpdateBehavior.Replacement,
        ["ObjectLockEnabled"] = UpdateBehavior.Replacement,
        ["VersioningConfiguration"] = UpdateBehavior.NoInterruption,
        ["Tags"] = UpdateBehavior.NoInterruption,
        ["AccessControl"] = UpdateBehavior.NoInterruption,
        ["AccelerateConfiguration"] = UpdateBehavior.NoInterruption,
        ["AnalyticsConfigurations"] = UpdateBehavior.NoInterruption,
        ["BucketEncryption"] = UpdateBehavior.NoInterruption,
        ["CorsConfiguration"] = UpdateBehavior.NoInterruption,
        ["IntelligentTieringConfigurations"] = UpdateBehavior.NoInterruption,
        ["InventoryConfigurations"] = UpdateBehavior.NoInterruption,
        ["LifecycleConfiguration"] = UpdateBehavior.NoInterruption,
        ["LoggingConfiguration"] = UpdateBehavior.NoInterruption,
        ["MetricsConfigurations"] = UpdateBehavior.NoInterruption,
        ["NotificationConfiguration"] = UpdateBehavior.NoInterruption,
        ["ObjectLockConfiguration"] = UpdateBehavior.NoInterruption,
        ["OwnershipControls"] = UpdateBehavior.NoInterruption,
        ["PublicAccessBlockConfiguration"] = UpdateBehavior.NoInterruption,
        ["ReplicationConfiguration"] = UpdateBehavior.NoInterruption,
        ["WebsiteConfiguration"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var scope = operation.Context.Scope;
        var name = NameOf(operation);
        var constraint = scope.Region == "us-east-1" ? null : scope.Region;
        var (bucket, existed) = await catalog.CreateBucketAsync(scope, name, constraint, Tags(operation));
        if (existed)
        {
            throw new ResourceProviderException($"{name} already exists");
        }

        if (Versioning(operation.Properties) is { } status)
        {
            await catalog.SetVersioningAsync(scope, name, status);
        }

        return Provisioned(bucket);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(current);
        var scope = operation.Context.Scope;
        var bucket = catalog.Require(scope, current.PhysicalId);
        var status = Versioning(operation.Properties);
        if (status is null && bucket.Versioning is not null)
        {
            status = VersioningStatus.Suspended;
        }

        if (status is not null && status != bucket.Versioning)
        {
            bucket = await catalog.SetVersioningAsync(scope, bucket.Name, status);
        }

        bucket = await catalog.SetTagsAsync(scope, bucket.Name, Tags(operation));
        return Provisioned(bucket);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var scope = operation.Context.Scope;
        var name = current?.PhysicalId ?? NameOf(operation);
        if (catalog.Find(scope, name) is null)
        {
            return;
        }

        await catalog.DeleteBucketAsync(scope, name);
    }

    private static string NameOf(ResourceOperation operation) =>
        operation.Properties["BucketName"]?.GetValue<string>() ?? operation.GeneratedName(63).ToLowerInvariant();

    private static string? Versioning(JsonObject properties) =>
        properties["VersioningConfiguration"] is JsonObject versioning
            ? versioning["Status"]?.GetValue<string>() ?? throw new ResourceProviderException("Property Status cannot be empty.")
            : null;

    private static Dictionary<string, string> Tags(ResourceOperation operation)
    {
        var tags = new Dictionary<string, string>(operation.Tags, StringComparer.Ordinal);
        if (operation.Properties["Tags"] is JsonArray list)
        {
            foreach (var tag in list.OfType<JsonObject>())
            {
                var key = tag["Key"]?.GetValue<string>() ?? throw new ResourceProviderException("Property Key cannot be empty.");
                tags[key] = tag["Value"]?.GetValue<string>() ?? string.Empty;
            }
        }

        return tags;
    }

    private static ProvisionedResource Provisioned(BucketRecord bucket)
    {
        var website = LegacyWebsiteRegions.Contains(bucket.Region) ? $"s3-website-{bucket.Region}" : $"s3-website.{bucket.Region}";
        return ProvisionedResource.Of(
            bucket.Name,
            ("Arn", JsonValue.Create(S3Catalog.Arn(bucket.Name))),
            ("DomainName", JsonValue.Create($"{bucket.Name}.s3.amazonaws.com")),
            ("RegionalDomainName", JsonValue.Create($"{bucket.Name}.s3.{bucket.Region}.amazonaws.com")),
            ("DualStackDomainName", JsonValue.Create($"{bucket.Name}.s3.dualstack.{bucket.Region}.amazonaws.com")),
            ("WebsiteURL", JsonValue.Create($"http://{bucket.Name}.{website}.amazonaws.com")));
    }
}
