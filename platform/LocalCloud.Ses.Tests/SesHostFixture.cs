using System.Net;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Ses.Mailbox;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Ses.Tests;

/// <summary>A local cloud with a manual clock and the SES sandbox rule on (the default).</summary>
public class SesHostFixture : LocalCloudFixture
{
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public SesCaller Ses() => new(CreateHttpClient());

    public MailboxClient Mailbox() => new(CreateHttpClient());

    protected override void Configure(LocalCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TimeProvider = Clock;
    }
}

/// <summary>The same with <see cref="SesOptions.AllowAnySender"/>.</summary>
public sealed class AnySenderHostFixture : SesHostFixture
{
    protected override void Configure(LocalCloudOptions options)
    {
        base.Configure(options);
        options.ConfigureServices = services => services.AddSingleton(new SesOptions { AllowAnySender = true });
    }
}

/// <summary>SES v2 restJson1 calls signed (scope only) for <c>ses</c>, answering the status, the error type and the JSON body.</summary>
public sealed class SesCaller(HttpClient http) : IDisposable
{
    public async Task<SesResult> CallAsync(HttpMethod method, string pathAndQuery, string? body = null)
    {
        using var response = await RestJsonCall.SendAsync(http, method, pathAndQuery, body, signingService: "ses");
        var text = await response.Content.ReadAsStringAsync();
        var error = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.Single() : null;
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new SesResult(response.StatusCode, error, json);
    }

    public async Task<JsonElement> OkAsync(HttpMethod method, string pathAndQuery, string? body = null)
    {
        var result = await CallAsync(method, pathAndQuery, body);
        Assert.True(result.Status == HttpStatusCode.OK, $"{method} {pathAndQuery} answered {(int)result.Status} {result.ErrorType}: {result.Body}");
        return result.Body;
    }

    public async Task<string> SendAsync(string body) =>
        (await OkAsync(HttpMethod.Post, "/v2/email/outbound-emails", body)).GetProperty("MessageId").GetString()!;

    public Task<JsonElement> VerifyAsync(string identity) =>
        OkAsync(HttpMethod.Post, "/v2/email/identities", JsonSerializer.Serialize(new Dictionary<string, string> { ["EmailIdentity"] = identity }));

    public void Dispose() => http.Dispose();
}

public sealed record SesResult(HttpStatusCode Status, string? ErrorType, JsonElement Body)
{
    public string Message => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
}
