using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>AWS::Serverless::HttpApi: an AWS::ApiGatewayV2::Api from the OpenAPI body, its stage, and authorizer permissions.</summary>
internal sealed class HttpApiTranslator(Translator translator, string logicalId, JsonObject resource)
{
    private const string DefaultStageName = "$default";
    private static readonly string[] CorsFields = ["AllowMethods", "AllowHeaders", "AllowOrigins", "MaxAge", "ExposeHeaders", "AllowCredentials"];
    private static readonly string[] AuthFields = ["Authorizers", "DefaultAuthorizer", "EnableIamAuthorizer"];

    private static readonly PropertySpec[] Specs =
    [
        PropertySpec.Bool("__MANAGE_SWAGGER"), PropertySpec.Any("Name"), PropertySpec.Of("StageName", PropertySpec.StrOrDict),
        PropertySpec.Dict("Tags"), PropertySpec.Bool("PropagateTags"), PropertySpec.Dict("DefinitionBody"),
        PropertySpec.Of("DefinitionUri", PropertySpec.StrOrDict), PropertySpec.Dict("StageVariables"),
        PropertySpec.Of("CorsConfiguration", v => Json.IsBool(v) || Json.IsDict(v)), PropertySpec.Dict("AccessLogSettings"),
        PropertySpec.Dict("DefaultRouteSettings"), PropertySpec.Dict("Auth"), PropertySpec.Dict("RouteSettings"),
        PropertySpec.Dict("Domain"), PropertySpec.Bool("FailOnWarnings"), PropertySpec.Str("Description"),
        PropertySpec.Bool("DisableExecuteApiEndpoint"),
    ];

    private JsonObject _properties = [];
    private JsonNode? _body;
    private JsonObject? _tags;

    private JsonNode? P(string name) => _properties.TryGetPropertyValue(name, out var v) ? v : null;

    public List<CfnResource> Translate()
    {
        if (!FunctionTranslator.ValidLogicalId().IsMatch(logicalId))
        {
            throw new InvalidResourceError(logicalId, "Logical ids must be alphanumeric.");
        }

        _properties = Translator.PropertiesOf(resource);
        PropertySpec.ValidateAll(logicalId, Translator.HttpApiType, _properties, Specs);
        var attributes = new JsonObject();
        foreach (var name in CfnResource.SupportedAttributes)
        {
            if (resource.TryGetPropertyValue(name, out var value))
            {
                attributes[name] = value?.DeepClone();
            }
        }

        var cors = translator.Parameters.Resolve(P("CorsConfiguration")?.DeepClone());
        var domain = translator.Parameters.Resolve(P("Domain")?.DeepClone());
        _body = P("DefinitionBody")?.DeepClone();
        _tags = P("Tags") is JsonObject userTags ? (JsonObject)userTags.DeepClone() : null;
        var passThrough = new JsonObject();
        foreach (var name in CfnResource.PassThroughAttributes)
        {
            if (attributes.TryGetPropertyValue(name, out var value))
            {
                passThrough[name] = value?.DeepClone();
            }
        }

        var api = new CfnResource(logicalId, "AWS::ApiGatewayV2::Api").WithAttributes(attributes);
        api.DependsOn = resource["DependsOn"]?.DeepClone();
        var definitionUri = P("DefinitionUri");
        if (Json.Truthy(definitionUri) && Json.Truthy(_body))
        {
            throw new InvalidResourceError(logicalId, "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both.");
        }

        if (Json.Truthy(cors))
        {
            AddCors(cors!);
        }

        AddAuth();
        AddTags();
        if (Json.Truthy(P("FailOnWarnings")))
        {
            api["FailOnWarnings"] = P("FailOnWarnings");
        }

        if (P("DisableExecuteApiEndpoint") is { } disable)
        {
            if (!Json.Truthy(_body))
            {
                throw new InvalidResourceError(logicalId, "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.");
            }

            var editor = new OpenApiEditor(_body);
            editor.AddEndpointConfig(disable);
            _body = editor.Document;
        }

        AddTitle();
        AddDescription();
        UpdateDefaultPath();
        if (Json.Truthy(definitionUri))
        {
            api["BodyS3Location"] = BodyS3Location(definitionUri!);
        }
        else if (Json.Truthy(_body))
        {
            api["Body"] = _body;
        }
        else
        {
            throw new InvalidResourceError(logicalId,
                "'DefinitionUri' or 'DefinitionBody' are required properties of an 'AWS::Serverless::HttpApi'. Add a value for one of these properties or add a 'HttpApi' event to an 'AWS::Serverless::Function'.");
        }

        var resources = new List<CfnResource> { api };
        var domainResources = domain is null ? [] : new ApiDomain(logicalId, "httpapi:createdBy", translator.RecordSetGroups).Construct(domain, api, passThrough);
        var permissions = AuthorizerPermissions(api, passThrough);
        resources.AddRange(permissions);
        resources.AddRange(domainResources);
        if (Stage(passThrough) is { } stage)
        {
            resources.Add(stage);
        }

        if (P("DefinitionBody") is not null && P("Tags") is JsonObject tags && tags.Count > 0)
        {
            foreach (var r in resources.Where(r => r.Type is "AWS::ApiGatewayV2::Stage" or "AWS::ApiGatewayV2::DomainName"))
            {
                r["Tags"] = _tags;
            }
        }

        translator.References.AddReferable(logicalId, resources, ("Stage", "AWS::ApiGatewayV2::Stage"), ("DomainName", "AWS::ApiGatewayV2::DomainName"));
        return resources;
    }

