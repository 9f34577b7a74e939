using System.Text.Json.Serialization.Metadata;

namespace LocalCloud.Core.Hosting;

public delegate Task<AwsJsonResponse> AwsJsonHandler(ReadOnlyMemory<byte> body, RequestContext context, CancellationToken cancellationToken);

/// <summary>One operation of an awsJson service: its name (the part of <c>X-Amz-Target</c> after the
/// dot) and its handler. <see cref="Of{TRequest}(string, JsonTypeInfo{TRequest}, Func{TRequest, RequestContext, CancellationToken, Task{AwsJsonResponse}})"/>
/// reads the request body with the operation's source-generated type first.</summary>
public sealed record AwsJsonOperation(string Name, AwsJsonHandler Handler)
{
    public static AwsJsonOperation Of<TRequest>(
        string name,
        JsonTypeInfo<TRequest> request,
        Func<TRequest, RequestContext, CancellationToken, Task<AwsJsonResponse>> handler)
        where TRequest : class, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new(name, (body, context, cancellationToken) => handler(AwsJson.Deserialize(body, request), context, cancellationToken));
    }

    public static AwsJsonOperation Of<TRequest>(
        string name,
        JsonTypeInfo<TRequest> request,
        Func<TRequest, RequestContext, AwsJsonResponse> handler)
        where TRequest : class, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new(name, (body, context, _) => Task.FromResult(handler(AwsJson.Deserialize(body, request), context)));
    }

    public static AwsJsonOperation Of<TRequest>(
        string name,
        JsonTypeInfo<TRequest> request,
        Func<TRequest, RequestContext, Task<AwsJsonResponse>> handler)
        where TRequest : class, new()
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new(name, (body, context, _) => handler(AwsJson.Deserialize(body, request), context));
    }
}
