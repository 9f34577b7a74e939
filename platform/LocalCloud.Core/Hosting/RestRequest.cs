using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace LocalCloud.Core.Hosting;

public sealed class RestRequest
{
    internal RestRequest(HttpContext http, ReadOnlyMemory<byte> body, RequestContext context)
    {
        Http = http;
        Body = body;
        Context = context;
    }

    /// <summary>
    /// A request made in process rather than over HTTP, for a caller that drives a service's own REST operations
    /// (the CloudFormation resource providers): the operation sees <paramref name="routeValues"/>,
    /// <paramref name="query"/> and <paramref name="body"/> as if they had come over the wire.
    /// </summary>
    public static RestRequest InProcess(
        RequestContext context,
        ReadOnlyMemory<byte> body,
        IReadOnlyDictionary<string, string>? routeValues = null,
        IReadOnlyDictionary<string, string>? query = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var http = new DefaultHttpContext();
        foreach (var (name, value) in routeValues ?? new Dictionary<string, string>())
        {
            http.Request.RouteValues[name] = Uri.EscapeDataString(value);
        }

        if (query is { Count: > 0 })
        {
            http.Request.Query = new QueryCollection(query.ToDictionary(q => q.Key, q => new Microsoft.Extensions.Primitives.StringValues(q.Value)));
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            http.Request.Headers[name] = value;
        }

        return new RestRequest(http, body, context);
    }

    public HttpContext Http { get; }

    public ReadOnlyMemory<byte> Body { get; }

    public RequestContext Context { get; }

    public string Route(string name) =>
        Http.Request.RouteValues.TryGetValue(name, out var value) && value is string s
            ? Uri.UnescapeDataString(s)
            : throw ServiceException.MissingParameter(name);

    public string? Query(string name) =>
        Http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public string? Header(string name) =>
        Http.Request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    public T ReadJson<T>(JsonTypeInfo<T> typeInfo)
        where T : class, new() =>
        AwsJson.Deserialize(Body, typeInfo);
}
