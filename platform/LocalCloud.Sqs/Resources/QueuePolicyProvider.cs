using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;

namespace LocalCloud.Sqs.Resources;

/// <summary><c>AWS::SQS::QueuePolicy</c>: sets the <c>Policy</c> attribute of every queue in <c>Queues</c> (URLs) to
/// <c>PolicyDocument</c>; deleting it removes the attribute. Ref and <c>Id</c> are CloudFormation's generated
/// id.</summary>
internal sealed class QueuePolicyProvider(SqsCalls sqs) : IResourceProvider
{
    public string ResourceType => "AWS::SQS::QueuePolicy";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["PolicyDocument"] = UpdateBehavior.NoInterruption,
        ["Queues"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var (policy, queues) = Read(operation);
        foreach (var queue in queues)
        {
            await SetPolicyAsync(operation.Context, queue, policy, cancellationToken);
        }

        return Resource(operation.GeneratedName(255));
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var (policy, queues) = Read(operation);
        var before = operation.PreviousProperties ?? current.Properties;
        var previous = ResourceProperties.StringList(before, "Queues") ?? [];
        var policyChanged = ResourceProperties.Changed(before, operation.Properties, "PolicyDocument");
        foreach (var removed in previous.Except(queues, StringComparer.Ordinal))
        {
            await RemovePolicyAsync(operation.Context, removed, cancellationToken);
        }

        foreach (var queue in queues.Where(q => policyChanged || !previous.Contains(q, StringComparer.Ordinal)))
        {
            await SetPolicyAsync(operation.Context, queue, policy, cancellationToken);
        }

        return Resource(current.PhysicalId);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        foreach (var queue in ResourceProperties.StringList(current?.Properties ?? operation.Properties, "Queues") ?? [])
        {
            await RemovePolicyAsync(operation.Context, queue, cancellationToken);
        }
    }

    private static (string Policy, List<string> Queues) Read(ResourceOperation operation)
    {
        var policy = ResourceProperties.Json(operation.Properties, "PolicyDocument")
            ?? throw new ResourceProviderException("Property PolicyDocument cannot be empty.");
        var queues = ResourceProperties.StringList(operation.Properties, "Queues") is { Count: > 0 } list
            ? list
            : throw new ResourceProviderException("Property Queues cannot be empty.");
        return (policy, queues);
    }

    private Task SetPolicyAsync(RequestContext context, string queueUrl, string policy, CancellationToken cancellationToken) =>
        sqs.SetAttributesAsync(context, queueUrl, new Dictionary<string, string>(StringComparer.Ordinal) { ["Policy"] = policy }, cancellationToken);

    /// <summary>Removes the queue's policy; a queue that no longer exists has none.</summary>
    internal static async Task RemovePolicyAsync(SqsCalls sqs, RequestContext context, string queueUrl, CancellationToken cancellationToken)
    {
        try
        {
            await sqs.SetAttributesAsync(context, queueUrl, new Dictionary<string, string>(StringComparer.Ordinal) { ["Policy"] = "" }, cancellationToken);
        }
        catch (ServiceException error) when (SqsCalls.IsMissingQueue(error))
        {
        }
    }

    private Task RemovePolicyAsync(RequestContext context, string queueUrl, CancellationToken cancellationToken) =>
        RemovePolicyAsync(sqs, context, queueUrl, cancellationToken);

    private static ProvisionedResource Resource(string id) => ProvisionedResource.Of(id, ("Id", id));
}
