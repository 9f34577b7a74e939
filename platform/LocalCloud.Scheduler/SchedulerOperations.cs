using System.Text.Json;
using System.Text.RegularExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Validation;
using LocalCloud.Scheduler.Firing;
using LocalCloud.Scheduler.Model;
using LocalCloud.Scheduler.Wire;

namespace LocalCloud.Scheduler;

/// <summary>
/// Scheduler's operations on its model, shared by the wire adapter (<see cref="SchedulerService"/>) and the
/// CloudFormation providers: validation with Scheduler's messages, the store, and the firing queue.
/// </summary>
internal sealed partial class SchedulerOperations(SchedulerStore store, ScheduleRunner runner, TimeProvider time)
{
    public const string NamePattern = "^[0-9a-zA-Z-_.]+$";
    private const string RoleArnPattern = @"^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@\/-]+$";
    private const string DeadLetterArnPattern = @"^arn:aws(-[a-z]+)?:sqs:[a-z0-9\-]+:\d{12}:[a-zA-Z0-9\-_]+$";
    private const string KmsKeyArnPattern = @"^arn:aws(-[a-z]+)?:kms:[a-z0-9\-]+:\d{12}:(key|alias)\/[0-9a-zA-Z-_]*$";
    private const string ClientTokenPattern = "^[a-zA-Z0-9-_]+$";

    public SchedulerStore Store => store;

    public async Task<StoredSchedule> CreateScheduleAsync(ResourceScope scope, string name, ScheduleInput input)
    {
        var now = time.GetUtcNow();
        var schedule = Validate(scope, name, input, now, creating: true);
        await store.EnsureDefaultGroupAsync(scope, now);
        var (fireAt, nominal) = ScheduleTimes.First(schedule, now);
        var stored = await store.CreateScheduleAsync(schedule, fireAt, nominal);
        if (ReferenceEquals(stored.Schedule, schedule))
        {
            runner.Track(stored.Id, fireAt);
        }

        return stored;
    }

    /// <summary>Replaces the whole schedule: members the request leaves out go back to their defaults.</summary>
    public async Task<StoredSchedule> UpdateScheduleAsync(ResourceScope scope, string name, ScheduleInput input)
    {
        var now = time.GetUtcNow();
        var schedule = Validate(scope, name, input, now, creating: false);
        var (fireAt, nominal) = ScheduleTimes.First(schedule, now);
        var stored = await store.UpdateScheduleAsync(schedule, fireAt, nominal);
        runner.Track(stored.Id, fireAt);
        return stored;
    }

    public async Task DeleteScheduleAsync(ResourceScope scope, string name, string? groupName, string? clientToken)
    {
        Name(name, "name");
        var group = GroupName(groupName) ?? SchedulerStore.DefaultGroup;
        ClientToken(clientToken);
        var id = await store.DeleteScheduleAsync(scope, group, name);
        runner.Track(id, null);
    }

    public StoredSchedule GetSchedule(ResourceScope scope, string name, string? groupName)
    {
        Name(name, "name");
        var group = GroupName(groupName) ?? SchedulerStore.DefaultGroup;
        return store.GetSchedule(scope, group, name) ?? throw SchedulerErrors.ScheduleNotFound(name);
    }

    public async Task<ScheduleGroupRecord> CreateGroupAsync(ResourceScope scope, string name, string? clientToken, IReadOnlyList<ScheduleTag> tags)
    {
        Name(name, "name");
        ClientToken(clientToken);
        Tags(tags);
        var now = time.GetUtcNow();
        await store.EnsureDefaultGroupAsync(scope, now);
        return await store.CreateGroupAsync(new ScheduleGroupRecord(scope.AccountId, scope.Region, name, now, now, tags) { ClientToken = clientToken });
    }

    public async Task<ScheduleGroupRecord> GetGroupAsync(ResourceScope scope, string name)
    {
        Name(name, "name");
        await store.EnsureDefaultGroupAsync(scope, time.GetUtcNow());
        return store.GetGroup(scope, name) ?? throw SchedulerErrors.GroupNotFound(name);
    }

