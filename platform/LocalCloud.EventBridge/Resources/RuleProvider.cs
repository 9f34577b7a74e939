using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.EventBridge.Model;
using LocalCloud.EventBridge.Wire;

namespace LocalCloud.EventBridge.Resources;

/// <summary>
/// <c>AWS::Events::Rule</c> with its targets. The physical id (and Ref) is the rule name for a rule on the default bus
/// and <c>&lt;bus name&gt;|&lt;rule name&gt;</c> for a rule on a custom bus, as CloudFormation returns it; <c>Arn</c>
/// for Fn::GetAtt. A rule without <c>Name</c> gets CloudFormation's generated name (64 characters at most). Targets
/// are updated by difference: new and changed ones with PutTargets, removed ones with RemoveTargets.
/// </summary>
internal sealed class RuleProvider(EventBridgeCalls events) : IResourceProvider
{
    private const int MaxNameLength = 64;
    private static readonly EventBridgeJsonContext Json = EventBridgeJsonContext.Default;
    private static readonly string[] RuleProperties = ["Description", "EventPattern", "RoleArn", "ScheduleExpression", "State"];

    private static readonly HashSet<string> TargetProperties = new(StringComparer.Ordinal)
    {
        "Id", "Arn", "RoleArn", "Input", "InputPath", "InputTransformer", "RetryPolicy", "DeadLetterConfig", "SqsParameters",
    };

    public string ResourceType => "AWS::Events::Rule";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["Name"] = UpdateBehavior.Replacement,
        ["EventBusName"] = UpdateBehavior.Replacement,
        ["Description"] = UpdateBehavior.NoInterruption,
        ["EventPattern"] = UpdateBehavior.NoInterruption,
        ["RoleArn"] = UpdateBehavior.NoInterruption,
        ["ScheduleExpression"] = UpdateBehavior.NoInterruption,
        ["State"] = UpdateBehavior.NoInterruption,
        ["Targets"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var (bus, name) = Identify(operation.Properties, operation);
        var targets = Targets(operation.Properties);
        if (await FindAsync(operation.Context, bus, name, cancellationToken))
        {
            throw new ResourceProviderException($"Resource of type '{ResourceType}' with identifier '{PhysicalId(bus, name)}' already exists.");
        }

        var arn = await PutRuleAsync(operation, bus, name, cancellationToken);
        try
        {
            await PutTargetsAsync(operation.Context, bus, name, [.. targets.Values], cancellationToken);
        }
        catch
        {
            await DeleteRuleAsync(operation.Context, bus, name, CancellationToken.None);
            throw;
        }

        return Resource(bus, name, arn);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var before = operation.PreviousProperties ?? current.Properties;
        var (bus, name) = Parse(operation.Context, current.PhysicalId);
        var arn = current.Resource.Attributes.GetValueOrDefault("Arn")?.GetValue<string>() ?? bus.RuleArn(name);
        if (RuleProperties.Any(p => ResourceProperties.Changed(before, operation.Properties, p)))
        {
            arn = await PutRuleAsync(operation, bus, name, cancellationToken);
        }

        var wanted = Targets(operation.Properties);
        var previous = Targets(before);
        var removed = previous.Keys.Where(id => !wanted.ContainsKey(id)).ToList();
        if (removed.Count > 0)
        {
            await events.SendAsync("RemoveTargets", new RemoveTargetsRequest { Rule = name, EventBusName = bus.Name, Ids = removed }, Json.RemoveTargetsRequest, operation.Context, cancellationToken);
        }

        var changed = wanted.Where(t => !previous.TryGetValue(t.Key, out var old) || !JsonNode.DeepEquals(Source(old), Source(t.Value)))
            .Select(t => t.Value)
            .ToList();
        await PutTargetsAsync(operation.Context, bus, name, changed, cancellationToken);
        return Resource(bus, name, arn);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        var (bus, name) = current is null ? Identify(operation.Properties, operation) : Parse(operation.Context, current.PhysicalId);
        await DeleteRuleAsync(operation.Context, bus, name, cancellationToken);
    }

    private async Task<string> PutRuleAsync(ResourceOperation operation, BusId bus, string name, CancellationToken cancellationToken)
    {
        var properties = operation.Properties;
        var request = new PutRuleRequest
        {
            Name = name,
            EventBusName = bus.Name,
            EventPattern = ResourceProperties.Json(properties, "EventPattern"),
            ScheduleExpression = ResourceProperties.String(properties, "ScheduleExpression"),
            State = ResourceProperties.String(properties, "State"),
            Description = ResourceProperties.String(properties, "Description"),
            RoleArn = ResourceProperties.String(properties, "RoleArn"),
        };
        var response = await events.CallAsync("PutRule", request, Json.PutRuleRequest, Json.PutRuleResponse, operation.Context, cancellationToken);
        return response.RuleArn!;
    }

    private async Task PutTargetsAsync(RequestContext context, BusId bus, string name, List<(JsonObject Source, TargetDto Target)> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            return;
        }

