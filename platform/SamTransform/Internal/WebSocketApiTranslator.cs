using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>AWS::Serverless::WebSocketApi: the API, a route + Lambda integration + permission per route, a stage, and the $connect authorizer.</summary>
internal sealed class WebSocketApiTranslator(Translator translator, string logicalId, JsonObject resource)
{
    public const string Type = "AWS::Serverless::WebSocketApi";
    private const string DefaultStageName = "default";
    private const string TagName = "websocketapi:createdBy";
    private static readonly string[] AuthTypes = ["NONE", "AWS_IAM", "CUSTOM"];

    private static readonly PropertySpec[] Specs =
    [
        PropertySpec.Str("ApiKeySelectionExpression"), PropertySpec.Dict("AccessLogSettings"), PropertySpec.Dict("Auth"),
        PropertySpec.Dict("DefaultRouteSettings"), PropertySpec.Str("Description"), PropertySpec.Bool("DisableExecuteApiEndpoint"),
        PropertySpec.Dict("Domain"), PropertySpec.Bool("DisableSchemaValidation"), PropertySpec.Bool("FailOnWarnings"),
        PropertySpec.Str("IpAddressType"), PropertySpec.Str("Name"), PropertySpec.Bool("PropagateTags"),
        PropertySpec.Dict("Routes", required: true), PropertySpec.Dict("RouteSettings"),
        PropertySpec.Str("RouteSelectionExpression", required: true), PropertySpec.Of("StageName", PropertySpec.StrOrDict),
        PropertySpec.Dict("StageVariables"), PropertySpec.Dict("Tags"),
    ];

    private JsonObject _properties = [];
    private JsonObject? _auth;
    private JsonNode? _stageName;

    private JsonNode? P(string name) => _properties.TryGetPropertyValue(name, out var v) ? v : null;

    public List<CfnResource> Translate()
    {
        if (!FunctionTranslator.ValidLogicalId().IsMatch(logicalId))
        {
            throw new InvalidResourceError(logicalId, "Logical ids must be alphanumeric.");
        }

        _properties = Translator.PropertiesOf(resource);
        PropertySpec.ValidateAll(logicalId, Type, _properties, Specs);
        _auth = translator.Parameters.Resolve(P("Auth")?.DeepClone()) as JsonObject;
        var domain = translator.Parameters.Resolve(P("Domain")?.DeepClone());
        var routes = translator.Parameters.Resolve(P("Routes")?.DeepClone()) as JsonObject ?? [];
        _stageName = P("StageName") ?? JsonValue.Create(DefaultStageName);
        if (routes.Count == 0)
        {
            throw new InvalidResourceError(logicalId, "WebSocket API must have at least one route.");
        }

        var ipAddressType = P("IpAddressType");
        if (ipAddressType is not null && !Intrinsics.IsIntrinsic(ipAddressType) && Json.Str(ipAddressType) is not ("ipv4" or "dualstack"))
        {
            throw new InvalidResourceError(logicalId, "IpAddressType must be 'ipv4' or 'dualstack'.");
        }

        if (domain is JsonObject d && Json.Truthy(d["MutualTlsAuthentication"]))
        {
            throw new InvalidResourceError(logicalId, "Mutual TLS domain name association is not supported for Websocket APIs.");
        }

        // SAM hands the generator neither the resource attributes nor the passthrough ones.
        var none = new JsonObject();
        var api = new CfnResource(logicalId, "AWS::ApiGatewayV2::Api");
        api.DependsOn = resource["DependsOn"]?.DeepClone();
        foreach (var name in new[] { "ApiKeySelectionExpression", "Description", "DisableExecuteApiEndpoint", "DisableSchemaValidation", "IpAddressType" })
        {
            api[name] = P(name);
        }

        if (Json.Truthy(_auth) && !routes.ContainsKey("$connect"))
        {
            throw new InvalidResourceError(logicalId, "Authorization is only available if there is a $connect route.");
        }

        api["Name"] = P("Name") ?? JsonValue.Create(logicalId);
        api["RouteSelectionExpression"] = P("RouteSelectionExpression");
        var tags = Json.Truthy(P("Tags")) ? (JsonObject)P("Tags")!.DeepClone() : [];
        tags[TagName] = "SAM";
        api["Tags"] = tags;
        api["ProtocolType"] = "WEBSOCKET";

        var domainResources = domain is null ? [] : new ApiDomain(logicalId, TagName, new Dictionary<string, CfnResource>(StringComparer.Ordinal)).Construct(domain, api, none);
        var stage = Stage(none);
        var resources = new List<CfnResource> { api };
        CfnResource? authorizer = null;
        var routeIds = new List<string>();
        foreach (var (routeKey, specNode) in routes)
        {
            var spec = specNode as JsonObject ?? [];
            var key = SanitizeRouteKey(routeKey);
            var route = Route(routeKey, logicalId + key + "Route", logicalId + key + "Integration", spec, none);
            if (CustomAuthorizer(routeKey, route, none) is { } a)
            {
                authorizer = a;
            }

            resources.Add(route);
            resources.Add(Integration(logicalId + key + "Integration", spec, none));
            resources.Add(Permission(routeKey, logicalId + key + "Permission", spec, none));
            routeIds.Add(route.LogicalId);
        }

        resources.AddRange(domainResources);
        if (Json.Truthy(P("RouteSettings")) && routeIds.Count > 0)
        {
            stage.DependsOn = new JsonArray([.. routeIds.Select(id => (JsonNode)JsonValue.Create(id))]);
        }

        resources.Add(stage);
        if (authorizer is not null)
        {
            resources.Add(authorizer);
            if (AuthorizerPermission(api, none) is { } permission)
            {
                resources.Add(permission);
            }
        }

        if (Json.IsTrue(P("PropagateTags")) && Json.Truthy(P("Tags")))
        {
            foreach (var r in resources.Where(r => r.Type is "AWS::ApiGatewayV2::Api" or "AWS::ApiGatewayV2::Stage" or "AWS::ApiGatewayV2::DomainName"))
            {
                r["Tags"] = tags;
            }
        }

        translator.References.AddReferable(logicalId, resources, ("Stage", "AWS::ApiGatewayV2::Stage"), ("DomainName", "AWS::ApiGatewayV2::DomainName"));
        return resources;
    }