    public async Task DeleteGroupAsync(ResourceScope scope, string name, string? clientToken)
    {
        Name(name, "name");
        ClientToken(clientToken);
        if (name == SchedulerStore.DefaultGroup)
        {
            throw SchedulerErrors.Validation("The default schedule group cannot be deleted.");
        }

        var ids = await store.DeleteGroupAsync(scope, name);
        runner.Forget(ids);
    }

    public static void Tags(IReadOnlyList<ScheduleTag> tags)
    {
        if (tags.Count > 200)
        {
            throw ValidationMessages.ListLength("[...]", "tags", tags.Count, 0, 200);
        }

        foreach (var tag in tags)
        {
            if (tag.Key.Length is 0 or > 128)
            {
                throw ValidationMessages.Violation(tag.Key, "tags.member.key", "Member must have length between 1 and 128");
            }

            if (tag.Value.Length is 0 or > 256)
            {
                throw ValidationMessages.Violation(tag.Value, "tags.member.value", "Member must have length between 1 and 256");
            }
        }
    }

    public static string Name(string? name, string member)
    {
        if (name is null)
        {
            throw ValidationMessages.NotNull(member);
        }

        if (name.Length is 0 or > 64)
        {
            throw ValidationMessages.Violation(name, member, "Member must have length between 1 and 64");
        }

        if (!NameRegex().IsMatch(name))
        {
            throw ValidationMessages.Pattern(name, member, NamePattern);
        }

        return name;
    }

    public static string? GroupName(string? group) => group is null ? null : Name(group, "groupName");

    private static void ClientToken(string? token)
    {
        if (token is null)
        {
            return;
        }

        if (token.Length is 0 or > 64)
        {
            throw ValidationMessages.Violation(token, "clientToken", "Member must have length between 1 and 64");
        }

        if (!ClientTokenRegex().IsMatch(token))
        {
            throw ValidationMessages.Pattern(token, "clientToken", ClientTokenPattern);
        }
    }

    private static ScheduleRecord Validate(ResourceScope scope, string name, ScheduleInput input, DateTimeOffset now, bool creating)
    {
        Name(name, "name");
        var group = GroupName(input.GroupName) ?? SchedulerStore.DefaultGroup;
        ClientToken(input.ClientToken);
        var expressionText = input.ScheduleExpression ?? throw ValidationMessages.NotNull("scheduleExpression");
        if (expressionText.Length is 0 or > 256)
        {
            throw ValidationMessages.Violation(expressionText, "scheduleExpression", "Member must have length between 1 and 256");
        }

        var window = input.FlexibleTimeWindow ?? throw ValidationMessages.NotNull("flexibleTimeWindow");
        var mode = window.Mode ?? throw ValidationMessages.NotNull("flexibleTimeWindow.mode");
        if (!FlexibleModes.All.Contains(mode))
        {
            throw ValidationMessages.Enum(mode, "flexibleTimeWindow.mode", FlexibleModes.All);
        }

        if (window.MaximumWindowInMinutes is { } minutes && minutes is < 1 or > 1440)
        {
            throw ValidationMessages.Range(minutes, "flexibleTimeWindow.maximumWindowInMinutes", 1, 1440);
        }

        if (mode == FlexibleModes.Flexible && window.MaximumWindowInMinutes is null)
        {
            throw SchedulerErrors.Validation("MaximumWindowInMinutes is required when FlexibleTimeWindow Mode is FLEXIBLE.");
        }

        if (mode == FlexibleModes.Off && window.MaximumWindowInMinutes is not null)
        {
            throw SchedulerErrors.Validation("MaximumWindowInMinutes must not be set when FlexibleTimeWindow Mode is OFF.");
        }

        var target = input.Target ?? throw ValidationMessages.NotNull("target");
        if (input.State is { } state && !ScheduleStates.All.Contains(state))
        {
            throw ValidationMessages.Enum(state, "state", ScheduleStates.All);
        }

        if (input.ActionAfterCompletion is { } action && !ScheduleActions.All.Contains(action))
        {
            throw ValidationMessages.Enum(action, "actionAfterCompletion", ScheduleActions.All);
        }

        if (input.Description is { Length: > 512 } description)
        {
            throw ValidationMessages.MaxLength(description, "description", 512);
        }

        if (input.KmsKeyArn is { } kms && (kms.Length is 0 or > 2048 || !KmsRegex().IsMatch(kms)))
        {
            throw ValidationMessages.Pattern(kms, "kmsKeyArn", KmsKeyArnPattern);
        }

        if (input.ScheduleExpressionTimezone is { } zoneName)
        {
            if (zoneName.Length is 0 or > 50)
            {
                throw ValidationMessages.Violation(zoneName, "scheduleExpressionTimezone", "Member must have length between 1 and 50");
            }

            if (!ZoneTime.TryFind(zoneName, out _))
            {
                throw SchedulerErrors.Validation($"Invalid time zone {zoneName}.");
            }
        }

        if (!ScheduleExpression.TryParse(expressionText, out var expression))
        {
            throw SchedulerErrors.InvalidExpression(expressionText);
        }

        var recurring = !expression!.IsOneTime;
        if (recurring && input.StartDate is { } start && creating && start < now.AddMinutes(-5))
        {
            throw SchedulerErrors.Validation("The StartDate you specify cannot be earlier than 5 minutes prior to the current time.");
        }

        if (recurring && input.EndDate is { } end)
        {
            if (end <= now)
            {
                throw SchedulerErrors.Validation("The EndDate you specify cannot be earlier than the current time.");
            }

            if (input.StartDate is { } s && end <= s)
            {
                throw SchedulerErrors.Validation("The EndDate you specify must be after the StartDate.");
            }
        }

        var scheduleTarget = Target(target);
        return new ScheduleRecord
        {
            AccountId = scope.AccountId,
            Region = scope.Region,
            GroupName = group,
            Name = name,
            ScheduleExpression = expressionText,
            ScheduleExpressionTimezone = input.ScheduleExpressionTimezone,
            StartDate = input.StartDate,
            EndDate = input.EndDate,
            State = input.State ?? ScheduleStates.Enabled,
            Description = input.Description,
            ActionAfterCompletion = input.ActionAfterCompletion ?? ScheduleActions.None,
            KmsKeyArn = input.KmsKeyArn,
            FlexibleTimeWindow = new FlexibleWindow(mode, window.MaximumWindowInMinutes),
            Target = scheduleTarget,
            ClientToken = input.ClientToken,
            CreationDate = now,
            LastModificationDate = now,
            RateAnchor = recurring && input.StartDate is { } anchor ? anchor : now,
        };
    }

