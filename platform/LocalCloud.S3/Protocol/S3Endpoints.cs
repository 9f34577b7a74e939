using LocalCloud.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace LocalCloud.S3.Protocol;

/// <summary>Where a request addressed S3: the bucket (null for the service itself) and the key (empty for a bucket).</summary>
internal sealed record S3Address(string? Bucket, string Key, bool VirtualHost);

/// <summary>
/// Claims S3's requests before Core reads them as another protocol: any request whose Host is
/// <c>&lt;bucket&gt;.s3.localhost[:port]</c> (virtual-host style) or <c>s3.localhost</c>, and any request signed for the
/// <c>s3</c> service (the SigV4 credential scope of the <c>Authorization</c> header or of a presigned URL's
/// <c>X-Amz-Credential</c>), path style. The bucket and key are taken from the raw request target (so an encoded
/// <c>%2F</c> or <c>+</c> in a key is kept as sent), the request is routed to <see cref="RoutePath"/>, and its body is
/// exempt from the host's request body limit (objects stream to disk).
/// </summary>
internal sealed class S3Endpoints(S3Service service) : IRequestRewriter, IEndpointContributor
{
    public const string RoutePath = "/_s3";
    public const string HostSuffix = ".s3.localhost";
    public const string ServiceHost = "s3.localhost";
    public const string AddressItem = "s3.address";

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.Map(RoutePath, service.HandleAsync);

    public bool Rewrite(HttpContext http)
    {
        var host = http.Request.Host.Host;
        string? virtualBucket = null;
        if (host.EndsWith(HostSuffix, StringComparison.OrdinalIgnoreCase) && host.Length > HostSuffix.Length)
        {
            virtualBucket = host[..^HostSuffix.Length];
        }
        else if (!string.Equals(host, ServiceHost, StringComparison.OrdinalIgnoreCase) && !IsSignedForS3(http.Request))
        {
            return false;
        }

        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.ToString();
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(query < 0 ? target : target[..query]);
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            path = Uri.UnescapeDataString(absolute.AbsolutePath);
        }

        var address = virtualBucket is not null
            ? new S3Address(virtualBucket, path.StartsWith('/') ? path[1..] : path, VirtualHost: true)
            : PathStyle(path);
        http.Items[AddressItem] = address;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        http.Request.Path = RoutePath;
        return true;
    }

    private static S3Address PathStyle(string path)
    {
        var trimmed = path.StartsWith('/') ? path[1..] : path;
        if (trimmed.Length == 0)
        {
            return new S3Address(null, string.Empty, VirtualHost: false);
        }

        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new S3Address(trimmed, string.Empty, VirtualHost: false)
            : new S3Address(trimmed[..slash], trimmed[(slash + 1)..], VirtualHost: false);
    }

    private static bool IsSignedForS3(HttpRequest request)
    {
        if (SigV4Scope.Parse(request.Headers.Authorization.ToString()) is { } scope)
        {
            return scope.Service == "s3";
        }

        return request.Query.TryGetValue("X-Amz-Credential", out var credential)
            && credential.ToString().EndsWith("/s3/aws4_request", StringComparison.Ordinal);
    }
}
