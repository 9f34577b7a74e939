using System.Net;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Activity;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Ses.Tests;

public sealed class SendEmailTests(SesHostFixture fixture) : IClassFixture<SesHostFixture>
{
    private static string Unique(string local) => $"{local}-{Guid.NewGuid().ToString("N")[..10]}@example.test";

    [Fact]
    public async Task SimpleContent_FromAVerifiedAddress_IsStoredInTheMailbox()
    {
        using var ses = fixture.Ses();
        var sender = Unique("sender");
        var to = Unique("to");
        await ses.VerifyAsync(sender);

        var id = await ses.SendAsync(Body(sender, [to], cc: ["cc@example.test"], bcc: ["bcc@example.test"], replyTo: ["reply@example.test"],
            simple: """{"Subject":{"Data":"Order 42 placed","Charset":"UTF-8"},"Body":{"Text":{"Data":"Thanks for your order."},"Html":{"Data":"<p>Thanks</p>"}}}"""));
        var page = await fixture.Mailbox().ListAsync(to);
        var full = await fixture.Mailbox().GetAsync(id);

        var message = Assert.Single(page.Messages);
        Assert.Equal(id, message.Id);
        Assert.Equal(sender, message.From);
        Assert.Equal([to], message.To);
        Assert.Equal(["cc@example.test"], message.Cc);
        Assert.Equal(["bcc@example.test"], message.Bcc);
        Assert.Equal(["reply@example.test"], message.ReplyTo);
        Assert.Equal("Order 42 placed", message.Subject);
        Assert.Equal("Thanks for your order.", message.Text);
        Assert.Equal("<p>Thanks</p>", message.Html);
        Assert.Equal("Delivered", message.Status);
        Assert.Equal(fixture.Clock.GetUtcNow(), message.ReceivedAt);
        Assert.Null(message.Raw);
        Assert.NotNull(full?.Raw);
        Assert.Contains("Subject: Order 42 placed\r\n", full.Raw, StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/alternative;", full.Raw, StringComparison.Ordinal);
        Assert.Contains("Reply-To: reply@example.test\r\n", full.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("bcc@example.test", full.Raw, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{16}-[0-9a-f-]{36}-000000$", id);
    }

    [Fact]
    public async Task NonAsciiSubjectAndBody_AreEncodedInTheMimeMessageAndReadBack()
    {
        using var ses = fixture.Ses();
        var sender = Unique("sender");
        var to = Unique("to");
        await ses.VerifyAsync(sender);

        var id = await ses.SendAsync(Body(sender, [to], simple: """{"Subject":{"Data":"Grüße 😀"},"Body":{"Text":{"Data":"Bonjour, ça va ?"}}}"""));
        var message = await fixture.Mailbox().GetAsync(id);

        Assert.Equal("Grüße 😀", message!.Subject);
        Assert.Equal("Bonjour, ça va ?", message.Text);
        Assert.Contains("Subject: =?UTF-8?B?", message.Raw, StringComparison.Ordinal);
        Assert.Contains("Content-Transfer-Encoding: base64", message.Raw, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; charset=UTF-8", message.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnverifiedSender_IsRejectedAsInTheSandbox()
    {
        using var ses = fixture.Ses();
        var sender = Unique("stranger");

        var bare = await ses.CallAsync(HttpMethod.Post, "/v2/email/outbound-emails", Body(sender, [Unique("to")]));
        var named = await ses.CallAsync(HttpMethod.Post, "/v2/email/outbound-emails", Body($"Shop <{sender}>", [Unique("to")]));

        Assert.Equal((HttpStatusCode.BadRequest, "MessageRejected"), (bare.Status, bare.ErrorType));
        Assert.Equal($"Email address is not verified. The following identities failed the check in region US-EAST-1: {sender}", bare.Message);
        Assert.Equal($"Email address is not verified. The following identities failed the check in region US-EAST-1: Shop <{sender}>, {sender}", named.Message);
    }

    [Fact]
    public async Task VerifiedDomain_AllowsEveryAddressInIt_AndIdentitiesAreRegional()
    {
        using var ses = fixture.Ses();
        var domain = $"d{Guid.NewGuid().ToString("N")[..10]}.example.test";
        await ses.VerifyAsync(domain);

        var id = await ses.SendAsync(Body($"Orders <orders@{domain.ToUpperInvariant()}>", [Unique("to")]));
        using var west = new HttpClient { BaseAddress = fixture.Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/email/outbound-emails") { Content = new StringContent(Body($"orders@{domain}", [Unique("to")]), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/ses/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await west.SendAsync(request);

        Assert.NotEmpty(id);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("in region EU-WEST-1: orders@", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplateContent_IsRenderedWithTheTemplateData()
    {
        using var ses = fixture.Ses();
        var sender = Unique("sender");
        var to = Unique("to");
        var template = "t" + Guid.NewGuid().ToString("N")[..12];
        await ses.VerifyAsync(sender);
        await ses.OkAsync(HttpMethod.Post, "/v2/email/templates", $$$"""
            {"TemplateName":"{{{template}}}","TemplateContent":{"Subject":"Order {{order.id}} for {{name}}","Text":"Hi {{name}}{{#if vip}}, valued customer{{/if}}.{{#each items}} [{{this}}]{{/each}}","Html":"<p>{{name}}</p>"}}
            """);

        var id = await ses.SendAsync(Body(sender, [to], template: $$$"""
            {"TemplateName":"{{{template}}}","TemplateData":"{\"name\":\"Ann & Bo\",\"order\":{\"id\":42},\"vip\":true,\"items\":[\"a\",\"b\"]}"}
            """));
        var byArn = await ses.SendAsync(Body(sender, [to], template: $$$"""
            {"TemplateArn":"arn:aws:ses:us-east-1:000000000000:template/{{{template}}}","TemplateData":"{\"name\":\"Cy\",\"order\":{\"id\":1},\"items\":[]}"}
            """));
        var message = await fixture.Mailbox().GetAsync(id);
        var second = await fixture.Mailbox().GetAsync(byArn);

        Assert.Equal("Order 42 for Ann & Bo", message!.Subject);
        Assert.Equal("Hi Ann & Bo, valued customer. [a] [b]", message.Text);
        Assert.Equal("<p>Ann &amp; Bo</p>", message.Html);
        Assert.Equal(template, message.Template);
        Assert.Equal("Hi Cy.", second!.Text);
    }

    [Fact]
    public async Task TemplateDataMissingAVariable_IsAcceptedButNotDelivered()
    {
        using var ses = fixture.Ses();
        var sender = Unique("sender");
        var to = Unique("to");
        var template = "t" + Guid.NewGuid().ToString("N")[..12];
        await ses.VerifyAsync(sender);
        await ses.OkAsync(HttpMethod.Post, "/v2/email/templates", $$$"""{"TemplateName":"{{{template}}}","TemplateContent":{"Subject":"Hi {{name}}","Text":"x"}}""");
        var activity = fixture.Services.GetRequiredService<ActivityFeed>();

        var id = await ses.SendAsync(Body(sender, [to], template: $$$"""{"TemplateName":"{{{template}}}","TemplateData":"{}"}"""));
        var message = (await fixture.Mailbox().ListAsync(to)).Messages.Single();

        Assert.Equal(id, message.Id);
        Assert.Equal("RenderingFailure", message.Status);
        Assert.Equal("Attribute 'name' is not present in the rendering data.", message.StatusReason);
        Assert.Contains(activity.Recent(256), a => a.Kind == "email.rendering-failure" && a.Attributes!["messageId"] == id);
    }

    [Fact]
    public async Task RawContent_IsParsedForTheMailboxAndKeptByteForByte()
    {
        using var ses = fixture.Ses();
        var sender = Unique("sender");
        var to = Unique("to");
        await ses.VerifyAsync(sender);
        var mime = $"From: Shop <{sender}>\r\nTo: {to}\r\nCc: other@example.test\r\nSubject: =?UTF-8?Q?Caf=C3=A9?=\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
            + "--inner\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nPlain =C3=BC soft=\r\nbreak\r\n"
            + "--inner\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPGI+aHRtbDwvYj4=\r\n--inner--\r\n"
            + "--outer\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"a.txt\"\r\n\r\nattached\r\n--outer--\r\n";
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(mime));

        var id = await ses.SendAsync("""{"Content":{"Raw":{"Data":"DATA"}}}""".Replace("DATA", data, StringComparison.Ordinal));
        var message = await fixture.Mailbox().GetAsync(id);
        var onlyBcc = await ses.SendAsync("""{"FromEmailAddress":"SENDER","Destination":{"BccAddresses":["hidden@example.test"]},"Content":{"Raw":{"Data":"DATA"}}}""".Replace("SENDER", sender, StringComparison.Ordinal).Replace("DATA", data, StringComparison.Ordinal));
        var overridden = await fixture.Mailbox().GetAsync(onlyBcc);

        Assert.Equal($"Shop <{sender}>", message!.From);
        Assert.Equal([to], message.To);
        Assert.Equal(["other@example.test"], message.Cc);
        Assert.Equal("Café", message.Subject);
        Assert.Equal("Plain ü softbreak", message.Text);
        Assert.Equal("<b>html</b>", message.Html);
        Assert.Equal(mime, message.Raw);
        Assert.Equal(sender, overridden!.From);
        Assert.Equal(["hidden@example.test"], overridden.Bcc);
        Assert.Empty(overridden.To);
    }

    [Theory]
    [InlineData("""{}""", "BadRequestException", "Content is required.")]
    [InlineData("""{"FromEmailAddress":"a@b.test","Destination":{"ToAddresses":["c@d.test"]},"Content":{}}""", "BadRequestException", "Exactly one of Simple, Raw or Template must be specified in Content.")]
    [InlineData("""{"Destination":{"ToAddresses":["c@d.test"]},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{}}}}""", "BadRequestException", "FromEmailAddress is required.")]
    [InlineData("""{"FromEmailAddress":"nobody","Destination":{"ToAddresses":["c@d.test"]},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{}}}}""", "BadRequestException", "Missing final '@domain'")]
    [InlineData("""{"FromEmailAddress":"a@b.test","Destination":{"ToAddresses":["c d@e.test"]},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{}}}}""", "BadRequestException", "Local address contains control or whitespace")]
    [InlineData("""{"FromEmailAddress":"a@b.test","Destination":{"ToAddresses":["c@d..test"]},"Content":{"Simple":{"Subject":{"Data":"s"},"Body":{}}}}""", "BadRequestException", "Domain contains dot-dot")]
    [InlineData("""{"FromEmailAddress":"a@b.test","Content":{"Simple":{"Subject":{"Data":"s"},"Body":{}}}}""", "BadRequestException", "Missing required field: at least one recipient in Destination (ToAddresses, CcAddresses or BccAddresses).")]
    [InlineData("""{"FromEmailAddress":"a@b.test","Destination":{"ToAddresses":["c@d.test"]},"Content":{"Simple":{"Body":{}}}}""", "BadRequestException", "Simple.Subject is required.")]
    [InlineData("""{"FromEmailAddress":"a@b.test","Destination":{"ToAddresses":["c@d.test"]},"Content":{"Template":{"TemplateName":"no-such-template"}}}""", "NotFoundException", "Template no-such-template does not exist.")]
    [InlineData("""{"FromEmailAddress":"a@b.test","Destination":{"ToAddresses":["c@d.test"]},"Content":{"Template":{"TemplateContent":{"Subject":"x"},"TemplateData":"[1]"}}}""", "BadRequestException", "TemplateData is not a valid JSON object.")]
    [InlineData("""{"Content":{"Raw":{"Data":"VG86IGFAYi50ZXN0DQoNCmJvZHk="}}}""", "BadRequestException", "Missing required header 'From'.")]
    [InlineData("""{"Content":{"Raw":{"Data":"not base64!"}}}""", "BadRequestException", null)]
    [InlineData("""{"Content":{"Simple":5}}""", "BadRequestException", null)]
    public async Task InvalidRequests_AreAnsweredWithSesErrors(string body, string code, string? message)
    {
        using var ses = fixture.Ses();

        var result = await ses.CallAsync(HttpMethod.Post, "/v2/email/outbound-emails", body);

        Assert.Equal(code, result.ErrorType);
        Assert.Equal(code == "NotFoundException" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, result.Status);
        if (message is not null)
        {
            Assert.Equal(message, result.Message);
        }
    }

    [Fact]
    public async Task MoreThanFiftyRecipients_AreRejected()
    {
        using var ses = fixture.Ses();
        var to = Enumerable.Range(0, 30).Select(i => $"to{i}@example.test").ToArray();
        var cc = Enumerable.Range(0, 21).Select(i => $"cc{i}@example.test").ToArray();

        var result = await ses.CallAsync(HttpMethod.Post, "/v2/email/outbound-emails", Body("a@b.test", to, cc: cc));

        Assert.Equal((HttpStatusCode.BadRequest, "BadRequestException", "Recipient count exceeds 50."), (result.Status, result.ErrorType, result.Message));
    }

    internal static string Body(
        string from,
        string[] to,
        string[]? cc = null,
        string[]? bcc = null,
        string[]? replyTo = null,
        string? simple = null,
        string? template = null)
    {
        var content = template is not null ? $$"""{"Template":{{template}}}""" : $$"""{"Simple":{{simple ?? """{"Subject":{"Data":"s"},"Body":{"Text":{"Data":"t"}}}"""}}}""";
        var destination = new Dictionary<string, string[]> { ["ToAddresses"] = to, ["CcAddresses"] = cc ?? [], ["BccAddresses"] = bcc ?? [] };
        return $$"""
            {"FromEmailAddress":{{JsonSerializer.Serialize(from)}},"Destination":{{JsonSerializer.Serialize(destination)}},"ReplyToAddresses":{{JsonSerializer.Serialize(replyTo ?? [])}},"Content":{{content}}}
            """;
    }
}

public sealed class AllowAnySenderTests(AnySenderHostFixture fixture) : IClassFixture<AnySenderHostFixture>
{
    [Fact]
    public async Task AnySender_IsAcceptedWithoutAnIdentity()
    {
        using var ses = fixture.Ses();
        var to = $"to-{Guid.NewGuid():N}@example.test";

        var id = await ses.SendAsync(SendEmailTests.Body("whoever@unverified.test", [to]));
        var status = await ses.OkAsync(HttpMethod.Get, "/_localcloud/status");

        Assert.Equal(id, (await fixture.Mailbox().ListAsync(to)).Messages.Single().Id);
        var sesStatus = status.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "ses").GetProperty("status");
        Assert.False(sesStatus.GetProperty("sandbox").GetBoolean());
    }
}
