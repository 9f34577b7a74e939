using System.Net;
using System.Net.Http.Headers;

namespace LocalCloud.HttpApi.Tests;

public sealed class ErrorTests(HttpApiHostFixture fixture) : IClassFixture<HttpApiHostFixture>
{
    [Fact]
    public async Task FunctionError_Is500InternalServerError()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("throws", _ => throw new FunctionFailureException("boom")), ["GET /x"]);
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/x");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MissingFunction_Is500()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(FakeFunctions.Arn("never-created"), ["GET /x"]);
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/x");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task MissingPermission_Is500_AndTheCheckNamesTheRouteArn()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("denied", _ => "{}");
        fixture.Functions.Deny(fn);
        var (apiId, _) = await apis.CreateAsync(fn, ["GET /x/{id}"]);
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/x/1");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(0, fixture.Functions.Count(fn));
        var check = fixture.Functions.PermissionChecks.Last(c => c.Arn == fn);
        Assert.Equal("apigateway.amazonaws.com", check.Principal);
        Assert.Equal($"arn:aws:execute-api:us-east-1:000000000000:{apiId}/$default/GET/x/1", check.SourceArn);
    }

    [Fact]
    public async Task BodyOver10MB_Is413()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("big", _ => "{}");
        var (apiId, _) = await apis.CreateAsync(fn, ["POST /upload"]);
        using var content = new ByteArrayContent(new byte[(10 * 1024 * 1024) + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await apis.SendAsync(apiId, HttpMethod.Post, "/upload", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("""{"message":"Request Entity Too Large"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, fixture.Functions.Count(fn));

        using var exactly = new ByteArrayContent(new byte[10 * 1024 * 1024]);
        exactly.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var accepted = await apis.SendAsync(apiId, HttpMethod.Post, "/upload", exactly);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task FunctionPastTheIntegrationTimeout_Is503()
    {
        using var apis = fixture.Apis();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fn = fixture.Functions.Add("slow", async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "{}";
        });
        var (apiId, _) = await apis.CreateAsync(fn, ["GET /slow"]);
        var call = apis.SendAsync(apiId, HttpMethod.Get, "/slow");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        using var response = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("""{"message":"Service Unavailable"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RouteWithoutIntegration_Is404()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("lonely", _ => "{}"), []);
        await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", """{"routeKey":"GET /nothing"}""");
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/nothing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
