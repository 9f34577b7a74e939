using System.Globalization;
using LocalCloud.Core.Hosting;
using Microsoft.AspNetCore.Http;

namespace LocalCloud.S3.Protocol;

/// <summary>One S3 request: its address, query, headers, the caller's scope and the ids its response carries.</summary>
internal sealed class S3Call(HttpContext http, S3Address address, RequestContext context)
{
    public HttpContext Http { get; } = http;

    public HttpRequest Request => Http.Request;

    public HttpResponse Response => Http.Response;

    public S3Address Address { get; } = address;

    public RequestContext Context { get; } = context;

    public ResourceScope Scope => Context.Scope;

    public string Bucket => Address.Bucket!;

    public string Key => Address.Key;

    public string RequestId { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray().AsSpan(0, 8));

    public string HostId { get; } = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());

    public CancellationToken Aborted => Http.RequestAborted;

    public bool IsHead => HttpMethods.IsHead(Request.Method);

    public bool Has(string name) => Request.Query.ContainsKey(name);

    public string? Query(string name) => Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public string? Header(string name) => Request.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    /// <summary>An integer query parameter between 0 and <paramref name="maximum"/> (larger values are capped, as S3 does).</summary>
    public int IntQuery(string name, int fallback, int maximum)
    {
        var raw = Query(name);
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw S3Errors.InvalidArgument($"Provided {name} not an integer or within integer range", name, raw);
        }

        return Math.Min(value, maximum);
    }
}
