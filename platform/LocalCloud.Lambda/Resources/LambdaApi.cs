using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;

namespace LocalCloud.Lambda.Resources;

/// <summary>The Lambda API in process, for the resource providers: every operation of every
/// <see cref="ILambdaOperationSource"/>, with the API's own validation and errors.</summary>
internal sealed class LambdaApi(IEnumerable<ILambdaOperationSource> sources)
{
    private readonly InProcessRest _rest = new(sources.SelectMany(s => s.Operations));

    public Task<JsonNode?> CallAsync(
        ResourceOperation operation,
        string name,
        JsonNode? body,
        IReadOnlyDictionary<string, string>? route = null,
        IReadOnlyDictionary<string, string>? query = null,
        CancellationToken cancellationToken = default) =>
        _rest.CallAsync(operation.Context, name, body, route, query, cancellationToken);

    /// <summary>The stack's and the resource's tags as a Lambda tag map: Lambda refuses <c>aws:</c> keys from callers
    /// (CloudFormation's own tags are put by AWS itself).</summary>
    public static JsonObject Tags(ResourceOperation operation)
    {
        var tags = new JsonObject();
        foreach (var (key, value) in ResourceProperties.Tags(operation))
        {
            if (!key.StartsWith("aws:", StringComparison.Ordinal))
            {
                tags[key] = value;
            }
        }

        return tags;
    }

    public static Dictionary<string, string> Route(string name, string value) => new() { [name] = value };

    /// <summary>Runs a delete, treating "already gone" as done, as a provider's delete must.</summary>
    public async Task DeleteAsync(ResourceOperation operation, string name, IReadOnlyDictionary<string, string> route, IReadOnlyDictionary<string, string>? query, CancellationToken cancellationToken)
    {
        try
        {
            await _rest.CallAsync(operation.Context, name, null, route, query, cancellationToken);
        }
        catch (ServiceException ex) when (ex.Code == "ResourceNotFoundException")
        {
        }
    }
}
