using System.Net;
using System.Text.Json;

namespace LocalCloud.HttpApi.Tests;

public sealed class AuthorizerTests(HttpApiHostFixture fixture) : IClassFixture<HttpApiHostFixture>
{
    private static string Echo(JsonElement e) => e.GetProperty("requestContext").TryGetProperty("authorizer", out var a) ? a.GetRawText() : "{}";

    private static async Task<string> SecureAsync(ApiCaller apis, string apiId, string routeKey, string integrationId, string authorizerBody, string authorizationType)
    {
        var authorizerId = (await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/authorizers", authorizerBody)).GetProperty("authorizerId").GetString()!;
        await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes",
            $$"""{"routeKey":"{{routeKey}}","target":"integrations/{{integrationId}}","authorizationType":"{{authorizationType}}","authorizerId":"{{authorizerId}}"}""");
        return authorizerId;
    }

    [Fact]
    public async Task SimpleResponse_AllowsWithContext_DeniesWith403_AndMissingIdentityIs401()
    {
        using var apis = fixture.Apis();
        var backend = fixture.Functions.Add("simple-backend", Echo);
        var authorizerFn = fixture.Functions.Add("simple-auth", e =>
            e.GetProperty("identitySource")[0].GetString() == "let-me-in"
                ? """{"isAuthorized":true,"context":{"user":"ann","level":3}}"""
                : """{"isAuthorized":false}""");
        var (apiId, integrationId) = await apis.CreateAsync(backend, []);
        await SecureAsync(apis, apiId, "GET /secret", integrationId,
            $$"""{"name":"simple","authorizerType":"REQUEST","authorizerUri":"{{authorizerFn}}","identitySource":["$request.header.Authorization"],"authorizerPayloadFormatVersion":"2.0","enableSimpleResponses":true}""",
            "CUSTOM");

        using (var allowed = await apis.SendAsync(apiId, HttpMethod.Get, "/secret", configure: r => r.Headers.TryAddWithoutValidation("Authorization", "let-me-in")))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            using var body = JsonDocument.Parse(await allowed.Content.ReadAsStringAsync());
            Assert.Equal("ann", body.RootElement.GetProperty("lambda").GetProperty("user").GetString());
            Assert.Equal(3, body.RootElement.GetProperty("lambda").GetProperty("level").GetInt32());
        }

        var authorizerEvent = fixture.Functions.Last(authorizerFn);
        Assert.Equal("2.0", authorizerEvent.GetProperty("version").GetString());
        Assert.Equal("REQUEST", authorizerEvent.GetProperty("type").GetString());
        Assert.Equal($"arn:aws:execute-api:us-east-1:000000000000:{apiId}/$default/GET/secret", authorizerEvent.GetProperty("routeArn").GetString());
        Assert.Equal("GET /secret", authorizerEvent.GetProperty("routeKey").GetString());

