using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.HttpApi.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace LocalCloud.HttpApi.Gateway;

/// <summary>
/// The data plane of HTTP APIs: picks the stage (a named stage by the first path segment, else <c>$default</c>),
/// answers CORS preflights, selects the route, runs its authorizer, calls its Lambda proxy integration and maps the
/// answer back, with API Gateway's own error responses (<c>{"message":"Not Found"}</c> and the rest).
/// </summary>
internal sealed partial class HttpApiGateway(
    HttpApiCatalog catalog,
    IServiceProvider services,
    JwtAuthorizer jwt,
    LambdaAuthorizer lambda,
    ActivityFeed activity,
    TimeProvider time,
    ILogger<HttpApiGateway> logger)
{
    public const long MaxPayloadBytes = 10L * 1024 * 1024;
    public const string HostItem = "httpapi.host";

    private readonly ConcurrentDictionary<string, StageRuntime> _runtimes = new(StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext http, string apiId)
    {
        var requestId = NewRequestId();
        GatewayResponse response;
        try
        {
            response = await DispatchAsync(http, apiId, requestId);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            response = GatewayResponse.TooLarge();
        }

        await WriteAsync(http, response, requestId);
    }

    private async Task<GatewayResponse> DispatchAsync(HttpContext http, string apiId, string requestId)
    {
        var aggregate = catalog.Find(apiId);
        if (aggregate is null)
        {
            return GatewayResponse.NotFound();
        }

        var hostForm = http.Items.ContainsKey(HostItem);
        var (rawPath, rawQuery) = RawTarget(http, apiId, hostForm);
        var (runtime, resourcePath) = SelectStage(aggregate, rawPath);
        if (runtime is null)
        {
            return GatewayResponse.NotFound();
        }

        if (runtime.DisableExecuteApiEndpoint)
        {
            return GatewayResponse.Forbidden();
        }

        if (http.Request.ContentLength > MaxPayloadBytes)
        {
            return GatewayResponse.TooLarge();
        }

        var method = http.Request.Method.ToUpperInvariant();
        var origin = http.Request.Headers.Origin.ToString();
        var match = runtime.Routes.Match(method, resourcePath);
        if (runtime.Cors is { } cors && method == "OPTIONS" && origin.Length > 0 && http.Request.Headers.ContainsKey("Access-Control-Request-Method")
            && (match is null || (match.Route.RouteKey != RouteKeys.Default && !match.Route.RouteKey.StartsWith("OPTIONS ", StringComparison.Ordinal))))
        {
            return Cors.Preflight(cors, origin, http.Request.Headers.AccessControlRequestHeaders.ToString());
        }

        if (match is null)
        {
            return Cors.Apply(runtime.Cors, origin, GatewayResponse.NotFound());
        }

        var body = await ReadBodyAsync(http);
        if (body is null)
        {
            return GatewayResponse.TooLarge();
        }

        var host = http.Request.Host.Value ?? "127.0.0.1";
        var request = new ProxyRequest
        {
            Http = http,
            RequestId = requestId,
            ApiId = apiId,
            Scope = aggregate.Scope,
            Stage = runtime.StageName,
            RouteKey = match.Route.RouteKey,
            RawPath = rawPath,
            ResourcePath = resourcePath,
            RawQueryString = rawQuery,
            DomainName = host,
            DomainPrefix = hostForm ? host.Split('.')[0] : apiId,
            Time = time.GetUtcNow(),
            Body = body.Value,
            PathParameters = match.PathParameters,
            StageVariables = runtime.StageVariables,
            TraceId = NewTraceId(),
        };

        var response = await RouteAsync(runtime, match.Route, request);
        activity.Publish("apigateway", "http-api.request", $"{apiId} {method} {rawPath} -> {response.StatusCode}", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["apiId"] = apiId,
            ["routeKey"] = match.Route.RouteKey,
            ["status"] = response.StatusCode.ToString(CultureInfo.InvariantCulture),
        });
        return Cors.Apply(runtime.Cors, origin, response);
    }

    private async Task<GatewayResponse> RouteAsync(StageRuntime runtime, RouteRecord route, ProxyRequest request)
    {
        AuthorizerContext? authorizer = null;
        switch (route.AuthorizationType)
        {
            case AuthorizationTypes.Jwt or AuthorizationTypes.Custom:
                var record = route.AuthorizerId is { } id ? runtime.Authorizers.GetValueOrDefault(id) : null;
                if (record is null)
                {
                    return GatewayResponse.InternalServerError();
                }

                var identity = Identity(record, request, runtime);
                var result = record.AuthorizerType == AuthorizerTypes.Jwt
                    ? await jwt.AuthorizeAsync(record, identity?.FirstOrDefault(), route.AuthorizationScopes, request.Http.RequestAborted)
                    : await lambda.AuthorizeAsync(request.ApiId, runtime.StageName, record, request, identity, request.Http.RequestAborted);
                if (result.Denied is { } denied)
                {
                    return denied;
                }

                authorizer = result.Context;
                break;
            case AuthorizationTypes.Iam:
                var scope = SigV4Scope.Parse(request.Http.Request.Headers.Authorization.ToString());
                if (scope is not { } signed)
                {
                    return GatewayResponse.Message(403, "Missing Authentication Token");
                }

                var account = AccountIds.FromAccessKey(signed.AccessKeyId, request.Scope.AccountId);
                authorizer = AuthorizerContext.AwsIam(new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["accessKey"] = signed.AccessKeyId,
                    ["accountId"] = account,
                    ["callerId"] = signed.AccessKeyId,
                    ["userArn"] = $"arn:aws:iam::{account}:root",
                    ["userId"] = account,
                });
                break;
        }

        if (route.Target is not { } target || !target.StartsWith("integrations/", StringComparison.Ordinal)
            || runtime.Integrations.GetValueOrDefault(target["integrations/".Length..]) is not { } integration)
        {
            return GatewayResponse.NotFound();
        }

        if (integration.IntegrationType != IntegrationTypes.AwsProxy || RouteKeys.FunctionArn(integration.IntegrationUri) is not { } functionArn)
        {
            LogUnsupportedIntegration(logger, request.ApiId, route.RouteKey, integration.IntegrationType);
            return GatewayResponse.InternalServerError();
        }

        return await InvokeAsync(integration, functionArn, request, authorizer);
    }

    private async Task<GatewayResponse> InvokeAsync(IntegrationRecord integration, string functionArn, ProxyRequest request, AuthorizerContext? authorizer)
    {
        if (services.GetService(typeof(IFunctionPort)) is not IFunctionPort functions)
        {
            LogNoLambda(logger, request.ApiId, functionArn);
            return GatewayResponse.InternalServerError();
        }

        var sourceArn = request.RouteArn;
        if (!functions.IsInvokeAllowed(functionArn, "apigateway.amazonaws.com", sourceArn, request.Scope.AccountId))
        {
            LogNotPermitted(logger, request.ApiId, functionArn, sourceArn);
            return GatewayResponse.InternalServerError();
        }

        var v1 = integration.PayloadFormatVersion == "1.0";
        var payload = v1 ? ProxyPayloads.RequestV1(request, authorizer) : ProxyPayloads.RequestV2(request, authorizer);
        var timeoutMillis = Math.Clamp(integration.TimeoutInMillis, 50, HttpApiCatalog.DefaultTimeoutMillis);
        using var timer = new CancellationTokenSource(TimeSpan.FromMilliseconds(timeoutMillis), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, request.Http.RequestAborted);
        FunctionResult result;
        try
        {
            result = await functions.InvokeAsync(functionArn, payload, new FunctionInvokeOptions { Caller = "apigateway" }, linked.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !request.Http.RequestAborted.IsCancellationRequested)
        {
            LogTimeout(logger, request.ApiId, functionArn, timeoutMillis);
            return GatewayResponse.ServiceUnavailable();
        }
        catch (ServiceException ex)
        {
            LogInvokeFailed(logger, request.ApiId, functionArn, $"{ex.Code}: {ex.Message}");
            return GatewayResponse.InternalServerError();
        }

        if (!result.Succeeded)
        {
            LogInvokeFailed(logger, request.ApiId, functionArn, "function error " + result.FunctionError);
            return GatewayResponse.InternalServerError();
        }

        var response = v1 ? ProxyPayloads.ResponseV1(result.Payload) : ProxyPayloads.ResponseV2(result.Payload);
        if (response is null)
        {
            LogInvokeFailed(logger, request.ApiId, functionArn, "the function's response is not a valid proxy response");
            return GatewayResponse.InternalServerError();
        }

        return response;
    }

    private static List<string>? Identity(AuthorizerRecord authorizer, ProxyRequest request, StageRuntime runtime)
    {
        var values = new List<string>(authorizer.IdentitySource.Count);
        foreach (var source in authorizer.IdentitySource)
        {
            var value = IdentitySources.Evaluate(source, request.Http.Request, runtime.StageVariables, name => name switch
            {
                "requestId" => request.RequestId,
                "stage" => request.Stage,
                "apiId" => request.ApiId,
                "routeKey" => request.RouteKey,
                "identity.sourceIp" => request.SourceIp,
                "identity.userAgent" => request.UserAgent,
                "httpMethod" => request.Method,
                "path" => request.RawPath,
                "domainName" => request.DomainName,
                "domainPrefix" => request.DomainPrefix,
                _ => null,
            });
            if (value is null)
            {
                return null;
            }

            values.Add(value);
        }

        return values;
    }

    private (StageRuntime? Runtime, string ResourcePath) SelectStage(ApiAggregate aggregate, string rawPath)
    {
        var second = rawPath.IndexOf('/', 1);
        var first = Uri.UnescapeDataString(second < 0 ? rawPath[1..] : rawPath[1..second]);
        if (first.Length > 0 && first != RouteKeys.Default && aggregate.Stages.TryGetValue(first, out var named))
        {
            return (Runtime(aggregate, named), second < 0 ? "/" : rawPath[second..]);
        }

        return aggregate.Stages.TryGetValue(RouteKeys.Default, out var fallback) ? (Runtime(aggregate, fallback), rawPath) : (null, rawPath);
    }

    private StageRuntime? Runtime(ApiAggregate aggregate, StageRecord stage)
    {
        if (stage.DeploymentId is null || !aggregate.Deployments.TryGetValue(stage.DeploymentId, out var deployment))
        {
            return null;
        }

        var key = aggregate.Api.ApiId + "/" + stage.StageName;
        if (_runtimes.TryGetValue(key, out var cached) && cached.Version == aggregate.Version)
        {
            return cached;
        }

        var runtime = new StageRuntime(aggregate.Version, stage.StageName, deployment.Snapshot, stage.StageVariables);
        _runtimes[key] = runtime;
        return runtime;
    }

    private static (string RawPath, string RawQuery) RawTarget(HttpContext http, string apiId, bool hostForm)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Request.PathBase + http.Request.Path + http.Request.QueryString);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        if (!hostForm)
        {
            var prefix = "/_api/" + apiId;
            path = path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? path[prefix.Length..] : path;
        }

        return (path.Length == 0 ? "/" : path, query);
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxPayloadBytes + 1;
        }

        if (http.Request.ContentLength == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        using var buffer = new MemoryStream(http.Request.ContentLength is { } length and <= MaxPayloadBytes ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxPayloadBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static async Task WriteAsync(HttpContext http, GatewayResponse gateway, string requestId)
    {
        var response = http.Response;
        response.StatusCode = gateway.StatusCode;
        foreach (var (name, value) in gateway.Headers)
        {
            if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase) || name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            response.Headers.Append(name, value);
        }

        response.Headers["apigw-requestid"] = requestId;
        response.ContentLength = gateway.Body.Length;
        if (!gateway.Body.IsEmpty && !HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(gateway.Body, http.RequestAborted);
        }
    }

    private static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[11];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', 'A').Replace('/', 'B');
    }

    private string NewTraceId()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return $"Root=1-{time.GetUtcNow().ToUnixTimeSeconds():x8}-{Convert.ToHexStringLower(bytes)}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP API {ApiId}: {FunctionArn} does not allow apigateway.amazonaws.com from {SourceArn} (add a lambda:InvokeFunction permission); answered 500")]
    private static partial void LogNotPermitted(ILogger logger, string apiId, string functionArn, string sourceArn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP API {ApiId}: invoking {FunctionArn} failed: {Reason}; answered 500")]
    private static partial void LogInvokeFailed(ILogger logger, string apiId, string functionArn, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP API {ApiId}: {FunctionArn} did not answer within {TimeoutMillis} ms; answered 503")]
    private static partial void LogTimeout(ILogger logger, string apiId, string functionArn, int timeoutMillis);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP API {ApiId}: no Lambda service in this local cloud to invoke {FunctionArn}; answered 500")]
    private static partial void LogNoLambda(ILogger logger, string apiId, string functionArn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP API {ApiId}: route {RouteKey} has a {IntegrationType} integration, which is not emulated; answered 500")]
    private static partial void LogUnsupportedIntegration(ILogger logger, string apiId, string routeKey, string integrationType);
}

/// <summary>What one stage serves: its deployment's routes, integrations, authorizers and CORS configuration.</summary>
internal sealed class StageRuntime(long version, string stageName, ApiSnapshot snapshot, IReadOnlyDictionary<string, string> stageVariables)
{
    public long Version { get; } = version;

    public string StageName { get; } = stageName;

    public RouteTable Routes { get; } = new(snapshot.Routes);

    public IReadOnlyDictionary<string, IntegrationRecord> Integrations { get; } = snapshot.Integrations.ToDictionary(i => i.IntegrationId, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, AuthorizerRecord> Authorizers { get; } = snapshot.Authorizers.ToDictionary(a => a.AuthorizerId, StringComparer.Ordinal);

    public CorsRecord? Cors { get; } = snapshot.Cors;

    public bool DisableExecuteApiEndpoint { get; } = snapshot.DisableExecuteApiEndpoint;

    public IReadOnlyDictionary<string, string> StageVariables { get; } = stageVariables;
}
