using System.Text;

namespace LocalCloud.Ses.Mail;

/// <summary>What the mailbox keeps of a raw MIME message: its headers (unfolded, encoded words decoded) and
/// the first text and HTML parts that are not attachments.</summary>
internal sealed record ParsedMail(IReadOnlyList<KeyValuePair<string, string>> Headers, string? Text, string? Html)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>A lenient MIME reader: multipart bodies, base64 and quoted-printable transfer encodings, charsets
/// and RFC 2047 encoded words. Anything it cannot read is kept as text rather than rejected.</summary>
internal static class MimeReader
{
    private const int MaxDepth = 20;

    public static ParsedMail Read(ReadOnlySpan<byte> data)
    {
        var (headers, body) = SplitEntity(Latin1.GetString(data));
        string? text = null;
        string? html = null;
        Walk(headers, body, 0, ref text, ref html);
        return new ParsedMail([.. headers.Select(h => new KeyValuePair<string, string>(h.Key, DecodeWords(h.Value)))], text, html);
    }

    /// <summary>Decodes RFC 2047 encoded words (<c>=?charset?B|Q?...?=</c>) in a header value.</summary>
    public static string DecodeWords(string value)
    {
        if (!value.Contains("=?", StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder();
        var position = 0;
        var lastWasWord = false;
        while (position < value.Length)
        {
            var start = value.IndexOf("=?", position, StringComparison.Ordinal);
            if (start < 0)
            {
                builder.Append(value, position, value.Length - position);
                break;
            }

            var between = value[position..start];
            if (!(lastWasWord && string.IsNullOrWhiteSpace(between)))
            {
                builder.Append(between);
            }

            if (TryDecodeWord(value, start, out var decoded, out var end))
            {
                builder.Append(decoded);
                position = end;
                lastWasWord = true;
            }
            else
            {
                builder.Append("=?");
                position = start + 2;
                lastWasWord = false;
            }
        }

        return builder.ToString();
    }

    private static bool TryDecodeWord(string value, int start, out string decoded, out int end)
    {
        decoded = string.Empty;
        end = start;
        var q1 = value.IndexOf('?', start + 2);
        var q2 = q1 < 0 ? -1 : value.IndexOf('?', q1 + 1);
        var close = q2 < 0 ? -1 : value.IndexOf("?=", q2 + 1, StringComparison.Ordinal);
        if (close < 0 || q2 != q1 + 2)
        {
            return false;
        }

        var charset = value[(start + 2)..q1];
        var mode = char.ToUpperInvariant(value[q1 + 1]);
        var payload = value[(q2 + 1)..close];
        byte[] bytes;
        if (mode == 'B')
        {
            try
            {
                bytes = Convert.FromBase64String(payload);
            }
            catch (FormatException)
            {
                return false;
            }
        }
        else if (mode == 'Q')
        {
            bytes = QuotedPrintable(payload.Replace('_', ' '));
        }
        else
        {
            return false;
        }

        decoded = MimeWriter.EncodingFor(charset.Split('*')[0]).GetString(bytes);
        end = close + 2;
        return true;
    }

    private static void Walk(List<KeyValuePair<string, string>> headers, string body, int depth, ref string? text, ref string? html)
    {
        var (mediaType, parameters) = ContentType(Find(headers, "Content-Type"));
        if (mediaType.StartsWith("multipart/", StringComparison.Ordinal) && parameters.TryGetValue("boundary", out var boundary) && depth < MaxDepth)
        {
            foreach (var part in Parts(body, boundary))
            {
                var (partHeaders, partBody) = SplitEntity(part);
                Walk(partHeaders, partBody, depth + 1, ref text, ref html);
            }

            return;
        }

        if ((Find(headers, "Content-Disposition") ?? string.Empty).TrimStart().StartsWith("attachment", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (mediaType is "text/plain" && text is null)
        {
            text = Decode(body, headers, parameters);
        }
        else if (mediaType is "text/html" && html is null)
        {
            html = Decode(body, headers, parameters);
        }
    }

    private static string Decode(string body, List<KeyValuePair<string, string>> headers, Dictionary<string, string> parameters)
    {
        var transfer = (Find(headers, "Content-Transfer-Encoding") ?? "7bit").Trim().ToLowerInvariant();
        var bytes = transfer switch
        {
            "base64" => Base64(body),
            "quoted-printable" => QuotedPrintable(body),
            _ => Latin1.GetBytes(body),
        };
        var charset = parameters.TryGetValue("charset", out var c) ? c : "us-ascii";
        var encoding = charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) ? MimeWriter.EncodingFor("utf-8") : MimeWriter.EncodingFor(charset);
        return encoding.GetString(bytes);
    }

    private static byte[] Base64(string body)
    {
        var clean = new StringBuilder(body.Length);
        foreach (var c in body)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                clean.Append(c);
            }
        }

        while (clean.Length % 4 != 0)
        {
            clean.Append('=');
        }

        try
        {
            return Convert.FromBase64String(clean.ToString());
        }
        catch (FormatException)
        {
            return Latin1.GetBytes(body);
        }
    }

    private static byte[] QuotedPrintable(string text)
    {
        var output = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '=' && i + 1 < text.Length && text[i + 1] is '\r' or '\n')
            {
                i += text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n' ? 2 : 1;
            }
            else if (c == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                output.Add((byte)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                output.Add((byte)c);
            }
        }

        return [.. output];
    }

