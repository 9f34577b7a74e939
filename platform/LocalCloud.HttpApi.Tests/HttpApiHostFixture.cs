using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.HttpApi.Tests;

/// <summary>A local cloud with a manual clock and <see cref="FakeFunctions"/> in place of the Lambda service.</summary>
public class HttpApiHostFixture : LocalCloudFixture
{
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public FakeFunctions Functions { get; } = new();

    public ApiCaller Apis() => new(CreateHttpClient());

    protected override void Configure(LocalCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TimeProvider = Clock;
        options.ConfigureServices = services => services.AddSingleton<IFunctionPort>(Functions);
    }
}

/// <summary>Functions held in memory: a handler per ARN, every invocation recorded, permissions that can be withdrawn.</summary>
public sealed class FakeFunctions : IFunctionPort
{
    private readonly ConcurrentDictionary<string, Func<JsonElement, CancellationToken, Task<string>>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _denied = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Arn, JsonElement Event)> Invocations { get; } = new();

    public ConcurrentQueue<(string Arn, string Principal, string? SourceArn)> PermissionChecks { get; } = new();

    public static string Arn(string name) => $"arn:aws:lambda:us-east-1:000000000000:function:{name}";

    /// <summary>A function answering <paramref name="handler"/>'s JSON; it throws <see cref="FunctionFailureException"/> for a function error.</summary>
    public string Add(string name, Func<JsonElement, CancellationToken, Task<string>> handler)
    {
        _handlers[Arn(name)] = handler;
        return Arn(name);
    }

    public string Add(string name, Func<JsonElement, string> handler) => Add(name, (e, _) => Task.FromResult(handler(e)));

    public void Deny(string arn) => _denied[arn] = true;

    public JsonElement Last(string arn) => Invocations.Last(i => i.Arn == arn).Event;

    public int Count(string arn) => Invocations.Count(i => i.Arn == arn);

    public FunctionDescription? Describe(string functionArn) =>
        _handlers.ContainsKey(functionArn) ? new FunctionDescription(functionArn, functionArn.Split(':')[^1], "000000000000", "us-east-1", 3, 128, null) : null;

    public bool IsInvokeAllowed(string functionArn, string principal, string? sourceArn, string? sourceAccount)
    {
        PermissionChecks.Enqueue((functionArn, principal, sourceArn));
        return !_denied.ContainsKey(functionArn);
    }

    public async Task<FunctionResult> InvokeAsync(string functionArn, ReadOnlyMemory<byte> payload, FunctionInvokeOptions? options, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(functionArn, out var handler))
        {
            throw new ServiceException("ResourceNotFoundException", $"Function not found: {functionArn}", 404);
        }

        using var document = JsonDocument.Parse(payload);
        var input = document.RootElement.Clone();
        Invocations.Enqueue((functionArn, input));
        try
        {
            var output = await handler(input, cancellationToken);
            return new FunctionResult(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(output), null, "$LATEST", null);
        }
        catch (FunctionFailureException failure)
        {
            var error = JsonSerializer.Serialize(new Dictionary<string, string> { ["errorMessage"] = failure.Message, ["errorType"] = "Exception" });
            return new FunctionResult(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(error), "Unhandled", "$LATEST", null);
        }
    }
}

public sealed class FunctionFailureException(string message) : Exception(message);

/// <summary>ApiGatewayV2 restJson1 calls signed (scope only) for <c>apigateway</c>, and requests to the APIs themselves.</summary>
public sealed class ApiCaller(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<ApiResult> CallAsync(HttpMethod method, string pathAndQuery, string? body = null)
    {
        using var response = await RestJsonCall.SendAsync(http, method, pathAndQuery, body, signingService: "apigateway");
        var text = await response.Content.ReadAsStringAsync();
        var error = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.Single() : null;
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiResult(response.StatusCode, error, json);
    }

    public async Task<JsonElement> OkAsync(HttpMethod method, string pathAndQuery, string? body = null)
    {
        var result = await CallAsync(method, pathAndQuery, body);
        Assert.True((int)result.Status is >= 200 and < 300, $"{method} {pathAndQuery} answered {(int)result.Status} {result.ErrorType}: {result.Body}");
        return result.Body;
    }

    public async Task<string> QuickCreateAsync(string functionArn, string? routeKey = null)
    {
        var body = new Dictionary<string, string> { ["name"] = "quick", ["protocolType"] = "HTTP", ["target"] = functionArn };
        if (routeKey is not null)
        {
            body["routeKey"] = routeKey;
        }

        return (await OkAsync(HttpMethod.Post, "/v2/apis", JsonSerializer.Serialize(body))).GetProperty("apiId").GetString()!;
    }

    /// <summary>An API with one AWS_PROXY integration to <paramref name="functionArn"/> and these routes, on an auto-deploy <c>$default</c> stage.</summary>
    public async Task<(string ApiId, string IntegrationId)> CreateAsync(string functionArn, IEnumerable<string> routeKeys, string payloadFormatVersion = "2.0", string? cors = null)
    {
        var apiBody = cors is null ? """{"name":"api","protocolType":"HTTP"}""" : $$"""{"name":"api","protocolType":"HTTP","corsConfiguration":{{cors}}}""";
        var apiId = (await OkAsync(HttpMethod.Post, "/v2/apis", apiBody)).GetProperty("apiId").GetString()!;
        var integrationId = (await OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/integrations",
            $$"""{"integrationType":"AWS_PROXY","integrationUri":"{{functionArn}}","payloadFormatVersion":"{{payloadFormatVersion}}"}"""))
            .GetProperty("integrationId").GetString()!;
        foreach (var routeKey in routeKeys)
        {
            await OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["routeKey"] = routeKey,
                ["target"] = "integrations/" + integrationId,
            }));
        }

        await OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/stages", """{"stageName":"$default","autoDeploy":true}""");
        return (apiId, integrationId);
    }

    /// <summary>A request to an API under <c>/_api/{apiId}</c>.</summary>
    public Task<HttpResponseMessage> SendAsync(string apiId, HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, $"/_api/{apiId}{path}") { Content = content };
        configure?.Invoke(request);
        return http.SendAsync(request);
    }

    public void Dispose() => http.Dispose();
}

public sealed record ApiResult(HttpStatusCode Status, string? ErrorType, JsonElement Body)
{
    public string Message => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
}
