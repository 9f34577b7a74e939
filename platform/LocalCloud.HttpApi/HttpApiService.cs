using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Paging;
using LocalCloud.HttpApi.Model;
using LocalCloud.HttpApi.Wire;

namespace LocalCloud.HttpApi;

/// <summary>
/// Amazon API Gateway v2 for HTTP APIs (restJson1 under <c>/v2/apis</c>, signing name <c>apigateway</c>): APIs
/// (including quick create and OpenAPI import), routes, integrations, authorizers, stages and deployments, as the
/// botocore <c>apigatewayv2</c> 2018-11-29 model describes them. The model work is <see cref="HttpApiCatalog"/>.
/// </summary>
internal sealed class HttpApiService : IRestJsonService, IStatusContributor
{
    private const string ApiPath = "/v2/apis/{apiId}";
    private const int DefaultPageSize = 100;

    private readonly HttpApiCatalog _catalog;
    private readonly CloudContext _cloud;

    public HttpApiService(HttpApiCatalog catalog, CloudContext cloud)
    {
        _catalog = catalog;
        _cloud = cloud;
        Operations =
        [
            new RestOperation("CreateApi", "POST", "/v2/apis", CreateApiAsync),
            new RestOperation("ImportApi", "PUT", "/v2/apis", ImportApiAsync),
            new RestOperation("GetApis", "GET", "/v2/apis", GetApis),
            new RestOperation("GetApi", "GET", ApiPath, GetApi),
            new RestOperation("UpdateApi", "PATCH", ApiPath, UpdateApiAsync),
            new RestOperation("ReimportApi", "PUT", ApiPath, ReimportApiAsync),
            new RestOperation("DeleteApi", "DELETE", ApiPath, DeleteApiAsync),
            new RestOperation("DeleteCorsConfiguration", "DELETE", ApiPath + "/cors", DeleteCorsAsync),
            new RestOperation("CreateRoute", "POST", ApiPath + "/routes", CreateRouteAsync),
            new RestOperation("GetRoutes", "GET", ApiPath + "/routes", GetRoutes),
            new RestOperation("GetRoute", "GET", ApiPath + "/routes/{routeId}", GetRoute),
            new RestOperation("UpdateRoute", "PATCH", ApiPath + "/routes/{routeId}", UpdateRouteAsync),
            new RestOperation("DeleteRoute", "DELETE", ApiPath + "/routes/{routeId}", DeleteRouteAsync),
            new RestOperation("CreateIntegration", "POST", ApiPath + "/integrations", CreateIntegrationAsync),
            new RestOperation("GetIntegrations", "GET", ApiPath + "/integrations", GetIntegrations),
            new RestOperation("GetIntegration", "GET", ApiPath + "/integrations/{integrationId}", GetIntegration),
            new RestOperation("UpdateIntegration", "PATCH", ApiPath + "/integrations/{integrationId}", UpdateIntegrationAsync),
            new RestOperation("DeleteIntegration", "DELETE", ApiPath + "/integrations/{integrationId}", DeleteIntegrationAsync),
            new RestOperation("CreateAuthorizer", "POST", ApiPath + "/authorizers", CreateAuthorizerAsync),
            new RestOperation("GetAuthorizers", "GET", ApiPath + "/authorizers", GetAuthorizers),
            new RestOperation("GetAuthorizer", "GET", ApiPath + "/authorizers/{authorizerId}", GetAuthorizer),
            new RestOperation("UpdateAuthorizer", "PATCH", ApiPath + "/authorizers/{authorizerId}", UpdateAuthorizerAsync),
            new RestOperation("DeleteAuthorizer", "DELETE", ApiPath + "/authorizers/{authorizerId}", DeleteAuthorizerAsync),
            new RestOperation("CreateStage", "POST", ApiPath + "/stages", CreateStageAsync),
            new RestOperation("GetStages", "GET", ApiPath + "/stages", GetStages),
            new RestOperation("GetStage", "GET", ApiPath + "/stages/{stageName}", GetStage),
            new RestOperation("UpdateStage", "PATCH", ApiPath + "/stages/{stageName}", UpdateStageAsync),
            new RestOperation("DeleteStage", "DELETE", ApiPath + "/stages/{stageName}", DeleteStageAsync),
            new RestOperation("CreateDeployment", "POST", ApiPath + "/deployments", CreateDeploymentAsync),
            new RestOperation("GetDeployments", "GET", ApiPath + "/deployments", GetDeployments),
            new RestOperation("GetDeployment", "GET", ApiPath + "/deployments/{deploymentId}", GetDeployment),
            new RestOperation("DeleteDeployment", "DELETE", ApiPath + "/deployments/{deploymentId}", DeleteDeploymentAsync),
            new RestOperation("GetTags", "GET", "/v2/tags/{**resourceArn}", GetTags),
            new RestOperation("TagResource", "POST", "/v2/tags/{**resourceArn}", TagResourceAsync),
            new RestOperation("UntagResource", "DELETE", "/v2/tags/{**resourceArn}", UntagResourceAsync),
        ];
        OperationNames = [.. Operations.Select(o => o.Name)];
    }

