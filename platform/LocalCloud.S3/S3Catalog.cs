using System.Globalization;
using System.Net;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Hosting;
using LocalCloud.S3.Model;

namespace LocalCloud.S3;

/// <summary>
/// The bucket operations with S3's rules (names, location constraints, ownership, emptiness), shared by the wire
/// adapter and the CloudFormation providers so that a bucket a stack creates is the same as one the API creates.
/// Bucket names are global across accounts and regions; a bucket of another account is <c>AccessDenied</c>.
/// </summary>
internal sealed class S3Catalog(S3Store store, ObjectFiles files, ActivityFeed activity, TimeProvider time)
{
    public const int MaxTags = 50;

    public static bool IsValidBucketName(string name)
    {
        if (name.Length is < 3 or > 63 || !IsLowerAlphanumeric(name[0]) || !IsLowerAlphanumeric(name[^1]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsLowerAlphanumeric(c) && c is not '-' and not '.')
            {
                return false;
            }
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.Contains(".-", StringComparison.Ordinal) || name.Contains("-.", StringComparison.Ordinal))
        {
            return false;
        }

        if (IPAddress.TryParse(name, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && name.Count(c => c == '.') == 3)
        {
            return false;
        }

        string[] reservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
        string[] reservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
        return !reservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
            && !reservedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
    }

    /// <summary>The region a <c>LocationConstraint</c> names (<c>EU</c> is <c>eu-west-1</c>).</summary>
    public static string RegionOf(string constraint) => constraint == "EU" ? "eu-west-1" : constraint;

    /// <summary>
    /// CreateBucket. Without a location constraint the bucket is in the request's region; a constraint must name
    /// another region than <c>us-east-1</c> and, unless the request went to <c>us-east-1</c>, the request's region.
    /// Creating a bucket one already owns is <c>BucketAlreadyOwnedByYou</c>, except in <c>us-east-1</c>, where S3
    /// answers 200 for compatibility (and <c>Existed</c> says so).
    /// </summary>
    public async Task<(BucketRecord Bucket, bool Existed)> CreateBucketAsync(ResourceScope scope, string name, string? locationConstraint, IReadOnlyDictionary<string, string>? tags = null)
    {
        if (!IsValidBucketName(name))
        {
            throw S3Errors.InvalidBucketName(name);
        }

        var region = scope.Region;
        if (!string.IsNullOrEmpty(locationConstraint))
        {
            if (locationConstraint == "us-east-1")
            {
                throw S3Errors.InvalidLocationConstraint(locationConstraint);
            }

            var constrained = RegionOf(locationConstraint);
            if (scope.Region != "us-east-1" && constrained != scope.Region)
            {
                throw S3Errors.IllegalLocationConstraint(locationConstraint);
            }

            region = constrained;
        }
        else if (scope.Region != "us-east-1")
        {
            // The SDKs always send the constraint outside us-east-1; S3 then refuses a request without one.
            throw S3Errors.IllegalLocationConstraint("unspecified");
        }

        var bucket = new BucketRecord(name, scope.AccountId, region, time.GetUtcNow(), null, null, tags ?? new Dictionary<string, string>());
        var existing = await store.CreateBucketAsync(bucket);
        if (existing is not null)
        {
            if (existing.AccountId != scope.AccountId)
            {
                throw S3Errors.BucketAlreadyExists(name);
            }

            if (existing.Region == "us-east-1" && region == "us-east-1")
            {
                return (existing, true);
            }

            throw S3Errors.BucketAlreadyOwnedByYou(name);
        }

        activity.Publish("s3", "bucket.created", $"{name} ({region})", new Dictionary<string, string> { ["bucket"] = name, ["region"] = region });
        return (bucket, false);
    }

    /// <summary>The bucket, if it exists and belongs to the caller's account.</summary>
    public BucketRecord Require(ResourceScope scope, string name)
    {
        var bucket = store.GetBucket(name) ?? throw S3Errors.NoSuchBucket(name);
        return bucket.AccountId == scope.AccountId ? bucket : throw S3Errors.AccessDenied();
    }

    public BucketRecord? Find(ResourceScope scope, string name) =>
        store.GetBucket(name) is { } bucket && bucket.AccountId == scope.AccountId ? bucket : null;

    public IReadOnlyList<BucketRecord> List(ResourceScope scope) => store.ListBuckets(scope.AccountId);

    public async Task DeleteBucketAsync(ResourceScope scope, string name)
    {
        Require(scope, name);
        files.Delete(await store.DeleteBucketAsync(name));
        activity.Publish("s3", "bucket.deleted", name, new Dictionary<string, string> { ["bucket"] = name });
    }

    public Task<BucketRecord> SetVersioningAsync(ResourceScope scope, string name, string status)
    {
        Require(scope, name);
        if (status is not VersioningStatus.Enabled and not VersioningStatus.Suspended)
        {
            throw S3Errors.MalformedXml();
        }

        return store.UpdateBucketAsync(name, b => b with { Versioning = status });
    }

    public Task<BucketRecord> SetPolicyAsync(ResourceScope scope, string name, string? policy)
    {
        Require(scope, name);
        if (policy is not null)
        {
            ValidatePolicy(policy);
        }

        return store.UpdateBucketAsync(name, b => b with { Policy = policy });
    }

    public Task<BucketRecord> SetTagsAsync(ResourceScope scope, string name, IReadOnlyDictionary<string, string> tags)
    {
        Require(scope, name);
        if (tags.Count > MaxTags)
        {
            throw S3Errors.Error("InvalidTag", "Object tags cannot be greater than 50", 400);
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || value.Length > 256)
            {
                throw S3Errors.Error("InvalidTag", "The TagKey you have provided is invalid", 400, ("TagKey", key));
            }
        }

        return store.UpdateBucketAsync(name, b => b with { Tags = tags });
    }

    public static void ValidatePolicy(string policy)
    {
        if (!policy.TrimStart().StartsWith('{'))
        {
            throw S3Errors.MalformedPolicy("Policies must be valid JSON and the first byte must be '{'");
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(policy);
            if (!document.RootElement.TryGetProperty("Statement", out _))
            {
                throw S3Errors.MalformedPolicy("Missing required field Statement");
            }
        }
        catch (System.Text.Json.JsonException)
        {
            throw S3Errors.MalformedPolicy("Policies must be valid JSON and the first byte must be '{'");
        }
    }

    /// <summary>The canonical user id S3 shows as an account's owner id (64 hex digits).</summary>
    public static string CanonicalUserId(string accountId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("localcloud:" + accountId)));

    public static string Arn(string bucket) => "arn:aws:s3:::" + bucket;

    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
