using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;
using LocalCloud.EventBridge.Model;
using LocalCloud.EventBridge.Wire;

namespace LocalCloud.EventBridge.Resources;

/// <summary><c>AWS::Events::EventBus</c>: Ref is the bus name; <c>Arn</c> and <c>Name</c> for Fn::GetAtt (no
/// <c>Policy</c>: bus policies are not emulated). <c>Tags</c> are accepted and not kept, as the service keeps no
/// tags.</summary>
internal sealed class EventBusProvider(EventBridgeCalls events) : IResourceProvider
{
    private static readonly EventBridgeJsonContext Json = EventBridgeJsonContext.Default;
    private static readonly string[] UpdatableProperties = ["Description", "KmsKeyIdentifier", "DeadLetterConfig"];

    public string ResourceType => "AWS::Events::EventBus";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["Name"] = UpdateBehavior.Replacement,
        ["EventSourceName"] = UpdateBehavior.Replacement,
        ["Description"] = UpdateBehavior.NoInterruption,
        ["KmsKeyIdentifier"] = UpdateBehavior.NoInterruption,
        ["DeadLetterConfig"] = UpdateBehavior.NoInterruption,
        ["Tags"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var properties = operation.Properties;
        var name = ResourceProperties.RequiredString(properties, "Name");
        var request = new CreateEventBusRequest
        {
            Name = name,
            EventSourceName = ResourceProperties.String(properties, "EventSourceName"),
            Description = ResourceProperties.String(properties, "Description"),
            KmsKeyIdentifier = ResourceProperties.String(properties, "KmsKeyIdentifier"),
            DeadLetterConfig = DeadLetter(operation),
            Tags = [.. ResourceProperties.Tags(operation).Select(t => new TagDto { Key = t.Key, Value = t.Value })],
        };
        var response = await events.CallAsync("CreateEventBus", request, Json.CreateEventBusRequest, Json.CreateEventBusResponse, operation.Context, cancellationToken);
        return Resource(name, response.EventBusArn!);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var before = operation.PreviousProperties ?? current.Properties;
        var properties = operation.Properties;
        if (!UpdatableProperties.Any(p => ResourceProperties.Changed(before, properties, p)))
        {
            return current.Resource;
        }

        var request = new UpdateEventBusRequest
        {
            Name = current.PhysicalId,
            Description = ResourceProperties.String(properties, "Description"),
            KmsKeyIdentifier = ResourceProperties.String(properties, "KmsKeyIdentifier"),
            DeadLetterConfig = DeadLetter(operation),
        };
        var response = await events.CallAsync("UpdateEventBus", request, Json.UpdateEventBusRequest, Json.UpdateEventBusResponse, operation.Context, cancellationToken);
        return Resource(current.PhysicalId, response.Arn!);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        var name = current?.PhysicalId ?? ResourceProperties.String(operation.Properties, "Name");
        if (string.IsNullOrEmpty(name) || name == BusId.DefaultName)
        {
            return;
        }

        await events.SendAsync("DeleteEventBus", new NameRequest { Name = name }, Json.NameRequest, operation.Context, cancellationToken);
    }

    private static DeadLetterConfigDto? DeadLetter(ResourceOperation operation) =>
        operation.Properties["DeadLetterConfig"] switch
        {
            null => null,
            JsonObject config => new DeadLetterConfigDto { Arn = ResourceProperties.String(config, "Arn") },
            _ => throw new ResourceProviderException("Value of property DeadLetterConfig must be an object."),
        };

    private static ProvisionedResource Resource(string name, string arn) => ProvisionedResource.Of(name, ("Arn", arn), ("Name", name));
}
