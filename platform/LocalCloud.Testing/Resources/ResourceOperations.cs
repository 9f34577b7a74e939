using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Testing.Resources;

/// <summary>
/// Drives a CloudFormation resource provider the way the engine does, for the providers' own tests: finds it by type
/// in a host's services and builds <see cref="ResourceOperation"/> values in a stack's account and region.
/// </summary>
public sealed class ResourceOperations
{
    private readonly LocalCloudHost _host;
    private readonly string _suffix;

    public ResourceOperations(LocalCloudHost host, string stackName = "stack", string region = "us-east-1", string accountId = "000000000000")
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
        StackName = stackName;
        Region = region;
        AccountId = accountId;
        _suffix = Guid.NewGuid().ToString("N")[..13].ToUpperInvariant();
    }

    public string StackName { get; }

    public string Region { get; }

    public string AccountId { get; }

    public string StackId => $"arn:aws:cloudformation:{Region}:{AccountId}:stack/{StackName}/00000000-0000-0000-0000-000000000000";

    /// <summary>The provider registered for <paramref name="resourceType"/>.</summary>
    public IResourceProvider Provider(string resourceType) =>
        _host.Services.GetServices<IResourceProvider>().Single(p => p.ResourceType == resourceType);

    /// <summary>CloudFormation's generated name for a logical id of this stack (the suffix is fixed per instance, so
    /// every call for the same logical id gives the same name, as the engine's does).</summary>
    public string GeneratedName(string logicalId, int maxLength)
    {
        var tail = "-" + _suffix;
        var room = maxLength - tail.Length - 1;
        var stack = StackName;
        var logical = logicalId;
        if (stack.Length + logical.Length > room)
        {
            var half = room / 2;
            stack = stack[..Math.Min(stack.Length, Math.Max(half, room - logical.Length))];
            logical = logical[..Math.Min(logical.Length, room - stack.Length)];
        }

        return $"{stack}-{logical}{tail}";
    }

    public ResourceOperation Operation(string resourceType, string logicalId, JsonObject properties, JsonObject? previous = null, IReadOnlyDictionary<string, string>? stackTags = null)
    {
        var tags = new Dictionary<string, string>(stackTags ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["aws:cloudformation:stack-name"] = StackName,
            ["aws:cloudformation:stack-id"] = StackId,
            ["aws:cloudformation:logical-id"] = logicalId,
        };
        return new ResourceOperation
        {
            Context = new RequestContext
            {
                RequestId = Guid.NewGuid().ToString(),
                Region = Region,
                AccountId = AccountId,
                Endpoint = _host.Endpoint,
            },
            StackName = StackName,
            StackId = StackId,
            LogicalId = logicalId,
            ResourceType = resourceType,
            Properties = properties,
            PreviousProperties = previous,
            GeneratedName = max => GeneratedName(logicalId, max),
            Tags = tags,
        };
    }

    public Task<ProvisionedResource> CreateAsync(string resourceType, string logicalId, JsonObject properties) =>
        Provider(resourceType).CreateAsync(Operation(resourceType, logicalId, properties), CancellationToken.None);

    /// <summary>Updates in place from <paramref name="current"/> (created with <paramref name="previous"/>) to
    /// <paramref name="properties"/>.</summary>
    public Task<ProvisionedResource> UpdateAsync(string resourceType, string logicalId, ProvisionedResource current, JsonObject previous, JsonObject properties) =>
        Provider(resourceType).UpdateAsync(
            Operation(resourceType, logicalId, properties, (JsonObject)previous.DeepClone()),
            new ResourceState(current, (JsonObject)previous.DeepClone()),
            CancellationToken.None);

    /// <summary>Deletes the resource; <paramref name="current"/> null is the engine's delete after a crash during the
    /// resource's creation.</summary>
    public Task DeleteAsync(string resourceType, string logicalId, JsonObject properties, ProvisionedResource? current) =>
        Provider(resourceType).DeleteAsync(
            Operation(resourceType, logicalId, properties),
            current is null ? null : new ResourceState(current, (JsonObject)properties.DeepClone()),
            CancellationToken.None);
}
