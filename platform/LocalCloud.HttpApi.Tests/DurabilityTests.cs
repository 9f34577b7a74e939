using System.Net;
using System.Text.Json;
using LocalCloud.Core.Ports;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.HttpApi.Tests;

public sealed class DurabilityTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "httpapi-" + Guid.NewGuid().ToString("N"));
    private readonly FakeFunctions _functions = new();

    [Fact]
    public async Task ApiRoutesAndStages_SurviveARestart_AndAreListedWithTheirUrls()
    {
        var fn = _functions.Add("durable", e => JsonSerializer.Serialize(new { route = e.GetProperty("routeKey").GetString() }));
        string apiId;
        await using (var first = await StartAsync())
        {
            using var apis = new ApiCaller(new HttpClient { BaseAddress = first.Endpoint });
            (apiId, _) = await apis.CreateAsync(fn, ["GET /kept/{id}"]);
        }

        await using var second = await StartAsync();
        using var again = new ApiCaller(new HttpClient { BaseAddress = second.Endpoint });
        using var response = await again.SendAsync(apiId, HttpMethod.Get, "/kept/1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"route":"GET /kept/{id}"}""", await response.Content.ReadAsStringAsync());

        using var list = JsonDocument.Parse(await again.Http.GetStringAsync(new Uri("/_localcloud/apis", UriKind.Relative)));
        var api = Assert.Single(list.RootElement.GetProperty("apis").EnumerateArray());
        Assert.Equal(apiId, api.GetProperty("apiId").GetString());
        Assert.Equal(
            [$"{second.Endpoint.ToString().TrimEnd('/')}/_api/{apiId}/", $"http://{apiId}.execute-api.localhost:{second.Endpoint.Port}/"],
            api.GetProperty("urls").EnumerateArray().Select(u => u.GetString()));

        using var status = JsonDocument.Parse(await again.Http.GetStringAsync(new Uri("/_localcloud/status", UriKind.Relative)));
        var service = status.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "apigateway");
        Assert.Equal(apiId, Assert.Single(service.GetProperty("status").GetProperty("apis").EnumerateArray()).GetProperty("apiId").GetString());
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private Task<Core.Hosting.LocalCloudHost> StartAsync() => LocalCloudFixture.StartHostAsync(options =>
    {
        options.InMemory = false;
        options.DataDirectory = _data;
        options.ConfigureServices = services => services.AddSingleton<IFunctionPort>(_functions);
    });
}
