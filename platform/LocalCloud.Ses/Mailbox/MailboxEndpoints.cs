using System.Globalization;
using LocalCloud.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalCloud.Ses.Mailbox;

/// <summary>
/// The local mailbox over HTTP, a local-cloud-only API for tests and <c>localcloud mail</c>:
/// <c>GET /_localcloud/ses/messages?to=&amp;after=&amp;limit=&amp;wait=</c> (oldest first; <c>wait</c> seconds
/// long-polls for mail after <c>after</c>), <c>GET …/messages/{id}</c> (with the raw MIME message),
/// <c>GET …/messages/{id}/raw</c> (<c>message/rfc822</c>) and <c>DELETE …/messages</c> (empties the mailbox).
/// </summary>
internal sealed class MailboxEndpoints(SesStore store, MailboxSignal signal) : IEndpointContributor
{
    public const string MessagesPath = "/_localcloud/ses/messages";
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;
    private const int MaxWaitSeconds = 60;

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(MessagesPath, (Delegate)ListAsync);
        endpoints.MapDelete(MessagesPath, () => ClearAsync());
        endpoints.MapGet(MessagesPath + "/{id}", (string id) => Get(id));
        endpoints.MapGet(MessagesPath + "/{id}/raw", (string id) => GetRaw(id));
    }

    private async Task<IResult> ListAsync(HttpContext http)
    {
        var query = http.Request.Query;
        if (!TryNumber(query["after"], 0, long.MaxValue, 0, out var after)
            || !TryNumber(query["limit"], 1, MaxLimit, DefaultLimit, out var limit)
            || !TryNumber(query["wait"], 0, MaxWaitSeconds, 0, out var wait))
        {
            return Error(400, $"after must be a sequence number, limit 1 to {MaxLimit} and wait 0 to {MaxWaitSeconds} seconds.");
        }

        var to = query["to"].ToString() is { Length: > 0 } recipient ? recipient : null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        deadline.CancelAfter(TimeSpan.FromSeconds(wait));
        while (true)
        {
            var next = signal.Next;
            var page = store.ListMessages(to, after, (int)limit);
            if (page.Messages.Count > 0 || deadline.IsCancellationRequested)
            {
                return Results.Json(page, MailboxJsonContext.Default.MailboxPage);
            }

            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
            {
            }
        }
    }

    private IResult Get(string id) =>
        store.GetMessage(id) is { } message
            ? Results.Json(message, MailboxJsonContext.Default.MailboxMessage)
            : Error(404, $"No message {id} in the mailbox.");

    private IResult GetRaw(string id) =>
        store.GetRaw(id) is { } raw ? Results.Bytes(raw, "message/rfc822") : Error(404, $"No message {id} in the mailbox.");

    private async Task<IResult> ClearAsync()
    {
        await store.ClearMessagesAsync();
        return Results.NoContent();
    }

    private static bool TryNumber(string? text, long min, long max, long fallback, out long value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text)
            || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }

    private static IResult Error(int status, string message) =>
        Results.Text($"{{\"message\":{System.Text.Json.JsonSerializer.Serialize(message, MailboxErrorJsonContext.Default.String)}}}", "application/json", statusCode: status);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class MailboxErrorJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
