using System.Net;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Core.Tests.Hosting;

public sealed class RequestDispatchTests : IAsyncLifetime, IDisposable
{
    private LocalCloudHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalCloudFixture.StartHostAsync(o => o.ConfigureServices = services =>
        {
            services.AddAwsJsonService<EchoJsonService>();
            services.AddAwsJsonService<ShadowJsonService>();
            services.AddRestJsonService<WidgetRestService>();
        });
        _http = new HttpClient { BaseAddress = _host.Endpoint };
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task AwsJson_KnownOperation_ReturnsServiceBodyWithProtocolContentType()
    {
        using var response = await AwsJsonCall.PostAsync(_http, "Echo_2020.Echo", "{\"Name\":\"a\",\"Count\":2}", signingService: "echo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        Assert.Equal("{\"Name\":\"a\",\"Count\":2}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AwsJson_UnknownOperation_IsUnknownOperationException()
    {
        using var response = await AwsJsonCall.PostAsync(_http, "Echo_2020.Nope", "{}");
        var (type, message) = await ReadErrorAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("UnknownOperationException", type);
        Assert.Contains("Echo_2020.Nope", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsJson_UnknownTargetPrefix_IsUnknownOperationException()
    {
        using var response = await AwsJsonCall.PostAsync(_http, "Nobody_1.Do", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("UnknownOperationException", (await ReadErrorAsync(response)).Type);
    }

    [Theory]
    [InlineData("{\"Name\":")]
    [InlineData("not json")]
    [InlineData("{\"Name\":5}")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public async Task AwsJson_MalformedOrWrongTypes_IsSerializationException(string body)
    {
        using var response = await AwsJsonCall.PostAsync(_http, "Echo_2020.Echo", body, signingService: "echo");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("SerializationException", (await ReadErrorAsync(response)).Type);
    }

    [Fact]
    public async Task AwsJson_MissingRequiredField_IsValidationException()
    {
        using var response = await AwsJsonCall.PostAsync(_http, "Echo_2020.Echo", "{\"Count\":1}", signingService: "echo");
        var (type, message) = await ReadErrorAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationException", type);
        Assert.Contains("'name'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsJson_ServiceError_HasCodeMessageStatusAndQueryErrorHeader()
    {
        using var response = await AwsJsonCall.PostAsync(_http, "Echo_2020.Fail", "{}", signingService: "echo");
        var (type, message) = await ReadErrorAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", type);
        Assert.Equal("Thing x does not exist.", message);
        Assert.Equal("AWS.Echo.NotFound;Sender", Assert.Single(response.Headers.GetValues("x-amzn-query-error")));
    }

    [Fact]
    public async Task AwsJson_ServiceError_CarriesTheErrorsExtraMembersAfterTheMessage()
    {
        using var response = await AwsJsonCall.PostAsync(_http, "Echo_2020.FailWithItem", "{}", signingService: "echo");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"__type":"ConditionalCheckFailedException","message":"The conditional request failed","Item":{"pk":{"S":"a"}}}""", body);
    }

    [Fact]
    public async Task AwsJson_UnexpectedException_Is500InternalFailureAndCounted()
    {
        var diagnostics = _host.Services.GetRequiredService<HostDiagnostics>();
        using var response = await AwsJsonCall.PostAsync(_http, "Echo_2020.Crash", "{}", signingService: "echo");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("InternalFailure", (await ReadErrorAsync(response)).Type);
        Assert.Equal(1, diagnostics.InternalFailures);
    }

    [Fact]
    public async Task AwsJson_SharedTargetPrefix_IsDisambiguatedBySigningScope()
    {
        using var echo = await AwsJsonCall.PostAsync(_http, "Echo_2020.WhoAmI", "{}", signingService: "echo");
        using var shadow = await AwsJsonCall.PostAsync(_http, "Echo_2020.WhoAmI", "{}", jsonVersion: "1.0", signingService: "shadow");

        Assert.Equal("{\"region\":\"us-east-1\",\"service\":\"echo\"}", await echo.Content.ReadAsStringAsync());
        Assert.Equal("{\"shadow\":true}", await shadow.Content.ReadAsStringAsync());
        Assert.Equal("application/x-amz-json-1.0", shadow.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task RestJson_RouteWithPathAndQuery_ReachesHandler()
    {
        using var response = await _http.GetAsync(new Uri("/v1/widgets/blue%20one?color=red", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"Name\":\"blue one\",\"Color\":\"red\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RestJson_ServiceError_HasErrorTypeHeaderAndServiceMessageKey()
    {
        using var response = await _http.GetAsync(new Uri("/v1/widgets/missing", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NotFoundException", Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
        Assert.Equal("Widget missing not found.", body.RootElement.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task RestJson_MalformedBody_IsSerializationException()
    {
        using var content = new StringContent("{\"Count\":\"x\"}", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri("/v1/widgets/a", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("SerializationException", Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
    }

    [Fact]
    public async Task UnknownPath_Is404UnknownOperation()
    {
        using var response = await _http.GetAsync(new Uri("/v9/nothing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("UnknownOperationException", Assert.Single(response.Headers.GetValues("X-Amzn-ErrorType")));
    }

    [Fact]
    public async Task Status_ListsEveryRegisteredService()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri("/_localcloud/status", UriKind.Relative)));
        var names = document.RootElement.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();

        Assert.Contains("echo", names);
        Assert.Contains("shadow", names);
        Assert.Contains("widgets", names);
        Assert.Equal(_host.Endpoint.ToString().TrimEnd('/'), document.RootElement.GetProperty("endpoint").GetString());
    }

    [Fact]
    public void Endpoint_IsLoopbackWithRealPort()
    {
        Assert.Equal("127.0.0.1", _host.Endpoint.Host);
        Assert.NotEqual(0, _host.Endpoint.Port);
    }

    private static async Task<(string Type, string Message)> ReadErrorAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (document.RootElement.GetProperty("__type").GetString()!, document.RootElement.GetProperty("message").GetString()!);
    }
}
