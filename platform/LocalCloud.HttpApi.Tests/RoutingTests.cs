using System.Net;
using System.Text.Json;

namespace LocalCloud.HttpApi.Tests;

public sealed class RoutingTests(HttpApiHostFixture fixture) : IClassFixture<HttpApiHostFixture>
{
    private static string Echo(JsonElement e) => JsonSerializer.Serialize(new
    {
        route = e.GetProperty("routeKey").GetString(),
        parameters = e.TryGetProperty("pathParameters", out var p) ? p.GetRawText() : null,
        stage = e.GetProperty("requestContext").GetProperty("stage").GetString(),
        rawPath = e.GetProperty("rawPath").GetString(),
    });

    [Theory]
    [InlineData("GET", "/pets/dog/1", "GET /pets/dog/1")]
    [InlineData("GET", "/pets/dog/2", "GET /pets/dog/{id}")]
    [InlineData("GET", "/pets/cat/1", "GET /pets/{proxy+}")]
    [InlineData("POST", "/pets/dog/1", "ANY /{proxy+}")]
    [InlineData("DELETE", "/anything/else", "ANY /{proxy+}")]
    [InlineData("GET", "/", "$default")]
    [InlineData("GET", "/pets", "ANY /{proxy+}")]
    public async Task Request_SelectsTheMostSpecificRoute_AsApiGatewayDocuments(string method, string path, string expected)
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("precedence", Echo);
        var (apiId, _) = await apis.CreateAsync(fn, ["GET /pets/dog/1", "GET /pets/dog/{id}", "GET /pets/{proxy+}", "ANY /{proxy+}", "$default"]);
        using var response = await apis.SendAsync(apiId, new HttpMethod(method), path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, body.RootElement.GetProperty("route").GetString());
    }

    [Fact]
    public async Task MethodRoute_WinsOverAnyOnTheSamePath()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("methods", Echo), ["ANY /items", "GET /items"]);
        Assert.Equal("GET /items", await RouteOf(apis, apiId, HttpMethod.Get, "/items"));
        Assert.Equal("ANY /items", await RouteOf(apis, apiId, HttpMethod.Put, "/items"));
    }

    [Fact]
    public async Task PathParameters_AreDecoded_AndGreedyTakesTheRest()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("params", Echo), ["GET /users/{id}/files/{path+}"]);
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/users/a%20b/files/x/y.txt");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var parameters = JsonDocument.Parse(body.RootElement.GetProperty("parameters").GetString()!);
        Assert.Equal("a b", parameters.RootElement.GetProperty("id").GetString());
        Assert.Equal("x/y.txt", parameters.RootElement.GetProperty("path").GetString());
        Assert.Equal("/users/a%20b/files/x/y.txt", body.RootElement.GetProperty("rawPath").GetString());
    }

    [Fact]
    public async Task NoMatchingRoute_Is404NotFound()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("none", Echo), ["GET /only"]);
        using var response = await apis.SendAsync(apiId, HttpMethod.Post, "/only");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("apigw-requestid"));
    }

    [Fact]
    public async Task UnknownApi_Is404NotFound()
    {
        using var apis = fixture.Apis();
        using var response = await apis.SendAsync("zzzzzzzzzz", HttpMethod.Get, "/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NamedStage_IsTheFirstPathSegment_AndStaysInRawPath()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("staged", Echo), ["GET /items"]);
        await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/stages", """{"stageName":"prod","autoDeploy":true,"stageVariables":{"color":"blue"}}""");
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/prod/items");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("prod", body.RootElement.GetProperty("stage").GetString());
        Assert.Equal("/prod/items", body.RootElement.GetProperty("rawPath").GetString());
        Assert.Equal("$default", await StageOf(apis, apiId, "/items"));
    }

    [Fact]
    public async Task HostForm_ServesTheApiAtTheRoot_EvenForControlPlanePaths()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("host", Echo), ["GET /v2/apis", "POST /form"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/apis");
        request.Headers.Host = $"{apiId}.execute-api.localhost:{fixture.Endpoint.Port}";
        using var response = await apis.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("GET /v2/apis", body.RootElement.GetProperty("route").GetString());
        Assert.Equal("/v2/apis", body.RootElement.GetProperty("rawPath").GetString());

        using var form = await apis.SendAsync(apiId, HttpMethod.Post, "/form", new FormUrlEncodedContent([new("Action", "SendMessage")]));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    private static async Task<string?> RouteOf(ApiCaller apis, string apiId, HttpMethod method, string path)
    {
        using var response = await apis.SendAsync(apiId, method, path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("route").GetString();
    }

    private static async Task<string?> StageOf(ApiCaller apis, string apiId, string path)
    {
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("stage").GetString();
    }
}
