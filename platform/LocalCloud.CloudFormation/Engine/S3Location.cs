namespace LocalCloud.CloudFormation.Engine;

/// <summary>A bucket and key from a <c>TemplateURL</c>: path style (<c>https://s3.&lt;region&gt;.amazonaws.com/bucket/key</c>,
/// <c>http://127.0.0.1:4566/bucket/key</c>) or virtual-hosted (<c>https://bucket.s3.&lt;region&gt;.amazonaws.com/key</c>,
/// <c>http://bucket.localhost:4566/key</c>), with an optional <c>versionId</c>.</summary>
internal sealed record S3Location(string Bucket, string Key, string? VersionId)
{
    public static S3Location? Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var host = uri.Host;
        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        string? version = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] == "versionId" && parts.Length == 2)
            {
                version = Uri.UnescapeDataString(parts[1]);
            }
        }

        string? bucket = null;
        string key = path;
        var s3 = host.IndexOf(".s3.", StringComparison.OrdinalIgnoreCase) is var i and > 0 ? i
            : host.IndexOf(".s3-", StringComparison.OrdinalIgnoreCase);
        if (s3 > 0)
        {
            bucket = host[..s3];
        }
        else if (host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            bucket = host[..^".localhost".Length];
        }

        if (bucket is null)
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
            {
                return null;
            }

            bucket = path[..slash];
            key = path[(slash + 1)..];
        }

        return key.Length == 0 ? null : new S3Location(bucket, key, version);
    }
}
