using System.Globalization;
using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Lambda.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalCloud.Lambda;

/// <summary>
/// The local cloud's own Lambda endpoints: <c>GET /_localcloud/lambda/logs?function=NAME|ARN[&amp;region=][&amp;since=ms]
/// [&amp;after=sequence][&amp;wait=seconds]</c> (what <c>localcloud logs</c> reads; <c>wait</c> long-polls for new lines)
/// and <c>GET /_localcloud/lambda/code/{sha}</c>, the package download <c>GetFunction</c>'s <c>Code.Location</c> points at.
/// </summary>
internal sealed class LambdaEndpoints(LambdaStore store, FunctionLogs logs, CloudContext cloud) : IEndpointContributor
{
    private const int MaxLines = 1000;

    public static string CodeLocation(string sha256) => "/_localcloud/lambda/code/" + Uri.EscapeDataString(sha256);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_localcloud/lambda/logs", LogsAsync);
        endpoints.MapGet("/_localcloud/lambda/code/{sha}", CodeAsync);
    }

    private async Task LogsAsync(HttpContext http)
    {
        var query = http.Request.Query;
        var name = query["function"].ToString();
        if (name.Length == 0)
        {
            await WriteErrorAsync(http, 400, "The function query parameter is required.");
            return;
        }

        var region = query["region"].ToString() is { Length: > 0 } r ? r : cloud.Region;
        var account = query["account"].ToString() is { Length: > 0 } a ? a : cloud.AccountId;
        FunctionRef reference;
        try
        {
            reference = FunctionNames.Resolve(new ResourceScope(account, region), name);
        }
        catch (ServiceException ex)
        {
            await WriteErrorAsync(http, 400, ex.Message);
            return;
        }

        if (store.Get(reference.Scope, reference.Name) is null)
        {
            await WriteErrorAsync(http, 404, $"Function not found: {reference.Arn}");
            return;
        }

        DateTimeOffset? since = long.TryParse(query["since"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var sinceMs)
            ? DateTimeOffset.FromUnixTimeMilliseconds(sinceMs)
            : null;
        var after = long.TryParse(query["after"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var a2) ? a2 : 0;
        var waitSeconds = int.TryParse(query["wait"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) ? Math.Clamp(w, 0, 20) : 0;
        var lines = logs.Read(reference.Arn, since, after, MaxLines);
        if (lines.Count == 0 && waitSeconds > 0)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(waitSeconds));
            try
            {
                while (lines.Count == 0)
                {
                    await logs.WaitAsync(timeout.Token);
                    lines = logs.Read(reference.Arn, since, after, MaxLines);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        var events = new JsonArray();
        foreach (var line in lines)
        {
            events.Add(new JsonObject
            {
                ["sequence"] = line.Sequence,
                ["timestamp"] = line.Timestamp.ToUnixTimeMilliseconds(),
                ["requestId"] = line.RequestId,
                ["message"] = line.Message,
            });
        }

        var body = new JsonObject
        {
            ["function"] = reference.Arn,
            ["events"] = events,
            ["next"] = lines.Count > 0 ? lines[^1].Sequence : after,
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    private async Task CodeAsync(HttpContext http, string sha)
    {
        if (store.GetCode(Uri.UnescapeDataString(sha)) is not { } zip)
        {
            await WriteErrorAsync(http, 404, "No such code package.");
            return;
        }

        http.Response.ContentType = "application/zip";
        http.Response.ContentLength = zip.Length;
        await http.Response.Body.WriteAsync(zip, http.RequestAborted);
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(new JsonObject { ["message"] = message }.ToJsonString());
    }
}
