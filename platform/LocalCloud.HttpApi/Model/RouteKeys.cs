using System.Text.RegularExpressions;

namespace LocalCloud.HttpApi.Model;

/// <summary>Route keys (<c>$default</c> or <c>METHOD /path</c>, with <c>{name}</c> and a final <c>{name+}</c>) and the
/// Lambda function ARN inside an integration or authorizer URI.</summary>
internal static partial class RouteKeys
{
    public const string Default = "$default";

    public static readonly IReadOnlySet<string> Methods = new HashSet<string>(StringComparer.Ordinal)
    {
        "ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
    };

    public static bool TryParse(string routeKey, out string method, out string path)
    {
        method = "";
        path = "";
        if (routeKey == Default)
        {
            return true;
        }

        var space = routeKey.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }

        method = routeKey[..space];
        path = routeKey[(space + 1)..];
        if (!Methods.Contains(method) || !path.StartsWith('/') || path.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0 && i < segments.Length - 1)
            {
                return false;
            }

            if (segment.Contains('{', StringComparison.Ordinal) || segment.Contains('}', StringComparison.Ordinal))
            {
                if (!ParameterSegment().IsMatch(segment))
                {
                    return false;
                }

                if (segment.EndsWith("+}", StringComparison.Ordinal) && i != segments.Length - 1)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The function ARN of <c>arn:aws:lambda:…:function:name[:qualifier]</c> or of API Gateway's
    /// <c>arn:aws:apigateway:region:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations</c>.</summary>
    public static string? FunctionArn(string? uri)
    {
        if (uri is null)
        {
            return null;
        }

        var match = InvocationUri().Match(uri);
        if (match.Success)
        {
            return match.Groups["fn"].Value;
        }

        return LambdaArn().IsMatch(uri) ? uri : null;
    }

    [GeneratedRegex(@"^\{[A-Za-z0-9._\-]+\+?\}$")]
    private static partial Regex ParameterSegment();

    [GeneratedRegex(@"^arn:aws[a-z\-]*:apigateway:[a-z0-9\-]+:lambda:path/2015-03-31/functions/(?<fn>arn:[^/]+)/invocations$")]
    private static partial Regex InvocationUri();

    [GeneratedRegex(@"^arn:aws[a-z\-]*:lambda:[a-z0-9\-]+:\d{12}:function:[A-Za-z0-9\-_]+(:[A-Za-z0-9\-_$]+)?$")]
    private static partial Regex LambdaArn();
}
