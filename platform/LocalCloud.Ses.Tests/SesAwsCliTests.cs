using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace LocalCloud.Ses.Tests;

/// <summary>
/// The AWS CLI (<c>aws sesv2</c>, restJson1) against an in-process local cloud. CI installs Debian's awscli
/// (<c>.ci/run</c>); without an <c>aws</c> on PATH or in /usr/bin this test fails.
/// </summary>
public sealed class SesAwsCliTests(SesHostFixture fixture) : IClassFixture<SesHostFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("localcloud-awscli-ses-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task AwsCli_Sesv2Commands_RunAgainstTheLocalCloud()
    {
        var aws = FindCli();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var sender = $"cli-{suffix}@example.test";
        var to = $"to-{suffix}@example.test";
        var template = "cli-" + suffix;
        var raw = Convert.ToBase64String(Encoding.UTF8.GetBytes($"From: {sender}\r\nTo: {to}\r\nSubject: raw one\r\n\r\nraw body\r\n"));

        var rejected = await RunAsync(aws, "sesv2", "send-email", "--from-email-address", sender, "--destination", $"ToAddresses={to}",
            "--content", "Simple={Subject={Data=hi},Body={Text={Data=hello}}}");
        using var identity = await RunJsonAsync(aws, "sesv2", "create-email-identity", "--email-identity", sender);
        using var identities = await RunJsonAsync(aws, "sesv2", "list-email-identities");
        using var got = await RunJsonAsync(aws, "sesv2", "get-email-identity", "--email-identity", sender);
        using var simple = await RunJsonAsync(aws, "sesv2", "send-email", "--from-email-address", sender, "--destination", $"ToAddresses={to}",
            "--content", "Simple={Subject={Data=hi from the CLI},Body={Text={Data=hello},Html={Data=<b>hello</b>}}}");
        var created = await RunAsync(aws, "sesv2", "create-email-template", "--template-name", template,
            "--template-content", """{"Subject":"Order {{id}}","Text":"Dear {{name}}"}""");
        using var templates = await RunJsonAsync(aws, "sesv2", "list-email-templates");
        using var rendered = await RunJsonAsync(aws, "sesv2", "test-render-email-template", "--template-name", template, "--template-data", """{"id":"7","name":"Ann"}""");
        using var templated = await RunJsonAsync(aws, "sesv2", "send-email", "--from-email-address", sender, "--destination", $"ToAddresses={to}",
            "--content", JsonSerializer.Serialize(new { Template = new { TemplateName = template, TemplateData = """{"id":"8","name":"Bo"}""" } }));
        using var rawSent = await RunJsonAsync(aws, "sesv2", "send-email", "--content", JsonSerializer.Serialize(new { Raw = new { Data = raw } }));
        var deletedTemplate = await RunAsync(aws, "sesv2", "delete-email-template", "--template-name", template);
        var missingTemplate = await RunAsync(aws, "sesv2", "get-email-template", "--template-name", template);
        var deletedIdentity = await RunAsync(aws, "sesv2", "delete-email-identity", "--email-identity", sender);
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

    private static string FindCli()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var found = directories.Select(d => Path.Combine(d, "aws")).Prepend("/usr/bin/aws").FirstOrDefault(File.Exists);
        Assert.True(found is not null, "This test needs the AWS CLI: install it with `apt-get install -y awscli` (.ci/run does so).");
        return found!;
    }

    private async Task<JsonDocument> RunJsonAsync(string aws, params string[] arguments)
    {
        var result = await RunAsync(aws, arguments);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
        return JsonDocument.Parse(result.Stdout);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string aws, params string[] arguments)
    {
        var start = new ProcessStartInfo(aws) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments.Concat(["--endpoint-url", fixture.Endpoint.ToString(), "--output", "json"]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["HOME"] = _home;
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(_home, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home, "credentials");
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_PAGER"] = string.Empty;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
