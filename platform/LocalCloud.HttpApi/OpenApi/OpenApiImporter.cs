using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalCloud.HttpApi.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LocalCloud.HttpApi.OpenApi;

internal sealed record ImportedAuthorizer(string SchemeName, AuthorizerRecord Authorizer);

internal sealed record ImportedRoute(string RouteKey, IntegrationRecord? Integration, string? SecurityScheme, IReadOnlyList<string> Scopes, string? OperationName);

internal sealed record ImportedApi(
    string? Title,
    string? Description,
    string? Version,
    CorsRecord? Cors,
    bool DisableExecuteApiEndpoint,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<ImportedAuthorizer> Authorizers,
    IReadOnlyList<ImportedRoute> Routes,
    IReadOnlyList<string> Warnings);

/// <summary>
/// An OpenAPI 3 (or Swagger 2) definition with API Gateway's extensions, in JSON or YAML, as <c>ImportApi</c> and the
/// <c>Body</c> of <c>AWS::ApiGatewayV2::Api</c> take it: <c>paths</c> with their operations and
/// <c>x-amazon-apigateway-any-method</c>, <c>x-amazon-apigateway-integration</c>, security schemes with
/// <c>x-amazon-apigateway-authorizer</c>, <c>x-amazon-apigateway-cors</c>, tags and the endpoint configuration.
/// </summary>
internal static class OpenApiImporter
{
    private static readonly Dictionary<string, string> OperationMethods = new(StringComparer.Ordinal)
    {
        ["get"] = "GET",
        ["put"] = "PUT",
        ["post"] = "POST",
        ["delete"] = "DELETE",
        ["options"] = "OPTIONS",
        ["head"] = "HEAD",
        ["patch"] = "PATCH",
        ["x-amazon-apigateway-any-method"] = "ANY",
    };

    public static ImportedApi Import(string body, bool failOnWarnings)
    {
        var root = Parse(body) as JsonObject ?? throw Invalid("the definition must be an object.");
        if (root["openapi"] is null && root["swagger"] is null)
        {
            throw Invalid("the 'openapi' or 'swagger' version field is missing.");
        }

        var warnings = new List<string>();
        var info = root["info"] as JsonObject;
        var authorizers = Authorizers(root, warnings);
        var defaultSecurity = Security(root["security"]);
        var routes = new List<ImportedRoute>();
        if (root["paths"] is JsonObject paths)
        {
            foreach (var (path, item) in paths)
            {
                if (item is not JsonObject operations)
                {
                    continue;
                }

                var isDefault = path is "$default" or "/$default";
                if (!isDefault && !path.StartsWith('/'))
                {
                    warnings.Add($"Unable to create route for path '{path}': a path must start with '/'.");
                    continue;
                }

                foreach (var (name, node) in operations)
                {
                    if (!OperationMethods.TryGetValue(name, out var method))
                    {
                        if (name.StartsWith("x-amazon-apigateway", StringComparison.Ordinal))
                        {
                            warnings.Add($"Unsupported extension {name} on path {path} was ignored.");
                        }

                        continue;
                    }

                    if (node is not JsonObject operation)
                    {
                        continue;
                    }

                    var routeKey = isDefault ? RouteKeys.Default : $"{method} {path}";
                    if (!RouteKeys.TryParse(routeKey, out _, out _))
                    {
                        warnings.Add($"Unable to create route '{routeKey}': the path is invalid.");
                        continue;
                    }

                    if (routes.Any(r => r.RouteKey == routeKey))
                    {
                        warnings.Add($"Duplicate route '{routeKey}' was ignored.");
                        continue;
                    }

                    var security = Security(operation["security"]) ?? defaultSecurity;
                    routes.Add(new ImportedRoute(routeKey, Integration(operation["x-amazon-apigateway-integration"], routeKey, warnings), security?.Scheme, security?.Scopes ?? [], Text(operation["operationId"])));
                }
            }
        }

        if (failOnWarnings && warnings.Count > 0)
        {
            throw HttpApiErrors.BadRequest("Warnings found during import:\n\t" + string.Join("\n\t", warnings));
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root["tags"] is JsonArray tagList)
        {
            foreach (var tag in tagList.OfType<JsonObject>())
            {
                if (Text(tag["name"]) is { } key && Text(tag["x-amazon-apigateway-tag-value"]) is { } value)
                {
                    tags[key] = value;
                }
            }
        }

        var endpoint = root["x-amazon-apigateway-endpoint-configuration"] as JsonObject;
        return new ImportedApi(
            Text(info?["title"]),
            Text(info?["description"]),
            Text(info?["version"]),
            Cors(root["x-amazon-apigateway-cors"]),
            Bool(endpoint?["disableExecuteApiEndpoint"]) ?? false,
            tags,
            authorizers,
            routes,
            warnings);
    }

