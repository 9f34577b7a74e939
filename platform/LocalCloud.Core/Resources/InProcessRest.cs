using System.Text;
using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Core.Resources;

/// <summary>
/// Calls a restJson service's own operations in process, as a resource provider does: the operation parses,
/// validates and answers exactly as it does over HTTP, and its <see cref="ServiceException"/>s reach the caller.
/// </summary>
public sealed class InProcessRest
{
    private readonly Dictionary<string, RestOperation> _operations;

    public InProcessRest(IEnumerable<RestOperation> operations)
    {
        _operations = operations.ToDictionary(o => o.Name, StringComparer.Ordinal);
    }

    /// <summary>Runs <paramref name="operation"/> and returns its JSON answer (null for an empty body).</summary>
    public async Task<JsonNode?> CallAsync(
        RequestContext context,
        string operation,
        JsonNode? body = null,
        IReadOnlyDictionary<string, string>? route = null,
        IReadOnlyDictionary<string, string>? query = null,
        CancellationToken cancellationToken = default)
    {
        if (!_operations.TryGetValue(operation, out var target))
        {
            throw new InvalidOperationException($"No operation {operation}.");
        }

        ReadOnlyMemory<byte> bytes = body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(body.ToJsonString());
        var response = await target.Handler(RestRequest.InProcess(context, bytes, route, query), cancellationToken);
        return response.Body.IsEmpty ? null : JsonNode.Parse(response.Body.Span);
    }
}
