using System.Net;
using LocalCloud.Ses.Mailbox;
using LocalCloud.Testing;

namespace LocalCloud.Ses.Tests;

public sealed class MailboxTests(AnySenderHostFixture fixture) : IClassFixture<AnySenderHostFixture>
{
    [Fact]
    public async Task ToFilter_MatchesToCcAndBccCaseInsensitively_InAcceptanceOrder()
    {
        using var ses = fixture.Ses();
        var who = $"who-{Guid.NewGuid():N}@example.test";

        var first = await ses.SendAsync(SendEmailTests.Body("a@x.test", [who.ToUpperInvariant()]));
        await ses.SendAsync(SendEmailTests.Body("a@x.test", ["someone-else@example.test"]));
        var second = await ses.SendAsync(SendEmailTests.Body("a@x.test", ["x@example.test"], cc: [who]));
        var third = await ses.SendAsync(SendEmailTests.Body("a@x.test", ["x@example.test"], bcc: [$"Named <{who}>"]));
        var page = await fixture.Mailbox().ListAsync(who);
        var afterFirst = await fixture.Mailbox().ListAsync(who, after: page.Messages[0].Sequence, limit: 1);

        Assert.Equal([first, second], page.Messages.Take(2).Select(m => m.Id));
        Assert.Equal(3, page.Messages.Count);
        Assert.Equal(page.Messages[^1].Sequence, page.Last);
        Assert.Equal([second], afterFirst.Messages.Select(m => m.Id));
        Assert.Equal(third, page.Messages[2].Id);
    }

    [Fact]
    public async Task WaitingReader_IsWokenByTheNextMessage()
    {
        using var ses = fixture.Ses();
        var who = $"waiter-{Guid.NewGuid():N}@example.test";
        var empty = await fixture.Mailbox().ListAsync(who);

        var waiting = fixture.Mailbox().ListAsync(who, after: empty.Last, wait: TimeSpan.FromSeconds(60));
        var id = await ses.SendAsync(SendEmailTests.Body("a@x.test", [who]));
        var page = await waiting;

        Assert.Empty(empty.Messages);
        Assert.Equal(id, Assert.Single(page.Messages).Id);
    }

    [Fact]
    public async Task UnknownIdsAndBadQueries_AreClientErrors()
    {
        using var http = fixture.CreateHttpClient();

        var missing = await fixture.Mailbox().GetAsync("no-such-id");
        using var raw = await http.GetAsync(new Uri(MailboxEndpoints.MessagesPath + "/no-such-id/raw", UriKind.Relative));
        using var badLimit = await http.GetAsync(new Uri(MailboxEndpoints.MessagesPath + "?limit=0", UriKind.Relative));
        using var badWait = await http.GetAsync(new Uri(MailboxEndpoints.MessagesPath + "?wait=-1", UriKind.Relative));

        Assert.Null(missing);
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badWait.StatusCode);
    }

    [Fact]
    public async Task RawEndpoint_ServesTheMimeMessage()
    {
        using var ses = fixture.Ses();
        using var http = fixture.CreateHttpClient();
        var id = await ses.SendAsync(SendEmailTests.Body("a@x.test", [$"raw-{Guid.NewGuid():N}@example.test"]));

        using var response = await http.GetAsync(new Uri($"{MailboxEndpoints.MessagesPath}/{id}/raw", UriKind.Relative));

        Assert.Equal("message/rfc822", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("From: a@x.test\r\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptedMessagesAndIdentities_SurviveARestart_AndClearEmptiesTheMailbox()
    {
        var directory = Path.Combine(Path.GetTempPath(), "localcloud-ses-" + Guid.NewGuid().ToString("N"));
        try
        {
            string id;
            await using (var host = await LocalCloudFixture.StartHostAsync(o => { o.InMemory = false; o.DataDirectory = directory; }))
            {
                using var ses = new SesCaller(new HttpClient { BaseAddress = host.Endpoint });
                await ses.VerifyAsync("kept@example.test");
                await ses.OkAsync(HttpMethod.Post, "/v2/email/templates", """{"TemplateName":"kept","TemplateContent":{"Subject":"s"}}""");
                id = await ses.SendAsync(SendEmailTests.Body("kept@example.test", ["r@example.test"]));
            }

            await using (var host = await LocalCloudFixture.StartHostAsync(o => { o.InMemory = false; o.DataDirectory = directory; }))
            {
                using var ses = new SesCaller(new HttpClient { BaseAddress = host.Endpoint });
                using var http = new HttpClient { BaseAddress = host.Endpoint };
                var mailbox = new MailboxClient(http);
                var message = await mailbox.GetAsync(id);
                var identity = await ses.CallAsync(HttpMethod.Get, "/v2/email/identities/kept%40example.test");
                var template = await ses.CallAsync(HttpMethod.Get, "/v2/email/templates/kept");
                await mailbox.ClearAsync();
                var cleared = await mailbox.ListAsync();

                Assert.Equal("kept@example.test", message?.From);
                Assert.Equal(HttpStatusCode.OK, identity.Status);
                Assert.Equal(HttpStatusCode.OK, template.Status);
                Assert.Empty(cleared.Messages);
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
