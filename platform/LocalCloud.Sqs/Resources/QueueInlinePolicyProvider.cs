using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;

namespace LocalCloud.Sqs.Resources;

/// <summary><c>AWS::SQS::QueueInlinePolicy</c>: one queue's <c>Policy</c> attribute. Ref is the queue's URL.</summary>
internal sealed class QueueInlinePolicyProvider(SqsCalls sqs) : IResourceProvider
{
    public string ResourceType => "AWS::SQS::QueueInlinePolicy";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["PolicyDocument"] = UpdateBehavior.NoInterruption,
        ["Queue"] = UpdateBehavior.Replacement,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var (queue, policy) = Read(operation.Properties);
        await SetAsync(operation, queue, policy, cancellationToken);
        return new ProvisionedResource(queue, new Dictionary<string, JsonNode?>());
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var (queue, policy) = Read(operation.Properties);
        await SetAsync(operation, queue, policy, cancellationToken);
        return current.Resource;
    }

    public Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken) =>
        ResourceProperties.String(current?.Properties ?? operation.Properties, "Queue") is { Length: > 0 } queue
            ? QueuePolicyProvider.RemovePolicyAsync(sqs, operation.Context, queue, cancellationToken)
            : Task.CompletedTask;

    private static (string Queue, string Policy) Read(JsonObject properties) =>
        (ResourceProperties.RequiredString(properties, "Queue"),
         ResourceProperties.Json(properties, "PolicyDocument") ?? throw new ResourceProviderException("Property PolicyDocument cannot be empty."));

    private Task SetAsync(ResourceOperation operation, string queue, string policy, CancellationToken cancellationToken) =>
        sqs.SetAttributesAsync(operation.Context, queue, new Dictionary<string, string>(StringComparer.Ordinal) { ["Policy"] = policy }, cancellationToken);
}