    private void AddCors(JsonNode cors)
    {
        if (!Json.Truthy(_body))
        {
            throw new InvalidResourceError(logicalId, "Cors works only with inline OpenApi specified in 'DefinitionBody' property.");
        }

        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (Json.IsBool(cors))
        {
            values["AllowOrigins"] = Json.Array("*");
        }
        else if (Intrinsics.IsIntrinsic(cors))
        {
            values["AllowOrigins"] = cors;
        }
        else if (cors is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                if (!CorsFields.Contains(key))
                {
                    throw new InvalidResourceError(logicalId, $"Invalid key '{key}' for 'Cors' property.");
                }

                values[key] = value;
            }
        }
        else
        {
            throw new InvalidResourceError(logicalId, "Invalid value for 'Cors' property.");
        }

        if (!OpenApiEditor.IsValid(_body))
        {
            throw new InvalidResourceError(logicalId, "Unable to add Cors configuration because 'DefinitionBody' does not contain a valid OpenApi definition.");
        }

        JsonNode? Get(string name) => values.TryGetValue(name, out var v) ? v : null;
        if (Json.IsTrue(Get("AllowCredentials")) && Json.PyEquals(Get("AllowOrigins"), Json.Array("*")))
        {
            throw new InvalidResourceError(logicalId,
                "Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set.");
        }

