using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;

namespace LocalCloud.Lambda.Resources;

/// <summary><c>AWS::Lambda::EventSourceMapping</c> for SQS and DynamoDB stream sources: <c>Ref</c> and
/// <c>Fn::GetAtt Id</c> are the mapping's UUID, <c>EventSourceMappingArn</c> its ARN. The source and the starting
/// position require replacement; the rest is updated with <c>UpdateEventSourceMapping</c>.</summary>
internal sealed class EventSourceMappingResource(LambdaApi api) : IResourceProvider
{
    private static readonly string[] Replaced = ["EventSourceArn", "StartingPosition", "StartingPositionTimestamp"];

    private static readonly string[] Mutable =
    [
        "FunctionName", "Enabled", "BatchSize", "FilterCriteria", "MaximumBatchingWindowInSeconds", "ParallelizationFactor", "DestinationConfig",
        "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError", "MaximumRetryAttempts", "TumblingWindowInSeconds", "FunctionResponseTypes",
        "ScalingConfig", "Tags",
    ];

    public string ResourceType => "AWS::Lambda::EventSourceMapping";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } =
        Replaced.Select(p => (p, UpdateBehavior.Replacement)).Concat(Mutable.Select(p => (p, UpdateBehavior.NoInterruption)))
            .ToDictionary(p => p.p, p => p.Item2);

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var body = Body(operation, Replaced.Concat(Mutable));
        if (LambdaApi.Tags(operation) is { Count: > 0 } tags)
        {
            body["Tags"] = tags;
        }

        return Provisioned(await api.CallAsync(operation, "CreateEventSourceMapping", body, cancellationToken: cancellationToken));
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var body = Body(operation, Mutable.Where(p => p != "Tags"));
        body["Enabled"] ??= true;
        foreach (var name in new[] { "FilterCriteria", "DestinationConfig" })
        {
            body[name] ??= new JsonObject();
        }

        body["FunctionResponseTypes"] ??= new JsonArray();
        var updated = await api.CallAsync(operation, "UpdateEventSourceMapping", body, LambdaApi.Route("UUID", current.PhysicalId), cancellationToken: cancellationToken);
        return Provisioned(updated);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        var id = current?.PhysicalId ?? await FindAsync(operation, cancellationToken);
        if (id is not null)
        {
            await api.DeleteAsync(operation, "DeleteEventSourceMapping", LambdaApi.Route("UUID", id), null, cancellationToken);
        }
    }

    /// <summary>After an interrupted create: the mapping of this function from this source, if it was made.</summary>
    private async Task<string?> FindAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string>();
        foreach (var (property, parameter) in new[] { ("FunctionName", "FunctionName"), ("EventSourceArn", "EventSourceArn") })
        {
            if (ResourceProperties.String(operation.Properties, property) is { } value)
            {
                query[parameter] = value;
            }
        }

        var list = await api.CallAsync(operation, "ListEventSourceMappings", null, null, query, cancellationToken);
        return (list?["EventSourceMappings"] as JsonArray)?.FirstOrDefault()?["UUID"]?.ToString();
    }

    private static JsonObject Body(ResourceOperation operation, IEnumerable<string> names)
    {
        var body = new JsonObject();
        foreach (var name in names)
        {
            if (operation.Properties[name]?.DeepClone() is { } value)
            {
                body[name] = value;
            }
        }

        return body;
    }

    private static ProvisionedResource Provisioned(JsonNode? mapping)
    {
        var id = mapping?["UUID"]?.ToString() ?? throw new ResourceProviderException("The event-source mapping has no UUID.");
        return ProvisionedResource.Of(id, ("Id", id), ("EventSourceMappingArn", mapping?["EventSourceMappingArn"]?.DeepClone()));
    }
}
