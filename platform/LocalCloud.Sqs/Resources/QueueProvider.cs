using System.Globalization;
using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Sqs.Model;

namespace LocalCloud.Sqs.Resources;

/// <summary><c>AWS::SQS::Queue</c>: Ref is the queue URL; <c>Arn</c>, <c>QueueName</c> and <c>QueueUrl</c> for
/// Fn::GetAtt. A queue without <c>QueueName</c> gets CloudFormation's generated name (80 characters at most, ending in
/// <c>.fifo</c> for a FIFO queue).</summary>
internal sealed class QueueProvider(SqsCalls sqs) : IResourceProvider
{
    private const int MaxNameLength = 80;
    private const string FifoSuffix = ".fifo";

    private static readonly string[] IntegerAttributes =
    [
        "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout",
        "KmsDataKeyReusePeriodSeconds",
    ];

    private static readonly string[] BooleanAttributes = ["ContentBasedDeduplication", "SqsManagedSseEnabled"];

    private static readonly string[] StringAttributes = ["DeduplicationScope", "FifoThroughputLimit", "KmsMasterKeyId"];

    private static readonly string[] JsonAttributes = ["RedrivePolicy", "RedriveAllowPolicy"];

    /// <summary>What an attribute returns to when its property is removed from the template, beyond the queue
    /// defaults of <see cref="SqsQueue.Defaults"/>.</summary>
    private static readonly Dictionary<string, string> Unset = new(StringComparer.Ordinal)
    {
        ["KmsDataKeyReusePeriodSeconds"] = "300",
        ["ContentBasedDeduplication"] = "false",
        ["DeduplicationScope"] = "queue",
        ["FifoThroughputLimit"] = "perQueue",
        ["KmsMasterKeyId"] = "",
        ["RedrivePolicy"] = "",
        ["RedriveAllowPolicy"] = "",
    };

    public string ResourceType => "AWS::SQS::Queue";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["QueueName"] = UpdateBehavior.Replacement,
        ["FifoQueue"] = UpdateBehavior.Replacement,
        ["ContentBasedDeduplication"] = UpdateBehavior.NoInterruption,
        ["DeduplicationScope"] = UpdateBehavior.NoInterruption,
        ["DelaySeconds"] = UpdateBehavior.NoInterruption,
        ["FifoThroughputLimit"] = UpdateBehavior.NoInterruption,
        ["KmsDataKeyReusePeriodSeconds"] = UpdateBehavior.NoInterruption,
        ["KmsMasterKeyId"] = UpdateBehavior.NoInterruption,
        ["MaximumMessageSize"] = UpdateBehavior.NoInterruption,
        ["MessageRetentionPeriod"] = UpdateBehavior.NoInterruption,
        ["ReceiveMessageWaitTimeSeconds"] = UpdateBehavior.NoInterruption,
        ["RedriveAllowPolicy"] = UpdateBehavior.NoInterruption,
        ["RedrivePolicy"] = UpdateBehavior.NoInterruption,
        ["SqsManagedSseEnabled"] = UpdateBehavior.NoInterruption,
        ["Tags"] = UpdateBehavior.NoInterruption,
        ["VisibilityTimeout"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var name = QueueName(operation);
        var attributes = Attributes(operation.Properties);
        if (ResourceProperties.Bool(operation.Properties, "FifoQueue") is { } fifo)
        {
            attributes["FifoQueue"] = fifo ? "true" : "false";
        }

        var tags = ResourceProperties.Tags(operation);
        if (await sqs.FindQueueUrlAsync(operation.Context, name, cancellationToken) is not null)
        {
            throw new ResourceProviderException($"Resource of type '{ResourceType}' with identifier '{name}' already exists.");
        }

        var url = await sqs.CreateQueueAsync(operation.Context, name, attributes, tags, cancellationToken);
        return Resource(operation.Context, name, url);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var url = current.PhysicalId;
        var before = Attributes(operation.PreviousProperties ?? current.Properties);
        var after = Attributes(operation.Properties);
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in before.Keys.Union(after.Keys))
        {
            var wanted = after.TryGetValue(name, out var value) ? value : SqsQueue.Defaults.GetValueOrDefault(name) ?? Unset[name];
            if (!before.TryGetValue(name, out var old) || old != wanted)
            {
                changes[name] = wanted;
            }
        }

        if (changes.Count > 0)
        {
            await sqs.SetAttributesAsync(operation.Context, url, changes, cancellationToken);
        }

        await sqs.ReplaceTagsAsync(operation.Context, url, ResourceProperties.Tags(operation), cancellationToken);
        var queueName = url[(url.LastIndexOf('/') + 1)..];
        return Resource(operation.Context, queueName, url);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        var url = current?.PhysicalId ?? await sqs.FindQueueUrlAsync(operation.Context, QueueName(operation), cancellationToken);
        if (url is not null)
        {
            await sqs.DeleteQueueAsync(operation.Context, url, cancellationToken);
        }
    }

    private static string QueueName(ResourceOperation operation)
    {
        if (ResourceProperties.String(operation.Properties, "QueueName") is { Length: > 0 } name)
        {
            return name;
        }

        return ResourceProperties.Bool(operation.Properties, "FifoQueue") == true
            ? operation.GeneratedName(MaxNameLength - FifoSuffix.Length) + FifoSuffix
            : operation.GeneratedName(MaxNameLength);
    }

    /// <summary>The queue attributes the properties set, as SQS takes them (strings).</summary>
    private static Dictionary<string, string> Attributes(JsonObject properties)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in IntegerAttributes)
        {
            if (ResourceProperties.Int(properties, name) is { } value)
            {
                attributes[name] = value.ToString(CultureInfo.InvariantCulture);
            }
        }

        foreach (var name in BooleanAttributes)
        {
            if (ResourceProperties.Bool(properties, name) is { } value)
            {
                attributes[name] = value ? "true" : "false";
            }
        }

        foreach (var name in StringAttributes)
        {
            if (ResourceProperties.String(properties, name) is { } value)
            {
                attributes[name] = value;
            }
        }

        foreach (var name in JsonAttributes)
        {
            if (ResourceProperties.Json(properties, name) is { } value)
            {
                attributes[name] = value;
            }
        }

        return attributes;
    }

    private static ProvisionedResource Resource(RequestContext context, string name, string url) =>
        ProvisionedResource.Of(
            url,
            ("Arn", Arn.Build("sqs", context.Region, context.AccountId, name)),
            ("QueueName", name),
            ("QueueUrl", url));
}
