using System.CommandLine;
using System.Globalization;
using LocalCloud.Core.Activity;

namespace LocalCloud.Cli;

internal static class TailCommand
{
    public static Command Create()
    {
        var endpoint = LocalCloudCli.EndpointOption();
        var output = LocalCloudCli.OutputOption();
        var recent = new Option<int>("--recent") { Description = "Also show up to this many recent activities first (max 256).", DefaultValueFactory = _ => 20 };
        var command = new Command("tail", "Follow the live activity of a running local cloud: events, matched rules, deliveries, retries.") { endpoint, output, recent };
        command.SetAction(async (parse, ct) =>
        {
            if (LocalCloudCli.ParseEndpoint(parse.GetValue(endpoint)) is not { } baseUri)
            {
                return 2;
            }

            var json = parse.GetValue(output) == "json";
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            try
            {
                using var response = await http.GetAsync(
                    new Uri(baseUri, $"/_localcloud/tail?recent={parse.GetValue(recent)}"),
                    HttpCompletionOption.ResponseHeadersRead,
                    ct);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    Console.WriteLine(json ? line : Format(ActivityJson.Parse(line)));
                }

                return 0;
            }
            catch (OperationCanceledException)
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

    internal static string Format(ActivityEvent? activity)
    {
        if (activity is null)
        {
            return string.Empty;
        }

        var attributes = activity.Attributes is { Count: > 0 } a
            ? "  " + string.Join(' ', a.Select(kv => $"{kv.Key}={kv.Value}"))
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{activity.Time.UtcDateTime:HH:mm:ss.fff} {activity.Service,-11} {activity.Kind,-18} {activity.Summary}{attributes}");
    }
}
