using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.S3;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;

namespace LocalCloud.S3.Tests;

/// <summary>An in-process local cloud for S3 tests, with real <see cref="AmazonS3Client"/>s and raw calls.</summary>
public sealed class S3HostFixture : LocalCloudFixture
{
    public AmazonS3Client CreateClient(bool pathStyle = true, string region = "us-east-1", string accessKeyId = "test") =>
        S3Clients.Create(Endpoint, pathStyle, region, accessKeyId);

    public HttpClient CreateRawClient() => S3Clients.Raw(Endpoint);
}

/// <summary>Connects every host name to 127.0.0.1, as browsers and curl resolve <c>*.localhost</c> (.NET's resolver
/// does not), so the SDK can address buckets virtual-host style at <c>{bucket}.s3.localhost</c>.</summary>
public sealed class LoopbackHttpClientFactory : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(Handler());

    public static SocketsHttpHandler Handler() => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(System.Net.IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

public static class S3Clients
{
    public static AmazonS3Client Create(Uri endpoint, bool pathStyle = true, string region = "us-east-1", string accessKeyId = "test")
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var config = new AmazonS3Config
        {
            ServiceURL = pathStyle ? endpoint.ToString() : $"http://s3.localhost:{endpoint.Port}",
            ForcePathStyle = pathStyle,
            AuthenticationRegion = region,
            MaxErrorRetry = 0,
        };
        if (!pathStyle)
        {
            config.HttpClientFactory = new LoopbackHttpClientFactory();
        }

        return new AmazonS3Client(new BasicAWSCredentials(accessKeyId, "test"), config);
    }

    public static HttpClient Raw(Uri endpoint) => new() { BaseAddress = endpoint };

    /// <summary>A request signed (in scope only) for S3, so the local cloud routes it to S3.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string pathAndQuery, HttpContent? content = null, string region = "us-east-1")
    {
        var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", ScopeOnlySignature.For("s3", region));
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        return request;
    }

    public static ByteArrayContent Bytes(byte[] data, string? contentType = null)
    {
        var content = new ByteArrayContent(data);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

#pragma warning disable CA5351 // S3's ETag is an MD5 digest: the tests compute it as S3 does, not for security
    public static byte[] Md5(byte[] data) => System.Security.Cryptography.MD5.HashData(data);
#pragma warning restore CA5351

    public static string ETagOf(byte[] data) => "\"" + Convert.ToHexStringLower(Md5(data)) + "\"";

    public static string NewBucket(string prefix = "b") => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public static byte[] RandomBytes(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static RequestContext Context(LocalCloudFixture fixture, string region = "us-east-1") => new()
    {
        RequestId = Guid.NewGuid().ToString(),
        Region = region,
        AccountId = "000000000000",
        Endpoint = fixture.Endpoint,
    };
}
