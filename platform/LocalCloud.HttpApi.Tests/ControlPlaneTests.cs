using System.Net;
using System.Text.Json;

namespace LocalCloud.HttpApi.Tests;

public sealed class ControlPlaneTests(HttpApiHostFixture fixture) : IClassFixture<HttpApiHostFixture>
{
    [Fact]
    public async Task QuickCreate_MakesManagedIntegrationRouteAndAutoDeployedDefaultStage()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("quick", _ => "{}");
        var created = await apis.OkAsync(HttpMethod.Post, "/v2/apis", $$"""{"name":"orders","protocolType":"HTTP","target":"{{fn}}"}""");
        var apiId = created.GetProperty("apiId").GetString()!;
        Assert.Matches("^[a-z0-9]{10}$", apiId);
        Assert.Equal("$request.method $request.path", created.GetProperty("routeSelectionExpression").GetString());
        Assert.Equal("$request.header.x-api-key", created.GetProperty("apiKeySelectionExpression").GetString());
        Assert.Equal($"http://{apiId}.execute-api.localhost:{fixture.Endpoint.Port}", created.GetProperty("apiEndpoint").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", created.GetProperty("createdDate").GetString());

        var routes = (await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{apiId}/routes")).GetProperty("items");
        var route = Assert.Single(routes.EnumerateArray());
        Assert.Equal("$default", route.GetProperty("routeKey").GetString());
        Assert.True(route.GetProperty("apiGatewayManaged").GetBoolean());
        Assert.Equal("NONE", route.GetProperty("authorizationType").GetString());

        var integration = Assert.Single((await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{apiId}/integrations")).GetProperty("items").EnumerateArray());
        Assert.Equal("AWS_PROXY", integration.GetProperty("integrationType").GetString());
        Assert.Equal("2.0", integration.GetProperty("payloadFormatVersion").GetString());
        Assert.Equal(30000, integration.GetProperty("timeoutInMillis").GetInt32());
        Assert.Equal("integrations/" + integration.GetProperty("integrationId").GetString(), route.GetProperty("target").GetString());

        var stage = await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{apiId}/stages/$default");
        Assert.True(stage.GetProperty("autoDeploy").GetBoolean());
        Assert.StartsWith("Successfully deployed stage with deployment ID", stage.GetProperty("lastDeploymentStatusMessage").GetString());
    }

    [Fact]
    public async Task GetApi_Unknown_IsNotFound()
    {
        using var apis = fixture.Apis();
        var result = await apis.CallAsync(HttpMethod.Get, "/v2/apis/nosuchapi1");
        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Equal("NotFoundException", result.ErrorType);
        Assert.Equal("Invalid API identifier specified 000000000000:nosuchapi1", result.Message);
    }

    [Fact]
    public async Task CreateApi_WithoutName_IsBadRequest()
    {
        using var apis = fixture.Apis();
        var result = await apis.CallAsync(HttpMethod.Post, "/v2/apis", """{"protocolType":"HTTP"}""");
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("BadRequestException", result.ErrorType);
    }

    [Fact]
    public async Task CreateRoute_DuplicateKey_IsConflict()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("dup", _ => "{}"), ["GET /pets"]);
        var result = await apis.CallAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", """{"routeKey":"GET /pets"}""");
        Assert.Equal(HttpStatusCode.Conflict, result.Status);
        Assert.Equal("ConflictException", result.ErrorType);
    }

    [Theory]
    [InlineData("GET pets")]
    [InlineData("FETCH /pets")]
    [InlineData("GET /{proxy+}/more")]
    [InlineData("GET /pets/{id")]
    public async Task CreateRoute_InvalidKey_IsBadRequest(string routeKey)
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("invalid", _ => "{}"), []);
        var result = await apis.CallAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", JsonSerializer.Serialize(new { routeKey }));
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
    }

    [Fact]
    public async Task CreateIntegration_AwsProxyWithoutPayloadFormatVersion_IsBadRequest()
    {
        using var apis = fixture.Apis();
        var apiId = (await apis.OkAsync(HttpMethod.Post, "/v2/apis", """{"name":"a","protocolType":"HTTP"}""")).GetProperty("apiId").GetString();
        var result = await apis.CallAsync(HttpMethod.Post, $"/v2/apis/{apiId}/integrations",
            $$"""{"integrationType":"AWS_PROXY","integrationUri":"{{FakeFunctions.Arn("x")}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
    }

    [Fact]
    public async Task ImportApi_SamBody_CreatesRoutesIntegrationsAuthorizersAndCors()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("imported", _ => "{}");
        var uri = $"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{fn}/invocations";
        var body = $$"""
            {
              "openapi": "3.0.1",
              "info": { "title": "stack", "version": "1.0" },
              "paths": {
                "/pets/{id}": {
                  "get": {
                    "security": [ { "OAuth2": [ "pets.read" ] } ],
                    "x-amazon-apigateway-integration": { "httpMethod": "POST", "payloadFormatVersion": "2.0", "type": "aws_proxy", "uri": "{{uri}}" }
                  }
                },
                "$default": {
                  "x-amazon-apigateway-any-method": {
                    "isDefaultRoute": true,
                    "x-amazon-apigateway-integration": { "httpMethod": "POST", "payloadFormatVersion": "2.0", "type": "aws_proxy", "uri": "{{uri}}" }
                  }
                }
              },
              "components": { "securitySchemes": { "OAuth2": { "type": "oauth2",
                "x-amazon-apigateway-authorizer": { "identitySource": "$request.header.Authorization", "type": "jwt",
                  "jwtConfiguration": { "audience": [ "orders" ], "issuer": "https://issuer.example.com" } } } } },
              "x-amazon-apigateway-cors": { "allowOrigins": [ "https://shop.example.com" ], "allowMethods": [ "GET" ], "maxAge": 600 },
              "tags": [ { "name": "httpapi:createdBy", "x-amazon-apigateway-tag-value": "SAM" } ]
            }
            """;
        var api = await apis.OkAsync(HttpMethod.Put, "/v2/apis?failOnWarnings=true", JsonSerializer.Serialize(new { body }));
        var apiId = api.GetProperty("apiId").GetString()!;
        Assert.Equal("stack", api.GetProperty("name").GetString());
        Assert.Equal("SAM", api.GetProperty("tags").GetProperty("httpapi:createdBy").GetString());
        Assert.Equal(600, api.GetProperty("corsConfiguration").GetProperty("maxAge").GetInt32());

        var routes = (await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{apiId}/routes")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["$default", "GET /pets/{id}"], routes.Select(r => r.GetProperty("routeKey").GetString()).Order(StringComparer.Ordinal));
        var secured = routes.Single(r => r.GetProperty("routeKey").GetString() == "GET /pets/{id}");
        Assert.Equal("JWT", secured.GetProperty("authorizationType").GetString());
        Assert.Equal(["pets.read"], secured.GetProperty("authorizationScopes").EnumerateArray().Select(s => s.GetString()));

        var integrations = (await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{apiId}/integrations")).GetProperty("items");
        Assert.Equal(uri, Assert.Single(integrations.EnumerateArray()).GetProperty("integrationUri").GetString());
        var authorizer = Assert.Single((await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{apiId}/authorizers")).GetProperty("items").EnumerateArray());
        Assert.Equal("OAuth2", authorizer.GetProperty("name").GetString());
        Assert.Equal(authorizer.GetProperty("authorizerId").GetString(), secured.GetProperty("authorizerId").GetString());
    }

    [Fact]
    public async Task ImportApi_Yaml_IsRead()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("yaml", _ => "{}");
        var body = $"""
            openapi: "3.0.1"
            info:
              title: from-yaml
            paths:
              /hello:
                get:
                  x-amazon-apigateway-integration:
                    type: aws_proxy
                    uri: {fn}
                    payloadFormatVersion: "2.0"
            """;
        var api = await apis.OkAsync(HttpMethod.Put, "/v2/apis", JsonSerializer.Serialize(new { body }));
        var routes = (await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{api.GetProperty("apiId").GetString()}/routes")).GetProperty("items");
        Assert.Equal("GET /hello", Assert.Single(routes.EnumerateArray()).GetProperty("routeKey").GetString());
    }

    [Fact]
    public async Task ImportApi_FailOnWarnings_RejectsUnsupportedIntegration()
    {
        using var apis = fixture.Apis();
        var body = """{"openapi":"3.0.1","info":{"title":"t"},"paths":{"/a":{"get":{"x-amazon-apigateway-integration":{"type":"mock"}}}}}""";
        var result = await apis.CallAsync(HttpMethod.Put, "/v2/apis?failOnWarnings=true", JsonSerializer.Serialize(new { body }));
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        var lenient = await apis.OkAsync(HttpMethod.Put, "/v2/apis", JsonSerializer.Serialize(new { body }));
        Assert.Single(lenient.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task GetRoutes_PagesWithMaxResultsAndNextToken()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("paged", _ => "{}"), ["GET /a", "GET /b", "GET /c"]);
        var first = await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{apiId}/routes?maxResults=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var token = first.GetProperty("nextToken").GetString();
        var second = await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{apiId}/routes?maxResults=2&nextToken={token}");
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.False(second.TryGetProperty("nextToken", out _));
        var bad = await apis.CallAsync(HttpMethod.Get, $"/v2/apis/{apiId}/routes?nextToken=garbage");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }

    [Fact]
    public async Task DeleteIntegration_UsedByRoute_IsConflict_AndDeleteApi_RemovesIt()
    {
        using var apis = fixture.Apis();
        var (apiId, integrationId) = await apis.CreateAsync(fixture.Functions.Add("del", _ => "{}"), ["GET /a"]);
        var conflict = await apis.CallAsync(HttpMethod.Delete, $"/v2/apis/{apiId}/integrations/{integrationId}");
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        var deleted = await apis.CallAsync(HttpMethod.Delete, $"/v2/apis/{apiId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await apis.CallAsync(HttpMethod.Get, $"/v2/apis/{apiId}")).Status);
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/a");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ManualStage_ServesOnlyDeployedRoutes()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("manual", e => $$"""{"route":"{{e.GetProperty("routeKey").GetString()}}"}""");
        var apiId = (await apis.OkAsync(HttpMethod.Post, "/v2/apis", """{"name":"m","protocolType":"HTTP"}""")).GetProperty("apiId").GetString()!;
        var integrationId = (await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/integrations",
            $$"""{"integrationType":"AWS_PROXY","integrationUri":"{{fn}}","payloadFormatVersion":"2.0"}""")).GetProperty("integrationId").GetString();
        await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", $$"""{"routeKey":"GET /one","target":"integrations/{{integrationId}}"}""");
        await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/stages", """{"stageName":"prod"}""");

        using (var undeployed = await apis.SendAsync(apiId, HttpMethod.Get, "/prod/one"))
        {
            Assert.Equal(HttpStatusCode.NotFound, undeployed.StatusCode);
        }

        var deployment = await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/deployments", """{"stageName":"prod"}""");
        Assert.Equal("DEPLOYED", deployment.GetProperty("deploymentStatus").GetString());
        await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", $$"""{"routeKey":"GET /two","target":"integrations/{{integrationId}}"}""");

        using (var one = await apis.SendAsync(apiId, HttpMethod.Get, "/prod/one"))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        }

        using (var two = await apis.SendAsync(apiId, HttpMethod.Get, "/prod/two"))
        {
            Assert.Equal(HttpStatusCode.NotFound, two.StatusCode);
        }

        var stage = await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{apiId}/stages/prod");
        Assert.Equal(deployment.GetProperty("deploymentId").GetString(), stage.GetProperty("deploymentId").GetString());
    }

    [Fact]
    public async Task Tags_OnApiArn_AreAddedListedAndRemoved()
    {
        using var apis = fixture.Apis();
        var apiId = (await apis.OkAsync(HttpMethod.Post, "/v2/apis", """{"name":"t","protocolType":"HTTP","tags":{"a":"1"}}""")).GetProperty("apiId").GetString();
        var arn = Uri.EscapeDataString($"arn:aws:apigateway:us-east-1::/apis/{apiId}");
        await apis.OkAsync(HttpMethod.Post, $"/v2/tags/{arn}", """{"tags":{"b":"2"}}""");
        await apis.OkAsync(HttpMethod.Delete, $"/v2/tags/{arn}?tagKeys=a");
        var tags = (await apis.OkAsync(HttpMethod.Get, $"/v2/tags/{arn}")).GetProperty("tags");
        Assert.Equal("""{"b":"2"}""", tags.GetRawText());
    }

    [Fact]
    public async Task ReimportApi_ReplacesRoutes_AndTheAutoDeployStageServesTheNewOnes()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("reimported", e => $$"""{"route":"{{e.GetProperty("routeKey").GetString()}}"}""");
        string Body(string path) => JsonSerializer.Serialize(new
        {
            body = $$$"""{"openapi":"3.0.1","info":{"title":"re"},"paths":{"{{{path}}}":{"get":{"x-amazon-apigateway-integration":{"type":"aws_proxy","uri":"{{{fn}}}","payloadFormatVersion":"2.0"} } } } }""",
        });
        var apiId = (await apis.OkAsync(HttpMethod.Put, "/v2/apis", Body("/old"))).GetProperty("apiId").GetString()!;
        await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/stages", """{"stageName":"$default","autoDeploy":true}""");
        await apis.OkAsync(HttpMethod.Put, $"/v2/apis/{apiId}", Body("/new"));

        var routes = (await apis.OkAsync(HttpMethod.Get, $"/v2/apis/{apiId}/routes")).GetProperty("items");
        Assert.Equal("GET /new", Assert.Single(routes.EnumerateArray()).GetProperty("routeKey").GetString());
        using var old = await apis.SendAsync(apiId, HttpMethod.Get, "/old");
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        using var current = await apis.SendAsync(apiId, HttpMethod.Get, "/new");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task UpdateApi_Cors_ReachesTheAutoDeployedStage_AndDeleteCorsRemovesIt()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("cors-update", _ => "{}"), ["GET /c"]);
        var updated = await apis.OkAsync(HttpMethod.Patch, $"/v2/apis/{apiId}", """{"corsConfiguration":{"allowOrigins":["*"]}}""");
        Assert.Equal("*", updated.GetProperty("corsConfiguration").GetProperty("allowOrigins")[0].GetString());
        using (var withCors = await apis.SendAsync(apiId, HttpMethod.Get, "/c", configure: r => r.Headers.Add("Origin", "https://x.example")))
        {
            Assert.Equal("*", withCors.Headers.GetValues("access-control-allow-origin").Single());
        }

        var bad = await apis.CallAsync(HttpMethod.Patch, $"/v2/apis/{apiId}", """{"corsConfiguration":{"allowOrigins":["*"],"allowCredentials":true}}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        await apis.OkAsync(HttpMethod.Delete, $"/v2/apis/{apiId}/cors");
        using var without = await apis.SendAsync(apiId, HttpMethod.Get, "/c", configure: r => r.Headers.Add("Origin", "https://x.example"));
        Assert.False(without.Headers.Contains("access-control-allow-origin"));
    }
}
