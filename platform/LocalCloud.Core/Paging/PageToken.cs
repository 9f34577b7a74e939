using System.Buffers.Text;
using System.Text;

namespace LocalCloud.Core.Paging;

/// <summary>The one opaque <c>NextToken</c> format of the local cloud: the sort key of the last item of a page,
/// versioned and base64url-encoded. A service answers a token it cannot read with its own AWS error.</summary>
public static class PageToken
{
    private const string Version = "1:";

    public static string Encode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + key));
    }

    public static bool TryDecode(string? token, out string key)
    {
        key = "";
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        if (!text.StartsWith(Version, StringComparison.Ordinal))
        {
            return false;
        }

        key = text[Version.Length..];
        return true;
    }

    /// <summary>The page after <paramref name="nextToken"/> of items in ascending ordinal order of
    /// <paramref name="key"/>, and the token of the page after it (null on the last page).</summary>
    public static (List<T> Page, string? NextToken) Page<T>(
        IEnumerable<T> ordered,
        Func<T, string> key,
        string? nextToken,
        int limit,
        Func<Exception> invalidToken)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(invalidToken);
        var items = ordered;
        if (nextToken is not null)
        {
            if (!TryDecode(nextToken, out var after))
            {
                throw invalidToken();
            }

            items = items.Where(i => string.CompareOrdinal(key(i), after) > 0);
        }

        var page = items.Take(limit + 1).ToList();
        if (page.Count <= limit)
        {
            return (page, null);
        }

        page.RemoveAt(limit);
        return (page, Encode(key(page[^1])));
    }
}