    private static IEnumerable<string> Parts(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var lines = body.Split('\n');
        StringBuilder? current = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(delimiter, StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    yield return WithoutFinalLineBreak(current);
                }

                if (line.AsSpan(delimiter.Length).StartsWith("--"))
                {
                    yield break;
                }

                current = new StringBuilder();
                continue;
            }

            current?.Append(line).Append("\r\n");
        }

        if (current is not null)
        {
            yield return WithoutFinalLineBreak(current);
        }
    }

    /// <summary>The line break before a boundary belongs to the boundary (RFC 2046), not to the part.</summary>
    private static string WithoutFinalLineBreak(StringBuilder part) =>
        part.Length >= 2 && part[^2] == '\r' && part[^1] == '\n' ? part.ToString(0, part.Length - 2) : part.ToString();

    private static (List<KeyValuePair<string, string>> Headers, string Body) SplitEntity(string entity)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var position = 0;
        string? name = null;
        var value = new StringBuilder();
        while (position < entity.Length)
        {
            var newline = entity.IndexOf('\n', position);
            var end = newline < 0 ? entity.Length : newline;
            var line = entity[position..end].TrimEnd('\r');
            position = newline < 0 ? entity.Length : newline + 1;
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] is ' ' or '\t' && name is not null)
            {
                value.Append(' ').Append(line.Trim());
                continue;
            }

            if (name is not null)
            {
                headers.Add(new(name, value.ToString()));
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                name = null;
                value.Clear();
                continue;
            }

            name = line[..colon].Trim();
            value.Clear().Append(line[(colon + 1)..].Trim());
        }

        if (name is not null)
        {
            headers.Add(new(name, value.ToString()));
        }

        return (headers, position < entity.Length ? entity[position..] : string.Empty);
    }

    private static (string MediaType, Dictionary<string, string> Parameters) ContentType(string? header)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(header))
        {
            return ("text/plain", parameters);
        }

        var pieces = header.Split(';');
        foreach (var piece in pieces.Skip(1))
        {
            var equals = piece.IndexOf('=');
            if (equals > 0)
            {
                parameters[piece[..equals].Trim()] = piece[(equals + 1)..].Trim().Trim('"');
            }
        }

        return (pieces[0].Trim().ToLowerInvariant(), parameters);
    }

    private static string? Find(List<KeyValuePair<string, string>> headers, string name) =>
        headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private static readonly Encoding Latin1 = Encoding.Latin1;
}