        var editor = new OpenApiEditor(_body);
        editor.AddCors(Get("AllowOrigins"), Get("AllowHeaders"), Get("AllowMethods"), Get("ExposeHeaders"), Get("MaxAge"),
            values.ContainsKey("AllowCredentials") ? Get("AllowCredentials") : JsonValue.Create(false));
        _body = editor.Document;
    }

    private void AddAuth()
    {
        var auth = P("Auth");
        if (!Json.Truthy(auth))
        {
            return;
        }

        if (!Json.Truthy(_body))
        {
            throw new InvalidResourceError(logicalId, "Auth works only with inline OpenApi specified in the 'DefinitionBody' property.");
        }

        var authObject = (JsonObject)auth!;
        if (!authObject.All(p => AuthFields.Contains(p.Key)))
        {
            throw new InvalidResourceError(logicalId, "Invalid value for 'Auth' property");
        }

        if (!OpenApiEditor.IsValid(_body))
        {
            throw new InvalidResourceError(logicalId,
                "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid OpenApi definition.");
        }

        var editor = new OpenApiEditor(_body);
        var authorizers = Authorizers(authObject);
        editor.AddAuthorizers(authorizers.Select(a => (a.Name, a.OpenApi(translator.Partition))));
        var defaultAuthorizer = authObject["DefaultAuthorizer"];
        if (Json.Truthy(defaultAuthorizer) && !Intrinsics.IsNoValue(defaultAuthorizer))
        {
            var name = Expect.String(defaultAuthorizer, logicalId, "Auth.DefaultAuthorizer");
            var match = authorizers.FirstOrDefault(a => a.Name == name)
                ?? throw new InvalidResourceError(logicalId, $"Unable to set DefaultAuthorizer because '{name}' was not defined in 'Authorizers'.");
            foreach (var path in editor.Paths)
            {
                editor.SetPathDefaultAuthorizer(path, name, match.AuthorizationScopes?.DeepClone() ?? new JsonArray());
            }
        }

        _body = editor.Document;
    }

    private List<HttpApiAuthorizer> Authorizers(JsonObject auth)
    {
        var result = new List<HttpApiAuthorizer>();
        if (Json.IsTrue(auth["EnableIamAuthorizer"]))
        {
            result.Add(HttpApiAuthorizer.AwsIam());
        }

        var config = auth["Authorizers"];
        if (!Json.Truthy(config))
        {
            return result;
        }

        foreach (var (name, value) in Expect.Map(config, logicalId, "Auth.Authorizers"))
        {
            var authorizer = Expect.Map(value, logicalId, $"Auth.Authorizers.{name}");
            if (authorizer.ContainsKey("OpenIdConnectUrl"))
            {
                throw new InvalidResourceError(logicalId,
                    $"'OpenIdConnectUrl' is no longer a supported property for authorizer '{name}'. Please refer to the AWS SAM documentation.");
            }

            result.RemoveAll(a => a.Name == name);
            result.Add(HttpApiAuthorizer.Create(logicalId, name, authorizer));
        }

        return result;
    }

    private void AddTags()
    {
        if (Json.Truthy(_tags) && !Json.Truthy(_body))
        {
            throw new InvalidResourceError(logicalId, "Tags works only with inline OpenApi specified in the 'DefinitionBody' property.");
        }

        if (!Json.Truthy(_body))
        {
            return;
        }

        if (Json.Truthy(_tags) && !OpenApiEditor.IsValid(_body))
        {
            throw new InvalidResourceError(logicalId, "Unable to add `Tags` because 'DefinitionBody' does not contain a valid OpenApi definition.");
        }

        if (!OpenApiEditor.IsValid(_body))
        {
            return;
        }

        _tags ??= [];
        _tags["httpapi:createdBy"] = "SAM";
        var editor = new OpenApiEditor(_body);
        editor.AddTags(_tags);
        _body = editor.Document;
    }

    private void AddTitle()
    {
        var name = P("Name");
        if (!Json.Truthy(name))
        {
            return;
        }

        if (!Json.Truthy(_body))
        {
            throw new InvalidResourceError(logicalId, "Name works only with inline OpenApi specified in the 'DefinitionBody' property.");
        }

        var title = _body!["info"] is JsonObject info ? info["title"] : _body["info"] is null ? null
            : throw new InvalidResourceError(logicalId, "Invalid 'DefinitionBody': The value of 'info' should be a map.");
        if (!Json.PyEquals(title, Intrinsics.Ref("AWS::StackName")))
        {
            throw new InvalidResourceError(logicalId,
                "Unable to set Name because it is already defined within inline OpenAPI specified in the 'DefinitionBody' property.");
        }

        var editor = new OpenApiEditor(_body);
        editor.AddTitle(name);
        _body = editor.Document;
    }

    private void AddDescription()
    {
        var description = P("Description");
        if (!Json.Truthy(description))
        {
            return;
        }

        if (!Json.Truthy(_body))
        {
            throw new InvalidResourceError(logicalId, "Description works only with inline OpenApi specified in the 'DefinitionBody' property.");
        }

        var existing = _body!["info"] is JsonObject info ? info["description"] : _body["info"] is null ? null
            : throw new InvalidResourceError(logicalId, "Invalid 'DefinitionBody': The value of 'info' should be a map.'.");
        if (Json.Truthy(existing))
        {
            throw new InvalidResourceError(logicalId,
                "Unable to set Description because it is already defined within inline OpenAPI specified in the 'DefinitionBody' property.");
        }

        var editor = new OpenApiEditor(_body);
        editor.AddDescription(description);
        _body = editor.Document;
    }

    private void UpdateDefaultPath()
    {
        if (!Json.Truthy(P("FailOnWarnings")) || !Json.Truthy(_body))
        {
            return;
        }

        if (_body!["paths"] is JsonObject paths && paths.TryGetPropertyValue(DefaultStageName, out var value))
        {
            paths.Remove(DefaultStageName);
            paths["/" + DefaultStageName] = value;
        }
    }

    private JsonObject BodyS3Location(JsonNode definitionUri)
    {
        JsonNode? bucket;
        JsonNode? key;
        JsonNode? version = null;
        if (definitionUri is JsonObject o)
        {
            if (!Json.Truthy(o["Bucket"]) || !Json.Truthy(o["Key"]))
            {
                throw new InvalidResourceError(logicalId, "'DefinitionUri' requires Bucket and Key properties to be specified.");
            }

            bucket = o["Bucket"];
            key = o["Key"];
            if (o.TryGetPropertyValue("Version", out var v))
            {
                return Json.Obj(("Bucket", bucket?.DeepClone()), ("Key", key?.DeepClone()), ("Version", v?.DeepClone()));
            }
        }
        else
        {
            var pointer = Json.Str(definitionUri) is { } uri ? S3Uri.Parse(uri) : null;
            if (pointer is null)
            {
                throw new InvalidResourceError(logicalId,
                    "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.");
            }

            bucket = pointer.Bucket;
            key = pointer.Key;
            version = pointer.Version;
        }

        var body = Json.Obj(("Bucket", bucket?.DeepClone()), ("Key", key?.DeepClone()));
        if (version is not null)
        {
            body["Version"] = version.DeepClone();
        }

        return body;
    }

    private List<CfnResource> AuthorizerPermissions(CfnResource api, JsonObject passThrough)
    {
        var auth = P("Auth") as JsonObject;
        if (!Json.Truthy(auth))
        {
            return [];
        }

        var permissions = new List<CfnResource>();
        foreach (var authorizer in Authorizers(auth!))
        {
            if (!Json.Truthy(authorizer.FunctionArn) || !Json.Truthy(authorizer.EnableFunctionDefaultPermissions))
            {
                continue;
            }

            var permission = new CfnResource(logicalId + authorizer.Name + "AuthorizerPermission", "AWS::Lambda::Permission").WithAttributes(passThrough);
            permission["Action"] = "lambda:InvokeFunction";
            permission["FunctionName"] = authorizer.FunctionArn;
            permission["Principal"] = "apigateway.amazonaws.com";
            permission["SourceArn"] = Intrinsics.Sub(
                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*",
                Json.Obj(("__ApiId__", api.RuntimeRef())));
            permissions.Add(permission);
        }

        return permissions;
    }

    private CfnResource? Stage(JsonObject passThrough)
    {
        var stageName = P("StageName");
        if (!Json.Truthy(stageName))
        {
            stageName = DefaultStageName;
        }

        var prefix = Json.Str(stageName) ?? "";
        string stageLogicalId;
        if (prefix.Length > 0 && prefix.All(char.IsLetterOrDigit))
        {
            stageLogicalId = logicalId + prefix + "Stage";
        }
        else if (prefix == DefaultStageName)
        {
            stageLogicalId = logicalId + "ApiGatewayDefaultStage";
        }
        else
        {
            stageLogicalId = LogicalIdGenerator.Generate(logicalId + "Stage", JsonValue.Create(prefix));
        }

        var stage = new CfnResource(stageLogicalId, "AWS::ApiGatewayV2::Stage").WithAttributes(passThrough);
        stage["ApiId"] = Intrinsics.Ref(logicalId);
        stage["StageName"] = stageName;
        stage["StageVariables"] = P("StageVariables");
        stage["AccessLogSettings"] = P("AccessLogSettings");
        stage["DefaultRouteSettings"] = P("DefaultRouteSettings");
        stage["Tags"] = _tags;
        stage["AutoDeploy"] = true;
        stage["RouteSettings"] = P("RouteSettings");
        return stage;
    }
}

