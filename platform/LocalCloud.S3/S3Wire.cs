using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using LocalCloud.Core.Hosting;

namespace LocalCloud.S3.Wire;

/// <summary>S3's restXml: response documents in the 2006-03-01 namespace, request documents read by local name,
/// timestamps and the <c>encoding-type=url</c> key encoding.</summary>
internal static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
    public const string ContentType = "application/xml";
    private const int MaxRequestDocument = 2 * 1024 * 1024;

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = false,
        CheckCharacters = false,
        NewLineHandling = NewLineHandling.Entitize,
        Async = true,
    };

    /// <summary>A document whose root element is <paramref name="root"/> in S3's namespace.</summary>
    public static byte[] Document(string root, Action<XmlWriter> body, bool withNamespace = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, WriterSettings))
        {
            writer.WriteStartDocument();
            if (withNamespace)
            {
                writer.WriteStartElement(root, Namespace);
            }
            else
            {
                writer.WriteStartElement(root);
            }

            body(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>S3's error document: <c>Code</c>, <c>Message</c>, the error's own elements, <c>RequestId</c>, <c>HostId</c>.</summary>
    public static byte[] Error(ServiceException error, string requestId, string hostId) =>
        Document("Error", writer =>
        {
            writer.WriteElementString("Code", error.Code);
            writer.WriteElementString("Message", error.Message);
            foreach (System.Collections.DictionaryEntry entry in error.Data)
            {
                if (entry.Key is string name && entry.Value is string value)
                {
                    writer.WriteElementString(name, value);
                }
            }

            writer.WriteElementString("RequestId", requestId);
            writer.WriteElementString("HostId", hostId);
        }, withNamespace: false);

    public static void Element(this XmlWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteElementString(name, Clean(value));
        }
    }

    public static void Element(this XmlWriter writer, string name, long value) =>
        writer.WriteElementString(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Element(this XmlWriter writer, string name, bool value) =>
        writer.WriteElementString(name, value ? "true" : "false");

    public static void Element(this XmlWriter writer, string name, DateTimeOffset value) =>
        writer.WriteElementString(name, Timestamp(value));

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The HTTP date form of <c>Last-Modified</c> (second precision).</summary>
    public static string HttpDate(DateTimeOffset value) => value.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    /// <summary><c>encoding-type=url</c>: keys and prefixes percent-encoded as S3 does (UTF-8, a space as <c>+</c>, <c>/</c> kept).</summary>
    public static string UrlEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Reads a request document (at most 2 MiB, no DTDs); a body that is not XML is <c>MalformedXML</c>.</summary>
    public static async Task<XElement> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxRequestDocument)
            {
                throw S3Errors.MalformedXml();
            }
        }

        if (buffer.Length == 0)
        {
            throw S3Errors.MalformedXml();
        }

        buffer.Position = 0;
        try
        {
            using var reader = XmlReader.Create(buffer, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XElement.Load(reader);
        }
        catch (XmlException)
        {
            throw S3Errors.MalformedXml();
        }
    }

    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);

    public static string? Child(this XElement element, string localName) =>
        element.Children(localName).FirstOrDefault()?.Value;

    private static string Clean(string value)
    {
        foreach (var c in value)
        {
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            {
                return string.Concat(value.Select(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch) ? ch : '\uFFFD'));
            }
        }

        return value;
    }
}
