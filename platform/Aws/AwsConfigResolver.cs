using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Aws.Internal;

namespace Aws;

/// <summary>
/// Resolves endpoint, region and credentials like the AWS SDKs do. It is the only place where the
/// clients read the environment.
/// </summary>
/// <remarks>
/// Endpoint: explicit URL, then <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c>
/// (both skipped when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true), then the regional AWS
/// endpoint. Region: explicit, then the SDK's <see cref="FallbackRegionFactory"/>, then us-east-1.
/// Credentials: explicit, then the SDK's default chain, resolved on first use.
/// </remarks>
public sealed class AwsConfigResolver
{
    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly Func<RegionEndpoint?> _fallbackRegion;
    private readonly Func<AWSCredentials> _defaultCredentials;

    public AwsConfigResolver(
        Func<string, string?>? getEnvironmentVariable = null,
        Func<RegionEndpoint?>? fallbackRegion = null,
        Func<AWSCredentials>? defaultCredentials = null)
    {
        _getEnvironmentVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        _fallbackRegion = fallbackRegion ?? (() => FallbackRegionFactory.GetRegionEndpoint());
        _defaultCredentials = defaultCredentials ?? (() => DefaultAWSCredentialsIdentityResolver.GetCredentials(null));
    }

    public static AwsConfigResolver Default { get; } = new();

    public RegionEndpoint ResolveRegion(string? explicitRegion)
    {
        if (!string.IsNullOrWhiteSpace(explicitRegion))
        {
            return RegionEndpoint.GetBySystemName(explicitRegion.Trim());
        }

        return _fallbackRegion() ?? RegionEndpoint.USEast1;
    }

    public Uri ResolveEndpoint(AwsService service, RegionEndpoint region, Uri? explicitUrl)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(region);
        if (explicitUrl is not null)
        {
            return WithTrailingSlash(explicitUrl);
        }

        if (!IgnoreConfiguredEndpointUrls())
        {
            var configured = NonEmpty(_getEnvironmentVariable("AWS_ENDPOINT_URL_" + service.EnvironmentId))
                ?? NonEmpty(_getEnvironmentVariable("AWS_ENDPOINT_URL"));
            if (configured is not null)
            {
                if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    throw new InvalidOperationException($"The configured endpoint URL '{configured}' is not an absolute http(s) URL.");
                }

                return WithTrailingSlash(uri);
            }
        }

        var dnsSuffix = string.IsNullOrEmpty(region.PartitionDnsSuffix) ? "amazonaws.com" : region.PartitionDnsSuffix;
        return new Uri($"https://{service.EndpointPrefix}.{region.SystemName}.{dnsSuffix}/");
    }

    public AWSCredentials ResolveCredentials(AWSCredentials? explicitCredentials) =>
        explicitCredentials ?? new DeferredCredentials(_defaultCredentials);

    private bool IgnoreConfiguredEndpointUrls() =>
        string.Equals(NonEmpty(_getEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")), "true", StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
