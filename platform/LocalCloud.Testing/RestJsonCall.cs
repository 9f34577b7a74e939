using System.Net.Http.Headers;
using System.Text;

namespace LocalCloud.Testing;

/// <summary>A raw restJson1 call (method, path and query, application/json body), so tests see and shape the wire bytes.</summary>
public static class RestJsonCall
{
    public static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string pathAndQuery, string? body = null, string? signingService = null) =>
        SendAsync(http, method, pathAndQuery, body is null ? null : Encoding.UTF8.GetBytes(body), signingService);

    /// <summary>A null <paramref name="body"/> sends none; with <paramref name="signingService"/>, adds an unverified SigV4 Authorization header scoped to that service.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string pathAndQuery, byte[]? body, string? signingService = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (signingService is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", ScopeOnlySignature.For(signingService));
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await http.SendAsync(request);
    }
}
