using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SamTransform.Internal;

/// <summary>Edits an OpenAPI 3 document the way SAM's OpenApiEditor does; works on a copy, <see cref="Document"/> returns the result.</summary>
internal sealed partial class OpenApiEditor
{
    public const string Integration = "x-amazon-apigateway-integration";
    public const string AnyMethod = "x-amazon-apigateway-any-method";
    public const string DefaultPath = "$default";
    private const string TagValue = "x-amazon-apigateway-tag-value";
    private const string Cors = "x-amazon-apigateway-cors";
    private const string EndpointConfig = "x-amazon-apigateway-endpoint-configuration";

    private readonly JsonObject _doc;
    private readonly JsonObject _paths;
    private JsonObject? _securitySchemes;

    // The document's tags when they are a list (an empty list when absent); null when they are something else.
    private readonly JsonArray? _tags;
    private readonly JsonNode? _tagsRaw;
    private readonly JsonObject _info;

    public OpenApiEditor(JsonNode? doc)
    {
        if (!Json.Truthy(doc) || !IsValid(doc))
        {
            throw new InvalidDocumentError(new InvalidTemplateError(
                "Invalid OpenApi document. Invalid values or missing keys for 'openapi' or 'paths' in 'DefinitionBody'."));
        }

        _doc = (JsonObject)doc!.DeepClone();
        _paths = (JsonObject)_doc["paths"]!;
        _securitySchemes = DeepGet(_doc, "components.securitySchemes") as JsonObject;
        var tags = DeepGet(_doc, "tags");
        _tagsRaw = Json.Truthy(tags) ? tags : null;
        _tags = _tagsRaw is null ? [] : _tagsRaw as JsonArray;
        _info = DeepGet(_doc, "info") as JsonObject ?? [];
    }

    public static JsonObject Skeleton() => Json.Obj(
        ("openapi", "3.0.1"),
        ("info", Json.Obj(("version", "1.0"), ("title", Intrinsics.Ref("AWS::StackName")))),
        ("paths", new JsonObject()));

    public static bool IsValid(JsonNode? data)
    {
        if (data is JsonObject o && Json.Truthy(o) && o["paths"] is JsonObject && Json.Truthy(o["openapi"]))
        {
            return OpenApi3().IsMatch(Json.PyStr(o["openapi"]));
        }

        return false;
    }

    private static JsonNode? DeepGet(JsonObject doc, string path)
    {
        JsonNode? node = doc;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            if (node is not JsonObject o)
            {
                throw new InvalidDocumentError(new InvalidTemplateError(
                    $"Invalid OpenApi document: The value of '{string.Join('.', parts[..i])}' should be a map"));
            }

            if (!o.TryGetPropertyValue(parts[i], out node) || node is null)
            {
                return null;
            }
        }

