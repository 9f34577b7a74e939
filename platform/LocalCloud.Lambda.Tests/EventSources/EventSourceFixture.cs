using System.Net;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Lambda.EventSources;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Lambda.Tests.EventSources;

/// <summary>A local cloud whose functions are <see cref="FakeFunctions"/>, with stream retries at once.</summary>
public sealed class EventSourceFixture : LocalCloudFixture
{
    internal FakeFunctions Functions { get; } = new();

    internal LambdaCaller Lambda() => new(CreateHttpClient());

    internal static void UseFakes(LocalCloudOptions options, FakeFunctions functions)
    {
        options.ConfigureServices = services =>
        {
            services.AddSingleton<IFunctionPort>(functions);
            services.AddSingleton(new EventSourceOptions { RetryBaseDelay = TimeSpan.Zero, ErrorDelay = TimeSpan.FromMilliseconds(20) });
        };
    }

    protected override void Configure(LocalCloudOptions options) => UseFakes(options, Functions);
}

/// <summary>Lambda restJson1 calls signed (scope only) for <c>lambda</c>.</summary>
internal sealed class LambdaCaller(HttpClient http) : IDisposable
{
    public const string Mappings = "/2015-03-31/event-source-mappings";

    public async Task<LambdaResult> CallAsync(HttpMethod method, string pathAndQuery, string? body = null)
    {
        using var response = await RestJsonCall.SendAsync(http, method, pathAndQuery, body, signingService: "lambda");
        var text = await response.Content.ReadAsStringAsync();
        var error = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.Single() : null;
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new LambdaResult(response.StatusCode, error, json);
    }

    public async Task<JsonElement> OkAsync(HttpMethod method, string pathAndQuery, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var result = await CallAsync(method, pathAndQuery, body is null ? null : body as string ?? JsonSerializer.Serialize(body));
        Assert.True(result.Status == expected, $"{method} {pathAndQuery} answered {(int)result.Status} {result.ErrorType}: {result.Body}");
        return result.Body;
    }

    public Task<JsonElement> CreateAsync(object request) => OkAsync(HttpMethod.Post, Mappings, request, HttpStatusCode.Accepted);

    public Task<LambdaResult> TryCreateAsync(object request) => CallAsync(HttpMethod.Post, Mappings, JsonSerializer.Serialize(request));

    public void Dispose() => http.Dispose();
}

internal sealed record LambdaResult(HttpStatusCode Status, string? ErrorType, JsonElement Body)
{
    private const string MessageKey = "Message";

    public string Message => Body.ValueKind == JsonValueKind.Object
        ? Body.TryGetProperty(MessageKey, out var m) || Body.TryGetProperty("message", out m) ? m.GetString() ?? "" : ""
        : "";
}
