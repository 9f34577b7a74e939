using System.Globalization;
using LocalCloud.HttpApi.Model;

namespace LocalCloud.HttpApi.Gateway;

/// <summary>
/// CORS as HTTP APIs apply an API's configuration: API Gateway answers preflight requests itself (204) and adds the
/// configured headers to every response for an allowed origin, replacing any CORS headers the integration returned.
/// </summary>
internal static class Cors
{
    public static GatewayResponse Preflight(CorsRecord cors, string origin, string requestHeaders)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (AllowedOrigin(cors, origin) is { } allowed)
        {
            headers.Add(new("access-control-allow-origin", allowed));
            if (cors.AllowCredentials == true)
            {
                headers.Add(new("access-control-allow-credentials", "true"));
            }

            if (cors.AllowMethods is { Count: > 0 } methods)
            {
                headers.Add(new("access-control-allow-methods", string.Join(',', methods)));
            }

            if (cors.AllowHeaders is { Count: > 0 } allowHeaders)
            {
                var value = allowHeaders.Contains("*") && requestHeaders.Length > 0 ? requestHeaders : string.Join(',', allowHeaders);
                headers.Add(new("access-control-allow-headers", value.ToLowerInvariant()));
            }

            if (cors.MaxAge is { } maxAge and >= 0)
            {
                headers.Add(new("access-control-max-age", maxAge.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return new GatewayResponse(204, headers, ReadOnlyMemory<byte>.Empty);
    }

    public static GatewayResponse Apply(CorsRecord? cors, string origin, GatewayResponse response)
    {
        if (cors is null)
        {
            return response;
        }

        var headers = response.Headers.Where(h => !h.Key.StartsWith("access-control-", StringComparison.OrdinalIgnoreCase)).ToList();
        if (origin.Length > 0 && AllowedOrigin(cors, origin) is { } allowed)
        {
            headers.Add(new("access-control-allow-origin", allowed));
            if (cors.AllowCredentials == true)
            {
                headers.Add(new("access-control-allow-credentials", "true"));
            }

            if (cors.ExposeHeaders is { Count: > 0 } expose)
            {
                headers.Add(new("access-control-expose-headers", string.Join(',', expose).ToLowerInvariant()));
            }

            if (allowed != "*")
            {
                headers.Add(new("vary", "Origin"));
            }
        }

        return response with { Headers = headers };
    }

    private static string? AllowedOrigin(CorsRecord cors, string origin)
    {
        foreach (var allowed in cors.AllowOrigins ?? [])
        {
            if (allowed == "*")
            {
                return "*";
            }

            if (string.Equals(allowed, origin, StringComparison.OrdinalIgnoreCase))
            {
                return origin;
            }

            var star = allowed.IndexOf('*', StringComparison.Ordinal);
            if (star >= 0 && origin.Length >= allowed.Length - 1
                && origin.StartsWith(allowed[..star], StringComparison.OrdinalIgnoreCase)
                && origin.EndsWith(allowed[(star + 1)..], StringComparison.OrdinalIgnoreCase))
            {
                return origin;
            }
        }

        return null;
    }
}