        return node;
    }

    public IEnumerable<string> Paths => _paths.Select(p => p.Key).ToList();

    public static string? NormalizeMethod(string? method)
    {
        if (string.IsNullOrEmpty(method))
        {
            return method;
        }

        method = method.ToLowerInvariant();
        return method == "any" ? AnyMethod : method;
    }

    public static List<JsonNode?> ConditionalContents(JsonNode? item)
    {
        if (item is JsonObject o && o.TryGetPropertyValue("Fn::If", out var parameters))
        {
            if (parameters is not JsonArray list)
            {
                throw new InvalidDocumentError(new InvalidTemplateError("Value of Fn::If must be a list."));
            }

            return [.. list.Skip(1).Where(c => !Intrinsics.IsNoValue(c))];
        }

        return [item];
    }

    private static JsonObject PathItem(JsonNode? item, string path) => item as JsonObject
        ?? throw new InvalidDocumentError(new InvalidTemplateError($"Value of '{path}' path must be a dictionary according to Swagger spec."));

    private static JsonObject MethodDefinition(JsonNode? item, string path, string method) => item as JsonObject
        ?? throw new InvalidDocumentError(new InvalidTemplateError($"Definition of method '{method}' for path '{path}' should be a map."));

    private static bool HasIntegration(JsonObject methodDefinition) => Json.Truthy(methodDefinition[Integration]);

    public bool HasPath(string path, string? method = null)
    {
        if (!_paths.ContainsKey(path))
        {
            return false;
        }

        method = NormalizeMethod(method);
        if (!string.IsNullOrEmpty(method))
        {
            foreach (var item in ConditionalContents(_paths[path]))
            {
                if (item is not JsonObject o || !o.ContainsKey(method))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public bool HasIntegration(string path, string method)
    {
        method = NormalizeMethod(method)!;
        if (!HasPath(path, method))
        {
            return false;
        }

        foreach (var item in ConditionalContents(_paths[path]))
        {
            var pathItem = PathItem(item, path);
            if (pathItem[method] is not JsonObject definition)
            {
                return false;
            }

            var any = false;
            foreach (var d in ConditionalContents(definition))
            {
                if (HasIntegration(MethodDefinition(d, path, method)))
                {
                    any = true;
                    break;
                }
            }

            if (!any)
            {
                return false;
            }
        }

        return true;
    }

    public void AddPath(string path, string? method)
    {
        method = NormalizeMethod(method);
        if (!_paths.TryGetPropertyValue(path, out var pathDict))
        {
            pathDict = new JsonObject();
            _paths[path] = pathDict;
        }

        if (pathDict is not JsonObject)
        {
            throw new InvalidDocumentError(new InvalidTemplateError($"Value of '{path}' path must be a dictionary according to Swagger spec."));
        }

        foreach (var item in ConditionalContents(pathDict))
        {
            if (item is JsonObject o && !o.ContainsKey(method ?? "null"))
            {
                o[method ?? "null"] = new JsonObject();
            }
        }
    }

    public bool IsIntegrationFunctionLogicalIdMatch(string path, string method, string logicalId)
    {
        if (!HasIntegration(path, method))
        {
            return false;
        }

        method = NormalizeMethod(method)!;
        foreach (var definition in MethodDefinitions(path, method, skipWithoutIntegration: false))
        {
            var integration = definition[Integration] ?? new JsonObject();
            if (integration is not JsonObject integrationObject)
            {
                throw new InvalidDocumentError(new InvalidTemplateError($"Value of '{Integration}' must be a dictionary according to Swagger spec."));
            }

            if (integrationObject["uri"] is not JsonObject uri)
            {
                return false;
            }

            foreach (var content in ConditionalContents(uri))
            {
                var arn = Json.Str((content as JsonObject)?["Fn::Sub"]) ?? "";
                var match = FunctionArnReference().Match(arn);
                if (!match.Success || match.Groups[1].Value.Split(".Arn")[0] != logicalId)
                {
                    return false;
                }
            }
        }

        return true;
    }

    public IEnumerable<JsonObject> MethodDefinitions(string path, string method, bool skipWithoutIntegration = true)
    {
        var normalized = NormalizeMethod(method)!;
        foreach (var item in ConditionalContents(_paths[path]))
        {
            var pathItem = PathItem(item, path);
            foreach (var d in ConditionalContents(pathItem[normalized]))
            {
                var definition = MethodDefinition(d, path, method);
                if (skipWithoutIntegration && !HasIntegration(definition))
                {
                    continue;
                }

                yield return definition;
            }
        }
    }

    public void AddLambdaIntegration(string path, string method, JsonNode integrationUri, string? condition)
    {
        method = NormalizeMethod(method)!;
        if (HasIntegration(path, method))
        {
            return;
        }

        AddPath(path, method);
        if (condition is not null)
        {
            integrationUri = Intrinsics.If(condition, integrationUri);
        }

        foreach (var item in ConditionalContents(_paths[path]))
        {
            var pathItem = PathItem(item, path);
            if (pathItem[method] is not JsonObject definition)
            {
                definition = [];
                pathItem[method] = definition;
            }

            definition[Integration] = Json.Obj(
                ("type", "aws_proxy"),
                ("httpMethod", "POST"),
                ("payloadFormatVersion", "2.0"),
                ("uri", integrationUri.DeepClone()));
            if (path == DefaultPath && method == AnyMethod)
            {
                definition["isDefaultRoute"] = true;
            }

            if (!definition.ContainsKey("responses"))
            {
                definition["responses"] = new JsonObject();
            }

            if (condition is not null)
            {
                pathItem[method] = Intrinsics.If(condition, definition.DeepClone());
            }
        }
    }

    public void AddTimeout(string path, string method, JsonNode timeout)
    {
        foreach (var definition in MethodDefinitions(path, method))
        {
            ((JsonObject)definition[Integration]!)["timeoutInMillis"] = timeout.DeepClone();
        }
    }

    public void AddPayloadFormatVersion(string path, string method, JsonNode version)
    {
        foreach (var definition in MethodDefinitions(path, method))
        {
            ((JsonObject)definition[Integration]!)["payloadFormatVersion"] = version.DeepClone();
        }
    }

    public void AddPathParameters(string path, string method, IEnumerable<string> parameters)
    {
        foreach (var definition in MethodDefinitions(path, method))
        {
            if (definition["parameters"] is not JsonArray existing)
            {
                existing = [];
                definition["parameters"] = existing;
            }

            foreach (var name in parameters)
            {
                var found = existing.OfType<JsonObject>().FirstOrDefault(p => Json.Str(p["name"]) == name);
                if (found is not null)
                {
                    found["in"] = "path";
                    found["required"] = true;
                }
                else
                {
                    existing.Add((JsonNode)Json.Obj(("name", name), ("in", "path"), ("required", true)));
                }
            }
        }
    }

    public void AddAuthorizers(IEnumerable<(string Name, JsonObject OpenApi)> authorizers)
    {
        _securitySchemes ??= [];
        foreach (var (name, openApi) in authorizers)
        {
            _securitySchemes[name] = openApi;
        }
    }

    public void SetPathDefaultAuthorizer(string path, string defaultAuthorizer, JsonNode scopes)
    {
        foreach (var item in ConditionalContents(_paths[path]))
        {
            var pathItem = PathItem(item, path);
            foreach (var (methodName, method) in pathItem.ToList())
            {
                var normalized = NormalizeMethod(methodName);
                if (normalized is "parameters" or "options")
                {
                    continue;
                }

                if (!pathItem.ContainsKey(normalized!))
                {
                    throw new InvalidDocumentError(new InvalidTemplateError($"Could not find {normalized} in {path} within DefinitionBody."));
                }

                foreach (var d in ConditionalContents(method))
                {
                    var definition = MethodDefinition(d, path, methodName);
                    if (!HasIntegration(definition) || Json.Truthy(definition["security"]))
                    {
                        continue;
                    }

                    definition["security"] = Json.Array(Json.Obj((defaultAuthorizer, scopes.DeepClone())));
                }
            }
        }
    }

    public void SetMethodAuthorizer(string path, string method, string authorizerName, JsonObject? authorizers, JsonNode? scopes)
    {
        foreach (var definition in MethodDefinitions(path, method))
        {
            JsonNode value = new JsonArray();
            if (authorizerName is not ("NONE" or "AWS_IAM"))
            {
                var authorizer = authorizers?[authorizerName] ?? new JsonObject();
                if (authorizer is not JsonObject authorizerObject)
                {
                    throw new InvalidDocumentError(new InvalidTemplateError($"Type of authorizer '{authorizerName}' must be a dictionary"));
                }

                var methodScopes = authorizerObject["AuthorizationScopes"];
                if (Json.Truthy(scopes))
                {
                    methodScopes = scopes;
                }

                if (Json.Truthy(authorizers?[authorizerName]) && Json.Truthy(methodScopes))
                {
                    value = methodScopes!.DeepClone();
                }
            }

            var existing = definition["security"] ?? new JsonArray();
            if (existing is not JsonArray existingList)
            {
                throw new InvalidDocumentError(new InvalidTemplateError($"Type of security for path {path} method {method} must be a list"));
            }

            var security = new JsonArray([.. existingList.Select(x => x?.DeepClone()), Json.Obj((authorizerName, value))]);
            definition["security"] = security;
        }
    }

    public void AddTags(JsonObject tags)
    {
        foreach (var (name, value) in tags)
        {
            if (_tags is null)
            {
                throw new InvalidDocumentError(new InvalidTemplateError(
                    $"Tags in OpenApi DefinitionBody needs to be a list. {Json.PyRepr(_tagsRaw)} is a {Json.PyTypeName(_tagsRaw)} not a list."));
            }

            var existing = _tags.OfType<JsonObject>().FirstOrDefault(t => Json.Str(t["name"]) == name);
            if (existing is not null)
            {
                existing[TagValue] = value?.DeepClone();
            }
            else
            {
                _tags.Add((JsonNode)Json.Obj(("name", name), (TagValue, value?.DeepClone())));
            }
        }
    }

    public void AddEndpointConfig(JsonNode? disableExecuteApiEndpoint)
    {
        var servers = _doc["servers"] as JsonArray ?? Json.Array(new JsonObject());
        foreach (var config in servers)
        {
            if (config is not JsonObject c)
            {
                throw new InvalidDocumentError(new InvalidTemplateError("Value of 'servers' item must be a dictionary according to Swagger spec."));
            }

            if (c[EndpointConfig] is not JsonObject endpoint)
            {
                endpoint = [];
            }

            endpoint["disableExecuteApiEndpoint"] = disableExecuteApiEndpoint?.DeepClone();
            c[EndpointConfig] = endpoint.Parent is null ? endpoint : endpoint.DeepClone();
        }

        _doc["servers"] = servers.Parent is null ? servers : servers.DeepClone();
    }

    public void AddCors(JsonNode? allowOrigins, JsonNode? allowHeaders, JsonNode? allowMethods, JsonNode? exposeHeaders, JsonNode? maxAge, JsonNode? allowCredentials)
    {
        var existing = _doc[Cors] ?? new JsonObject();
        if (existing is not JsonObject cors)
        {
            throw new InvalidDocumentError(new InvalidTemplateError($"Value of '{Cors}' must be a dictionary according to Swagger spec."));
        }

        cors = (JsonObject)cors.DeepClone();
        if (Json.Truthy(allowOrigins) && Intrinsics.IsIntrinsic(allowOrigins))
        {
            var text = allowOrigins!.ToJsonString();
            foreach (var header in new[] { "allowOrigins", "allowHeaders", "allowMethods", "exposeHeaders", "maxAge", "allowCredentials" })
            {
                text = text.Replace(char.ToUpperInvariant(header[0]) + header[1..], header, StringComparison.Ordinal);
            }

            foreach (var (key, value) in (JsonObject)JsonNode.Parse(text)!)
            {
                cors[key] = value?.DeepClone();
            }
        }
        else
        {
            if (Json.Truthy(allowOrigins))
            {
                cors["allowOrigins"] = allowOrigins!.DeepClone();
            }

            if (Json.Truthy(allowHeaders))
            {
                cors["allowHeaders"] = allowHeaders!.DeepClone();
            }

            if (Json.Truthy(allowMethods))
            {
                cors["allowMethods"] = allowMethods!.DeepClone();
            }

            if (Json.Truthy(exposeHeaders))
            {
                cors["exposeHeaders"] = exposeHeaders!.DeepClone();
            }

            if (maxAge is not null)
            {
                cors["maxAge"] = maxAge.DeepClone();
            }

            if (Json.IsTrue(allowCredentials))
            {
                cors["allowCredentials"] = true;
            }
        }

        _doc[Cors] = cors;
    }

    public void AddDescription(JsonNode? description)
    {
        if (Json.Truthy(_info["description"]))
        {
            return;
        }

        _info["description"] = description?.DeepClone();
    }

    public void AddTitle(JsonNode? title)
    {
        if (!Json.PyEquals(_info["title"], Intrinsics.Ref("AWS::StackName")))
        {
            return;
        }

        _info["title"] = title?.DeepClone();
    }

    public void MakePathConditional(string path, string condition) =>
        _paths[path] = Intrinsics.If(condition, _paths[path]!.DeepClone());

    /// <summary>A copy of the edited document.</summary>
    public JsonObject Document
    {
        get
        {
            if (Json.Truthy(_tags))
            {
                Attach(_doc, "tags", _tags!);
            }

            if (Json.Truthy(_securitySchemes))
            {
                if (_doc["components"] is not JsonObject components || components.Count == 0)
                {
                    components = [];
                    _doc["components"] = components;
                }

                Attach(components, "securitySchemes", _securitySchemes!);
            }

            if (Json.Truthy(_info))
            {
                Attach(_doc, "info", _info);
            }

            return (JsonObject)_doc.DeepClone();
        }
    }

    private static void Attach(JsonObject parent, string key, JsonNode node)
    {
        if (!ReferenceEquals(parent[key], node))
        {
            parent[key] = node.Parent is null ? node : node.DeepClone();
        }
    }

    [GeneratedRegex(@"\A3(\.\d)(\.\d)?$", RegexOptions.CultureInvariant)]
    private static partial Regex OpenApi3();

    [GeneratedRegex(@"([A-Za-z0-9]+\.Arn)", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionArnReference();

    [GeneratedRegex(@"{([a-zA-Z0-9._-]+|proxy\+)}", RegexOptions.CultureInvariant)]
    private static partial Regex PathParameterPattern();

    /// <summary>SAM's <c>get_path_without_trailing_slash</c>: path parameters become <c>*</c> for permission ARNs.</summary>
    public static string PathForPermission(string path) => PathParameterPattern().Replace(path, "*");
}
