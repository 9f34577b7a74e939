using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Core.Clock;

/// <summary>
/// <c>GET /_localcloud/clock</c> (the local cloud's time and offset) and <c>POST /_localcloud/clock</c> with
/// <c>{"advance": "15m"}</c> or <c>{"set": "2030-01-01T00:00:00Z"}</c>, which moves the clock forward and fires
/// everything that came due. The answer is the clock after the move.
/// </summary>
internal sealed class ClockEndpoints(TimeProvider time, ClockStore saved) : IEndpointContributor
{
    public const string Path = MovableClock.HttpPath;

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext http) => WriteAsync(http, 200, State()));
        endpoints.MapPost(Path, MoveAsync);
    }

    private async Task MoveAsync(HttpContext http)
    {
        if (time is not MovableClock clock)
        {
            await WriteAsync(http, 409, Error("This local cloud runs on a TimeProvider it was given (a test's clock); move that one instead."));
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
        }
        catch (JsonException)
        {
            await WriteAsync(http, 400, Error("The body must be a JSON object: {\"advance\": \"15m\"} or {\"set\": \"2030-01-01T00:00:00Z\"}."));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var advance = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("advance", out var a) ? a : default;
            var set = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("set", out var s) ? s : default;
            if ((advance.ValueKind == JsonValueKind.String) == (set.ValueKind == JsonValueKind.String))
            {
                await WriteAsync(http, 400, Error("Give exactly one of \"advance\" (a duration such as 15m, 2h, 1d12h, 30s) or \"set\" (an ISO 8601 UTC time)."));
                return;
            }

            if (advance.ValueKind == JsonValueKind.String)
            {
                if (!ClockDuration.TryParse(advance.GetString(), out var by))
                {
                    await WriteAsync(http, 400, Error($"Invalid duration '{advance.GetString()}': use a positive number with a unit (ms, s, m, h, d), e.g. 15m or 1h30m."));
                    return;
                }

                clock.Advance(by);
            }
            else
            {
                if (!DateTimeOffset.TryParse(set.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var to))
                {
                    await WriteAsync(http, 400, Error($"Invalid time '{set.GetString()}': use ISO 8601, e.g. 2030-01-01T00:00:00Z."));
                    return;
                }

                if (to < clock.GetUtcNow())
                {
                    await WriteAsync(http, 400, Error($"The clock only moves forward: {to:yyyy-MM-dd'T'HH:mm:ss'Z'} is before now ({clock.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss.fff'Z'})."));
                    return;
                }

                clock.Set(to);
            }
        }

        await saved.SaveAsync(clock.Offset, CancellationToken.None);
        await WriteAsync(http, 200, State());
    }

    private Action<Utf8JsonWriter> State() => writer =>
    {
        var offset = time is MovableClock movable ? movable.Offset : TimeSpan.Zero;
        writer.WriteStartObject();
        writer.WriteString("now", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteNumber("offsetSeconds", Math.Round(offset.TotalSeconds, 3));
        writer.WriteString("offset", ClockDuration.Format(offset));
        writer.WriteBoolean("movable", time is MovableClock);
        writer.WriteEndObject();
    };

    private static Action<Utf8JsonWriter> Error(string message) => writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("message", message);
        writer.WriteEndObject();
    };

    private static async Task WriteAsync(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            write(writer);
        }

        await http.Response.Body.WriteAsync(buffer.ToArray(), http.RequestAborted);
    }
}
