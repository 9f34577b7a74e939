using System.Globalization;
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

/// <summary>Reading CloudFormation property values, which templates may give as strings where the resource
/// reference says number or boolean (CloudFormation converts them).</summary>
internal static class Properties
{
    public static string? String(JsonObject properties, string name) =>
        properties[name] is JsonValue value ? value.ToString() : null;

    public static int? Int(JsonObject properties, string name, string resourceType)
    {
        if (properties[name] is not JsonValue value)
        {
            return null;
        }

        var text = value.ToString();
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ResourceProviderException($"Value of property {name} must be of type Integer ({resourceType}); got {text}.");
    }

    public static JsonNode? Clone(JsonObject properties, string name) => properties[name]?.DeepClone();

    /// <summary>A CloudFormation tag list (<c>[{"Key":..,"Value":..}]</c>) as a map, plus the stack's own tags
    /// (Lambda keeps the <c>aws:</c> prefix for AWS itself).</summary>
    public static JsonObject Tags(ResourceOperation operation, string name = "Tags")
    {
        var tags = new JsonObject();
        foreach (var (key, value) in operation.Tags)
        {
            if (!key.StartsWith("aws:", StringComparison.Ordinal))
            {
                tags[key] = value;
            }
        }

        if (operation.Properties[name] is JsonArray list)
        {
            foreach (var tag in list.OfType<JsonObject>())
            {
                if (tag["Key"]?.ToString() is { } key)
                {
                    tags[key] = tag["Value"]?.ToString() ?? string.Empty;
                }
            }
        }

        return tags;
    }

    /// <summary>Whether a property differs between the previous and the new properties.</summary>
    public static bool Changed(ResourceOperation operation, string name) =>
        !JsonNode.DeepEquals(operation.Properties[name], operation.PreviousProperties?[name]);

    public static Dictionary<string, string> Route(string name, string value) => new() { [name] = value };
}
