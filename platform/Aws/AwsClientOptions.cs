using Amazon.Runtime;

namespace Aws;

/// <summary>
/// Settings shared by the thin AWS clients. Everything is optional: unset values are resolved the way
/// the AWS SDKs resolve them (see <see cref="AwsConfigResolver"/>).
/// </summary>
public sealed class AwsClientOptions
{
    /// <summary>An explicit endpoint; wins over <c>AWS_ENDPOINT_URL_*</c> and the regional AWS endpoint.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>The signing region, e.g. <c>eu-west-1</c>.</summary>
    public string? Region { get; init; }

    /// <summary>Explicit credentials; otherwise the SDK's default credential chain.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Attempts per call, the first included (the SDKs' standard retry mode uses 3).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Base of the exponential backoff between attempts (full jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of one backoff delay.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The transport below the SigV4 signer. Defaults to a <see cref="SocketsHttpHandler"/> with
    /// automatic redirects off, as the signer requires.
    /// </summary>
    public HttpMessageHandler? PrimaryHandler { get; init; }

    /// <summary>Clock used for backoff delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Resolver for the values left unset; defaults to one that reads the process environment.</summary>
    public AwsConfigResolver? ConfigResolver { get; init; }
}
