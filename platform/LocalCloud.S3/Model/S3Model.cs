namespace LocalCloud.S3.Model;

/// <summary>A bucket: global by name, owned by one account, located in one region.</summary>
internal sealed record BucketRecord(
    string Name,
    string AccountId,
    string Region,
    DateTimeOffset CreatedAt,
    string? Versioning,
    string? Policy,
    IReadOnlyDictionary<string, string> Tags)
{
    public bool VersioningEnabled => Versioning == VersioningStatus.Enabled;
}

internal static class VersioningStatus
{
    public const string Enabled = "Enabled";
    public const string Suspended = "Suspended";

    /// <summary>The version id of objects written while versioning is off or suspended.</summary>
    public const string NullVersion = "null";
}

/// <summary>
/// One version of an object (the only one, <see cref="VersioningStatus.NullVersion"/>, in a bucket that never had
/// versioning). <see cref="Headers"/> are the stored response headers: <c>Content-Type</c> and the other standard
/// headers, <c>x-amz-meta-*</c>, <c>x-amz-checksum-*</c>, <c>x-amz-storage-class</c>. <see cref="Blob"/> names the file
/// holding the bytes (null for a delete marker).
/// </summary>
internal sealed record ObjectRecord(
    string Bucket,
    string Key,
    string VersionId,
    long Sequence,
    bool IsLatest,
    bool IsDeleteMarker,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Headers,
    string? Blob)
{
    public string StorageClass => Headers.TryGetValue("x-amz-storage-class", out var value) ? value : "STANDARD";
}

internal sealed record MultipartUploadRecord(
    string UploadId,
    string Bucket,
    string Key,
    DateTimeOffset Initiated,
    IReadOnlyDictionary<string, string> Headers);

internal sealed record PartRecord(
    string UploadId,
    int PartNumber,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Checksums,
    string Blob);

/// <summary>A page of a listing: objects (or versions, uploads) and rolled-up common prefixes, in key order.</summary>
internal sealed record ListingPage<T>(IReadOnlyList<T> Items, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? LastKey);
