using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using Microsoft.AspNetCore.Http;

namespace LocalCloud.HttpApi.Gateway;

/// <summary>What API Gateway knows about one request when it calls an integration or an authorizer.</summary>
internal sealed class ProxyRequest
{
    public required HttpContext Http { get; init; }

    public required string RequestId { get; init; }

    public required string ApiId { get; init; }

    public required ResourceScope Scope { get; init; }

    public required string Stage { get; init; }

    public required string RouteKey { get; init; }

    /// <summary>The path as the client sent it (percent-encoded, with the stage prefix of a named stage).</summary>
    public required string RawPath { get; init; }

    /// <summary>The path within the stage that routing matched.</summary>
    public required string ResourcePath { get; init; }

    public required string RawQueryString { get; init; }

    public required string DomainName { get; init; }

    public required string DomainPrefix { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required ReadOnlyMemory<byte> Body { get; init; }

    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }

    public required IReadOnlyDictionary<string, string> StageVariables { get; init; }

    public required string TraceId { get; init; }

    public string Method => Http.Request.Method;

    public string SourceIp => Http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";

    public string UserAgent => Http.Request.Headers.UserAgent.ToString();

    public string Protocol => Http.Request.Protocol;

    public string RouteArn =>
        Scope.Arn("execute-api", RouteKey == Model.RouteKeys.Default ? $"{ApiId}/{Stage}/$default" : $"{ApiId}/{Stage}/{Method}{ResourcePath}");

    public bool BodyIsBase64 => !Body.IsEmpty && !IsText(Http.Request.ContentType);

    public string RequestTime => Time.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture);

    /// <summary>Headers as API Gateway passes them on: lower-case names, repeated values joined by commas, the cookies
    /// apart (format 2.0), plus the forwarding headers API Gateway adds.</summary>
    public IEnumerable<KeyValuePair<string, string>> Headers(bool withCookies)
    {
        foreach (var (name, values) in Http.Request.Headers)
        {
            var lower = name.ToLowerInvariant();
            if ((!withCookies && lower == "cookie") || lower is "x-forwarded-for" or "x-forwarded-port" or "x-forwarded-proto" or "x-amzn-trace-id")
            {
                continue;
            }

            yield return new(lower, string.Join(',', values.ToArray()));
        }

        var forwarded = Http.Request.Headers["X-Forwarded-For"];
        yield return new("x-amzn-trace-id", TraceId);
        yield return new("x-forwarded-for", forwarded.Count > 0 ? $"{string.Join(',', forwarded.ToArray())}, {SourceIp}" : SourceIp);
        yield return new("x-forwarded-port", (Http.Connection.LocalPort).ToString(CultureInfo.InvariantCulture));
        yield return new("x-forwarded-proto", Http.Request.Scheme);
    }

    public IReadOnlyList<string> Cookies()
    {
        var cookies = new List<string>();
        foreach (var header in Http.Request.Headers.Cookie)
        {
            foreach (var cookie in (header ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                cookies.Add(cookie);
            }
        }

        return cookies;
    }

    public static bool IsText(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var media = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        return media.StartsWith("text/", StringComparison.Ordinal)
            || media is "application/json" or "application/javascript" or "application/xml" or "application/ecmascript"
            || media.EndsWith("+json", StringComparison.Ordinal) || media.EndsWith("+xml", StringComparison.Ordinal);
    }
}

/// <summary>How the request context names who the authorizer let in.</summary>
internal sealed record AuthorizerContext(
    IReadOnlyList<KeyValuePair<string, string>>? JwtClaims,
    IReadOnlyList<string>? JwtScopes,
    JsonElement? LambdaContext,
    string? PrincipalId,
    IReadOnlyDictionary<string, string>? Iam)
{
    public static AuthorizerContext Jwt(IReadOnlyList<KeyValuePair<string, string>> claims, IReadOnlyList<string>? scopes) => new(claims, scopes, null, null, null);

    public static AuthorizerContext Lambda(JsonElement? context, string? principalId) => new(null, null, context, principalId, null);

    public static AuthorizerContext AwsIam(IReadOnlyDictionary<string, string> iam) => new(null, null, null, null, iam);
}

/// <summary>A response for the client: status, headers (Set-Cookie may repeat) and body.</summary>
internal sealed record GatewayResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body)
{
    public static GatewayResponse Message(int statusCode, string message, params KeyValuePair<string, string>[] headers) =>
        new(statusCode, [new("content-type", "application/json"), .. headers], Encoding.UTF8.GetBytes($"{{\"message\":\"{message}\"}}"));

    public static GatewayResponse NotFound() => Message(404, "Not Found");

    public static GatewayResponse InternalServerError() => Message(500, "Internal Server Error");

    public static GatewayResponse ServiceUnavailable() => Message(503, "Service Unavailable");

