using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LocalCloud.Testing;

namespace LocalCloud.Tests;

public sealed class MailCommandTests
{
    [Fact]
    public async Task UpWithAnySender_ThenMailAndMailShow_PrintTheMailbox()
    {
        await using var cloud = await LocalCloudProcess.StartAsync(null, 0, null, "--ses-allow-any-sender");
        using var http = new HttpClient { BaseAddress = cloud.Endpoint };
        using var sent = await RestJsonCall.SendAsync(http, HttpMethod.Post, "/v2/email/outbound-emails",
            """{"FromEmailAddress":"shop@unverified.test","Destination":{"ToAddresses":["ann@example.test"]},"Content":{"Simple":{"Subject":{"Data":"Hello Ann"},"Body":{"Text":{"Data":"Your order is on its way."}}}}}""",
            signingService: "ses");
        using var body = JsonDocument.Parse(await sent.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("MessageId").GetString()!;

        var list = await RunAsync("mail", "--endpoint", cloud.Endpoint.ToString(), "--to", "ANN@example.test");
        var other = await RunAsync("mail", "--endpoint", cloud.Endpoint.ToString(), "--to", "bob@example.test");
        var show = await RunAsync("mail", "show", id, "--endpoint", cloud.Endpoint.ToString());
        var raw = await RunAsync("mail", "show", id, "--raw", "--endpoint", cloud.Endpoint.ToString());
        var missing = await RunAsync("mail", "show", "nope", "--endpoint", cloud.Endpoint.ToString());

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains($"{id}  shop@unverified.test -> ann@example.test  Hello Ann", list.Stdout, StringComparison.Ordinal);
        Assert.Equal((0, ""), (other.ExitCode, other.Stdout.Trim()));
        Assert.Contains("Subject:    Hello Ann", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("Your order is on its way.", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("MIME-Version: 1.0", raw.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no message nope", missing.Stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LocalCloud.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