    private string SanitizeRouteKey(string routeKey)
    {
        if (routeKey is "$connect" or "$disconnect" or "$default")
        {
            return Capitalize(routeKey.Replace("$", "", StringComparison.Ordinal));
        }

        if (routeKey.Length > 0 && routeKey.All(char.IsLetterOrDigit))
        {
            return Capitalize(routeKey);
        }

        throw new InvalidResourceError(logicalId,
            $"Route key '{routeKey}' must be alphanumeric. Only $connect, $disconnect, and $default special routes are supported.");
    }

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].ToLowerInvariant();

    private CfnResource Route(string routeKey, string routeId, string integrationId, JsonObject spec, JsonObject attributes)
    {
        var route = new CfnResource(routeId, "AWS::ApiGatewayV2::Route").WithAttributes(attributes);
        route["RouteKey"] = routeKey;
        route["ApiId"] = Intrinsics.Ref(logicalId);
        foreach (var name in new[] { "ApiKeyRequired", "ModelSelectionExpression", "OperationName", "RequestModels" })
        {
            route[name] = spec[name];
        }

        if (Json.Truthy(spec["RequestParameters"]))
        {
            if (routeKey != "$connect")
            {
                throw new InvalidResourceError(logicalId, "Request parameters are only supported for the $connect route in WebSocket APIs.");
            }

            route["RequestParameters"] = spec["RequestParameters"];
        }

        route["RouteResponseSelectionExpression"] = spec["RouteResponseSelectionExpression"];
        route["Target"] = Json.Obj(("Fn::Join", Json.Array("/", Json.Array("integrations", Intrinsics.Ref(integrationId)))));
        return route;
    }

    private CfnResource? CustomAuthorizer(string routeKey, CfnResource route, JsonObject attributes)
    {
        if (!Json.Truthy(_auth))
        {
            return null;
        }

        ValidateAuth(_auth!);
        if (routeKey != "$connect")
        {
            return null;
        }

        var authType = Json.Str(_auth!["AuthType"]);
        if (authType == "CUSTOM")
        {
            if (Json.Truthy(_auth["AuthArn"]))
            {
                var authorizer = Authorizer(attributes);
                route["AuthorizationType"] = "CUSTOM";
                route["AuthorizerId"] = Intrinsics.Ref(authorizer.LogicalId);
                return authorizer;
            }
        }
        else
        {
            route["AuthorizationType"] = authType == "AWS_IAM" ? "AWS_IAM" : "NONE";
        }

        return null;
    }

    private void ValidateAuth(JsonObject auth)
    {
        var type = Json.Str(auth["AuthType"]);
        if (!Json.Truthy(auth["AuthType"]))
        {
            throw new InvalidResourceError(logicalId, "AuthType must be specified for additional auth configurations.");
        }

        var upper = type?.ToUpperInvariant();
        if (upper is null || !AuthTypes.Contains(upper))
        {
            throw new InvalidResourceError(logicalId, "AuthType is not one of AWS_IAM, CUSTOM or NONE.");
        }

        if (upper == "CUSTOM" && !Json.Truthy(auth["AuthArn"]))
        {
            throw new InvalidResourceError(logicalId, "AuthArn must be specified if AuthType is CUSTOM.");
        }

        if (upper is "AWS_IAM" or "NONE" && auth.Count > 1)
        {
            throw new InvalidResourceError(logicalId, $"No additional configurations supported for AuthType {upper}.");
        }
    }

    private CfnResource Authorizer(JsonObject attributes)
    {
        var name = logicalId + "ConnectAuthorizer";
        var authorizer = new CfnResource(name, "AWS::ApiGatewayV2::Authorizer").WithAttributes(attributes);
        authorizer["ApiId"] = Intrinsics.Ref(logicalId);
        if (_auth!.ContainsKey("InvokeRole"))
        {
            authorizer["AuthorizerCredentialsArn"] = _auth["InvokeRole"];
        }

        authorizer["AuthorizerType"] = "REQUEST";
        if (_auth.ContainsKey("AuthArn"))
        {
            authorizer["AuthorizerUri"] = Intrinsics.Sub(
                "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthArn}/invocations",
                Json.Obj(("AuthArn", _auth["AuthArn"]?.DeepClone())));
        }

        authorizer["IdentitySource"] = _auth["IdentitySource"];
        authorizer["Name"] = Json.Truthy(_auth["Name"]) ? _auth["Name"] : JsonValue.Create(name);
        return authorizer;
    }

    private CfnResource? AuthorizerPermission(CfnResource api, JsonObject attributes)
    {
        if (Json.Str(_auth?["AuthType"]) != "CUSTOM" || Json.Truthy(_auth!["InvokeRole"]) || !Json.Truthy(_auth["AuthArn"]))
        {
            return null;
        }

        var permission = new CfnResource(logicalId + "AuthorizerPermission", "AWS::Lambda::Permission").WithAttributes(attributes);
        permission["Action"] = "lambda:InvokeFunction";
        permission["FunctionName"] = _auth["AuthArn"];
        permission["Principal"] = "apigateway.amazonaws.com";
        permission["SourceArn"] = Intrinsics.Sub(
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*",
            Json.Obj(("__ApiId__", api.RuntimeRef())));
        return permission;
    }

    private CfnResource Integration(string id, JsonObject spec, JsonObject attributes)
    {
        if (!spec.ContainsKey("FunctionArn"))
        {
            throw new InvalidResourceError(logicalId, "Route must have associated function.");
        }

        var integration = new CfnResource(id, "AWS::ApiGatewayV2::Integration").WithAttributes(attributes);
        integration["ApiId"] = Intrinsics.Ref(logicalId);
        integration["IntegrationType"] = "AWS_PROXY";
        integration["IntegrationUri"] = Intrinsics.Sub(
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations",
            Json.Obj(("FunctionArn", spec["FunctionArn"]?.DeepClone())));
        integration["TimeoutInMillis"] = spec["IntegrationTimeout"];
        return integration;
    }

    private CfnResource Permission(string routeKey, string id, JsonObject spec, JsonObject attributes)
    {
        if (!spec.ContainsKey("FunctionArn"))
        {
            throw new InvalidResourceError(logicalId, "Route must have associated function.");
        }

        var permission = new CfnResource(id, "AWS::Lambda::Permission").WithAttributes(attributes);
        permission["Action"] = "lambda:InvokeFunction";
        permission["FunctionName"] = spec["FunctionArn"];
        permission["Principal"] = "apigateway.amazonaws.com";
        var prefix = "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + logicalId + ".ApiId}/";
        permission["SourceArn"] = Json.Str(_stageName) is { } stage
            ? Intrinsics.Sub(prefix + stage + "/" + routeKey)
            : Intrinsics.Sub(prefix + "${__StageName__}/" + routeKey, Json.Obj(("__StageName__", _stageName?.DeepClone())));
        return permission;
    }

    private CfnResource Stage(JsonObject attributes)
    {
        if (Json.Str(_stageName) == "$default")
        {
            throw new InvalidResourceError(logicalId, "Stages cannot be named $default for WebSocket APIs.");
        }

        var prefix = Json.Str(_stageName) ?? "";
        var stage = new CfnResource(prefix == DefaultStageName ? logicalId + "DefaultStage" : logicalId + prefix + "Stage", "AWS::ApiGatewayV2::Stage")
            .WithAttributes(attributes);
        stage["ApiId"] = Intrinsics.Ref(logicalId);
        stage["StageName"] = _stageName;
        stage["StageVariables"] = P("StageVariables");
        stage["AccessLogSettings"] = P("AccessLogSettings");
        stage["DefaultRouteSettings"] = P("DefaultRouteSettings");
        stage["Tags"] = Json.Obj((TagName, "SAM"));
        stage["AutoDeploy"] = true;
        stage["RouteSettings"] = P("RouteSettings");
        return stage;
    }
}
