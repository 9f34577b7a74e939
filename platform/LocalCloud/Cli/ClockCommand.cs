using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Clock;

namespace LocalCloud.Cli;

/// <summary><c>localcloud clock</c> shows the local cloud's time; <c>clock advance 15m</c> and
/// <c>clock set 2030-01-01T00:00:00Z</c> move it forward (never back), firing every timer and schedule that came due.</summary>
internal static class ClockCommand
{
    public static Command Create()
    {
        var endpoint = LocalCloudCli.EndpointOption();
        var output = LocalCloudCli.OutputOption();
        var command = new Command("clock", "Show the local cloud's clock, or move it forward (advance, set).") { endpoint, output };
        command.SetAction((parse, ct) => SendAsync(parse.GetValue(endpoint), parse.GetValue(output), null, ct));

        var duration = new Argument<string>("duration") { Description = "How far: 15m, 2h, 1d12h, 30s, 500ms or ISO 8601 (PT15M)." };
        var advance = new Command("advance", "Move the clock forward by a duration; everything that came due fires, in order.") { duration, endpoint, output };
        advance.SetAction((parse, ct) =>
        {
            var text = parse.GetValue(duration);
            if (!ClockDuration.TryParse(text, out _))
            {
                Console.Error.WriteLine($"error: invalid duration '{text}': use a positive number with a unit (ms, s, m, h, d), e.g. 15m or 1h30m.");
                return Task.FromResult(2);
            }

            return SendAsync(parse.GetValue(endpoint), parse.GetValue(output), JsonSerializer.Serialize(new Dictionary<string, string> { ["advance"] = text! }), ct);
        });

        var time = new Argument<string>("time") { Description = "The new time, ISO 8601 UTC (2030-01-01T00:00:00Z); it must not be in the past." };
        var set = new Command("set", "Move the clock forward to a time; everything that came due fires, in order.") { time, endpoint, output };
        set.SetAction((parse, ct) =>
        {
            var text = parse.GetValue(time);
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                Console.Error.WriteLine($"error: invalid time '{text}': use ISO 8601, e.g. 2030-01-01T00:00:00Z.");
                return Task.FromResult(2);
            }

            return SendAsync(parse.GetValue(endpoint), parse.GetValue(output), JsonSerializer.Serialize(new Dictionary<string, string> { ["set"] = text! }), ct);
        });

        command.Subcommands.Add(advance);
        command.Subcommands.Add(set);
        return command;
    }

    private static async Task<int> SendAsync(string? endpointText, string? output, string? move, CancellationToken cancellationToken)
    {
        if (LocalCloudCli.ParseEndpoint(endpointText) is not { } baseUri)
        {
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        HttpResponseMessage response;
        try
        {
            var uri = new Uri(baseUri, MovableClock.HttpPath);
            response = move is null
                ? await http.GetAsync(uri, cancellationToken)
                : await http.PostAsync(uri, new StringContent(move, Encoding.UTF8, "application/json"), cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"error: no local cloud answers at {baseUri}: {ex.Message}");
            return 1;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
            var root = document.RootElement;
            if (!response.IsSuccessStatusCode)
            {
                var message = root.TryGetProperty("message", out var m) ? m.GetString() : body;
                await Console.Error.WriteLineAsync($"error: {message}");
                return 1;
            }

            if (output == "json")
            {
                Console.WriteLine(body);
                return 0;
            }

            Console.WriteLine($"now     {root.GetProperty("now").GetString()}");
            Console.WriteLine($"offset  {root.GetProperty("offset").GetString()} ahead of real time{(root.GetProperty("movable").GetBoolean() ? "" : " (not movable: the host runs on a clock it was given)")}");
            return 0;
        }
    }
}
