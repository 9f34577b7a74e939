using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lambda.Events;

public sealed class HttpApiRequest
{
    [JsonPropertyName("version")]
    public string Version { get; init; } = "2.0";

    [JsonPropertyName("routeKey")]
    public string RouteKey { get; init; } = "";

    [JsonPropertyName("rawPath")]
    public string RawPath { get; init; } = "";

    [JsonPropertyName("rawQueryString")]
    public string RawQueryString { get; init; } = "";

    [JsonPropertyName("cookies")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Cookies { get; init; }

    [JsonPropertyName("headers")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("queryStringParameters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }

    [JsonPropertyName("requestContext")]
    public HttpApiRequestContext RequestContext { get; init; } = new();

    [JsonPropertyName("body")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }

    [JsonPropertyName("pathParameters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }

    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }

    [JsonPropertyName("stageVariables")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }
}

public sealed class HttpApiRequestContext
{
    [JsonPropertyName("accountId")]
    public string AccountId { get; init; } = "";

    [JsonPropertyName("apiId")]
    public string ApiId { get; init; } = "";

    [JsonPropertyName("authentication")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HttpApiAuthentication? Authentication { get; init; }

    [JsonPropertyName("authorizer")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HttpApiAuthorizer? Authorizer { get; init; }

    [JsonPropertyName("domainName")]
    public string DomainName { get; init; } = "";

    [JsonPropertyName("domainPrefix")]
    public string DomainPrefix { get; init; } = "";

    [JsonPropertyName("http")]
    public HttpApiRequestHttp Http { get; init; } = new();

    [JsonPropertyName("requestId")]
    public string RequestId { get; init; } = "";

    [JsonPropertyName("routeKey")]
    public string RouteKey { get; init; } = "";

    [JsonPropertyName("stage")]
    public string Stage { get; init; } = "";

    [JsonPropertyName("time")]
    public string Time { get; init; } = "";

    [JsonPropertyName("timeEpoch")]
    public long TimeEpoch { get; init; }
}

public sealed class HttpApiRequestHttp
{
    [JsonPropertyName("method")]
    public string Method { get; init; } = "";

    [JsonPropertyName("path")]
    public string Path { get; init; } = "";

    [JsonPropertyName("protocol")]
    public string Protocol { get; init; } = "";

    [JsonPropertyName("sourceIp")]
    public string SourceIp { get; init; } = "";

    [JsonPropertyName("userAgent")]
    public string UserAgent { get; init; } = "";
}

public sealed class HttpApiAuthentication
{
    [JsonPropertyName("clientCert")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HttpApiClientCert? ClientCert { get; init; }
}

public sealed class HttpApiClientCert
{
    [JsonPropertyName("clientCertPem")]
    public string ClientCertPem { get; init; } = "";

    [JsonPropertyName("subjectDN")]
    public string SubjectDn { get; init; } = "";

    [JsonPropertyName("issuerDN")]
    public string IssuerDn { get; init; } = "";

    [JsonPropertyName("serialNumber")]
    public string SerialNumber { get; init; } = "";

    [JsonPropertyName("validity")]
    public HttpApiClientCertValidity Validity { get; init; } = new();
}

public sealed class HttpApiClientCertValidity
{
    [JsonPropertyName("notBefore")]
    public string NotBefore { get; init; } = "";

    [JsonPropertyName("notAfter")]
    public string NotAfter { get; init; } = "";
}

public sealed class HttpApiAuthorizer
{
    [JsonPropertyName("jwt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HttpApiJwtAuthorizer? Jwt { get; init; }

    [JsonPropertyName("lambda")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, JsonElement>? Lambda { get; init; }

    [JsonPropertyName("iam")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HttpApiIamAuthorizer? Iam { get; init; }
}

public sealed class HttpApiJwtAuthorizer
{
    [JsonPropertyName("claims")]
    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("scopes")]
    public IReadOnlyList<string>? Scopes { get; init; }
}

public sealed class HttpApiIamAuthorizer
{
    [JsonPropertyName("accessKey")]
    public string AccessKey { get; init; } = "";

    [JsonPropertyName("accountId")]
    public string AccountId { get; init; } = "";

    [JsonPropertyName("callerId")]
    public string CallerId { get; init; } = "";

    [JsonPropertyName("cognitoIdentity")]
    public HttpApiCognitoIdentity? CognitoIdentity { get; init; }

    [JsonPropertyName("principalOrgId")]
    public string? PrincipalOrgId { get; init; }

    [JsonPropertyName("userArn")]
    public string UserArn { get; init; } = "";

    [JsonPropertyName("userId")]
    public string UserId { get; init; } = "";
}

public sealed class HttpApiCognitoIdentity
{
    [JsonPropertyName("amr")]
    public IReadOnlyList<string> Amr { get; init; } = [];

    [JsonPropertyName("identityId")]
    public string IdentityId { get; init; } = "";

    [JsonPropertyName("identityPoolId")]
    public string IdentityPoolId { get; init; } = "";
}

public sealed class HttpApiResponse
{
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; init; } = 200;

    [JsonPropertyName("headers")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("cookies")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Cookies { get; init; }

    [JsonPropertyName("body")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }

    public static HttpApiResponse Json(int statusCode, string json) => new()
    {
        StatusCode = statusCode,
        Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
        Body = json,
    };

    public static HttpApiResponse Status(int statusCode) => new() { StatusCode = statusCode };
}
