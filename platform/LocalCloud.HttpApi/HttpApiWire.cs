using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalCloud.HttpApi.Wire;

// Wire shapes of ApiGatewayV2 (botocore `apigatewayv2` 2018-11-29): camelCase members, ISO-8601 timestamps.
// The *Input classes are also what the CloudFormation resource providers hand to HttpApiCatalog.

internal sealed class CorsWire
{
    public bool? AllowCredentials { get; set; }

    public List<string>? AllowHeaders { get; set; }

    public List<string>? AllowMethods { get; set; }

    public List<string>? AllowOrigins { get; set; }

    public List<string>? ExposeHeaders { get; set; }

    public int? MaxAge { get; set; }
}

internal sealed class ApiInput
{
    public string? ApiKeySelectionExpression { get; set; }

    public CorsWire? CorsConfiguration { get; set; }

    public string? CredentialsArn { get; set; }

    public string? Description { get; set; }

    public bool? DisableSchemaValidation { get; set; }

    public bool? DisableExecuteApiEndpoint { get; set; }

    public string? IpAddressType { get; set; }

    public string? Name { get; set; }

    public string? ProtocolType { get; set; }

    public string? RouteKey { get; set; }

    public string? RouteSelectionExpression { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public string? Target { get; set; }

    public string? Version { get; set; }
}

internal sealed class ImportInput
{
    public string? Body { get; set; }
}

internal sealed class RouteInput
{
    public bool? ApiKeyRequired { get; set; }

    public List<string>? AuthorizationScopes { get; set; }

    public string? AuthorizationType { get; set; }

    public string? AuthorizerId { get; set; }

    public string? ModelSelectionExpression { get; set; }

    public string? OperationName { get; set; }

    public Dictionary<string, JsonElement>? RequestModels { get; set; }

    public Dictionary<string, ParameterConstraintsWire>? RequestParameters { get; set; }

    public string? RouteKey { get; set; }

    public string? RouteResponseSelectionExpression { get; set; }

    public string? Target { get; set; }
}

internal sealed class ParameterConstraintsWire
{
    public bool? Required { get; set; }
}

internal sealed class IntegrationInput
{
    public string? ConnectionId { get; set; }

    public string? ConnectionType { get; set; }

    public string? ContentHandlingStrategy { get; set; }

    public string? CredentialsArn { get; set; }

    public string? Description { get; set; }

    public string? IntegrationMethod { get; set; }

    public string? IntegrationSubtype { get; set; }

    public string? IntegrationType { get; set; }

    public string? IntegrationUri { get; set; }

    public string? PassthroughBehavior { get; set; }

    public string? PayloadFormatVersion { get; set; }

    public Dictionary<string, string>? RequestParameters { get; set; }

    public Dictionary<string, string>? RequestTemplates { get; set; }

    public Dictionary<string, Dictionary<string, string>>? ResponseParameters { get; set; }

    public string? TemplateSelectionExpression { get; set; }

    public int? TimeoutInMillis { get; set; }

    public JsonElement? TlsConfig { get; set; }
}

internal sealed class JwtConfigurationWire
{
    public List<string>? Audience { get; set; }

    public string? Issuer { get; set; }
}

internal sealed class AuthorizerInput
{
    public string? AuthorizerCredentialsArn { get; set; }

    public string? AuthorizerPayloadFormatVersion { get; set; }

    public int? AuthorizerResultTtlInSeconds { get; set; }

    public string? AuthorizerType { get; set; }

    public string? AuthorizerUri { get; set; }

    public bool? EnableSimpleResponses { get; set; }

    public List<string>? IdentitySource { get; set; }

    public string? IdentityValidationExpression { get; set; }

    public JwtConfigurationWire? JwtConfiguration { get; set; }

    public string? Name { get; set; }
}

internal sealed class RouteSettingsWire
{
    public bool? DataTraceEnabled { get; set; }

    public bool? DetailedMetricsEnabled { get; set; }

    public string? LoggingLevel { get; set; }

    public int? ThrottlingBurstLimit { get; set; }

    public double? ThrottlingRateLimit { get; set; }
}

internal sealed class AccessLogSettingsWire
{
    public string? DestinationArn { get; set; }

    public string? Format { get; set; }
}

internal sealed class StageInput
{
    public AccessLogSettingsWire? AccessLogSettings { get; set; }

    public bool? AutoDeploy { get; set; }

    public string? ClientCertificateId { get; set; }

    public RouteSettingsWire? DefaultRouteSettings { get; set; }

    public string? DeploymentId { get; set; }

    public string? Description { get; set; }

    public Dictionary<string, RouteSettingsWire>? RouteSettings { get; set; }

    public string? StageName { get; set; }

