using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LocalCloud.Ses.Mailbox;

namespace LocalCloud.Cli;

internal static class MailCommand
{
    public static Command Create()
    {
        var endpoint = LocalCloudCli.EndpointOption();
        var output = LocalCloudCli.OutputOption();
        var to = new Option<string?>("--to") { Description = "Only messages with this recipient (To, Cc or Bcc; case-insensitive)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep running and print new messages as they arrive." };
        var limit = new Option<int>("--limit") { Description = "At most this many messages (the oldest first; 1-1000).", DefaultValueFactory = _ => 100 };
        var command = new Command("mail", "List the messages SES accepted into the local mailbox.") { endpoint, output, to, follow, limit, ShowCommand() };
        command.SetAction(async (parse, ct) =>
        {
            if (LocalCloudCli.ParseEndpoint(parse.GetValue(endpoint)) is not { } baseUri)
            {
                return 2;
            }

            if (parse.GetValue(limit) is < 1 or > 1000)
            {
                await Console.Error.WriteLineAsync("error: --limit must be from 1 to 1000.");
                return 2;
            }

            var json = parse.GetValue(output) == "json";
            using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(90) };
            var mailbox = new MailboxClient(http);
            try
            {
                var page = await mailbox.ListAsync(parse.GetValue(to), 0, parse.GetValue(limit), cancellationToken: ct);
                Print(page.Messages, json);
                var after = page.Last;
                while (parse.GetValue(follow))
                {
                    page = await mailbox.ListAsync(parse.GetValue(to), after, 1000, TimeSpan.FromSeconds(30), ct);
                    Print(page.Messages, json);
                    after = page.Last;
                }

                return 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 0;
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync($"error: no local cloud answers at {baseUri}: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var endpoint = LocalCloudCli.EndpointOption();
        var output = LocalCloudCli.OutputOption();
        var raw = new Option<bool>("--raw") { Description = "Print the raw MIME message." };
        var id = new Argument<string>("id") { Description = "The message id (SendEmail's MessageId)." };
        var command = new Command("show", "Print one message of the local mailbox.") { id, endpoint, output, raw };
        command.SetAction(async (parse, ct) =>
        {
            if (LocalCloudCli.ParseEndpoint(parse.GetValue(endpoint)) is not { } baseUri)
            {
                return 2;
            }

            using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
            MailboxMessage? message;
            try
            {
                message = await new MailboxClient(http).GetAsync(parse.GetValue(id)!, ct);
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync($"error: no local cloud answers at {baseUri}: {ex.Message}");
                return 1;
            }

            if (message is null)
            {
                await Console.Error.WriteLineAsync($"error: the mailbox has no message {parse.GetValue(id)}.");
                return 1;
            }

            Console.WriteLine(parse.GetValue(output) == "json"
                ? JsonSerializer.Serialize(message, MailboxJsonContext.Default.MailboxMessage)
                : parse.GetValue(raw) ? message.Raw ?? string.Empty : Format(message));
            return 0;
        });
        return command;
    }

    private static void Print(IReadOnlyList<MailboxMessage> messages, bool json)
    {
        foreach (var message in messages)
        {
            Console.WriteLine(json ? JsonSerializer.Serialize(message, MailboxJsonContext.Default.MailboxMessage) : Line(message));
        }
    }

    internal static string Line(MailboxMessage message)
    {
        var recipients = string.Join(", ", message.To.Concat(message.Cc).Concat(message.Bcc));
        var status = message.Status == "Delivered" ? string.Empty : $"  [{message.Status}: {message.StatusReason}]";
        return string.Create(CultureInfo.InvariantCulture, $"{message.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {message.Id}  {message.From} -> {recipients}  {message.Subject}{status}");
    }

    internal static string Format(MailboxMessage message)
    {
        var lines = new List<string>
        {
            $"Message-Id: {message.Id}",
            string.Create(CultureInfo.InvariantCulture, $"Received:   {message.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z ({message.AccountId} {message.Region})"),
            $"From:       {message.From}",
        };
        AddList(lines, "To:", message.To);
        AddList(lines, "Cc:", message.Cc);
        AddList(lines, "Bcc:", message.Bcc);
        AddList(lines, "Reply-To:", message.ReplyTo);
        lines.Add($"Subject:    {message.Subject}");
        if (message.Template is not null)
        {
            lines.Add($"Template:   {message.Template}");
        }

        if (message.Status != "Delivered")
        {
            lines.Add($"Status:     {message.Status}: {message.StatusReason}");
        }

        if (message.Text is not null)
        {
            lines.Add(string.Empty);
            lines.Add("--- text ---");
            lines.Add(message.Text);
        }

        if (message.Html is not null)
        {
            lines.Add(string.Empty);
            lines.Add("--- html ---");
            lines.Add(message.Html);
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static void AddList(List<string> lines, string label, IReadOnlyList<string> addresses)
    {
        if (addresses.Count > 0)
        {
            lines.Add($"{label,-11} {string.Join(", ", addresses)}");
        }
    }
}
