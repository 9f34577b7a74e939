using LocalCloud.Core.Hosting;

namespace LocalCloud.Core.Ports;

/// <summary>
/// The S3 objects of this local cloud, as other services read them in process (Lambda code from
/// <c>Code.S3Bucket</c>/<c>S3Key</c>, CloudFormation templates from <c>TemplateURL</c>). Implemented by the S3 service.
/// </summary>
public interface IObjectStorePort
{
    /// <summary>
    /// The object's bytes (the given version, else the current one), or null when the bucket, key or version does
    /// not exist. <paramref name="scope"/> is the caller's; buckets are global to the account.
    /// </summary>
    Task<byte[]?> GetObjectAsync(ResourceScope scope, string bucket, string key, string? versionId, CancellationToken cancellationToken);
}