    public Dictionary<string, string>? StageVariables { get; set; }

    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class DeploymentInput
{
    public string? Description { get; set; }

    public string? StageName { get; set; }
}

internal sealed class TagsInput
{
    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class ApiOutput
{
    public string? ApiEndpoint { get; set; }

    public bool? ApiGatewayManaged { get; set; }

    public string? ApiId { get; set; }

    public string? ApiKeySelectionExpression { get; set; }

    public CorsWire? CorsConfiguration { get; set; }

    public DateTimeOffset? CreatedDate { get; set; }

    public string? Description { get; set; }

    public bool? DisableSchemaValidation { get; set; }

    public bool? DisableExecuteApiEndpoint { get; set; }

    public List<string>? ImportInfo { get; set; }

    public string? IpAddressType { get; set; }

    public string? Name { get; set; }

    public string? ProtocolType { get; set; }

    public string? RouteSelectionExpression { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public string? Version { get; set; }

    public List<string>? Warnings { get; set; }
}

internal sealed class RouteOutput
{
    public bool? ApiGatewayManaged { get; set; }

    public bool? ApiKeyRequired { get; set; }

    public List<string>? AuthorizationScopes { get; set; }

    public string? AuthorizationType { get; set; }

    public string? AuthorizerId { get; set; }

    public string? OperationName { get; set; }

    public Dictionary<string, ParameterConstraintsWire>? RequestParameters { get; set; }

    public string? RouteId { get; set; }

    public string? RouteKey { get; set; }

    public string? Target { get; set; }
}

internal sealed class IntegrationOutput
{
    public bool? ApiGatewayManaged { get; set; }

    public string? ConnectionId { get; set; }

    public string? ConnectionType { get; set; }

    public string? CredentialsArn { get; set; }

    public string? Description { get; set; }

    public string? IntegrationId { get; set; }

    public string? IntegrationMethod { get; set; }

    public string? IntegrationSubtype { get; set; }

    public string? IntegrationType { get; set; }

    public string? IntegrationUri { get; set; }

    public string? PayloadFormatVersion { get; set; }

    public Dictionary<string, string>? RequestParameters { get; set; }

    public Dictionary<string, Dictionary<string, string>>? ResponseParameters { get; set; }

    public int? TimeoutInMillis { get; set; }
}

internal sealed class AuthorizerOutput
{
    public string? AuthorizerCredentialsArn { get; set; }

    public string? AuthorizerId { get; set; }

    public string? AuthorizerPayloadFormatVersion { get; set; }

    public int? AuthorizerResultTtlInSeconds { get; set; }

    public string? AuthorizerType { get; set; }

    public string? AuthorizerUri { get; set; }

    public bool? EnableSimpleResponses { get; set; }

    public List<string>? IdentitySource { get; set; }

    public string? IdentityValidationExpression { get; set; }

    public JwtConfigurationWire? JwtConfiguration { get; set; }

    public string? Name { get; set; }
}

internal sealed class StageOutput
{
    public AccessLogSettingsWire? AccessLogSettings { get; set; }

    public bool? ApiGatewayManaged { get; set; }

    public bool? AutoDeploy { get; set; }

    public string? ClientCertificateId { get; set; }

    public DateTimeOffset? CreatedDate { get; set; }

    public RouteSettingsWire? DefaultRouteSettings { get; set; }

    public string? DeploymentId { get; set; }

    public string? Description { get; set; }

    public string? LastDeploymentStatusMessage { get; set; }

    public DateTimeOffset? LastUpdatedDate { get; set; }

    public Dictionary<string, RouteSettingsWire>? RouteSettings { get; set; }

    public string? StageName { get; set; }

    public Dictionary<string, string>? StageVariables { get; set; }

    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class DeploymentOutput
{
    public bool? AutoDeployed { get; set; }

    public DateTimeOffset? CreatedDate { get; set; }

    public string? DeploymentId { get; set; }

    public string? DeploymentStatus { get; set; }

    public string? DeploymentStatusMessage { get; set; }

    public string? Description { get; set; }
}

internal sealed class Page<T>
{
    public List<T> Items { get; set; } = [];

    public string? NextToken { get; set; }
}

internal sealed class TagsOutput
{
    public Dictionary<string, string> Tags { get; set; } = [];
}

/// <summary>Timestamps as ApiGatewayV2 writes them: ISO-8601 UTC to the second, <c>2026-03-01T12:00:00Z</c>.</summary>
internal sealed class IsoSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(IsoSecondsConverter)])]
[JsonSerializable(typeof(ApiInput))]
[JsonSerializable(typeof(ImportInput))]
[JsonSerializable(typeof(RouteInput))]
[JsonSerializable(typeof(IntegrationInput))]
[JsonSerializable(typeof(AuthorizerInput))]
[JsonSerializable(typeof(StageInput))]
[JsonSerializable(typeof(DeploymentInput))]
[JsonSerializable(typeof(TagsInput))]
[JsonSerializable(typeof(ApiOutput))]
[JsonSerializable(typeof(RouteOutput))]
[JsonSerializable(typeof(IntegrationOutput))]
[JsonSerializable(typeof(AuthorizerOutput))]
[JsonSerializable(typeof(StageOutput))]
[JsonSerializable(typeof(DeploymentOutput))]
[JsonSerializable(typeof(Page<ApiOutput>))]
[JsonSerializable(typeof(Page<RouteOutput>))]
[JsonSerializable(typeof(Page<IntegrationOutput>))]
[JsonSerializable(typeof(Page<AuthorizerOutput>))]
[JsonSerializable(typeof(Page<StageOutput>))]
[JsonSerializable(typeof(Page<DeploymentOutput>))]
[JsonSerializable(typeof(TagsOutput))]
internal sealed partial class HttpApiJsonContext : JsonSerializerContext;
