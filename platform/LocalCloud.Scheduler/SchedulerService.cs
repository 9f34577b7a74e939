using System.Globalization;
using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Paging;
using LocalCloud.Core.Validation;
using LocalCloud.Scheduler.Firing;
using LocalCloud.Scheduler.Model;
using LocalCloud.Scheduler.Wire;

namespace LocalCloud.Scheduler;

/// <summary>
/// EventBridge Scheduler (restJson1, signing name <c>scheduler</c>): schedules, schedule groups and their tags, as the
/// botocore <c>scheduler</c> 2021-06-30 model describes them.
/// </summary>
internal sealed class SchedulerService : IRestJsonService, IStatusContributor
{
    private const string SchedulePath = "/schedules/{Name}";
    private const string GroupPath = "/schedule-groups/{Name}";
    private const string TagsPath = "/tags/{**ResourceArn}";
    private static readonly SchedulerJsonContext Json = SchedulerJsonContext.Default;
    private readonly SchedulerOperations _operations;
    private readonly ScheduleRunner _runner;

    public SchedulerService(SchedulerOperations operations, ScheduleRunner runner)
    {
        _operations = operations;
        _runner = runner;
        Operations =
        [
            new RestOperation("CreateSchedule", "POST", SchedulePath, CreateScheduleAsync),
            new RestOperation("GetSchedule", "GET", SchedulePath, GetScheduleAsync),
            new RestOperation("UpdateSchedule", "PUT", SchedulePath, UpdateScheduleAsync),
            new RestOperation("DeleteSchedule", "DELETE", SchedulePath, DeleteScheduleAsync),
            new RestOperation("ListSchedules", "GET", "/schedules", ListSchedulesAsync),
            new RestOperation("CreateScheduleGroup", "POST", GroupPath, CreateGroupAsync),
            new RestOperation("GetScheduleGroup", "GET", GroupPath, GetGroupAsync),
            new RestOperation("DeleteScheduleGroup", "DELETE", GroupPath, DeleteGroupAsync),
            new RestOperation("ListScheduleGroups", "GET", "/schedule-groups", ListGroupsAsync),
            new RestOperation("ListTagsForResource", "GET", TagsPath, ListTagsAsync),
            new RestOperation("TagResource", "POST", TagsPath, TagResourceAsync),
            new RestOperation("UntagResource", "DELETE", TagsPath, UntagResourceAsync),
        ];
        OperationNames = [.. Operations.Select(o => o.Name)];
    }

    public string Name => "scheduler";

    public string SigningName => "scheduler";

    public AwsProtocol Protocol => AwsProtocol.RestJson1;

    public string ErrorMessageKey => "Message";

    public IReadOnlyList<RestOperation> Operations { get; }

