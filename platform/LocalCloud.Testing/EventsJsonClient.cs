using System.Net;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Xunit;

namespace LocalCloud.Testing;

/// <summary>A SigV4-signed awsJson1_1 client that returns raw JSON, so tests see the wire shapes.</summary>
public sealed class EventsJsonClient : IDisposable
{
    private readonly HttpClient _http;

    public EventsJsonClient(Uri endpoint)
    {
        var signer = new SigV4SigningHandler(
            new BasicAWSCredentials("test", "test"),
            RegionEndpoint.USEast1,
            "events",
            new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        _http = new HttpClient(signer) { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<JsonElement> CallAsync(string operation, string json, CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(operation, json, cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            var error = AwsError.Parse(status, body);
            throw new AwsErrorException(error);
        }

        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<AwsError> ErrorAsync(string operation, string json)
    {
        var (status, body) = await SendAsync(operation, json, CancellationToken.None);
        Assert.True(status != HttpStatusCode.OK, $"{operation} unexpectedly succeeded: {body}");
        return AwsError.Parse(status, body);
    }

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(string operation, string json, CancellationToken cancellationToken)
    {
        using var response = await AwsJsonCall.PostAsync(_http, "AWSEvents." + operation, Encoding.UTF8.GetBytes(json), "1.1", signingService: null, cancellationToken: cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}

public sealed record AwsError(HttpStatusCode Status, string Code, string ErrorMessage)
{
    public static AwsError Parse(HttpStatusCode status, string body)
    {
        using var doc = JsonDocument.Parse(body);
        var type = doc.RootElement.GetProperty("__type").GetString() ?? "";
        var code = type[(type.LastIndexOf('#') + 1)..];
        var message = doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? ""
            : doc.RootElement.TryGetProperty("Message", out var m2) ? m2.GetString() ?? "" : "";
        return new AwsError(status, code, message);
    }
}

public sealed class AwsErrorException(AwsError error) : Exception($"{error.Code}: {error.ErrorMessage}")
{
    public AwsError Error { get; } = error;
}
