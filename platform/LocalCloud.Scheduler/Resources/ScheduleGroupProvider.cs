using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Scheduler.Model;

namespace LocalCloud.Scheduler.Resources;

/// <summary><c>AWS::Scheduler::ScheduleGroup</c>: <c>Ref</c> is the name; <c>Fn::GetAtt</c> <c>Arn</c>,
/// <c>CreationDate</c>, <c>LastModificationDate</c>, <c>State</c>.</summary>
internal sealed class ScheduleGroupProvider(SchedulerOperations operations) : IResourceProvider
{
    public string ResourceType => "AWS::Scheduler::ScheduleGroup";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["Name"] = UpdateBehavior.Replacement,
        ["Tags"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var name = ResourceProperties.String(operation.Properties, "Name") ?? operation.GeneratedName(64);
        var group = await operations.CreateGroupAsync(operation.Context.Scope, name, null, ScheduleTags.Of(operation.Properties));
        return Provisioned(group);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(current);
        var tags = ScheduleTags.Of(operation.Properties);
        SchedulerOperations.Tags(tags);
        var group = await operations.Store.UpdateGroupAsync(operation.Context.Scope, current.PhysicalId, g => g with { Tags = tags });
        return Provisioned(group);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var name = current?.PhysicalId ?? ResourceProperties.String(operation.Properties, "Name") ?? operation.GeneratedName(64);
        try
        {
            await operations.DeleteGroupAsync(operation.Context.Scope, name, null);
        }
        catch (ServiceException ex) when (ex.Code == "ResourceNotFoundException")
        {
        }
    }

    private static ProvisionedResource Provisioned(ScheduleGroupRecord group) =>
        ProvisionedResource.Of(
            group.Name,
            ("Arn", SchedulerArns.Group(group)),
            ("CreationDate", group.CreationDate.UtcDateTime.ToString("O")),
            ("LastModificationDate", group.LastModificationDate.UtcDateTime.ToString("O")),
            ("State", "ACTIVE"));
}