/// <summary>An HTTP API authorizer (JWT, Lambda REQUEST or the built-in AWS_IAM) and its OpenAPI security scheme.</summary>
internal sealed class HttpApiAuthorizer
{
    private static readonly (string Field, string Display, string AllowedFor, string Kind)[] PropertyDisplay =
    [
        ("AuthorizationScopes", "AuthorizationScopes", "OAuth2 Authorizer", "JWT"),
        ("JwtConfiguration", "JwtConfiguration", "OAuth2 Authorizer", "JWT"),
        ("IdentitySource", "IdentitySource", "OAuth2 Authorizer. For Lambda Authorizer, use the 'Identity' property instead", "JWT"),
        ("FunctionArn", "FunctionArn", "Lambda Authorizer", "REQUEST"),
        ("FunctionInvokeRole", "FunctionInvokeRole", "Lambda Authorizer", "REQUEST"),
        ("Identity", "Identity", "Lambda Authorizer", "REQUEST"),
        ("AuthorizerPayloadFormatVersion", "AuthorizerPayloadFormatVersion", "Lambda Authorizer", "REQUEST"),
        ("EnableSimpleResponses", "EnableSimpleResponses", "Lambda Authorizer", "REQUEST"),
        ("EnableFunctionDefaultPermissions", "EnableFunctionDefaultPermissions", "Lambda Authorizer", "REQUEST"),
    ];