        using (var denied = await apis.SendAsync(apiId, HttpMethod.Get, "/secret", configure: r => r.Headers.TryAddWithoutValidation("Authorization", "nope")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal("""{"message":"Forbidden"}""", await denied.Content.ReadAsStringAsync());
        }

        var calls = fixture.Functions.Count(authorizerFn);
        using (var missing = await apis.SendAsync(apiId, HttpMethod.Get, "/secret"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("""{"message":"Unauthorized"}""", await missing.Content.ReadAsStringAsync());
        }

        Assert.Equal(calls, fixture.Functions.Count(authorizerFn));
    }

    [Fact]
    public async Task IamPolicyResponse_IsEvaluatedAgainstTheRouteArn()
    {
        using var apis = fixture.Apis();
        var backend = fixture.Functions.Add("iam-backend", _ => """{"statusCode":200,"body":"ok"}""");
        var authorizerFn = fixture.Functions.Add("iam-auth", e => $$$"""
            {"principalId":"user-7","policyDocument":{"Version":"2012-10-17","Statement":[
              {"Action":"execute-api:Invoke","Effect":"Allow","Resource":"{{{e.GetProperty("methodArn").GetString()!.Split('/')[0]}}}/*/GET/orders/*"},
              {"Action":"execute-api:Invoke","Effect":"Deny","Resource":"{{{e.GetProperty("methodArn").GetString()!.Split('/')[0]}}}/*/GET/orders/secret"}]},
             "context":{"tier":"gold"}}
            """);
        var (apiId, integrationId) = await apis.CreateAsync(backend, [], payloadFormatVersion: "1.0");
        await SecureAsync(apis, apiId, "GET /orders/{id}", integrationId,
            $$"""{"name":"iam","authorizerType":"REQUEST","authorizerUri":"{{authorizerFn}}","identitySource":["$request.header.X-Token"],"authorizerPayloadFormatVersion":"1.0"}""",
            "CUSTOM");

        using (var allowed = await apis.SendAsync(apiId, HttpMethod.Get, "/orders/1", configure: r => r.Headers.Add("X-Token", "t")))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var integrationEvent = fixture.Functions.Last(backend);
        var authorizer = integrationEvent.GetProperty("requestContext").GetProperty("authorizer");
        Assert.Equal("user-7", authorizer.GetProperty("principalId").GetString());
        Assert.Equal("gold", authorizer.GetProperty("tier").GetString());
        Assert.Equal("t", fixture.Functions.Last(authorizerFn).GetProperty("identitySource").GetString());

        using var denied = await apis.SendAsync(apiId, HttpMethod.Get, "/orders/secret", configure: r => r.Headers.Add("X-Token", "t"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task CachedResult_IsReusedUntilTheTtlPasses()
    {
        using var apis = fixture.Apis();
        var backend = fixture.Functions.Add("cache-backend", Echo);
        var authorizerFn = fixture.Functions.Add("cache-auth", _ => """{"isAuthorized":true}""");
        var (apiId, integrationId) = await apis.CreateAsync(backend, []);
        await SecureAsync(apis, apiId, "GET /c", integrationId,
            $$"""{"name":"cached","authorizerType":"REQUEST","authorizerUri":"{{authorizerFn}}","identitySource":["$request.querystring.key"],"authorizerPayloadFormatVersion":"2.0","enableSimpleResponses":true,"authorizerResultTtlInSeconds":60}""",
            "CUSTOM");

        for (var i = 0; i < 3; i++)
        {
            using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/c?key=k1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, fixture.Functions.Count(authorizerFn));
        using (await apis.SendAsync(apiId, HttpMethod.Get, "/c?key=k2"))
        {
        }

        Assert.Equal(2, fixture.Functions.Count(authorizerFn));
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        using (await apis.SendAsync(apiId, HttpMethod.Get, "/c?key=k1"))
        {
        }

        Assert.Equal(3, fixture.Functions.Count(authorizerFn));
    }

    [Fact]
    public async Task FailingAuthorizer_Is500()
    {
        using var apis = fixture.Apis();
        var backend = fixture.Functions.Add("fail-backend", Echo);
        var authorizerFn = fixture.Functions.Add("fail-auth", _ => throw new FunctionFailureException("no"));
        var (apiId, integrationId) = await apis.CreateAsync(backend, []);
        await SecureAsync(apis, apiId, "GET /f", integrationId,
            $$"""{"name":"failing","authorizerType":"REQUEST","authorizerUri":"{{authorizerFn}}","identitySource":["$request.header.Authorization"],"authorizerPayloadFormatVersion":"2.0","enableSimpleResponses":true}""",
            "CUSTOM");
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/f", configure: r => r.Headers.TryAddWithoutValidation("Authorization", "x"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(0, fixture.Functions.Count(backend));
    }

    [Fact]
    public async Task IdentitySources_ReadContextAndStageVariables()
    {
        using var apis = fixture.Apis();
        var backend = fixture.Functions.Add("sources-backend", Echo);
        var authorizerFn = fixture.Functions.Add("sources-auth", _ => """{"isAuthorized":true}""");
        var (apiId, integrationId) = await apis.CreateAsync(backend, []);
        await SecureAsync(apis, apiId, "GET /s", integrationId,
            $$"""{"name":"sources","authorizerType":"REQUEST","authorizerUri":"{{authorizerFn}}","identitySource":["$context.httpMethod","$stageVariables.tenant"],"authorizerPayloadFormatVersion":"2.0","enableSimpleResponses":true}""",
            "CUSTOM");
        await apis.OkAsync(HttpMethod.Patch, $"/v2/apis/{apiId}/stages/$default", """{"stageVariables":{"tenant":"acme"}}""");
        await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/deployments", """{"description":"stage variables"}""");

        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/s");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var identity = fixture.Functions.Last(authorizerFn).GetProperty("identitySource");
        Assert.Equal(["GET", "acme"], identity.EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("acme", fixture.Functions.Last(backend).GetProperty("stageVariables").GetProperty("tenant").GetString());
    }
}
