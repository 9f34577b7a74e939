using System.Net.Http.Headers;
using System.Text;

namespace LocalCloud.Testing;

/// <summary>A raw awsJson1_0/1_1 call (POST / with X-Amz-Target), so tests see and shape the wire bytes.</summary>
public static class AwsJsonCall
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string target, string body, string jsonVersion = "1.1", string? signingService = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        return await PostAsync(http, target, Encoding.UTF8.GetBytes(body), jsonVersion, signingService);
    }

    /// <summary>With <paramref name="signingService"/>, adds an unverified SigV4 Authorization header scoped to that service
    /// and <paramref name="region"/> (the client may also sign for real).</summary>
    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient http,
        string target,
        byte[] body,
        string jsonVersion = "1.1",
        string? signingService = null,
        string region = "us-east-1",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (signingService is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", ScopeOnlySignature.For(signingService, region));
        }

        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-amz-json-{jsonVersion}");
        return await http.SendAsync(request, cancellationToken);
    }
}