    private JsonObject _config = [];
    private string _apiLogicalId = "";
    private JsonObject? _jwt;
    private bool _isIam;

    public string Name { get; private init; } = "";

    public JsonNode? AuthorizationScopes => _config["AuthorizationScopes"];

    public JsonNode? FunctionArn => _config["FunctionArn"];

    public JsonNode? EnableFunctionDefaultPermissions => _config["EnableFunctionDefaultPermissions"];

    private string Kind => _isIam ? "AWS_IAM" : Json.Truthy(_jwt) ? "JWT" : "REQUEST";

    public static HttpApiAuthorizer AwsIam() => new() { Name = "AWS_IAM", _isIam = true };

    public static HttpApiAuthorizer Create(string apiLogicalId, string name, JsonObject config)
    {
        var authorizer = new HttpApiAuthorizer { Name = name, _config = config, _apiLogicalId = apiLogicalId };
        var jwt = config["JwtConfiguration"];
        if (Json.Truthy(jwt))
        {
            var map = Expect.Map(jwt, apiLogicalId, "JwtConfiguration");
            authorizer._jwt = [];
            foreach (var (key, value) in map)
            {
                authorizer._jwt[key.ToLowerInvariant()] = value?.DeepClone();
            }
        }

        if (config["AuthorizationScopes"] is { } scopes && scopes is not JsonArray)
        {
            throw new InvalidResourceError(apiLogicalId, "AuthorizationScopes must be a list.");
        }

        var kind = authorizer.Kind;
        foreach (var (field, display, allowedFor, allowedKind) in PropertyDisplay)
        {
            if (config[field] is not null && allowedKind != kind)
            {
                throw new InvalidResourceError(apiLogicalId, $"{display} is only supported for {allowedFor}.");
            }
        }

        if (kind == "JWT" && !Json.Truthy(config["IdentitySource"]))
        {
            throw new InvalidResourceError(apiLogicalId, $"{name} OAuth2 Authorizer must define 'IdentitySource'.");
        }

        if (kind == "REQUEST")
        {
            if (!Json.Truthy(config["FunctionArn"]))
            {
                throw new InvalidResourceError(apiLogicalId, $"{name} Lambda Authorizer must define 'FunctionArn'.");
            }

            if (!Json.Truthy(config["AuthorizerPayloadFormatVersion"]))
            {
                throw new InvalidResourceError(apiLogicalId, $"{name} Lambda Authorizer must define 'AuthorizerPayloadFormatVersion'.");
            }
        }

        if (config["EnableFunctionDefaultPermissions"] is { } permissions)
        {
            Expect.Boolean(permissions, apiLogicalId, $"Authorizers.{name}.EnableFunctionDefaultPermissions");
        }

        return authorizer;
    }

