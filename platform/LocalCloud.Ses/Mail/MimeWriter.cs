using System.Globalization;
using System.Text;

namespace LocalCloud.Ses.Mail;

/// <summary>A message built from simple or template content, as SES hands it on: headers, then a text
/// part, an HTML part, or both as <c>multipart/alternative</c>.</summary>
internal sealed record MailParts(
    string From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    IReadOnlyList<string> ReplyTo,
    string Subject,
    string? SubjectCharset,
    string? Text,
    string? TextCharset,
    string? Html,
    string? HtmlCharset,
    IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>Writes RFC 5322 / MIME messages: non-ASCII header text as encoded words, bodies as 7bit when
/// they are short-lined ASCII and as base64 otherwise.</summary>
internal static class MimeWriter
{
    private const string Crlf = "\r\n";

    public static byte[] Write(MailParts mail, string messageId, DateTimeOffset date)
    {
        var builder = new StringBuilder();
        Header(builder, "From", mail.From);
        AddressHeader(builder, "Reply-To", mail.ReplyTo);
        AddressHeader(builder, "To", mail.To);
        AddressHeader(builder, "Cc", mail.Cc);
        Header(builder, "Subject", EncodeWord(mail.Subject, mail.SubjectCharset));
        Header(builder, "Message-ID", $"<{messageId}@email.amazonses.com>");
        Header(builder, "Date", date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
        foreach (var (name, value) in mail.Headers)
        {
            Header(builder, name, value);
        }

        Header(builder, "MIME-Version", "1.0");
        Body(builder, mail, messageId);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The rendered template as <c>TestRenderEmailTemplate</c> returns it: the subject, the MIME
    /// headers and the parts, without addresses.</summary>
    public static string Render(string subject, string? text, string? html, string boundarySeed)
    {
        var builder = new StringBuilder();
        Header(builder, "Subject", EncodeWord(subject, null));
        Header(builder, "MIME-Version", "1.0");
        Body(builder, new MailParts(string.Empty, [], [], [], subject, null, text, null, html, null, []), boundarySeed);
        return builder.ToString();
    }

    public static string EncodeWord(string text, string? charset)
    {
        if (IsPlainAscii(text))
        {
            return text;
        }

        var encoding = EncodingFor(charset);
        return $"=?{encoding.WebName.ToUpperInvariant()}?B?{Convert.ToBase64String(encoding.GetBytes(text))}?=";
    }

    private static void Body(StringBuilder builder, MailParts mail, string seed)
    {
        var text = mail.Text;
        var html = mail.Html;
        if (text is not null && html is not null)
        {
            var boundary = "----=_Part_" + seed.Replace("-", string.Empty, StringComparison.Ordinal);
            Header(builder, "Content-Type", $"multipart/alternative; boundary=\"{boundary}\"");
            builder.Append(Crlf);
            builder.Append("--").Append(boundary).Append(Crlf);
            Part(builder, "text/plain", text, mail.TextCharset);
            builder.Append(Crlf).Append("--").Append(boundary).Append(Crlf);
            Part(builder, "text/html", html, mail.HtmlCharset);
            builder.Append(Crlf).Append("--").Append(boundary).Append("--").Append(Crlf);
            return;
        }

        Part(builder, html is null ? "text/plain" : "text/html", html ?? text ?? string.Empty, html is null ? mail.TextCharset : mail.HtmlCharset);
    }

    private static void Part(StringBuilder builder, string mediaType, string content, string? charset)
    {
        var encoding = EncodingFor(charset);
        content = content.ReplaceLineEndings(Crlf);
        Header(builder, "Content-Type", $"{mediaType}; charset={encoding.WebName.ToUpperInvariant()}");
        if (IsPlainAscii(content) && content.Split('\n').All(line => line.Length <= 998))
        {
            Header(builder, "Content-Transfer-Encoding", "7bit");
            builder.Append(Crlf).Append(content);
            return;
        }

        Header(builder, "Content-Transfer-Encoding", "base64");
        builder.Append(Crlf);
        var base64 = Convert.ToBase64String(encoding.GetBytes(content));
        for (var i = 0; i < base64.Length; i += 76)
        {
            builder.Append(base64.AsSpan(i, Math.Min(76, base64.Length - i))).Append(Crlf);
        }
    }

    private static void AddressHeader(StringBuilder builder, string name, IReadOnlyList<string> addresses)
    {
        if (addresses.Count > 0)
        {
            Header(builder, name, string.Join(", ", addresses));
        }
    }

    private static void Header(StringBuilder builder, string name, string value) =>
        builder.Append(name).Append(": ").Append(value.ReplaceLineEndings(" ")).Append(Crlf);

    internal static Encoding EncodingFor(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return Utf8;
        }

        try
        {
            var encoding = Encoding.GetEncoding(charset.Trim());
            return encoding is UTF8Encoding ? Utf8 : encoding;
        }
        catch (ArgumentException)
        {
            return Utf8;
        }
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static bool IsPlainAscii(string text)
    {
        foreach (var c in text)
        {
            if (c > 126 || (c < 32 && c is not ('\r' or '\n' or '\t')))
            {
                return false;
            }
        }

        return true;
    }
}