    public IReadOnlyCollection<string> OperationNames { get; }

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var (groups, schedules, enabled, pending) = _operations.Store.Counts();
        return ValueTask.FromResult<JsonNode?>(new JsonObject
        {
            ["scheduleGroups"] = groups,
            ["schedules"] = schedules,
            ["enabled"] = enabled,
            ["pending"] = pending,
            ["queued"] = _runner.Pending,
            ["fired"] = _runner.Fired,
            ["deadLetteredOnStart"] = _runner.DeadLettered,
            ["lastLatenessMs"] = _runner.LastLatenessMs,
        });
    }

    private async Task<RestResponse> CreateScheduleAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(Json.ScheduleInput);
        var stored = await _operations.CreateScheduleAsync(request.Context.Scope, request.Route("Name"), input);
        return RestResponse.Json(new ScheduleArnOutput(SchedulerArns.Schedule(stored.Schedule)), Json.ScheduleArnOutput);
    }

    private async Task<RestResponse> UpdateScheduleAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(Json.ScheduleInput);
        var stored = await _operations.UpdateScheduleAsync(request.Context.Scope, request.Route("Name"), input);
        return RestResponse.Json(new ScheduleArnOutput(SchedulerArns.Schedule(stored.Schedule)), Json.ScheduleArnOutput);
    }

    private Task<RestResponse> GetScheduleAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var stored = _operations.GetSchedule(request.Context.Scope, request.Route("Name"), request.Query("groupName"));
        return Task.FromResult(RestResponse.Json(Output(stored.Schedule), Json.GetScheduleOutput));
    }

    private async Task<RestResponse> DeleteScheduleAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await _operations.DeleteScheduleAsync(request.Context.Scope, request.Route("Name"), request.Query("groupName"), request.Query("clientToken"));
        return RestResponse.Json(new EmptyOutput(), Json.EmptyOutput);
    }

    private Task<RestResponse> ListSchedulesAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var group = SchedulerOperations.GroupName(request.Query("ScheduleGroup"));
        var prefix = Prefix(request.Query("NamePrefix"));
        var state = request.Query("State");
        if (state is not null && !ScheduleStates.All.Contains(state))
        {
            throw ValidationMessages.Enum(state, "state", ScheduleStates.All);
        }

        var limit = MaxResults(request);
        var after = After(request);
        if (group is not null && group != SchedulerStore.DefaultGroup && _operations.Store.GetGroup(request.Context.Scope, group) is null)
        {
            throw SchedulerErrors.GroupNotFound(group);
        }

        var items = _operations.Store.ListSchedules(request.Context.Scope, group, prefix, state, after, limit + 1);
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = PageToken.Encode(items[^1].Schedule.GroupName + "/" + items[^1].Schedule.Name);
        }

        var output = new ListSchedulesOutput(next, [.. items.Select(s => new ScheduleSummaryOutput(
            SchedulerArns.Schedule(s.Schedule),
            s.Schedule.CreationDate,
            s.Schedule.GroupName,
            s.Schedule.LastModificationDate,
            s.Schedule.Name,
            s.Schedule.State,
            new TargetSummaryOutput(s.Schedule.Target.Arn)))]);
        return Task.FromResult(RestResponse.Json(output, Json.ListSchedulesOutput));
    }

    private async Task<RestResponse> CreateGroupAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(Json.ScheduleGroupInput);
        var group = await _operations.CreateGroupAsync(request.Context.Scope, request.Route("Name"), input.ClientToken, Tags(input.Tags));
        return RestResponse.Json(new ScheduleGroupArnOutput(SchedulerArns.Group(group)), Json.ScheduleGroupArnOutput);
    }

    private async Task<RestResponse> GetGroupAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var group = await _operations.GetGroupAsync(request.Context.Scope, request.Route("Name"));
        return RestResponse.Json(GroupOutput(group), Json.ScheduleGroupOutput);
    }

    private async Task<RestResponse> DeleteGroupAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await _operations.DeleteGroupAsync(request.Context.Scope, request.Route("Name"), request.Query("clientToken"));
        return RestResponse.Json(new EmptyOutput(), Json.EmptyOutput);
    }

    private async Task<RestResponse> ListGroupsAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var prefix = Prefix(request.Query("NamePrefix"));
        var limit = MaxResults(request);
        var after = After(request);
        await _operations.GetGroupAsync(request.Context.Scope, SchedulerStore.DefaultGroup);
        var items = _operations.Store.ListGroups(request.Context.Scope, prefix, after, limit + 1);
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = PageToken.Encode(items[^1].Name);
        }

        return RestResponse.Json(new ListScheduleGroupsOutput(next, [.. items.Select(GroupOutput)]), Json.ListScheduleGroupsOutput);
    }

    private async Task<RestResponse> ListTagsAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var group = await GroupOfArnAsync(request);
        return RestResponse.Json(new ListTagsOutput([.. group.Tags.Select(t => new TagOutput(t.Key, t.Value))]), Json.ListTagsOutput);
    }

    private async Task<RestResponse> TagResourceAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(Json.TagResourceInput);
        var tags = Tags(input.Tags ?? throw ValidationMessages.NotNull("tags"));
        var group = await GroupOfArnAsync(request);
        await _operations.Store.UpdateGroupAsync(request.Context.Scope, group.Name, g =>
        {
            var merged = g.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                merged[tag.Key] = tag.Value;
            }

            var list = merged.Select(t => new ScheduleTag(t.Key, t.Value)).ToList();
            SchedulerOperations.Tags(list);
            return g with { Tags = list };
        });
        return RestResponse.Json(new EmptyOutput(), Json.EmptyOutput);
    }

    private async Task<RestResponse> UntagResourceAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var keys = request.Http.Request.Query.TryGetValue("TagKeys", out var values)
            ? values.Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal)
            : throw ValidationMessages.NotNull("tagKeys");
        var group = await GroupOfArnAsync(request);
        await _operations.Store.UpdateGroupAsync(request.Context.Scope, group.Name, g => g with { Tags = [.. g.Tags.Where(t => !keys.Contains(t.Key))] });
        return RestResponse.Json(new EmptyOutput(), Json.EmptyOutput);
    }

    /// <summary>The schedule group a tag operation's ARN names: only groups take tags.</summary>
    private async Task<ScheduleGroupRecord> GroupOfArnAsync(RestRequest request)
    {
        var arnText = request.Route("ResourceArn");
        const string pattern = @"^arn:aws(-[a-z]+)?:scheduler:[a-z0-9\-]+:\d{12}:schedule-group\/[0-9a-zA-Z-_.]+$";
        if (!Arn.TryParse(arnText, out var arn) || arn.Service != "scheduler" || !arn.Resource.StartsWith("schedule-group/", StringComparison.Ordinal))
        {
            throw ValidationMessages.Pattern(arnText, "resourceArn", pattern);
        }

        var scope = request.Context.Scope;
        var name = arn.Resource["schedule-group/".Length..];
        if (arn.AccountId != scope.AccountId || arn.Region != scope.Region)
        {
            throw SchedulerErrors.GroupNotFound(name);
        }

        return await _operations.GetGroupAsync(scope, name);
    }

    internal static GetScheduleOutput Output(ScheduleRecord schedule)
    {
        var target = schedule.Target;
        return new GetScheduleOutput(
            schedule.ActionAfterCompletion,
            SchedulerArns.Schedule(schedule),
            schedule.CreationDate,
            schedule.Description,
            schedule.EndDate,
            new FlexibleTimeWindowWire { Mode = schedule.FlexibleTimeWindow.Mode, MaximumWindowInMinutes = schedule.FlexibleTimeWindow.MaximumWindowInMinutes },
            schedule.GroupName,
            schedule.KmsKeyArn,
            schedule.LastModificationDate,
            schedule.Name,
            schedule.ScheduleExpression,
            schedule.ScheduleExpressionTimezone ?? "UTC",
            schedule.StartDate,
            schedule.State,
            new TargetWire
            {
                Arn = target.Arn,
                RoleArn = target.RoleArn,
                Input = target.Input,
                DeadLetterConfig = target.DeadLetterArn is null ? null : new DeadLetterConfigWire { Arn = target.DeadLetterArn },
                RetryPolicy = new RetryPolicyWire { MaximumRetryAttempts = target.MaximumRetryAttempts, MaximumEventAgeInSeconds = target.MaximumEventAgeInSeconds },
                EventBridgeParameters = target.DetailType is null && target.Source is null ? null : new EventBridgeParametersWire { DetailType = target.DetailType, Source = target.Source },
                SqsParameters = target.MessageGroupId is null ? null : new SqsParametersWire { MessageGroupId = target.MessageGroupId },
            });
    }

    internal static ScheduleGroupOutput GroupOutput(ScheduleGroupRecord group) =>
        new(SchedulerArns.Group(group), group.CreationDate, group.LastModificationDate, group.Name, "ACTIVE");

    private static List<ScheduleTag> Tags(List<TagWire>? tags) =>
        tags is null ? [] : [.. tags.Select(t => new ScheduleTag(
            t.Key ?? throw ValidationMessages.NotNull("tags.member.key"),
            t.Value ?? throw ValidationMessages.NotNull("tags.member.value")))];

    private static string? Prefix(string? prefix) => prefix is null ? null : SchedulerOperations.Name(prefix, "namePrefix");

    private static int MaxResults(RestRequest request)
    {
        var text = request.Query("MaxResults");
        if (text is null)
        {
            return 100;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw SchedulerErrors.Validation($"Invalid MaxResults {text}.");
        }

        return value is >= 1 and <= 100 ? value : throw ValidationMessages.Range(value, "maxResults", 1, 100);
    }

    private static string? After(RestRequest request)
    {
        var token = request.Query("NextToken");
        if (token is null)
        {
            return null;
        }

        return PageToken.TryDecode(token, out var key) ? key : throw SchedulerErrors.InvalidNextToken();
    }
}
