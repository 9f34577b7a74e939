using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LocalCloud.Core.Hosting;

namespace LocalCloud.EventBridge.Resources;

/// <summary>Calls to <see cref="EventBridgeService"/>'s own operation table (archives included), so a stack's buses,
/// rules and archives are validated and answered exactly as API calls are.</summary>
internal sealed class EventBridgeCalls(EventBridgeService service)
{
    public async Task<TResponse> CallAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        RequestContext context,
        CancellationToken cancellationToken)
        where TResponse : class, new()
    {
        var response = await service.HandleAsync(operation, WireJson.SerializeToUtf8Bytes(request, requestType), context, cancellationToken);
        return JsonSerializer.Deserialize(response.Body.Span, responseType) ?? new TResponse();
    }

    /// <summary>An operation whose answer is not needed.</summary>
    public Task SendAsync<TRequest>(string operation, TRequest request, JsonTypeInfo<TRequest> requestType, RequestContext context, CancellationToken cancellationToken) =>
        service.HandleAsync(operation, WireJson.SerializeToUtf8Bytes(request, requestType), context, cancellationToken);

    public static bool IsNotFound(ServiceException error) => error.Code == "ResourceNotFoundException";
}
