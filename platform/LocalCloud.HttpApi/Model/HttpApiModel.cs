using System.Text.Json.Serialization;

namespace LocalCloud.HttpApi.Model;

internal static class ProtocolTypes
{
    public const string Http = "HTTP";
    public const string WebSocket = "WEBSOCKET";
}

internal static class AuthorizationTypes
{
    public const string None = "NONE";
    public const string Jwt = "JWT";
    public const string Custom = "CUSTOM";
    public const string Iam = "AWS_IAM";
}

internal static class AuthorizerTypes
{
    public const string Jwt = "JWT";
    public const string Request = "REQUEST";
}

internal static class IntegrationTypes
{
    public const string AwsProxy = "AWS_PROXY";
    public const string HttpProxy = "HTTP_PROXY";
}

internal sealed record CorsRecord
{
    public bool? AllowCredentials { get; init; }

    public IReadOnlyList<string>? AllowHeaders { get; init; }

    public IReadOnlyList<string>? AllowMethods { get; init; }

    public IReadOnlyList<string>? AllowOrigins { get; init; }

    public IReadOnlyList<string>? ExposeHeaders { get; init; }

    public int? MaxAge { get; init; }
}

internal sealed record ApiRecord
{
    public required string ApiId { get; init; }

    public required string Name { get; init; }

    public string ProtocolType { get; init; } = ProtocolTypes.Http;

    public string RouteSelectionExpression { get; init; } = "$request.method $request.path";

    public string? ApiKeySelectionExpression { get; init; }

    public string? Description { get; init; }

    public string? Version { get; init; }

    public CorsRecord? Cors { get; init; }

    public bool DisableExecuteApiEndpoint { get; init; }

    public bool DisableSchemaValidation { get; init; }

    public string IpAddressType { get; init; } = "ipv4";

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string>? Warnings { get; init; }

    public IReadOnlyList<string>? ImportInfo { get; init; }

    public required DateTimeOffset CreatedDate { get; init; }
}

internal sealed record RouteRecord
{
    public required string RouteId { get; init; }

    public required string RouteKey { get; init; }

    public string? Target { get; init; }

    public string AuthorizationType { get; init; } = AuthorizationTypes.None;

    public string? AuthorizerId { get; init; }

    public IReadOnlyList<string>? AuthorizationScopes { get; init; }

    public bool ApiKeyRequired { get; init; }

    public string? OperationName { get; init; }

    public IReadOnlyDictionary<string, bool>? RequestParameters { get; init; }

    public bool ApiGatewayManaged { get; init; }

    public long Sequence { get; init; }
}

internal sealed record IntegrationRecord
{
    public required string IntegrationId { get; init; }

    public required string IntegrationType { get; init; }

    public string? IntegrationUri { get; init; }

    public string? IntegrationMethod { get; init; }

    public string? IntegrationSubtype { get; init; }

    public string? PayloadFormatVersion { get; init; }

    public int TimeoutInMillis { get; init; } = 30000;

    public string ConnectionType { get; init; } = "INTERNET";

    public string? ConnectionId { get; init; }

    public string? CredentialsArn { get; init; }

    public string? Description { get; init; }

    public IReadOnlyDictionary<string, string>? RequestParameters { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? ResponseParameters { get; init; }

    public bool ApiGatewayManaged { get; init; }

    public long Sequence { get; init; }
}

internal sealed record JwtConfigurationRecord
{
    public IReadOnlyList<string>? Audience { get; init; }

    public string? Issuer { get; init; }
}

internal sealed record AuthorizerRecord
{
    public required string AuthorizerId { get; init; }

    public required string Name { get; init; }

    public required string AuthorizerType { get; init; }

    public string? AuthorizerUri { get; init; }

    public string? AuthorizerCredentialsArn { get; init; }

    public string? AuthorizerPayloadFormatVersion { get; init; }

    public int? AuthorizerResultTtlInSeconds { get; init; }

    public bool? EnableSimpleResponses { get; init; }

    public IReadOnlyList<string> IdentitySource { get; init; } = [];

    public string? IdentityValidationExpression { get; init; }

    public JwtConfigurationRecord? JwtConfiguration { get; init; }

    public long Sequence { get; init; }
}

internal sealed record RouteSettingsRecord
{
    public bool? DataTraceEnabled { get; init; }

    public bool? DetailedMetricsEnabled { get; init; }

    public string? LoggingLevel { get; init; }

    public int? ThrottlingBurstLimit { get; init; }

    public double? ThrottlingRateLimit { get; init; }
}

internal sealed record AccessLogSettingsRecord(string? DestinationArn, string? Format);

internal sealed record StageRecord
{
    public required string StageName { get; init; }

    public bool AutoDeploy { get; init; }

    public string? DeploymentId { get; init; }

    public string? Description { get; init; }

    public string? ClientCertificateId { get; init; }

    public IReadOnlyDictionary<string, string> StageVariables { get; init; } = new Dictionary<string, string>();

    public RouteSettingsRecord? DefaultRouteSettings { get; init; }

    public IReadOnlyDictionary<string, RouteSettingsRecord> RouteSettings { get; init; } = new Dictionary<string, RouteSettingsRecord>();

    public AccessLogSettingsRecord? AccessLogSettings { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public string? LastDeploymentStatusMessage { get; init; }

    public bool ApiGatewayManaged { get; init; }

    public required DateTimeOffset CreatedDate { get; init; }

    public required DateTimeOffset LastUpdatedDate { get; init; }
}

/// <summary>What a deployment froze: the routes, integrations, authorizers and CORS configuration a stage serves.</summary>
internal sealed record ApiSnapshot
{
    public CorsRecord? Cors { get; init; }

    public bool DisableExecuteApiEndpoint { get; init; }

    public IReadOnlyList<RouteRecord> Routes { get; init; } = [];

    public IReadOnlyList<IntegrationRecord> Integrations { get; init; } = [];

    public IReadOnlyList<AuthorizerRecord> Authorizers { get; init; } = [];
}

internal sealed record DeploymentRecord
{
    public required string DeploymentId { get; init; }

    public string? Description { get; init; }

    public bool AutoDeployed { get; init; }

    public string DeploymentStatus { get; init; } = "DEPLOYED";

    public string? DeploymentStatusMessage { get; init; }

    public required DateTimeOffset CreatedDate { get; init; }

    public required ApiSnapshot Snapshot { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiRecord))]
[JsonSerializable(typeof(RouteRecord))]
[JsonSerializable(typeof(IntegrationRecord))]
[JsonSerializable(typeof(AuthorizerRecord))]
[JsonSerializable(typeof(StageRecord))]
[JsonSerializable(typeof(DeploymentRecord))]
internal sealed partial class HttpApiModelJsonContext : JsonSerializerContext;