    private static ScheduleTarget Target(TargetWire target)
    {
        var arn = target.Arn ?? throw ValidationMessages.NotNull("target.arn");
        if (arn.Length is 0 or > 1600)
        {
            throw ValidationMessages.Violation(arn, "target.arn", "Member must have length between 1 and 1600");
        }

        var roleArn = target.RoleArn ?? throw ValidationMessages.NotNull("target.roleArn");
        if (roleArn.Length is 0 or > 1600 || !RoleRegex().IsMatch(roleArn))
        {
            throw ValidationMessages.Pattern(roleArn, "target.roleArn", RoleArnPattern);
        }

        if (target.Input is { Length: 0 })
        {
            throw ValidationMessages.MinLength("", "target.input", 1);
        }

        var retry = target.RetryPolicy;
        if (retry?.MaximumRetryAttempts is { } attempts && attempts is < 0 or > 185)
        {
            throw ValidationMessages.Range(attempts, "target.retryPolicy.maximumRetryAttempts", 0, 185);
        }

        if (retry?.MaximumEventAgeInSeconds is { } age && age is < 60 or > 86_400)
        {
            throw ValidationMessages.Range(age, "target.retryPolicy.maximumEventAgeInSeconds", 60, 86_400);
        }

        if (target.DeadLetterConfig?.Arn is { } dlq && (dlq.Length is 0 or > 1600 || !DeadLetterRegex().IsMatch(dlq)))
        {
            throw ValidationMessages.Pattern(dlq, "target.deadLetterConfig.arn", DeadLetterArnPattern);
        }

        var kind = TargetKinds.Of(arn);
        switch (kind)
        {
            case TargetKind.EventBus:
            {
                var parameters = target.EventBridgeParameters
                    ?? throw SchedulerErrors.Validation("EventBridgeParameters are required for an EventBridge PutEvents target.");
                var detailType = parameters.DetailType ?? throw ValidationMessages.NotNull("target.eventBridgeParameters.detailType");
                var source = parameters.Source ?? throw ValidationMessages.NotNull("target.eventBridgeParameters.source");
                if (detailType.Length is 0 or > 128)
                {
                    throw ValidationMessages.Violation(detailType, "target.eventBridgeParameters.detailType", "Member must have length between 1 and 128");
                }

                if (source.Length is 0 or > 256 || source.StartsWith("aws.", StringComparison.Ordinal))
                {
                    throw ValidationMessages.Pattern(source, "target.eventBridgeParameters.source", @"^(?=[/\.\-_A-Za-z0-9]+)((?!aws\.).*)|(\$(\.[\w_-]+(\[(\d+|\*)\])*)*)$");
                }

                RequireJsonInput(target.Input, "EventBridge PutEvents", requireObject: true);
                break;
            }

            case TargetKind.Function:
                RequireJsonInput(target.Input, "Lambda Invoke", requireObject: false);
                break;
            case TargetKind.Queue:
                if (target.SqsParameters?.MessageGroupId is { } group && group.Length is 0 or > 128)
                {
                    throw ValidationMessages.Violation(group, "target.sqsParameters.messageGroupId", "Member must have length between 1 and 128");
                }

                break;
            case TargetKind.Universal:
                if (!TargetKinds.IsSupportedUniversal(arn))
                {
                    throw SchedulerErrors.Validation(
                        $"The universal target {arn} is not emulated by the local cloud; it supports {string.Join(", ", TargetKinds.UniversalActions.Select(a => TargetKinds.UniversalPrefix + a))}.");
                }

                if (target.Input is null)
                {
                    throw SchedulerErrors.Validation("Input is required for a universal target: it is the API request, as JSON.");
                }

                RequireJsonInput(target.Input, "universal", requireObject: true);
                break;
            default:
                throw SchedulerErrors.Validation(
                    $"Target {arn} is not emulated by the local cloud: use an event bus, a Lambda function, an SQS queue or a universal target ({string.Join(", ", TargetKinds.UniversalActions)}).");
        }

        if (target.EcsParameters is not null || target.KinesisParameters is not null || target.SageMakerPipelineParameters is not null)
        {
            throw SchedulerErrors.Validation("EcsParameters, KinesisParameters and SageMakerPipelineParameters are only valid for ECS, Kinesis and SageMaker targets, which the local cloud does not emulate.");
        }

        return new ScheduleTarget
        {
            Arn = arn,
            RoleArn = roleArn,
            Input = target.Input,
            DeadLetterArn = target.DeadLetterConfig?.Arn,
            MaximumRetryAttempts = retry?.MaximumRetryAttempts ?? 185,
            MaximumEventAgeInSeconds = retry?.MaximumEventAgeInSeconds ?? 86_400,
            DetailType = target.EventBridgeParameters?.DetailType,
            Source = target.EventBridgeParameters?.Source,
            MessageGroupId = target.SqsParameters?.MessageGroupId,
        };
    }

