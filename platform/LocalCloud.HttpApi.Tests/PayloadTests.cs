using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LocalCloud.HttpApi.Tests;

public sealed class PayloadTests(HttpApiHostFixture fixture) : IClassFixture<HttpApiHostFixture>
{
    [Fact]
    public async Task RequestV2_MapsHeadersCookiesQueryBodyAndRequestContext()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("v2request", _ => "{}");
        var (apiId, _) = await apis.CreateAsync(fn, ["POST /orders/{id}"]);
        using var content = new StringContent("""{"qty":2}""", Encoding.UTF8, "application/json");
        using var response = await apis.SendAsync(apiId, HttpMethod.Post, "/orders/42?a=1&a=2&b=x%20y", content, r =>
        {
            r.Headers.Add("Cookie", "s=1; t=2");
            r.Headers.Add("X-Multi", ["one", "two"]);
            r.Headers.UserAgent.ParseAdd("tests/1.0");
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var e = fixture.Functions.Last(fn);
        Assert.Equal("2.0", e.GetProperty("version").GetString());
        Assert.Equal("POST /orders/{id}", e.GetProperty("routeKey").GetString());
        Assert.Equal("/orders/42", e.GetProperty("rawPath").GetString());
        Assert.Equal("a=1&a=2&b=x%20y", e.GetProperty("rawQueryString").GetString());
        Assert.Equal(["s=1", "t=2"], e.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        var headers = e.GetProperty("headers");
        Assert.False(headers.TryGetProperty("cookie", out _));
        Assert.Equal("one, two", headers.GetProperty("x-multi").GetString());
        Assert.StartsWith("Root=1-", headers.GetProperty("x-amzn-trace-id").GetString());
        Assert.Equal("127.0.0.1", headers.GetProperty("x-forwarded-for").GetString());
        Assert.Equal("1,2", e.GetProperty("queryStringParameters").GetProperty("a").GetString());
        Assert.Equal("x y", e.GetProperty("queryStringParameters").GetProperty("b").GetString());
        Assert.Equal("42", e.GetProperty("pathParameters").GetProperty("id").GetString());
        Assert.Equal("""{"qty":2}""", e.GetProperty("body").GetString());
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
        Assert.False(e.TryGetProperty("stageVariables", out _));
        var context = e.GetProperty("requestContext");
        Assert.Equal("000000000000", context.GetProperty("accountId").GetString());
        Assert.Equal(apiId, context.GetProperty("apiId").GetString());
        Assert.Equal("POST", context.GetProperty("http").GetProperty("method").GetString());
        Assert.Equal("/orders/42", context.GetProperty("http").GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", context.GetProperty("http").GetProperty("protocol").GetString());
        Assert.Equal("tests/1.0", context.GetProperty("http").GetProperty("userAgent").GetString());
        Assert.Equal("$default", context.GetProperty("stage").GetString());
        Assert.Equal("01/Mar/2026:12:00:00 +0000", context.GetProperty("time").GetString());
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeMilliseconds(), context.GetProperty("timeEpoch").GetInt64());
        Assert.Equal(response.Headers.GetValues("apigw-requestid").Single(), context.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task RequestV2_WithoutBodyOrQuery_OmitsThem_AndBinaryBodiesAreBase64()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("v2binary", _ => "{}");
        var (apiId, _) = await apis.CreateAsync(fn, ["ANY /upload"]);
        using (await apis.SendAsync(apiId, HttpMethod.Get, "/upload"))
        {
        }

        var bare = fixture.Functions.Last(fn);
        Assert.False(bare.TryGetProperty("body", out _));
        Assert.False(bare.TryGetProperty("queryStringParameters", out _));
        Assert.False(bare.TryGetProperty("pathParameters", out _));
        Assert.False(bare.TryGetProperty("cookies", out _));

        using var content = new ByteArrayContent([0, 1, 2, 255]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using (await apis.SendAsync(apiId, HttpMethod.Post, "/upload", content))
        {
        }

        var binary = fixture.Functions.Last(fn);
        Assert.True(binary.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(Convert.ToBase64String([0, 1, 2, 255]), binary.GetProperty("body").GetString());
    }

    [Fact]
    public async Task ResponseV2_WithStatusCode_MapsStatusHeadersCookiesAndBase64Body()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("v2response", _ => $$"""
            {"statusCode":201,"headers":{"x-custom":"yes","content-type":"image/png"},"cookies":["a=1; Path=/","b=2"],
             "body":"{{Convert.ToBase64String([137, 80, 78, 71])}}","isBase64Encoded":true}
            """);
        var (apiId, _) = await apis.CreateAsync(fn, ["GET /r"]);
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/r");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("yes", response.Headers.GetValues("x-custom").Single());
        Assert.Equal(["a=1; Path=/", "b=2"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 137, 80, 78, 71 }, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("""{"message":"hi"}""", """{"message":"hi"}""")]
    [InlineData("\"Hello from Lambda!\"", "Hello from Lambda!")]
    [InlineData("[1,2]", "[1,2]")]
    [InlineData("42", "42")]
    public async Task ResponseV2_WithoutStatusCode_Is200JsonWithTheAnswerAsBody(string answer, string expectedBody)
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("v2plain", _ => answer), ["GET /p"]);
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/p");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expectedBody, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResponseV2_NotJson_Is500()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("v2garbage", _ => "not json"), ["GET /g"]);
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/g");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PayloadV1_HasMultiValueFields_AndNeedsStatusCode()
    {
        using var apis = fixture.Apis();
        var fn = fixture.Functions.Add("v1", e => e.GetProperty("path").GetString() == "/bad"
            ? """{"message":"no status"}"""
            : """{"statusCode":200,"multiValueHeaders":{"x-v":["1","2"]},"body":"ok"}""");
        var (apiId, _) = await apis.CreateAsync(fn, ["GET /items/{id}", "GET /bad"], payloadFormatVersion: "1.0");
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/items/7?a=1&a=2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["1", "2"], response.Headers.GetValues("x-v"));
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        var e = fixture.Functions.Last(fn);
        Assert.Equal("1.0", e.GetProperty("version").GetString());
        Assert.Equal("/items/{id}", e.GetProperty("resource").GetString());
        Assert.Equal("/items/7", e.GetProperty("path").GetString());
        Assert.Equal("GET", e.GetProperty("httpMethod").GetString());
        Assert.Equal("2", e.GetProperty("queryStringParameters").GetProperty("a").GetString());
        Assert.Equal(["1", "2"], e.GetProperty("multiValueQueryStringParameters").GetProperty("a").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("7", e.GetProperty("pathParameters").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("body").ValueKind);
        Assert.Equal("/items/{id}", e.GetProperty("requestContext").GetProperty("resourcePath").GetString());

        using var bad = await apis.SendAsync(apiId, HttpMethod.Get, "/bad");
        Assert.Equal(HttpStatusCode.InternalServerError, bad.StatusCode);
    }

    [Fact]
    public async Task ResponseV2_NoContentWithBody_AndUnsendableHeaders_AreServedWithoutThem()
    {
        using var apis = fixture.Apis();
        var (apiId, _) = await apis.CreateAsync(fixture.Functions.Add("v2odd", _ => """
            {"statusCode":204,"headers":{"bad header":"x","x-ok":"1","x-split":"a\r\nb"},"body":"ignored"}
            """), ["GET /odd"]);
        using var response = await apis.SendAsync(apiId, HttpMethod.Get, "/odd");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("x-ok").Single());
        Assert.False(response.Headers.Contains("x-split"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