    private static List<ImportedAuthorizer> Authorizers(JsonObject root, List<string> warnings)
    {
        var schemes = (root["components"] as JsonObject)?["securitySchemes"] as JsonObject ?? root["securityDefinitions"] as JsonObject;
        var result = new List<ImportedAuthorizer>();
        if (schemes is null)
        {
            return result;
        }

        foreach (var (name, node) in schemes)
        {
            if ((node as JsonObject)?["x-amazon-apigateway-authorizer"] is not JsonObject spec)
            {
                continue;
            }

            var type = Text(spec["type"])?.ToUpperInvariant();
            var identity = spec["identitySource"] switch
            {
                JsonArray array => array.Select(Text).OfType<string>().ToList(),
                JsonValue value when Text(value) is { } text => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList(),
                _ => [],
            };
            if (type == AuthorizerTypes.Jwt)
            {
                var jwt = spec["jwtConfiguration"] as JsonObject;
                result.Add(new ImportedAuthorizer(name, new AuthorizerRecord
                {
                    AuthorizerId = "",
                    Name = name,
                    AuthorizerType = AuthorizerTypes.Jwt,
                    IdentitySource = identity.Count > 0 ? identity : ["$request.header.Authorization"],
                    JwtConfiguration = new JwtConfigurationRecord
                    {
                        Issuer = Text(jwt?["issuer"]),
                        Audience = jwt?["audience"] is JsonArray audience ? [.. audience.Select(Text).OfType<string>()] : null,
                    },
                }));
            }
            else if (type == AuthorizerTypes.Request)
            {
                result.Add(new ImportedAuthorizer(name, new AuthorizerRecord
                {
                    AuthorizerId = "",
                    Name = name,
                    AuthorizerType = AuthorizerTypes.Request,
                    AuthorizerUri = Text(spec["authorizerUri"]),
                    AuthorizerCredentialsArn = Text(spec["authorizerCredentials"]),
                    AuthorizerPayloadFormatVersion = Text(spec["authorizerPayloadFormatVersion"]) ?? "2.0",
                    AuthorizerResultTtlInSeconds = Int(spec["authorizerResultTtlInSeconds"]),
                    EnableSimpleResponses = Bool(spec["enableSimpleResponses"]),
                    IdentitySource = identity,
                }));
            }
            else
            {
                warnings.Add($"Unsupported authorizer type '{Text(spec["type"])}' for security scheme '{name}' was ignored.");
            }
        }

        return result;
    }

    private static IntegrationRecord? Integration(JsonNode? node, string routeKey, List<string> warnings)
    {
        if (node is not JsonObject spec)
        {
            return null;
        }

        var type = Text(spec["type"])?.ToUpperInvariant();
        if (type is not (IntegrationTypes.AwsProxy or IntegrationTypes.HttpProxy))
        {
            warnings.Add($"Unsupported integration type '{Text(spec["type"])}' for route '{routeKey}' was ignored.");
            return null;
        }

        return new IntegrationRecord
        {
            IntegrationId = "",
            IntegrationType = type,
            IntegrationUri = Text(spec["uri"]),
            IntegrationMethod = Text(spec["httpMethod"]),
            PayloadFormatVersion = Text(spec["payloadFormatVersion"]) ?? "1.0",
            TimeoutInMillis = Int(spec["timeoutInMillis"]) ?? HttpApiCatalog.DefaultTimeoutMillis,
            ConnectionType = Text(spec["connectionType"])?.ToUpperInvariant() ?? "INTERNET",
            ConnectionId = Text(spec["connectionId"]),
            CredentialsArn = Text(spec["credentials"]),
            Description = Text(spec["description"]),
            RequestParameters = spec["requestParameters"] is JsonObject parameters
                ? parameters.Where(p => Text(p.Value) is not null).ToDictionary(p => p.Key, p => Text(p.Value)!, StringComparer.Ordinal)
                : null,
        };
    }

    private static (string Scheme, IReadOnlyList<string> Scopes)? Security(JsonNode? node)
    {
        if (node is not JsonArray requirements)
        {
            return null;
        }

        foreach (var requirement in requirements.OfType<JsonObject>())
        {
            foreach (var (scheme, scopes) in requirement)
            {
                return (scheme, scopes is JsonArray list ? [.. list.Select(Text).OfType<string>()] : []);
            }
        }

        return null;
    }

    private static CorsRecord? Cors(JsonNode? node) => node is JsonObject cors
        ? new CorsRecord
        {
            AllowCredentials = Bool(cors["allowCredentials"]),
            AllowHeaders = Strings(cors["allowHeaders"]),
            AllowMethods = Strings(cors["allowMethods"]),
            AllowOrigins = Strings(cors["allowOrigins"]),
            ExposeHeaders = Strings(cors["exposeHeaders"]),
            MaxAge = Int(cors["maxAge"]),
        }
        : null;

    private static List<string>? Strings(JsonNode? node) => node is JsonArray array ? [.. array.Select(Text).OfType<string>()] : null;

    private static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        }
        : null;

    private static bool? Bool(JsonNode? node) => node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? value.GetValue<bool>()
        : Text(node) is { } text && bool.TryParse(text, out var parsed) ? parsed : null;

    private static int? Int(JsonNode? node) =>
        Text(node) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static JsonNode? Parse(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.StartsWith("{"))
        {
            try
            {
                return JsonNode.Parse(body);
            }
            catch (JsonException ex)
            {
                throw Invalid($"the body is not valid JSON: {ex.Message}");
            }
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(body));
            return stream.Documents.Count == 0 ? null : FromYaml(stream.Documents[0].RootNode);
        }
        catch (YamlException ex)
        {
            throw Invalid($"the body is neither JSON nor YAML: {ex.Message}");
        }
    }

    private static JsonNode? FromYaml(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    obj[((YamlScalarNode)key).Value ?? ""] = FromYaml(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(FromYaml(item));
                }

                return array;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                if (scalar.Style is ScalarStyle.Plain)
                {
                    if (text is "" or "~" or "null")
                    {
                        return null;
                    }

                    if (text is "true" or "false")
                    {
                        return JsonValue.Create(text == "true");
                    }

                    if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
                    {
                        return JsonValue.Create(integer);
                    }

                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        return JsonValue.Create(number);
                    }
                }

                return JsonValue.Create(text);
            default:
                return null;
        }
    }

    private static Core.Hosting.ServiceException Invalid(string reason) =>
        HttpApiErrors.BadRequest($"Invalid OpenAPI definition: {reason}");
}
