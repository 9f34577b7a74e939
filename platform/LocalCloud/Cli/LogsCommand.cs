using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace LocalCloud.Cli;

internal static class LogsCommand
{
    public static Command Create()
    {
        var endpoint = LocalCloudCli.EndpointOption();
        var output = LocalCloudCli.OutputOption();
        var function = new Argument<string>("function") { Description = "The function's name or ARN." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep running and print new lines as the function writes them." };
        var since = new Option<string?>("--since") { Description = "Only lines from this long ago (30s, 5m, 2h, 1d) or since this UTC time (2026-01-31T12:00:00Z)." };
        var region = new Option<string?>("--region") { Description = "The function's region (default: the local cloud's)." };
        var command = new Command("logs", "Print a Lambda function's log: its runtime's output and Lambda's START, END and REPORT lines.")
        {
            function, endpoint, output, follow, since, region,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (LocalCloudCli.ParseEndpoint(parse.GetValue(endpoint)) is not { } baseUri)
            {
                return 2;
            }

            DateTimeOffset? from = null;
            if (parse.GetValue(since) is { } sinceText)
            {
                if (ParseSince(sinceText, DateTimeOffset.UtcNow) is not { } parsed)
                {
                    await Console.Error.WriteLineAsync($"error: --since takes a duration (30s, 5m, 2h, 1d) or a UTC time, not '{sinceText}'.");
                    return 2;
                }

                from = parsed;
            }

            var json = parse.GetValue(output) == "json";
            using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
            long after = 0;
            try
            {
                do
                {
                    var query = $"/_localcloud/lambda/logs?function={Uri.EscapeDataString(parse.GetValue(function)!)}&after={after}";
                    if (from is { } f)
                    {
                        query += $"&since={f.ToUnixTimeMilliseconds()}";
                    }

                    if (parse.GetValue(region) is { } r)
                    {
                        query += $"&region={Uri.EscapeDataString(r)}";
                    }

                    if (parse.GetValue(follow))
                    {
                        query += "&wait=20";
                    }

                    using var response = await http.GetAsync(query, ct);
                    var text = await response.Content.ReadAsStringAsync(ct);
                    using var document = JsonDocument.Parse(text);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        var message = document.RootElement.TryGetProperty("message", out var m) ? m.GetString() : text;
                        await Console.Error.WriteLineAsync($"error: {message}");
                        return 1;
                    }

                    foreach (var line in document.RootElement.GetProperty("events").EnumerateArray())
                    {
                        Console.WriteLine(json ? line.GetRawText() : Format(line));
                    }

                    after = document.RootElement.GetProperty("next").GetInt64();
                }
                while (parse.GetValue(follow));

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

    internal static DateTimeOffset? ParseSince(string text, DateTimeOffset now)
    {
        if (text.Length >= 2 && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            TimeSpan? span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } s)
            {
                return now - s;
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    private static string Format(JsonElement line)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(line.GetProperty("timestamp").GetInt64());
        return string.Create(CultureInfo.InvariantCulture, $"{time.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}  {line.GetProperty("message").GetString()}");
    }
}
