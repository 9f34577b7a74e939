using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace LocalCloud.Benchmarks;

/// <summary>Minimal signed awsJson1_1 client for the EventBridge operations the benchmark needs.</summary>
internal sealed class EventsApi : IDisposable
{
    private readonly HttpClient _http;

    public EventsApi(Uri endpoint, int maxConnections)
    {
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            UseProxy = false,
        };
        var signer = new SigV4SigningHandler(new BasicAWSCredentials("bench", "bench"), RegionEndpoint.USEast1, "events", sockets);
        _http = new HttpClient(signer) { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<JsonDocument> CallAsync(string operation, byte[] body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "AWSEvents." + operation);
        using var response = await _http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException(
                $"{operation} failed with {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        }

        return bytes.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(bytes);
    }

    public async Task CallAndForgetAsync(string operation, Action<Utf8JsonWriter> write, CancellationToken ct)
    {
        using var doc = await CallAsync(operation, Json(write), ct);
    }

    public static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public void Dispose() => _http.Dispose();
}
