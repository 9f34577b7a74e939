using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Scheduler.Model;
using LocalCloud.Scheduler.Wire;

namespace LocalCloud.Scheduler.Resources;

/// <summary><c>AWS::Scheduler::Schedule</c>: <c>Ref</c> is the name, <c>Fn::GetAtt</c> <c>Arn</c>. <c>Name</c> and
/// <c>GroupName</c> replace the schedule; every other property is updated in place with <c>UpdateSchedule</c>
/// (which replaces the whole definition, as the properties do).</summary>
internal sealed class ScheduleProvider(SchedulerOperations operations) : IResourceProvider
{
    public string ResourceType => "AWS::Scheduler::Schedule";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["Name"] = UpdateBehavior.Replacement,
        ["GroupName"] = UpdateBehavior.Replacement,
        ["Description"] = UpdateBehavior.NoInterruption,
        ["EndDate"] = UpdateBehavior.NoInterruption,
        ["FlexibleTimeWindow"] = UpdateBehavior.NoInterruption,
        ["KmsKeyArn"] = UpdateBehavior.NoInterruption,
        ["ScheduleExpression"] = UpdateBehavior.NoInterruption,
        ["ScheduleExpressionTimezone"] = UpdateBehavior.NoInterruption,
        ["StartDate"] = UpdateBehavior.NoInterruption,
        ["State"] = UpdateBehavior.NoInterruption,
        ["Target"] = UpdateBehavior.NoInterruption,
        ["ActionAfterCompletion"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var name = ResourceProperties.String(operation.Properties, "Name") ?? operation.GeneratedName(64);
        var stored = await operations.CreateScheduleAsync(operation.Context.Scope, name, Input(operation.Properties));
        return Provisioned(stored.Schedule);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(current);
        var stored = await operations.UpdateScheduleAsync(operation.Context.Scope, current.PhysicalId, Input(operation.Properties));
        return Provisioned(stored.Schedule);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var properties = current?.Properties ?? operation.Properties;
        var name = current?.PhysicalId ?? ResourceProperties.String(operation.Properties, "Name") ?? operation.GeneratedName(64);
        try
        {
            await operations.DeleteScheduleAsync(operation.Context.Scope, name, ResourceProperties.String(properties, "GroupName"), null);
        }
        catch (ServiceException ex) when (ex.Code == "ResourceNotFoundException")
        {
        }
    }

    private static ScheduleInput Input(JsonObject properties)
    {
        try
        {
            return properties.Deserialize(SchedulerTemplateJsonContext.Default.ScheduleInput) ?? new ScheduleInput();
        }
        catch (JsonException ex)
        {
            throw new ResourceProviderException($"Properties validation failed: {ex.Message}");
        }
    }

    private static ProvisionedResource Provisioned(ScheduleRecord schedule) =>
        ProvisionedResource.Of(schedule.Name, ("Arn", SchedulerArns.Schedule(schedule)));
}

internal static class ScheduleTags
{
    /// <summary>The resource's own <c>Tags</c> (a list of <c>{Key, Value}</c>); CloudFormation's <c>aws:</c> tags are not
    /// put on groups, whose tag API refuses that prefix.</summary>
    public static List<ScheduleTag> Of(JsonObject properties) =>
        [.. ResourceProperties.Objects(properties, "Tags").Select(tag => new ScheduleTag(ResourceProperties.RequiredString(tag, "Key"), ResourceProperties.String(tag, "Value") ?? string.Empty))];
}

/// <summary>Template properties read as the API's input; numbers may arrive as strings after intrinsic functions.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ScheduleInput))]
internal sealed partial class SchedulerTemplateJsonContext : JsonSerializerContext;
