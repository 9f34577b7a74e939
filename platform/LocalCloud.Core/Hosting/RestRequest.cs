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
