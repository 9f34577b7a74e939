using System.Text;
using System.Text.Json;
using LocalCloud.Testing;

namespace LocalCloud.Ses.Tests;

/// <summary>
/// The AWS CLI (<c>aws sesv2</c>, restJson1) against an in-process local cloud. CI installs Debian's awscli
/// (<c>.ci/run</c>); without an <c>aws</c> on PATH or in /usr/bin this test fails.
/// </summary>
public sealed class SesAwsCliTests(SesHostFixture fixture) : IClassFixture<SesHostFixture>
{
    [Fact]
    public async Task AwsCli_Sesv2Commands_RunAgainstTheLocalCloud()
    {
        using var aws = new AwsCli(fixture.Endpoint);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var sender = $"cli-{suffix}@example.test";
        var to = $"to-{suffix}@example.test";
        var template = "cli-" + suffix;
        var raw = Convert.ToBase64String(Encoding.UTF8.GetBytes($"From: {sender}\r\nTo: {to}\r\nSubject: raw one\r\n\r\nraw body\r\n"));

        var rejected = await aws.RunAsync("sesv2", "send-email", "--from-email-address", sender, "--destination", $"ToAddresses={to}",
            "--content", "Simple={Subject={Data=hi},Body={Text={Data=hello}}}");
        using var identity = await aws.RunJsonAsync("sesv2", "create-email-identity", "--email-identity", sender);
        using var identities = await aws.RunJsonAsync("sesv2", "list-email-identities");
        using var got = await aws.RunJsonAsync("sesv2", "get-email-identity", "--email-identity", sender);
        using var simple = await aws.RunJsonAsync("sesv2", "send-email", "--from-email-address", sender, "--destination", $"ToAddresses={to}",
            "--content", "Simple={Subject={Data=hi from the CLI},Body={Text={Data=hello},Html={Data=<b>hello</b>}}}");
        var created = await aws.RunAsync("sesv2", "create-email-template", "--template-name", template,
            "--template-content", """{"Subject":"Order {{id}}","Text":"Dear {{name}}"}""");
        using var templates = await aws.RunJsonAsync("sesv2", "list-email-templates");
        using var rendered = await aws.RunJsonAsync("sesv2", "test-render-email-template", "--template-name", template, "--template-data", """{"id":"7","name":"Ann"}""");
        using var templated = await aws.RunJsonAsync("sesv2", "send-email", "--from-email-address", sender, "--destination", $"ToAddresses={to}",
            "--content", JsonSerializer.Serialize(new { Template = new { TemplateName = template, TemplateData = """{"id":"8","name":"Bo"}""" } }));
        using var rawSent = await aws.RunJsonAsync("sesv2", "send-email", "--content", JsonSerializer.Serialize(new { Raw = new { Data = raw } }));
        var deletedTemplate = await aws.RunAsync("sesv2", "delete-email-template", "--template-name", template);
        var missingTemplate = await aws.RunAsync("sesv2", "get-email-template", "--template-name", template);
        var deletedIdentity = await aws.RunAsync("sesv2", "delete-email-identity", "--email-identity", sender);
        var messages = (await fixture.Mailbox().ListAsync(to)).Messages;

        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("MessageRejected", rejected.Stderr, StringComparison.Ordinal);
        Assert.Contains($"failed the check in region US-EAST-1: {sender}", rejected.Stderr, StringComparison.Ordinal);
        Assert.Equal("EMAIL_ADDRESS", identity.RootElement.GetProperty("IdentityType").GetString());
        Assert.Contains(identities.RootElement.GetProperty("EmailIdentities").EnumerateArray(), i => i.GetProperty("IdentityName").GetString() == sender);
        Assert.True(got.RootElement.GetProperty("VerifiedForSendingStatus").GetBoolean());
        Assert.Equal(0, created.ExitCode);
        Assert.Contains(templates.RootElement.GetProperty("TemplatesMetadata").EnumerateArray(), t => t.GetProperty("TemplateName").GetString() == template);
        Assert.StartsWith("Subject: Order 7", rendered.RootElement.GetProperty("RenderedTemplate").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            [simple.RootElement.GetProperty("MessageId").GetString(), templated.RootElement.GetProperty("MessageId").GetString(), rawSent.RootElement.GetProperty("MessageId").GetString()],
            messages.Select(m => m.Id));
        Assert.Equal(["hi from the CLI", "Order 8", "raw one"], messages.Select(m => m.Subject));
        Assert.Equal("Dear Bo", messages[1].Text);
        Assert.Equal("raw body", messages[2].Text?.TrimEnd());
        Assert.Equal(0, deletedTemplate.ExitCode);
        Assert.Contains("NotFoundException", missingTemplate.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, deletedIdentity.ExitCode);
    }
}