        var request = new PutTargetsRequest { Rule = name, EventBusName = bus.Name, Targets = [.. targets.Select(t => t.Target)] };
        var response = await events.CallAsync("PutTargets", request, Json.PutTargetsRequest, Json.TargetsResultResponse, context, cancellationToken);
        if (response.FailedEntryCount > 0)
        {
            var failed = response.FailedEntries[0];
            throw new ResourceProviderException($"{failed.ErrorMessage} (Service: EventBridge, Status Code: 400, Error Code: {failed.ErrorCode})");
        }
    }

    /// <summary>Removes the rule's targets and the rule; a rule or bus that no longer exists is already deleted.</summary>
    private async Task DeleteRuleAsync(RequestContext context, BusId bus, string name, CancellationToken cancellationToken)
    {
        try
        {
            var targets = await events.CallAsync(
                "ListTargetsByRule",
                new ListTargetsByRuleRequest { Rule = name, EventBusName = bus.Name },
                Json.ListTargetsByRuleRequest,
                Json.ListTargetsByRuleResponse,
                context,
                cancellationToken);
            if (targets.Targets.Count > 0)
            {
                await events.SendAsync(
                    "RemoveTargets",
                    new RemoveTargetsRequest { Rule = name, EventBusName = bus.Name, Ids = [.. targets.Targets.Select(t => t.Id!)] },
                    Json.RemoveTargetsRequest,
                    context,
                    cancellationToken);
            }

            await events.SendAsync("DeleteRule", new RuleRequest { Name = name, EventBusName = bus.Name }, Json.RuleRequest, context, cancellationToken);
        }
        catch (ServiceException error) when (EventBridgeCalls.IsNotFound(error))
        {
        }
    }

    private async Task<bool> FindAsync(RequestContext context, BusId bus, string name, CancellationToken cancellationToken)
    {
        try
        {
            await events.SendAsync("DescribeRule", new RuleRequest { Name = name, EventBusName = bus.Name }, Json.RuleRequest, context, cancellationToken);
            return true;
        }
        catch (ServiceException error) when (EventBridgeCalls.IsNotFound(error))
        {
            return false;
        }
    }

    /// <summary>The rule's bus (the default one when <c>EventBusName</c> is absent; a name or an ARN) and name.</summary>
    private static (BusId Bus, string Name) Identify(JsonObject properties, ResourceOperation operation) =>
        (EventBridgeNames.ResolveBus(operation.Context.Scope, ResourceProperties.String(properties, "EventBusName")),
         ResourceProperties.String(properties, "Name") is { Length: > 0 } name ? name : operation.GeneratedName(MaxNameLength));

    private static (BusId Bus, string Name) Parse(RequestContext context, string physicalId)
    {
        var bar = physicalId.IndexOf('|', StringComparison.Ordinal);
        return bar < 0
            ? (BusId.Default(context.Scope), physicalId)
            : (new BusId(context.Scope, physicalId[..bar]), physicalId[(bar + 1)..]);
    }

    private static string PhysicalId(BusId bus, string name) => bus.IsDefault ? name : $"{bus.Name}|{name}";

    private static ProvisionedResource Resource(BusId bus, string name, string arn) => ProvisionedResource.Of(PhysicalId(bus, name), ("Arn", arn));

    private static JsonObject Source((JsonObject Source, TargetDto Target) target) => target.Source;

    /// <summary>The <c>Targets</c> property by id, each with its template form (to compare) and its API form.</summary>
    private static Dictionary<string, (JsonObject Source, TargetDto Target)> Targets(JsonObject properties)
    {
        var result = new Dictionary<string, (JsonObject, TargetDto)>(StringComparer.Ordinal);
        if (properties["Targets"] is null)
        {
            return result;
        }

        if (properties["Targets"] is not JsonArray list)
        {
            throw new ResourceProviderException("Value of property Targets must be of type List of Target.");
        }

        foreach (var item in list)
        {
            if (item is not JsonObject target)
            {
                throw new ResourceProviderException("Value of property Targets must be of type List of Target.");
            }

            if (target.Select(p => p.Key).FirstOrDefault(k => !TargetProperties.Contains(k)) is { } unsupported)
            {
                throw new ResourceProviderException($"Target property {unsupported} is not supported by the local cloud.");
            }

            var dto = ToTarget(target);
            if (string.IsNullOrEmpty(dto.Id))
            {
                throw new ResourceProviderException("Property Targets.Id cannot be empty.");
            }

            if (!result.TryAdd(dto.Id, (target, dto)))
            {
                throw new ResourceProviderException($"Target Id {dto.Id} appears more than once in Targets.");
            }
        }

        return result;
    }

    private static TargetDto ToTarget(JsonObject target) => new()
    {
        Id = ResourceProperties.String(target, "Id"),
        Arn = ResourceProperties.String(target, "Arn"),
        RoleArn = ResourceProperties.String(target, "RoleArn"),
        Input = ResourceProperties.String(target, "Input"),
        InputPath = ResourceProperties.String(target, "InputPath"),
        InputTransformer = Object(target, "InputTransformer") is { } transformer
            ? new InputTransformerDto
            {
                InputPathsMap = Object(transformer, "InputPathsMap")?.ToDictionary(p => p.Key, p => p.Value is JsonValue v ? v.ToString() : p.Value?.ToJsonString() ?? "", StringComparer.Ordinal),
                InputTemplate = ResourceProperties.String(transformer, "InputTemplate"),
            }
            : null,
        RetryPolicy = Object(target, "RetryPolicy") is { } retry
            ? new RetryPolicyDto
            {
                MaximumRetryAttempts = ResourceProperties.Int(retry, "MaximumRetryAttempts"),
                MaximumEventAgeInSeconds = ResourceProperties.Int(retry, "MaximumEventAgeInSeconds"),
            }
            : null,
        DeadLetterConfig = Object(target, "DeadLetterConfig") is { } dlq ? new DeadLetterConfigDto { Arn = ResourceProperties.String(dlq, "Arn") } : null,
        SqsParameters = Object(target, "SqsParameters") is { } sqs ? new SqsParametersDto { MessageGroupId = ResourceProperties.String(sqs, "MessageGroupId") } : null,
    };

    private static JsonObject? Object(JsonObject parent, string name) => parent[name] switch
    {
        null => null,
        JsonObject value => value,
        _ => throw new ResourceProviderException($"Value of property {name} must be an object."),
    };
}
