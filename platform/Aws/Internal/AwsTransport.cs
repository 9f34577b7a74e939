using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Aws.Internal;

/// <summary>
/// One signed <see cref="HttpClient"/> per client: the SigV4 handler sits directly on the transport, and
/// the retry loop sits above it, building a fresh request per attempt so that each attempt is re-signed.
/// </summary>
internal sealed class AwsTransport : IDisposable
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalException",
        "InternalServerError", "InternalServerErrorException", "ServiceUnavailable", "ServiceUnavailableException",
    };

    private readonly HttpClient _http;
    private readonly int _maxAttempts;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _timeProvider;

    public AwsTransport(AwsService service, AwsClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(service);
        options ??= new AwsClientOptions();
        var resolver = options.ConfigResolver ?? AwsConfigResolver.Default;
        Region = resolver.ResolveRegion(options.Region);
        Endpoint = resolver.ResolveEndpoint(service, Region, options.ServiceUrl);
        Credentials = resolver.ResolveCredentials(options.Credentials);
        var primary = options.PrimaryHandler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var signer = new SigV4SigningHandler(Credentials, Region, service.SigningName, primary);
        _http = new HttpClient(signer, disposeHandler: true) { BaseAddress = Endpoint, Timeout = options.AttemptTimeout };
        _maxAttempts = Math.Max(1, options.MaxAttempts);
        _baseDelay = options.RetryBaseDelay;
        _maxDelay = options.RetryMaxDelay;
        _timeProvider = options.TimeProvider;
    }

    public Uri Endpoint { get; }

    public RegionEndpoint Region { get; }

    public AWSCredentials Credentials { get; }

    public static ByteArrayContent Content(byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    public static T Deserialize<T>(byte[] body, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            var value = body.Length == 0 ? JsonSerializer.Deserialize("{}"u8, typeInfo) : JsonSerializer.Deserialize(body, typeInfo);
            return value ?? throw new AwsServiceException("The service answered with an empty JSON document.");
        }
        catch (JsonException ex)
        {
            throw new AwsServiceException("The service answered with a JSON document that could not be read: " + ex.Message, ex);
        }
    }

    public async Task<byte[]> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            AwsServiceException failure;
            using (var request = createRequest())
            {
                HttpResponseMessage response;
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                }
                catch (HttpRequestException ex)
                {
                    failure = new AwsServiceException("ConnectionFailure", $"Could not reach {Endpoint}: {ex.Message}", 0, null, ex);
                    if (attempt >= _maxAttempts)
                    {
                        throw failure;
                    }

                    await DelayAsync(attempt, cancellationToken);
                    continue;
                }
                catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new AwsServiceException("RequestTimeout", $"No answer from {Endpoint} in time.", 0, null, ex);
                    if (attempt >= _maxAttempts)
                    {
                        throw failure;
                    }

                    await DelayAsync(attempt, cancellationToken);
                    continue;
                }
                catch (AmazonClientException ex)
                {
                    throw new AwsServiceException("ClientError", ex.Message, 0, null, ex);
                }

                using (response)
                {
                    var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return body;
                    }

                    failure = AwsErrorParser.Parse(response.StatusCode, response.Headers, body);
                }
            }

            if (attempt >= _maxAttempts || !IsRetryable(failure))
            {
                throw failure;
            }

            await DelayAsync(attempt, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();

    internal static bool IsRetryable(AwsServiceException error) =>
        error.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
        || ThrottlingCodes.Contains(error.ErrorCode)
        || TransientCodes.Contains(error.ErrorCode);

    private Task DelayAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(_maxDelay.TotalMilliseconds, _baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // Jitter for retry backoff needs no cryptographic randomness.
        var delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _timeProvider, cancellationToken);
    }
}
