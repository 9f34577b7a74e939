using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Core.Hosting;

public static class HostEndpoints
{
    public const string StatusPath = "/_localcloud/status";
    public const string TailPath = "/_localcloud/tail";
    public const string HealthPath = "/_localcloud/health";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(HealthPath, static () => Results.Text("ok\n", "text/plain"));
        endpoints.MapGet(StatusPath, StatusAsync);
        endpoints.MapGet(TailPath, TailAsync);
    }

    private static async Task StatusAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var cloud = services.GetRequiredService<CloudContext>();
        var registry = services.GetRequiredService<ServiceRegistry>();
        var store = services.GetRequiredService<SqliteStore>();
        var diagnostics = services.GetRequiredService<HostDiagnostics>();
        var contributors = services.GetServices<IStatusContributor>().ToDictionary(c => c.Name, StringComparer.Ordinal);
        var queryProtocols = services.GetServices<IAwsQueryProtocol>().ToArray();

        var list = new JsonArray();
        foreach (var service in registry.Services)
        {
            var entry = new JsonObject
            {
                ["name"] = service.Name,
                ["protocol"] = ProtocolName(service.Protocol),
                ["signingName"] = service.SigningName,
                ["operations"] = service.OperationNames.Count,
            };
            var protocols = new JsonArray(ProtocolName(service.Protocol));
            if (service is IAwsJsonService json)
            {
                entry["targetPrefix"] = json.TargetPrefix;
                if (Array.Exists(queryProtocols, q => ReferenceEquals(q.Service, json)))
                {
                    protocols.Add("awsQuery");
                }
            }

            entry["protocols"] = protocols;

            if (contributors.TryGetValue(service.Name, out var contributor))
            {
                entry["status"] = await contributor.GetStatusAsync(http.RequestAborted);
            }

            list.Add(entry);
        }

        var extra = new JsonObject();
        foreach (var contributor in contributors.Values.Where(c => !registry.Services.Any(s => s.Name == c.Name)))
        {
            extra[contributor.Name] = await contributor.GetStatusAsync(http.RequestAborted);
        }

        var status = new JsonObject
        {
            ["endpoint"] = cloud.Endpoint.ToString().TrimEnd('/'),
            ["region"] = cloud.Region,
            ["accountId"] = cloud.AccountId,
            ["storage"] = store.Location,
            ["startedAt"] = cloud.StartedAt.UtcDateTime.ToString("O"),
            ["requests"] = diagnostics.Requests,
            ["internalFailures"] = diagnostics.InternalFailures,
            ["services"] = list,
            ["components"] = extra,
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(status.ToJsonString(), Encoding.UTF8, http.RequestAborted);
    }

    private static async Task TailAsync(HttpContext http)
    {
        var feed = http.RequestServices.GetRequiredService<ActivityFeed>();
        var replay = int.TryParse(http.Request.Query["recent"], out var n) ? Math.Clamp(n, 0, ActivityFeed.RecentCapacity) : 0;
        http.Response.ContentType = "application/x-ndjson";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
        var buffer = new MemoryStream();
        try
        {
            await foreach (var activity in feed.SubscribeAsync(replay, http.RequestAborted))
            {
                buffer.SetLength(0);
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    ActivityJson.Write(writer, activity);
                }

                buffer.WriteByte((byte)'\n');
                await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            await buffer.DisposeAsync();
        }
    }

    public static string ProtocolName(AwsProtocol protocol) => protocol switch
    {
        AwsProtocol.AwsJson10 => "awsJson1_0",
        AwsProtocol.AwsJson11 => "awsJson1_1",
        _ => "restJson1",
    };
}