    /// <summary>Input must be well-formed JSON for templated Lambda and EventBridge targets and universal targets;
    /// context attributes count as strings (they are replaced before the call).</summary>
    private static void RequireJsonInput(string? input, string targetName, bool requireObject)
    {
        if (input is null)
        {
            return;
        }

        var probe = ContextAttributePattern().Replace(input, "0");
        try
        {
            using var document = JsonDocument.Parse(probe);
            if (requireObject && document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw SchedulerErrors.Validation($"Input for the {targetName} target must be a JSON object.");
            }
        }
        catch (JsonException)
        {
            throw SchedulerErrors.Validation($"Input for the {targetName} target must be well-formed JSON.");
        }
    }

    [GeneratedRegex(NamePattern)]
    private static partial Regex NameRegex();

    [GeneratedRegex(ClientTokenPattern)]
    private static partial Regex ClientTokenRegex();

    [GeneratedRegex(RoleArnPattern)]
    private static partial Regex RoleRegex();

    [GeneratedRegex(DeadLetterArnPattern)]
    private static partial Regex DeadLetterRegex();

    [GeneratedRegex(KmsKeyArnPattern)]
    private static partial Regex KmsRegex();

    [GeneratedRegex(@"<aws\.scheduler\.[a-z-]+>")]
    private static partial Regex ContextAttributePattern();
}
