using System.Net.Http.Headers;
using System.Text;

namespace LocalCloud.Testing;

public static class AwsJsonCall
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string target, string body, string jsonVersion = "1.1", string? signingService = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        return await PostAsync(http, target, Encoding.UTF8.GetBytes(body), jsonVersion, signingService);
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string target, byte[] body, string jsonVersion = "1.1", string? signingService = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (signingService is not null)
        {
            request.Headers.TryAddWithoutValidation(
                "Authorization",
                $"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{signingService}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        }

        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-amz-json-{jsonVersion}");
        return await http.SendAsync(request);
    }
}
