using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.EventBridge.Archives;
using LocalCloud.EventBridge.Wire;

namespace LocalCloud.EventBridge.Resources;

/// <summary><c>AWS::Events::Archive</c>: Ref is the archive name; <c>Arn</c> for Fn::GetAtt. An archive without
/// <c>ArchiveName</c> gets CloudFormation's generated name (48 characters at most). A property removed on update
/// returns to its default: no description, every event, kept forever.</summary>
internal sealed class ArchiveProvider(EventBridgeCalls events) : IResourceProvider
{
    private static readonly ArchiveJsonContext Json = ArchiveJsonContext.Default;
    private static readonly string[] UpdatableProperties = ["Description", "EventPattern", "RetentionDays", "KmsKeyIdentifier"];

    public string ResourceType => "AWS::Events::Archive";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["ArchiveName"] = UpdateBehavior.Replacement,
        ["SourceArn"] = UpdateBehavior.Replacement,
        ["Description"] = UpdateBehavior.NoInterruption,
        ["EventPattern"] = UpdateBehavior.NoInterruption,
        ["RetentionDays"] = UpdateBehavior.NoInterruption,
        ["KmsKeyIdentifier"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var properties = operation.Properties;
        var name = Name(operation);
        var request = new CreateArchiveRequest
        {
            ArchiveName = name,
            EventSourceArn = ResourceProperties.RequiredString(properties, "SourceArn"),
            Description = ResourceProperties.String(properties, "Description"),
            EventPattern = ResourceProperties.Json(properties, "EventPattern"),
            RetentionDays = ResourceProperties.Int(properties, "RetentionDays"),
            KmsKeyIdentifier = ResourceProperties.String(properties, "KmsKeyIdentifier"),
        };
        var response = await events.CallAsync("CreateArchive", request, Json.CreateArchiveRequest, Json.ArchiveStateResponse, operation.Context, cancellationToken);
        return Resource(name, response.ArchiveArn!);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var before = operation.PreviousProperties ?? current.Properties;
        var properties = operation.Properties;
        if (!UpdatableProperties.Any(p => ResourceProperties.Changed(before, properties, p)))
        {
            return current.Resource;
        }

        var request = new UpdateArchiveRequest
        {
            ArchiveName = current.PhysicalId,
            Description = ResourceProperties.String(properties, "Description") ?? "",
            EventPattern = ResourceProperties.Json(properties, "EventPattern") ?? "",
            RetentionDays = ResourceProperties.Int(properties, "RetentionDays") ?? 0,
            KmsKeyIdentifier = ResourceProperties.String(properties, "KmsKeyIdentifier"),
        };
        var response = await events.CallAsync("UpdateArchive", request, Json.UpdateArchiveRequest, Json.ArchiveStateResponse, operation.Context, cancellationToken);
        return Resource(current.PhysicalId, response.ArchiveArn!);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        try
        {
            await events.SendAsync("DeleteArchive", new ArchiveNameRequest { ArchiveName = current?.PhysicalId ?? Name(operation) }, Json.ArchiveNameRequest, operation.Context, cancellationToken);
        }
        catch (ServiceException error) when (EventBridgeCalls.IsNotFound(error))
        {
        }
    }

    private static string Name(ResourceOperation operation) =>
        ResourceProperties.String(operation.Properties, "ArchiveName") is { Length: > 0 } name
            ? name
            : operation.GeneratedName(ArchiveService.MaxArchiveNameLength);

    private static ProvisionedResource Resource(string name, string arn) => ProvisionedResource.Of(name, ("Arn", arn));
}
