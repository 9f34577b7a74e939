using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Aws.Internal;

/// <summary>
/// Reads an AWS error answer: the code from the <c>X-Amzn-ErrorType</c> header, else the body's
/// <c>code</c>/<c>Code</c>, else its <c>__type</c>; the namespace before <c>#</c> and anything after
/// <c>:</c> are dropped. The message from <c>message</c>/<c>Message</c>/<c>errorMessage</c>.
/// </summary>
internal static class AwsErrorParser
{
    public static AwsServiceException Parse(HttpStatusCode status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        string? code = null;
        string? message = null;
        if (headers.TryGetValues("X-Amzn-ErrorType", out var values))
        {
            code = values.FirstOrDefault();
        }

        if (!body.IsEmpty)
        {
            try
            {
                var reader = new Utf8JsonReader(body);
                using var document = JsonDocument.ParseValue(ref reader);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        if (property.Value.ValueKind != JsonValueKind.String)
                        {
                            continue;
                        }

                        var name = property.Name;
                        if (code is null && (name.Equals("code", StringComparison.OrdinalIgnoreCase) || name == "__type"))
                        {
                            code = property.Value.GetString();
                        }
                        else if (message is null && (name.Equals("message", StringComparison.OrdinalIgnoreCase) || name == "errorMessage"))
                        {
                            message = property.Value.GetString();
                        }
                    }
                }
            }
            catch (JsonException)
            {
            }
        }

        var sanitized = Sanitize(code);
        var errorCode = string.IsNullOrEmpty(sanitized) ? FallbackCode(status) : sanitized;
        return new AwsServiceException(
            errorCode,
            string.IsNullOrEmpty(message) ? $"{errorCode} ({(int)status})" : message,
            status,
            RequestId(headers));
    }

    public static string? RequestId(HttpResponseHeaders headers)
    {
        foreach (var name in (ReadOnlySpan<string>)["x-amzn-RequestId", "x-amz-request-id", "x-amzn-request-id"])
        {
            if (headers.TryGetValues(name, out var values))
            {
                return values.FirstOrDefault();
            }
        }

        return null;
    }

    internal static string? Sanitize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var value = code.Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            value = value[..colon];
        }

        var hash = value.LastIndexOf('#');
        if (hash >= 0)
        {
            value = value[(hash + 1)..];
        }

        return value.Trim();
    }

    private static string FallbackCode(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "BadRequest",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "AccessDenied",
        HttpStatusCode.NotFound => "NotFound",
        HttpStatusCode.TooManyRequests => "Throttling",
        HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
        _ when (int)status >= 500 => "InternalFailure",
        _ => "UnknownError",
    };
}
