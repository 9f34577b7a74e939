using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LocalCloud.S3.Protocol;

/// <summary>A conditional request that does not proceed: 304 Not Modified or 412 Precondition Failed (naming the condition).</summary>
internal sealed record PreconditionOutcome(int Status, string Condition);

/// <summary>
/// <c>If-Match</c>, <c>If-Unmodified-Since</c>, <c>If-None-Match</c> and <c>If-Modified-Since</c> as S3 evaluates them:
/// a failed <c>If-Match</c> is 412 (and a true one makes <c>If-Unmodified-Since</c> irrelevant); a matching
/// <c>If-None-Match</c> is 304 (and a present one makes <c>If-Modified-Since</c> irrelevant). Dates compare at second
/// precision.
/// </summary>
internal static class Preconditions
{
    public static PreconditionOutcome? Evaluate(IHeaderDictionary headers, string etag, DateTimeOffset lastModified)
    {
        var modified = DateTimeOffset.FromUnixTimeSeconds(lastModified.ToUnixTimeSeconds());
        var ifMatch = headers.IfMatch.ToString();
        if (ifMatch.Length > 0)
        {
            if (!Matches(ifMatch, etag))
            {
                return new PreconditionOutcome(412, "If-Match");
            }
        }
        else if (Date(headers.IfUnmodifiedSince.ToString()) is { } unmodifiedSince && modified > unmodifiedSince)
        {
            return new PreconditionOutcome(412, "If-Unmodified-Since");
        }

        var ifNoneMatch = headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            if (Matches(ifNoneMatch, etag))
            {
                return new PreconditionOutcome(304, "If-None-Match");
            }
        }
        else if (Date(headers.IfModifiedSince.ToString()) is { } modifiedSince && modified <= modifiedSince)
        {
            return new PreconditionOutcome(304, "If-Modified-Since");
        }

        return null;
    }

    private static bool Matches(string header, string etag)
    {
        var bare = etag.Trim('"');
        foreach (var candidate in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var value = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (value == "*" || value.Trim('"') == bare)
            {
                return true;
            }
        }

        return false;
    }

    private static DateTimeOffset? Date(string value) =>
        value.Length > 0 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var date)
            ? date
            : null;
}

/// <summary>
/// A single <c>Range: bytes=…</c> (<c>a-b</c>, <c>a-</c>, <c>-n</c>) against an object's size: null for no range or
/// one S3 ignores (malformed, several ranges), <c>InvalidRange</c> (416) when it starts beyond the object.
/// </summary>
internal static class Ranges
{
    public static (long Offset, long Length)? Parse(string? header, long size)
    {
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return null;
            }

            if (suffix == 0 || size == 0)
            {
                throw S3Errors.InvalidRange(header, size);
            }

            var length = Math.Min(suffix, size);
            return (size - length, length);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        long end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return null;
            }
        }

        if (start >= size)
        {
            throw S3Errors.InvalidRange(header, size);
        }

        end = Math.Min(end, size - 1);
        return (start, end - start + 1);
    }
}
