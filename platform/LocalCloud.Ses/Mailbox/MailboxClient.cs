using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace LocalCloud.Ses.Mailbox;

/// <summary>Reads a running local cloud's mailbox over HTTP (<c>/_localcloud/ses/messages</c>): what
/// <c>localcloud mail</c> and tests use.</summary>
public sealed class MailboxClient(HttpClient http)
{
    /// <summary>Messages after <paramref name="after"/>, oldest first; with <paramref name="wait"/>, waits up to that
    /// long (at most 60 s) for the first one when there is none yet.</summary>
    public async Task<MailboxPage> ListAsync(string? to = null, long after = 0, int limit = 100, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"?after={after}&limit={limit}");
        if (wait is { } w)
        {
            query += string.Create(CultureInfo.InvariantCulture, $"&wait={(int)Math.Ceiling(w.TotalSeconds)}");
        }

        if (to is not null)
        {
            query += "&to=" + Uri.EscapeDataString(to);
        }

        var page = await http.GetFromJsonAsync(new Uri(MailboxEndpoints.MessagesPath + query, UriKind.Relative), MailboxJsonContext.Default.MailboxPage, cancellationToken);
        return page ?? new MailboxPage([], after);
    }

    /// <summary>One message with its raw MIME text, or null when the mailbox has no message with that id.</summary>
    public async Task<MailboxMessage?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var response = await http.GetAsync(new Uri(MailboxEndpoints.MessagesPath + "/" + Uri.EscapeDataString(id), UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(MailboxJsonContext.Default.MailboxMessage, cancellationToken);
    }

    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync(new Uri(MailboxEndpoints.MessagesPath, UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
