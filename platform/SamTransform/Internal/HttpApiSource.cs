using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SamTransform.Internal;

/// <summary>HttpApi event: the route and Lambda integration in the API's OpenAPI body, and the invoke permission.</summary>
internal sealed partial class HttpApiSource(Translator translator, string functionId, string eventId, JsonObject properties)
    : EventSource(translator, functionId, eventId, properties)
{
    private static readonly PropertySpec[] HttpSpecs =
    [
        PropertySpec.Str("Path"), PropertySpec.Str("Method"), PropertySpec.Str("ApiId"), PropertySpec.Str("Stage"),
        PropertySpec.Dict("Auth"), PropertySpec.Int("TimeoutInMillis"), PropertySpec.Dict("RouteSettings"),
        PropertySpec.Str("PayloadFormatVersion"),
    ];

    private JsonObject _api = [];
    private string _apiId = "";

    protected override IReadOnlyList<PropertySpec> Specs => HttpSpecs;

    public override string SortKey => Json.Str(P("Path")) ?? RelativeId;

    private string Path => Json.Str(P("Path"))!;

    private string Method { get; set; } = "";

    protected override void Link()
    {
        var apiId = P("ApiId");
        if (apiId is JsonObject o && o.ContainsKey("Ref"))
        {
            apiId = o["Ref"];
        }

        _apiId = Json.Str(apiId) ?? Json.PyStr(apiId);
        var resources = (JsonObject)Translator.SamTemplate["Resources"]!;
        _api = resources[_apiId] is JsonObject api ? (api["Properties"] as JsonObject ?? []) : [];
    }

    public override IEnumerable<CfnResource> ToCloudFormation(CfnResource function, CfnResource role)
    {
        Method = (Json.Str(P("Method")) ?? "").ToLowerInvariant();
        var resources = new List<CfnResource>();
        if (Permission(function) is { } permission)
        {
            resources.Add(permission);
        }

        AddOpenApiIntegration(function);
        return resources;
    }

    private CfnResource? Permission(CfnResource function)
    {
        var path = TrailingSlash().Replace(Path, "$1");
        OpenApiEditor? editor = null;
        if (Json.Truthy(_api["DefinitionBody"]))
        {
            try
            {
                editor = new OpenApiEditor(_api["DefinitionBody"]);
            }
            catch (InvalidDocumentError e)
            {
                var apiLogicalId = P("ApiId") is JsonObject o ? Json.PyStr(o["Ref"]) : Json.PyStr(P("ApiId"));
                throw new InvalidResourceError(apiLogicalId, string.Join(' ', e.Causes.Select(c => c.Message)));
            }
        }

        if (path == OpenApiEditor.DefaultPath)
        {
            path = "";
        }
        else if (editor is not null && editor.IsIntegrationFunctionLogicalIdMatch(OpenApiEditor.DefaultPath, OpenApiEditor.AnyMethod, function.LogicalId))
        {
            return null;
        }

        path = OpenApiEditor.PathForPermission(path);
        var method = Method is "any" or OpenApiEditor.AnyMethod ? "*" : Method.ToUpperInvariant();
        var resource = "${__ApiId__}/${__Stage__}";
        resource += Method == "any" && path == "/" + OpenApiEditor.DefaultPath ? path : $"/{method}{path}";
        var sourceArn = Intrinsics.Sub(
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:" + resource,
            Json.Obj(("__ApiId__", P("ApiId")?.DeepClone()), ("__Stage__", "*")));
        return Permission(function, "apigateway.amazonaws.com", sourceArn);
    }

    private void AddOpenApiIntegration(CfnResource function)
    {
        var body = _api["DefinitionBody"];
        if (body is null)
        {
            return;
        }

        var uri = Intrinsics.Sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
            + Intrinsics.Shorthand(function.RuntimeArn()) + "/invocations");
        var editor = new OpenApiEditor(body);
        if (Json.Truthy(_api["__MANAGE_SWAGGER"]) && editor.HasIntegration(Path, Method))
        {
            throw new InvalidEventError(RelativeId, $"API method '{Method}' defined multiple times for path '{Path}'.");
        }

        var condition = Json.Str(function.Attributes["Condition"]);
        editor.AddLambdaIntegration(Path, Method, uri, condition);
        if (Json.Truthy(P("Auth")))
        {
            AddAuth(editor, (JsonObject)P("Auth")!);
        }

        if (Json.Truthy(P("TimeoutInMillis")))
        {
            editor.AddTimeout(Path, Method, P("TimeoutInMillis")!);
        }

        var parameters = PathParameter().Matches(Path).Select(m => m.Groups[1].Value).ToList();
        if (parameters.Count > 0)
        {
            editor.AddPathParameters(Path, Method, parameters);
        }

        if (Json.Truthy(P("PayloadFormatVersion")))
        {
            editor.AddPayloadFormatVersion(Path, Method, P("PayloadFormatVersion")!);
        }

        _api["DefinitionBody"] = editor.Document;
    }

    private void AddAuth(OpenApiEditor editor, JsonObject auth)
    {
        var methodAuthorizer = auth["Authorizer"];
        var apiAuthNode = _api["Auth"] ?? new JsonObject();
        var apiAuth = Expect.Map(apiAuthNode, _apiId, "Auth");
        if (!Json.Truthy(methodAuthorizer))
        {
            if (Json.Truthy(apiAuth["DefaultAuthorizer"]))
            {
                methodAuthorizer = apiAuth["DefaultAuthorizer"]!.DeepClone();
                auth["Authorizer"] = methodAuthorizer;
            }
            else
            {
                throw new InvalidEventError(RelativeId,
                    "'Auth' section requires either an explicit 'Authorizer' set or a 'DefaultAuthorizer' configured on the HttpApi.");
            }
        }

        // SAM reads `api_auth and api_auth.get("Authorizers")`: an empty Auth map stands in for the authorizers.
        var apiAuthorizers = Json.Truthy(apiAuth) ? apiAuth["Authorizers"] : apiAuth;
        var iamEnabled = Json.Truthy(apiAuth) && Json.IsTrue(apiAuth["EnableIamAuthorizer"]);
        var authorizerName = Json.Str(methodAuthorizer);
        if (authorizerName != "NONE" && !(authorizerName == "AWS_IAM" && iamEnabled)
            && (authorizerName is null || apiAuthorizers is not JsonObject))
        {
            throw new InvalidEventError(RelativeId,
                $"Unable to set Authorizer [{Json.PyStr(methodAuthorizer)}] on API method [{Method}] for path [{Path}]. The method authorizer must be a string with a corresponding dict entry in the api authorizer.");
        }

        if (authorizerName == "NONE")
        {
            if (!Json.Truthy(apiAuth["DefaultAuthorizer"]))
            {
                throw new InvalidEventError(RelativeId,
                    $"Unable to set Authorizer on API method [{Method}] for path [{Path}] because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified.");
            }
        }
        else if ((authorizerName == "AWS_IAM" && !iamEnabled) || authorizerName != "AWS_IAM")
        {
            if (!Json.Truthy(apiAuthorizers))
            {
                throw new InvalidEventError(RelativeId,
                    $"Unable to set Authorizer [{authorizerName}] on API method [{Method}] for path [{Path}] because the related API does not define any Authorizers.");
            }

            if (!Json.Truthy(apiAuthorizers![authorizerName!]))
            {
                throw new InvalidEventError(RelativeId,
                    $"Unable to set Authorizer [{authorizerName}] on API method [{Method}] for path [{Path}] because it wasn't defined in the API's Authorizers.");
            }
        }

        if (Json.Truthy(auth["AuthorizationScopes"]) && auth["AuthorizationScopes"] is not JsonArray)
        {
            throw new InvalidEventError(RelativeId,
                $"Unable to set Authorizer on API method [{Method}] for path [{Path}] because 'AuthorizationScopes' must be a list of strings.");
        }

        editor.SetMethodAuthorizer(Path, Method, authorizerName!, apiAuthorizers as JsonObject, auth["AuthorizationScopes"] ?? new JsonArray());
    }

    [GeneratedRegex("^(.+)/$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex TrailingSlash();
}
