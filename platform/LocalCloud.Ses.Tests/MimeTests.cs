using System.Text;
using LocalCloud.Ses.Mail;

namespace LocalCloud.Ses.Tests;

public sealed class MimeTests
{
    private static readonly DateTimeOffset Date = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WrittenMessages_ReadBackToTheSameParts()
    {
        var parts = new MailParts("Shop <shop@example.test>", ["a@example.test", "b@example.test"], ["c@example.test"], [], "Grüße", null,
            "line 1\nline 2 ü", null, "<p>é</p>", "ISO-8859-1", [new("X-Campaign", "spring")]);

        var bytes = MimeWriter.Write(parts, "id-1", Date);
        var parsed = MimeReader.Read(bytes);
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Equal("Grüße", parsed.Header("Subject"));
        Assert.Equal("Shop <shop@example.test>", parsed.Header("From"));
        Assert.Equal("a@example.test, b@example.test", parsed.Header("To"));
        Assert.Equal("spring", parsed.Header("x-campaign"));
        Assert.Equal("line 1\r\nline 2 ü", parsed.Text);
        Assert.Equal("<p>é</p>", parsed.Html);
        Assert.Contains("Date: Sun, 01 Mar 2026 12:00:00 +0000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Message-ID: <id-1@email.amazonses.com>\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/html; charset=ISO-8859-1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=?UTF-8?B?w7xiZXI=?=", "über")]
    [InlineData("=?utf-8?q?Caf=C3=A9_au_lait?=", "Café au lait")]
    [InlineData("=?UTF-8?B?w7w=?= =?UTF-8?B?w7w=?=", "üü")]
    [InlineData("plain =?bogus", "plain =?bogus")]
    [InlineData("Re: =?ISO-8859-1?Q?caf=E9?= ok", "Re: café ok")]
    public void EncodedWords_AreDecoded(string value, string expected) => Assert.Equal(expected, MimeReader.DecodeWords(value));

    [Fact]
    public void FoldedHeadersAndGarbage_AreReadLeniently()
    {
        var parsed = MimeReader.Read(Encoding.ASCII.GetBytes("Subject: a\r\n b\r\nnot a header\r\nTo: x@y.test\r\n\r\nbody"));
        var noHeaders = MimeReader.Read(Encoding.ASCII.GetBytes("\r\njust a body"));

        Assert.Equal("a b", parsed.Header("Subject"));
        Assert.Equal("x@y.test", parsed.Header("To"));
        Assert.Equal("body", parsed.Text);
        Assert.Null(noHeaders.Header("From"));
        Assert.Equal("just a body", noHeaders.Text);
    }

    [Theory]
    [InlineData("a@b.test", "a@b.test")]
    [InlineData("Ann <ann@b.test>", "ann@b.test")]
    [InlineData("\"Doe, Jane\" <jane@b.test>", "jane@b.test")]
    public void Addresses_AreParsed(string text, string address)
    {
        Assert.True(EmailAddresses.TryParse(text, out var parsed, out _));
        Assert.Equal(address, parsed);
    }

    [Theory]
    [InlineData("nobody", "Missing final '@domain'")]
    [InlineData("@b.test", "Missing local name")]
    [InlineData("a@", "Missing domain")]
    [InlineData("a@.b", "Domain starts with dot")]
    [InlineData("a@b.", "Domain ends with dot")]
    [InlineData("a@b c", "Domain contains control or whitespace")]
    [InlineData("a@b(c)", "Domain contains illegal character")]
    [InlineData("Ann <a@b.test", "Missing '>'")]
    public void InvalidAddresses_AreRejectedWithSesMessages(string text, string message)
    {
        Assert.False(EmailAddresses.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void AddressLists_SplitOutsideQuotesAndBrackets() =>
        Assert.Equal(["\"Doe, Jane\" <jane@b.test>", "x@y.test", "<odd,@z.test>"], EmailAddresses.SplitList("\"Doe, Jane\" <jane@b.test>, x@y.test ,<odd,@z.test>,"));
}