    public static GatewayResponse Forbidden() => Message(403, "Forbidden");

    public static GatewayResponse Unauthorized(string? description = null) =>
        Message(401, "Unauthorized", new KeyValuePair<string, string>("www-authenticate",
            description is null ? "Bearer" : $"Bearer scope=\"\" error=\"invalid_token\" error_description=\"{description}\""));

    public static GatewayResponse TooLarge() => Message(413, "Request Entity Too Large");
}

/// <summary>
/// The Lambda proxy payloads of HTTP APIs: the request event of format 2.0 and 1.0, and the function's answer read
/// back as API Gateway reads it (format 2.0 takes any JSON: an object without <c>statusCode</c>, or any other JSON
/// value, is a 200 <c>application/json</c> response whose body is that JSON).
/// </summary>
internal static class ProxyPayloads
{
    public static byte[] RequestV2(ProxyRequest request, AuthorizerContext? authorizer)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + request.Body.Length);
        using (var w = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("version", "2.0");
            w.WriteString("routeKey", request.RouteKey);
            w.WriteString("rawPath", request.RawPath);
            w.WriteString("rawQueryString", request.RawQueryString);
            WriteCommonV2(w, request);
            w.WriteStartObject("requestContext");
            w.WriteString("accountId", request.Scope.AccountId);
            w.WriteString("apiId", request.ApiId);
            if (authorizer is not null)
            {
                WriteAuthorizerV2(w, authorizer);
            }

            WriteContextTail(w, request);
            w.WriteEndObject();
            if (!request.Body.IsEmpty)
            {
                WriteBody(w, request);
            }

            if (request.PathParameters is { Count: > 0 } parameters)
            {
                WriteMap(w, "pathParameters", parameters);
            }

            w.WriteBoolean("isBase64Encoded", request.BodyIsBase64);
            if (request.StageVariables.Count > 0)
            {
                WriteMap(w, "stageVariables", request.StageVariables);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The format 2.0 event of a REQUEST authorizer.</summary>
    public static byte[] AuthorizerV2(ProxyRequest request, IReadOnlyList<string> identity)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("version", "2.0");
            w.WriteString("type", "REQUEST");
            w.WriteString("routeArn", request.RouteArn);
            w.WriteStartArray("identitySource");
            foreach (var value in identity)
            {
                w.WriteStringValue(value);
            }

            w.WriteEndArray();
            w.WriteString("routeKey", request.RouteKey);
            w.WriteString("rawPath", request.RawPath);
            w.WriteString("rawQueryString", request.RawQueryString);
            WriteCommonV2(w, request);
            w.WriteStartObject("requestContext");
            w.WriteString("accountId", request.Scope.AccountId);
            w.WriteString("apiId", request.ApiId);
            WriteContextTail(w, request);
            w.WriteEndObject();
            if (request.PathParameters is { Count: > 0 } parameters)
            {
                WriteMap(w, "pathParameters", parameters);
            }

            if (request.StageVariables.Count > 0)
            {
                WriteMap(w, "stageVariables", request.StageVariables);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The format 1.0 event of a REQUEST authorizer.</summary>
    public static byte[] AuthorizerV1(ProxyRequest request, IReadOnlyList<string> identity)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteString("type", "REQUEST");
            w.WriteString("methodArn", request.RouteArn);
            w.WriteString("identitySource", string.Join(',', identity));
            w.WriteString("authorizationToken", string.Join(',', identity));
            WriteV1Body(w, request, null, includeBody: false);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] RequestV1(ProxyRequest request, AuthorizerContext? authorizer)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + request.Body.Length);
        using (var w = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            WriteV1Body(w, request, authorizer, includeBody: true);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteV1Body(Utf8JsonWriter w, ProxyRequest request, AuthorizerContext? authorizer, bool includeBody)
    {
        var resource = request.RouteKey == Model.RouteKeys.Default ? "$default" : request.RouteKey[(request.RouteKey.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        var path = Uri.UnescapeDataString(request.RawPath);
        w.WriteString("resource", resource);
        w.WriteString("path", path);
        w.WriteString("httpMethod", request.Method);
        var headers = request.Headers(withCookies: true).ToList();
        w.WriteStartObject("headers");
        foreach (var (name, value) in headers)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
        w.WriteStartObject("multiValueHeaders");
        foreach (var (name, value) in headers)
        {
            w.WriteStartArray(name);
            foreach (var part in value.Split(','))
            {
                w.WriteStringValue(part);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        var query = request.Http.Request.Query;
        if (query.Count == 0)
        {
            w.WriteNull("queryStringParameters");
            w.WriteNull("multiValueQueryStringParameters");
        }
        else
        {
            w.WriteStartObject("queryStringParameters");
            foreach (var (name, values) in query)
            {
                w.WriteString(name, values.Count > 0 ? values[^1] : "");
            }

            w.WriteEndObject();
            w.WriteStartObject("multiValueQueryStringParameters");
            foreach (var (name, values) in query)
            {
                w.WriteStartArray(name);
                foreach (var value in values)
                {
                    w.WriteStringValue(value);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteStartObject("requestContext");
        w.WriteString("accountId", request.Scope.AccountId);
        w.WriteString("apiId", request.ApiId);
        if (authorizer is not null)
        {
            WriteAuthorizerV1(w, authorizer);
        }

        w.WriteString("domainName", request.DomainName);
        w.WriteString("domainPrefix", request.DomainPrefix);
        w.WriteString("extendedRequestId", request.RequestId);
        w.WriteString("httpMethod", request.Method);
        w.WriteStartObject("identity");
        foreach (var name in (string[])["accessKey", "accountId", "caller", "cognitoAmr", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId"])
        {
            w.WriteNull(name);
        }

        w.WriteString("sourceIp", request.SourceIp);
        w.WriteNull("user");
        w.WriteString("userAgent", request.UserAgent);
        w.WriteNull("userArn");
        w.WriteEndObject();
        w.WriteString("path", path);
        w.WriteString("protocol", request.Protocol);
        w.WriteString("requestId", request.RequestId);
        w.WriteString("requestTime", request.RequestTime);
        w.WriteNumber("requestTimeEpoch", request.Time.ToUnixTimeMilliseconds());
        w.WriteNull("resourceId");
        w.WriteString("resourcePath", resource);
        w.WriteString("stage", request.Stage);
        w.WriteEndObject();
        if (request.PathParameters is { Count: > 0 } parameters)
        {
            WriteMap(w, "pathParameters", parameters);
        }
        else
        {
            w.WriteNull("pathParameters");
        }

        if (request.StageVariables.Count > 0)
        {
            WriteMap(w, "stageVariables", request.StageVariables);
        }
        else
        {
            w.WriteNull("stageVariables");
        }

        if (includeBody)
        {
            if (request.Body.IsEmpty)
            {
                w.WriteNull("body");
            }
            else
            {
                WriteBody(w, request);
            }

            w.WriteBoolean("isBase64Encoded", request.BodyIsBase64);
        }
    }

    private static void WriteCommonV2(Utf8JsonWriter w, ProxyRequest request)
    {
        var cookies = request.Cookies();
        if (cookies.Count > 0)
        {
            w.WriteStartArray("cookies");
            foreach (var cookie in cookies)
            {
                w.WriteStringValue(cookie);
            }

            w.WriteEndArray();
        }

        w.WriteStartObject("headers");
        foreach (var (name, value) in request.Headers(withCookies: false))
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
        var query = request.Http.Request.Query;
        if (query.Count > 0)
        {
            w.WriteStartObject("queryStringParameters");
            foreach (var (name, values) in query)
            {
                w.WriteString(name, string.Join(',', values.ToArray()));
            }

            w.WriteEndObject();
        }
    }

    private static void WriteContextTail(Utf8JsonWriter w, ProxyRequest request)
    {
        w.WriteString("domainName", request.DomainName);
        w.WriteString("domainPrefix", request.DomainPrefix);
        w.WriteStartObject("http");
        w.WriteString("method", request.Method);
        w.WriteString("path", Uri.UnescapeDataString(request.RawPath));
        w.WriteString("protocol", request.Protocol);
        w.WriteString("sourceIp", request.SourceIp);
        w.WriteString("userAgent", request.UserAgent);
        w.WriteEndObject();
        w.WriteString("requestId", request.RequestId);
        w.WriteString("routeKey", request.RouteKey);
        w.WriteString("stage", request.Stage);
        w.WriteString("time", request.RequestTime);
        w.WriteNumber("timeEpoch", request.Time.ToUnixTimeMilliseconds());
    }

    private static void WriteAuthorizerV2(Utf8JsonWriter w, AuthorizerContext authorizer)
    {
        w.WriteStartObject("authorizer");
        if (authorizer.JwtClaims is { } claims)
        {
            w.WriteStartObject("jwt");
            w.WriteStartObject("claims");
            foreach (var (name, value) in claims)
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
            if (authorizer.JwtScopes is { } scopes)
            {
                w.WriteStartArray("scopes");
                foreach (var scope in scopes)
                {
                    w.WriteStringValue(scope);
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteNull("scopes");
            }

            w.WriteEndObject();
        }
        else if (authorizer.Iam is { } iam)
        {
            w.WriteStartObject("iam");
            foreach (var (name, value) in iam)
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
        }
        else
        {
            if (authorizer.PrincipalId is { } principal)
            {
                w.WriteString("principalId", principal);
            }

            w.WritePropertyName("lambda");
            if (authorizer.LambdaContext is { ValueKind: JsonValueKind.Object } context)
            {
                context.WriteTo(w);
            }
            else
            {
                w.WriteNullValue();
            }
        }

        w.WriteEndObject();
    }

    private static void WriteAuthorizerV1(Utf8JsonWriter w, AuthorizerContext authorizer)
    {
        w.WriteStartObject("authorizer");
        if (authorizer.JwtClaims is { } claims)
        {
            w.WriteStartObject("claims");
            foreach (var (name, value) in claims)
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
            w.WritePropertyName("scopes");
            if (authorizer.JwtScopes is { } scopes)
            {
                w.WriteStartArray();
                foreach (var scope in scopes)
                {
                    w.WriteStringValue(scope);
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteNullValue();
            }
        }
        else if (authorizer.LambdaContext is { ValueKind: JsonValueKind.Object } context)
        {
            foreach (var property in context.EnumerateObject())
            {
                property.WriteTo(w);
            }
        }

        if (authorizer.PrincipalId is { } principal)
        {
            w.WriteString("principalId", principal);
        }

        w.WriteNumber("integrationLatency", 0);
        w.WriteEndObject();
    }

    private static void WriteBody(Utf8JsonWriter w, ProxyRequest request)
    {
        if (request.BodyIsBase64)
        {
            w.WriteBase64String("body", request.Body.Span);
        }
        else
        {
            w.WriteString("body", Encoding.UTF8.GetString(request.Body.Span));
        }
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    /// <summary>A format 2.0 answer, or null when API Gateway could not use it (then 500).</summary>
    public static GatewayResponse? ResponseV2(ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out _))
            {
                var body = root.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(root.GetString()!) : payload.ToArray();
                return new GatewayResponse(200, [new("content-type", "application/json")], body);
            }

            return Structured(root, multiValue: false);
        }
    }

    /// <summary>A format 1.0 answer (an object with <c>statusCode</c>), or null when API Gateway could not use it.</summary>
    public static GatewayResponse? ResponseV1(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("statusCode", out _) ? Structured(root, multiValue: true) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static GatewayResponse? Structured(JsonElement root, bool multiValue)
    {
        var statusElement = root.GetProperty("statusCode");
        int status;
        if (statusElement.ValueKind == JsonValueKind.Number && statusElement.TryGetInt32(out var number))
        {
            status = number;
        }
        else if (statusElement.ValueKind == JsonValueKind.String && int.TryParse(statusElement.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            status = parsed;
        }
        else
        {
            return null;
        }

        if (status is < 200 or > 599)
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("headers", out var headerObject) && headerObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headerObject.EnumerateObject())
            {
                if (Scalar(header.Value) is { } value && IsHeader(header.Name, value))
                {
                    headers.Add(new(header.Name, value));
                }
            }
        }

        if (multiValue && root.TryGetProperty("multiValueHeaders", out var multi) && multi.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in multi.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                headers.RemoveAll(h => string.Equals(h.Key, header.Name, StringComparison.OrdinalIgnoreCase));
                foreach (var item in header.Value.EnumerateArray())
                {
                    if (Scalar(item) is { } value && IsHeader(header.Name, value))
                    {
                        headers.Add(new(header.Name, value));
                    }
                }
            }
        }

        if (!multiValue && root.TryGetProperty("cookies", out var cookies) && cookies.ValueKind == JsonValueKind.Array)
        {
            foreach (var cookie in cookies.EnumerateArray())
            {
                if (Scalar(cookie) is { } value && IsHeader("set-cookie", value))
                {
                    headers.Add(new("set-cookie", value));
                }
            }
        }

        if (!headers.Exists(h => string.Equals(h.Key, "content-type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("content-type", multiValue ? "application/json" : "text/plain; charset=utf-8"));
        }

        var base64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind == JsonValueKind.True;
        byte[] body = [];
        if (root.TryGetProperty("body", out var bodyElement) && bodyElement.ValueKind != JsonValueKind.Null)
        {
            var text = bodyElement.ValueKind == JsonValueKind.String ? bodyElement.GetString()! : bodyElement.GetRawText();
            if (base64)
            {
                try
                {
                    body = Convert.FromBase64String(text);
                }
                catch (FormatException)
                {
                    return null;
                }
            }
            else
            {
                body = Encoding.UTF8.GetBytes(text);
            }
        }

        return new GatewayResponse(status, headers, status is 204 or 304 ? [] : body);
    }

    /// <summary>Whether HTTP can carry the header: a token name and a value without control characters other than tab.</summary>
    private static bool IsHeader(string name, string value) =>
        name.Length > 0
        && name.All(c => c < 127 && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
        && value.All(c => c == '\t' || (c >= ' ' && c != 127));

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };
}
