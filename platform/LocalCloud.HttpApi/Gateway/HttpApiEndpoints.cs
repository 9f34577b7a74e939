using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalCloud.HttpApi.Gateway;

/// <summary>
/// Where HTTP APIs are served: <c>/_api/{apiId}/…</c> on the local cloud's port, and any path of a request whose Host
/// is <c>{apiId}.execute-api.localhost[:port]</c> (rewritten to the first form before routing, and never read as an
/// AWS protocol request, so an API may use any path, method or content type).
/// </summary>
internal sealed class HttpApiEndpoints(HttpApiGateway gateway, HttpApiCatalog catalog, CloudContext cloud) : IEndpointContributor, IRequestRewriter
{
    public const string PathPrefix = "/_api/";
    public const string HostSuffix = ".execute-api.localhost";
    public const string ListPath = "/_localcloud/apis";

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ListPath, () => Results.Text(List().ToJsonString(), "application/json"));
        endpoints.Map(PathPrefix + "{apiId}", HandleAsync);
        endpoints.Map(PathPrefix + "{apiId}/{**path}", HandleAsync);
    }

    public bool Rewrite(HttpContext http)
    {
        var host = http.Request.Host.Host;
        if (host.EndsWith(HostSuffix, StringComparison.OrdinalIgnoreCase) && host.Length > HostSuffix.Length)
        {
            var apiId = host[..^HostSuffix.Length];
            if (apiId.Contains('.', StringComparison.Ordinal))
            {
                return false;
            }

            http.Items[HttpApiGateway.HostItem] = true;
            http.Request.Path = new PathString(PathPrefix + apiId.ToLowerInvariant()).Add(http.Request.Path);
            return true;
        }

        return http.Request.Path.StartsWithSegments(PathPrefix.TrimEnd('/'), StringComparison.Ordinal);
    }

    /// <summary>Every HTTP API of every account and region, with its stages, routes and local URLs.</summary>
    public JsonObject List()
    {
        var apis = new JsonArray();
        foreach (var api in catalog.ListAll())
        {
            apis.Add(new JsonObject
            {
                ["apiId"] = api.Api.ApiId,
                ["name"] = api.Api.Name,
                ["accountId"] = api.Scope.AccountId,
                ["region"] = api.Scope.Region,
                ["stages"] = new JsonArray([.. api.Stages.Keys.Order(StringComparer.Ordinal).Select(s => (JsonNode)s)]),
                ["routes"] = new JsonArray([.. api.Routes.Values.Select(r => r.RouteKey).Order(StringComparer.Ordinal).Select(k => (JsonNode)k)]),
                ["urls"] = new JsonArray([.. ApiUrls.For(api, cloud).Select(u => (JsonNode)u)]),
            });
        }

        return new JsonObject { ["apis"] = apis };
    }

    private Task HandleAsync(HttpContext http) =>
        gateway.HandleAsync(http, (string)http.Request.RouteValues["apiId"]!);
}