    public JsonObject OpenApi(string partition)
    {
        switch (Kind)
        {
            case "AWS_IAM":
                return Json.Obj(("type", "apiKey"), ("name", "Authorization"), ("in", "header"), ("x-amazon-apigateway-authtype", "awsSigv4"));
            case "JWT":
                return Json.Obj(("type", "oauth2"), ("x-amazon-apigateway-authorizer", Json.Obj(
                    ("jwtConfiguration", _jwt!.DeepClone()),
                    ("identitySource", _config["IdentitySource"]?.DeepClone()),
                    ("type", "jwt"))));
            default:
                var authorizer = Json.Obj(("type", "request"));
                authorizer["authorizerUri"] = Intrinsics.Sub(
                    "arn:" + partition + ":apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations",
                    Json.Obj(("__FunctionArn__", _config["FunctionArn"]?.DeepClone())));
                var role = _config["FunctionInvokeRole"];
                if (Json.Truthy(role) && Json.Str(role) != "NONE")
                {
                    authorizer["authorizerCredentials"] = role!.DeepClone();
                }

                if (Json.Truthy(_config["Identity"]))
                {
                    var identity = Expect.Map(_config["Identity"], _apiLogicalId, $"Auth.Authorizers.{Name}.Identity");
                    if (identity["ReauthorizeEvery"] is { } ttl)
                    {
                        authorizer["authorizerResultTtlInSeconds"] = ttl.DeepClone();
                    }

                    authorizer["identitySource"] = IdentitySource(identity);
                }

                authorizer["authorizerPayloadFormatVersion"] = _config["AuthorizerPayloadFormatVersion"]?.DeepClone();
                if (Json.Truthy(_config["EnableSimpleResponses"]))
                {
                    authorizer["enableSimpleResponses"] = _config["EnableSimpleResponses"]!.DeepClone();
                }

                return Json.Obj(("type", "apiKey"), ("name", "Unused"), ("in", "header"), ("x-amazon-apigateway-authorizer", authorizer));
        }
    }

    private JsonArray IdentitySource(JsonObject identity)
    {
        var result = new JsonArray();
        foreach (var (prefix, property) in new[] { ("$request.header.", "Headers"), ("$request.querystring.", "QueryStrings"), ("$stageVariables.", "StageVariables"), ("$context.", "Context") })
        {
            var values = identity[property];
            if (!Json.Truthy(values))
            {
                continue;
            }

            var path = $"Authorizers.{Name}.Identity.{property}";
            var list = Expect.List(values, _apiLogicalId, path);
            for (var i = 0; i < list.Count; i++)
            {
                result.Add((JsonNode)JsonValue.Create(prefix + Expect.String(list[i], _apiLogicalId, $"{path}[{i}]")));
            }
        }

        return result;
    }
}