    public string Name => "apigateway";

    public string SigningName => "apigateway";

    public AwsProtocol Protocol => AwsProtocol.RestJson1;

    public string ErrorMessageKey => "message";

    public IReadOnlyList<RestOperation> Operations { get; }

    public IReadOnlyCollection<string> OperationNames { get; }

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var apis = new JsonArray();
        foreach (var api in _catalog.ListAll())
        {
            apis.Add(new JsonObject
            {
                ["apiId"] = api.Api.ApiId,
                ["name"] = api.Api.Name,
                ["region"] = api.Scope.Region,
                ["routes"] = api.Routes.Count,
                ["urls"] = new JsonArray([.. ApiUrls.For(api, _cloud).Select(u => (JsonNode)u)]),
            });
        }

        return ValueTask.FromResult<JsonNode?>(new JsonObject { ["apis"] = apis });
    }

    private async Task<RestResponse> CreateApiAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var api = await _catalog.CreateApiAsync(request.Context.Scope, request.ReadJson(HttpApiJsonContext.Default.ApiInput));
        return Json(ApiOut(api), HttpApiJsonContext.Default.ApiOutput, 201);
    }

    private async Task<RestResponse> ImportApiAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(HttpApiJsonContext.Default.ImportInput);
        var api = await _catalog.ImportApiAsync(request.Context.Scope, input.Body, Flag(request, "failOnWarnings"));
        return Json(ApiOut(api), HttpApiJsonContext.Default.ApiOutput, 201);
    }

    private async Task<RestResponse> ReimportApiAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(HttpApiJsonContext.Default.ImportInput);
        var api = await _catalog.ReimportApiAsync(request.Context.Scope, request.Route("apiId"), input.Body, Flag(request, "failOnWarnings"));
        return Json(ApiOut(api), HttpApiJsonContext.Default.ApiOutput, 201);
    }

    private Task<RestResponse> GetApis(RestRequest request, CancellationToken cancellationToken) =>
        Paged(request, _catalog.List(request.Context.Scope), a => a.Api.ApiId, ApiOut, HttpApiJsonContext.Default.PageApiOutput);

    private Task<RestResponse> GetApi(RestRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Json(ApiOut(Api(request)), HttpApiJsonContext.Default.ApiOutput));

    private async Task<RestResponse> UpdateApiAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var api = await _catalog.UpdateApiAsync(request.Context.Scope, request.Route("apiId"), request.ReadJson(HttpApiJsonContext.Default.ApiInput));
        return Json(ApiOut(api), HttpApiJsonContext.Default.ApiOutput);
    }

    private async Task<RestResponse> DeleteApiAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await _catalog.DeleteApiAsync(request.Context.Scope, request.Route("apiId"));
        return RestResponse.NoContent();
    }

    private async Task<RestResponse> DeleteCorsAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await _catalog.DeleteCorsAsync(request.Context.Scope, request.Route("apiId"));
        return RestResponse.NoContent();
    }

    private async Task<RestResponse> CreateRouteAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var route = await _catalog.CreateRouteAsync(request.Context.Scope, request.Route("apiId"), request.ReadJson(HttpApiJsonContext.Default.RouteInput));
        return Json(RouteOut(route), HttpApiJsonContext.Default.RouteOutput, 201);
    }

    private Task<RestResponse> GetRoutes(RestRequest request, CancellationToken cancellationToken) =>
        Paged(request, Api(request).Routes.Values, r => r.RouteId, RouteOut, HttpApiJsonContext.Default.PageRouteOutput);

    private Task<RestResponse> GetRoute(RestRequest request, CancellationToken cancellationToken)
    {
        var id = request.Route("routeId");
        var route = Api(request).Routes.GetValueOrDefault(id) ?? throw HttpApiErrors.RouteNotFound(id);
        return Task.FromResult(Json(RouteOut(route), HttpApiJsonContext.Default.RouteOutput));
    }

    private async Task<RestResponse> UpdateRouteAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var route = await _catalog.UpdateRouteAsync(request.Context.Scope, request.Route("apiId"), request.Route("routeId"), request.ReadJson(HttpApiJsonContext.Default.RouteInput));
        return Json(RouteOut(route), HttpApiJsonContext.Default.RouteOutput);
    }

    private async Task<RestResponse> DeleteRouteAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await _catalog.DeleteRouteAsync(request.Context.Scope, request.Route("apiId"), request.Route("routeId"));
        return RestResponse.NoContent();
    }

    private async Task<RestResponse> CreateIntegrationAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var integration = await _catalog.CreateIntegrationAsync(request.Context.Scope, request.Route("apiId"), request.ReadJson(HttpApiJsonContext.Default.IntegrationInput));
        return Json(IntegrationOut(integration), HttpApiJsonContext.Default.IntegrationOutput, 201);
    }

    private Task<RestResponse> GetIntegrations(RestRequest request, CancellationToken cancellationToken) =>
        Paged(request, Api(request).Integrations.Values, i => i.IntegrationId, IntegrationOut, HttpApiJsonContext.Default.PageIntegrationOutput);

    private Task<RestResponse> GetIntegration(RestRequest request, CancellationToken cancellationToken)
    {
        var id = request.Route("integrationId");
        var integration = Api(request).Integrations.GetValueOrDefault(id) ?? throw HttpApiErrors.IntegrationNotFound(id);
        return Task.FromResult(Json(IntegrationOut(integration), HttpApiJsonContext.Default.IntegrationOutput));
    }

    private async Task<RestResponse> UpdateIntegrationAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var integration = await _catalog.UpdateIntegrationAsync(
            request.Context.Scope, request.Route("apiId"), request.Route("integrationId"), request.ReadJson(HttpApiJsonContext.Default.IntegrationInput));
        return Json(IntegrationOut(integration), HttpApiJsonContext.Default.IntegrationOutput);
    }

    private async Task<RestResponse> DeleteIntegrationAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await _catalog.DeleteIntegrationAsync(request.Context.Scope, request.Route("apiId"), request.Route("integrationId"));
        return RestResponse.NoContent();
    }

    private async Task<RestResponse> CreateAuthorizerAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var authorizer = await _catalog.CreateAuthorizerAsync(request.Context.Scope, request.Route("apiId"), request.ReadJson(HttpApiJsonContext.Default.AuthorizerInput));
        return Json(AuthorizerOut(authorizer), HttpApiJsonContext.Default.AuthorizerOutput, 201);
    }

    private Task<RestResponse> GetAuthorizers(RestRequest request, CancellationToken cancellationToken) =>
        Paged(request, Api(request).Authorizers.Values, a => a.AuthorizerId, AuthorizerOut, HttpApiJsonContext.Default.PageAuthorizerOutput);

    private Task<RestResponse> GetAuthorizer(RestRequest request, CancellationToken cancellationToken)
    {
        var id = request.Route("authorizerId");
        var authorizer = Api(request).Authorizers.GetValueOrDefault(id) ?? throw HttpApiErrors.AuthorizerNotFound(id);
        return Task.FromResult(Json(AuthorizerOut(authorizer), HttpApiJsonContext.Default.AuthorizerOutput));
    }

    private async Task<RestResponse> UpdateAuthorizerAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var authorizer = await _catalog.UpdateAuthorizerAsync(
            request.Context.Scope, request.Route("apiId"), request.Route("authorizerId"), request.ReadJson(HttpApiJsonContext.Default.AuthorizerInput));
        return Json(AuthorizerOut(authorizer), HttpApiJsonContext.Default.AuthorizerOutput);
    }

    private async Task<RestResponse> DeleteAuthorizerAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await _catalog.DeleteAuthorizerAsync(request.Context.Scope, request.Route("apiId"), request.Route("authorizerId"));
        return RestResponse.NoContent();
    }

    private async Task<RestResponse> CreateStageAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var stage = await _catalog.CreateStageAsync(request.Context.Scope, request.Route("apiId"), request.ReadJson(HttpApiJsonContext.Default.StageInput));
        return Json(StageOut(stage), HttpApiJsonContext.Default.StageOutput, 201);
    }

    private Task<RestResponse> GetStages(RestRequest request, CancellationToken cancellationToken) =>
        Paged(request, Api(request).Stages.Values, s => s.StageName, StageOut, HttpApiJsonContext.Default.PageStageOutput);

    private Task<RestResponse> GetStage(RestRequest request, CancellationToken cancellationToken)
    {
        var name = request.Route("stageName");
        var stage = Api(request).Stages.GetValueOrDefault(name) ?? throw HttpApiErrors.StageNotFound(name);
        return Task.FromResult(Json(StageOut(stage), HttpApiJsonContext.Default.StageOutput));
    }

    private async Task<RestResponse> UpdateStageAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var stage = await _catalog.UpdateStageAsync(request.Context.Scope, request.Route("apiId"), request.Route("stageName"), request.ReadJson(HttpApiJsonContext.Default.StageInput));
        return Json(StageOut(stage), HttpApiJsonContext.Default.StageOutput);
    }

    private async Task<RestResponse> DeleteStageAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await _catalog.DeleteStageAsync(request.Context.Scope, request.Route("apiId"), request.Route("stageName"));
        return RestResponse.NoContent();
    }

    private async Task<RestResponse> CreateDeploymentAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var deployment = await _catalog.CreateDeploymentAsync(request.Context.Scope, request.Route("apiId"), request.ReadJson(HttpApiJsonContext.Default.DeploymentInput));
        return Json(DeploymentOut(deployment), HttpApiJsonContext.Default.DeploymentOutput, 201);
    }

    private Task<RestResponse> GetDeployments(RestRequest request, CancellationToken cancellationToken) =>
        Paged(request, Api(request).Deployments.Values, d => d.DeploymentId, DeploymentOut, HttpApiJsonContext.Default.PageDeploymentOutput);

    private Task<RestResponse> GetDeployment(RestRequest request, CancellationToken cancellationToken)
    {
        var id = request.Route("deploymentId");
        var deployment = Api(request).Deployments.GetValueOrDefault(id) ?? throw HttpApiErrors.DeploymentNotFound(id);
        return Task.FromResult(Json(DeploymentOut(deployment), HttpApiJsonContext.Default.DeploymentOutput));
    }

    private async Task<RestResponse> DeleteDeploymentAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await _catalog.DeleteDeploymentAsync(request.Context.Scope, request.Route("apiId"), request.Route("deploymentId"));
        return RestResponse.NoContent();
    }

    private Task<RestResponse> GetTags(RestRequest request, CancellationToken cancellationToken)
    {
        var (apiId, stage) = TagTarget(request);
        var api = _catalog.Get(request.Context.Scope, apiId);
        var tags = stage is null ? api.Api.Tags : (api.Stages.GetValueOrDefault(stage) ?? throw HttpApiErrors.StageNotFound(stage)).Tags;
        return Task.FromResult(Json(new TagsOutput { Tags = new(tags) }, HttpApiJsonContext.Default.TagsOutput));
    }

    private async Task<RestResponse> TagResourceAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var (apiId, stage) = TagTarget(request);
        var input = request.ReadJson(HttpApiJsonContext.Default.TagsInput);
        await _catalog.SetTagsAsync(request.Context.Scope, apiId, stage, input.Tags, null);
        return Json(new TagsOutput(), HttpApiJsonContext.Default.TagsOutput, 201);
    }

    private async Task<RestResponse> UntagResourceAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var (apiId, stage) = TagTarget(request);
        var keys = request.Http.Request.Query["tagKeys"].SelectMany(v => (v ?? "").Split(',')).Where(k => k.Length > 0).ToList();
        await _catalog.SetTagsAsync(request.Context.Scope, apiId, stage, null, keys);
        return RestResponse.NoContent();
    }

    private static (string ApiId, string? Stage) TagTarget(RestRequest request)
    {
        var arn = request.Route("resourceArn");
        var marker = arn.IndexOf("::/apis/", StringComparison.Ordinal);
        if (!arn.StartsWith("arn:", StringComparison.Ordinal) || marker < 0)
        {
            throw HttpApiErrors.BadRequest($"Invalid resource ARN: {arn}");
        }

        var parts = arn[(marker + "::/apis/".Length)..].Split('/');
        return parts.Length switch
        {
            1 => (parts[0], null),
            3 when parts[1] == "stages" => (parts[0], parts[2]),
            _ => throw HttpApiErrors.BadRequest($"Invalid resource ARN: {arn}"),
        };
    }

    private ApiAggregate Api(RestRequest request) => _catalog.Get(request.Context.Scope, request.Route("apiId"));

    private static Task<RestResponse> Paged<TItem, TOut>(
        RestRequest request, IEnumerable<TItem> items, Func<TItem, string> key, Func<TItem, TOut> map, JsonTypeInfo<Page<TOut>> type)
    {
        var limit = DefaultPageSize;
        if (request.Query("maxResults") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            throw HttpApiErrors.BadRequest("maxResults must be a number between 1 and 500.");
        }

        var (page, next) = PageToken.Page(items.OrderBy(key, StringComparer.Ordinal), key, request.Query("nextToken"), limit, HttpApiErrors.InvalidNextToken);
        return Task.FromResult(Json(new Page<TOut> { Items = [.. page.Select(map)], NextToken = next }, type));
    }

    private static bool Flag(RestRequest request, string name) =>
        request.Query(name) is { } value && bool.TryParse(value, out var flag) && flag;

    private static RestResponse Json<T>(T value, JsonTypeInfo<T> type, int status = 200) => RestResponse.Json(value, type, status);

    private ApiOutput ApiOut(ApiAggregate aggregate)
    {
        var api = aggregate.Api;
        return new ApiOutput
        {
            ApiEndpoint = ApiUrls.Endpoint(api.ApiId, _cloud),
            ApiId = api.ApiId,
            ApiKeySelectionExpression = api.ApiKeySelectionExpression,
            CorsConfiguration = api.Cors is { } cors
                ? new CorsWire
                {
                    AllowCredentials = cors.AllowCredentials,
                    AllowHeaders = cors.AllowHeaders?.ToList(),
                    AllowMethods = cors.AllowMethods?.ToList(),
                    AllowOrigins = cors.AllowOrigins?.ToList(),
                    ExposeHeaders = cors.ExposeHeaders?.ToList(),
                    MaxAge = cors.MaxAge,
                }
                : null,
            CreatedDate = api.CreatedDate,
            Description = api.Description,
            DisableSchemaValidation = api.DisableSchemaValidation ? true : null,
            DisableExecuteApiEndpoint = api.DisableExecuteApiEndpoint,
            ImportInfo = api.ImportInfo?.ToList(),
            IpAddressType = api.IpAddressType,
            Name = api.Name,
            ProtocolType = api.ProtocolType,
            RouteSelectionExpression = api.RouteSelectionExpression,
            Tags = new(api.Tags),
            Version = api.Version,
            Warnings = api.Warnings?.ToList(),
        };
    }

    private static RouteOutput RouteOut(RouteRecord route) => new()
    {
        ApiGatewayManaged = route.ApiGatewayManaged ? true : null,
        ApiKeyRequired = route.ApiKeyRequired,
        AuthorizationScopes = route.AuthorizationScopes?.ToList(),
        AuthorizationType = route.AuthorizationType,
        AuthorizerId = route.AuthorizerId,
        OperationName = route.OperationName,
        RequestParameters = route.RequestParameters?.ToDictionary(kv => kv.Key, kv => new ParameterConstraintsWire { Required = kv.Value }),
        RouteId = route.RouteId,
        RouteKey = route.RouteKey,
        Target = route.Target,
    };

    private static IntegrationOutput IntegrationOut(IntegrationRecord integration) => new()
    {
        ApiGatewayManaged = integration.ApiGatewayManaged ? true : null,
        ConnectionId = integration.ConnectionId,
        ConnectionType = integration.ConnectionType,
        CredentialsArn = integration.CredentialsArn,
        Description = integration.Description,
        IntegrationId = integration.IntegrationId,
        IntegrationMethod = integration.IntegrationMethod,
        IntegrationSubtype = integration.IntegrationSubtype,
        IntegrationType = integration.IntegrationType,
        IntegrationUri = integration.IntegrationUri,
        PayloadFormatVersion = integration.PayloadFormatVersion,
        RequestParameters = integration.RequestParameters?.ToDictionary(),
        ResponseParameters = integration.ResponseParameters?.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary()),
        TimeoutInMillis = integration.TimeoutInMillis,
    };

    private static AuthorizerOutput AuthorizerOut(AuthorizerRecord authorizer) => new()
    {
        AuthorizerCredentialsArn = authorizer.AuthorizerCredentialsArn,
        AuthorizerId = authorizer.AuthorizerId,
        AuthorizerPayloadFormatVersion = authorizer.AuthorizerPayloadFormatVersion,
        AuthorizerResultTtlInSeconds = authorizer.AuthorizerResultTtlInSeconds,
        AuthorizerType = authorizer.AuthorizerType,
        AuthorizerUri = authorizer.AuthorizerUri,
        EnableSimpleResponses = authorizer.EnableSimpleResponses,
        IdentitySource = [.. authorizer.IdentitySource],
        IdentityValidationExpression = authorizer.IdentityValidationExpression,
        JwtConfiguration = authorizer.JwtConfiguration is { } jwt ? new JwtConfigurationWire { Audience = jwt.Audience?.ToList(), Issuer = jwt.Issuer } : null,
        Name = authorizer.Name,
    };

    private static StageOutput StageOut(StageRecord stage) => new()
    {
        AccessLogSettings = stage.AccessLogSettings is { } log ? new AccessLogSettingsWire { DestinationArn = log.DestinationArn, Format = log.Format } : null,
        ApiGatewayManaged = stage.ApiGatewayManaged ? true : null,
        AutoDeploy = stage.AutoDeploy,
        ClientCertificateId = stage.ClientCertificateId,
        CreatedDate = stage.CreatedDate,
        DefaultRouteSettings = Settings(stage.DefaultRouteSettings),
        DeploymentId = stage.DeploymentId,
        Description = stage.Description,
        LastDeploymentStatusMessage = stage.LastDeploymentStatusMessage,
        LastUpdatedDate = stage.LastUpdatedDate,
        RouteSettings = stage.RouteSettings.ToDictionary(kv => kv.Key, kv => Settings(kv.Value)!),
        StageName = stage.StageName,
        StageVariables = new(stage.StageVariables),
        Tags = new(stage.Tags),
    };

    private static RouteSettingsWire? Settings(RouteSettingsRecord? settings) => settings is null ? null : new RouteSettingsWire
    {
        DataTraceEnabled = settings.DataTraceEnabled,
        DetailedMetricsEnabled = settings.DetailedMetricsEnabled,
        LoggingLevel = settings.LoggingLevel,
        ThrottlingBurstLimit = settings.ThrottlingBurstLimit,
        ThrottlingRateLimit = settings.ThrottlingRateLimit,
    };

    private static DeploymentOutput DeploymentOut(DeploymentRecord deployment) => new()
    {
        AutoDeployed = deployment.AutoDeployed,
        CreatedDate = deployment.CreatedDate,
        DeploymentId = deployment.DeploymentId,
        DeploymentStatus = deployment.DeploymentStatus,
        DeploymentStatusMessage = deployment.DeploymentStatusMessage,
        Description = deployment.Description,
    };
}

/// <summary>The local URLs of an API: per stage, under <c>/_api/{id}/</c> and on <c>{id}.execute-api.localhost</c>.</summary>
internal static class ApiUrls
{
    public static string Endpoint(string apiId, CloudContext cloud) =>
        cloud.IsListening ? $"http://{apiId}{Gateway.HttpApiEndpoints.HostSuffix}:{cloud.Endpoint.Port}" : $"http://{apiId}{Gateway.HttpApiEndpoints.HostSuffix}";

    public static IEnumerable<string> For(ApiAggregate api, CloudContext cloud)
    {
        var origin = cloud.IsListening ? cloud.Endpoint.ToString().TrimEnd('/') : "http://127.0.0.1";
        foreach (var stage in api.Stages.Keys.OrderBy(s => s == RouteKeys.Default ? "" : s, StringComparer.Ordinal))
        {
            var suffix = stage == RouteKeys.Default ? "/" : $"/{stage}/";
            yield return $"{origin}{Gateway.HttpApiEndpoints.PathPrefix}{api.Api.ApiId}{suffix}";
            yield return Endpoint(api.Api.ApiId, cloud) + suffix;
        }
    }
}
