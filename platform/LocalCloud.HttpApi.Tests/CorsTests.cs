using System.Net;

namespace LocalCloud.HttpApi.Tests;

public sealed class CorsTests(HttpApiHostFixture fixture) : IClassFixture<HttpApiHostFixture>
{
    private const string Cors = """{"allowOrigins":["https://shop.example.com"],"allowMethods":["GET","POST"],"allowHeaders":["content-type","x-api-key"],"exposeHeaders":["x-request-id"],"maxAge":300,"allowCredentials":true}""";

    private static HttpRequestMessage Preflight(string apiId, string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, $"/_api/{apiId}{path}");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    [Fact]
    public async Task Preflight_IsAnsweredByApiGateway_WithoutAnOptionsRoute()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("cors-preflight", _ => "{}");
        var (apiId, _) = await apis.CreateAsync(fn, ["POST /orders"], cors: Cors);
        using var request = Preflight(apiId, "/orders", "https://shop.example.com");
        using var response = await apis.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://shop.example.com", response.Headers.GetValues("access-control-allow-origin").Single());
        Assert.Equal("GET,POST", response.Headers.GetValues("access-control-allow-methods").Single());
        Assert.Equal("content-type,x-api-key", response.Headers.GetValues("access-control-allow-headers").Single());
        Assert.Equal("300", response.Headers.GetValues("access-control-max-age").Single());
        Assert.Equal("true", response.Headers.GetValues("access-control-allow-credentials").Single());
        Assert.Equal(0, fixture.Functions.Count(fn));
    }

    [Fact]
    public async Task Preflight_FromAnotherOrigin_GetsNoCorsHeaders()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("cors-foreign", _ => "{}"), ["POST /orders"], cors: Cors);
        using var request = Preflight(apiId, "/orders", "https://evil.example.com");
        using var response = await apis.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(response.Headers.Contains("access-control-allow-origin"));
    }

    [Fact]
    public async Task SimpleRequest_GetsTheConfiguredHeaders_ReplacingTheFunctions()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("cors-simple", _ => """{"statusCode":200,"headers":{"access-control-allow-origin":"*"},"body":"ok"}""");
        var (apiId, _) = await apis.CreateAsync(fn, ["GET /orders"], cors: Cors);
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/orders", configure: r => r.Headers.Add("Origin", "https://shop.example.com"));
        Assert.Equal("https://shop.example.com", response.Headers.GetValues("access-control-allow-origin").Single());
        Assert.Equal("x-request-id", response.Headers.GetValues("access-control-expose-headers").Single());
    }

    [Fact]
    public async Task Preflight_OnDefaultRouteOnlyApi_GoesToTheFunction()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("cors-default", _ => """{"statusCode":200,"body":""}""");
        var (apiId, _) = await apis.CreateAsync(fn, ["$default"], cors: Cors);
        using var request = Preflight(apiId, "/anything", "https://shop.example.com");
        using var response = await apis.Http.SendAsync(request);
        Assert.Equal(1, fixture.Functions.Count(fn));
        Assert.Equal("https://shop.example.com", response.Headers.GetValues("access-control-allow-origin").Single());
    }
}
