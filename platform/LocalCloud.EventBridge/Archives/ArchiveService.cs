using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Paging;
using LocalCloud.Core.Validation;
using LocalCloud.EventBridge.Model;
using LocalCloud.EventBridge.Wire;

namespace LocalCloud.EventBridge.Archives;

/// <summary>The nine archive and replay operations of <c>AWSEvents</c>.</summary>
internal sealed partial class ArchiveService
{
    public const int MaxConcurrentReplays = 10;
    public const int MaxArchiveNameLength = 48;
    public const int MaxReplayNameLength = 64;

    private const string NamePattern = @"[\.\-_A-Za-z0-9]+";
    private const string ReplayNameFilter = """{"replay-name":[{"exists":false}]}""";
    private static readonly ArchiveJsonContext Json = ArchiveJsonContext.Default;

    private readonly ArchiveStore _store;
    private readonly IArchiveEventBus _bus;
    private readonly TimeProvider _time;
    private readonly ReplayWorker _worker;

    public ArchiveService(ArchiveStore store, IArchiveEventBus bus, TimeProvider time, ReplayWorker worker)
    {
        _store = store;
        _bus = bus;
        _time = time;
        _worker = worker;
    }

    /// <summary>The operations EventBridge adds to its table.</summary>
    public IEnumerable<AwsJsonOperation> Operations() =>
    [
        AwsJsonOperation.Of("CreateArchive", Json.CreateArchiveRequest, CreateArchiveAsync),
        AwsJsonOperation.Of("DescribeArchive", Json.ArchiveNameRequest, DescribeArchive),
        AwsJsonOperation.Of("ListArchives", Json.ListArchivesRequest, ListArchives),
        AwsJsonOperation.Of("UpdateArchive", Json.UpdateArchiveRequest, UpdateArchiveAsync),
        AwsJsonOperation.Of("DeleteArchive", Json.ArchiveNameRequest, DeleteArchiveAsync),
        AwsJsonOperation.Of("StartReplay", Json.StartReplayRequest, StartReplayAsync),
        AwsJsonOperation.Of("DescribeReplay", Json.ReplayNameRequest, DescribeReplay),
        AwsJsonOperation.Of("ListReplays", Json.ListReplaysRequest, ListReplays),
        AwsJsonOperation.Of("CancelReplay", Json.ReplayNameRequest, CancelReplayAsync),
    ];

    /// <summary>The managed rule's pattern: the archive's pattern (or every event) minus replayed events.</summary>
    public static string ManagedRulePattern(string? archivePattern)
    {
        if (string.IsNullOrWhiteSpace(archivePattern))
        {
            return ReplayNameFilter;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(archivePattern);
        }
        catch (JsonException)
        {
            throw InvalidPattern("Filter is not valid JSON.");
        }

        if (node is not JsonObject pattern)
        {
            throw InvalidPattern("Filter is not an object");
        }

        pattern["replay-name"] = new JsonArray(new JsonObject { ["exists"] = false });
        return pattern.ToJsonString();
    }

    private async Task<AwsJsonResponse> CreateArchiveAsync(CreateArchiveRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var name = ValidateName(request.ArchiveName, "archiveName", MaxArchiveNameLength);
        var sourceArn = AwsJson.Required(request.EventSourceArn, "eventSourceArn");
        MaxLength(sourceArn, "eventSourceArn", 1600);
        MaxLength(request.Description, "description", 512);
        MaxLength(request.EventPattern, "eventPattern", 4096);
        var retention = request.RetentionDays ?? 0;
        if (retention < 0)
        {
            throw Constraint(retention.ToString(CultureInfo.InvariantCulture), "retentionDays", "Member must have value greater than or equal to 0");
        }

        if (!EventBridgeNames.TryParseBusArn(sourceArn, out var bus))
        {
            throw ServiceException.Validation($"Parameter EventSourceArn is not valid. Reason: Provided Arn is not in correct format.");
        }

        if (bus.Scope != context.Scope || !_bus.BusExists(bus))
        {
            throw EventBridgeErrors.BusNotFound(bus.Name);
        }

        var managedPattern = ManagedRulePattern(request.EventPattern);
        var archiveArn = ArchiveArns.Archive(context.Scope, name);
        if (_store.GetArchive(archiveArn) is not null)
        {
            throw AlreadyExists(name);
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var record = new ArchiveRecord(archiveArn, bus.Name, sourceArn, request.Description, request.EventPattern, retention, ArchiveStates.Enabled, now, 0, 0);
        if (!await _store.InsertArchiveAsync(record, cancellationToken))
        {
            throw AlreadyExists(name);
        }

        try
        {
            await _bus.PutManagedRuleAsync(bus, ArchiveArns.ManagedRuleName(name), managedPattern, archiveArn, cancellationToken);
        }
        catch
        {
            await _store.DeleteArchiveAsync(archiveArn, CancellationToken.None);
            throw;
        }

        return AwsJsonResponse.From(new ArchiveStateResponse
        {
            ArchiveArn = archiveArn,
            State = ArchiveStates.Enabled,
            CreationTime = Seconds(now),
        }, Json.ArchiveStateResponse);
    }

    private AwsJsonResponse DescribeArchive(ArchiveNameRequest request, RequestContext context)
    {
        var archive = RequireArchive(context, request.ArchiveName);
        return AwsJsonResponse.From(new DescribeArchiveResponse
        {
            ArchiveArn = archive.Arn,
            ArchiveName = archive.Name,
            EventSourceArn = archive.EventSourceArn,
            Description = archive.Description,
            EventPattern = archive.EventPattern,
            State = archive.State,
            RetentionDays = archive.RetentionDays,
            SizeBytes = archive.SizeBytes,
            EventCount = archive.EventCount,
            CreationTime = Seconds(archive.CreatedAtMs),
        }, Json.DescribeArchiveResponse);
    }

    private AwsJsonResponse ListArchives(ListArchivesRequest request, RequestContext context)
    {
        var limit = ValidateLimit(request.Limit);
        if (request.State is { } state && !ArchiveStates.All.Contains(state))
        {
            throw Constraint(state, "state", "Member must satisfy enum value set: [ENABLED, DISABLED, CREATING, UPDATING, CREATE_FAILED, UPDATE_FAILED]");
        }

        string? busFilter = null;
        if (request.EventSourceArn is { } sourceArn)
        {
            if (!EventBridgeNames.TryParseBusArn(sourceArn, out var bus))
            {
                throw ServiceException.Validation("Parameter EventSourceArn is not valid. Reason: Provided Arn is not in correct format.");
            }

            if (bus.Scope != context.Scope || !_bus.BusExists(bus))
            {
                throw EventBridgeErrors.BusNotFound(bus.Name);
            }

            busFilter = bus.Name;
        }

        var matching = _store.ListArchives()
            .Where(a => ArchiveArns.ScopeOf(a.Arn) == context.Scope)
            .Where(a => request.NamePrefix is null || a.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal))
            .Where(a => busFilter is null || a.BusName == busFilter)
            .Where(a => request.State is null || a.State == request.State)
            .ToList();
        var (page, next) = PageToken.Page(matching, a => a.Name, request.NextToken, limit, EventBridgeErrors.InvalidNextToken);
        return AwsJsonResponse.From(new ListArchivesResponse
        {
            Archives = [.. page.Select(a => new ArchiveSummary
            {
                ArchiveName = a.Name,
                EventSourceArn = a.EventSourceArn,
                State = a.State,
                RetentionDays = a.RetentionDays,
                SizeBytes = a.SizeBytes,
                EventCount = a.EventCount,
                CreationTime = Seconds(a.CreatedAtMs),
            })],
            NextToken = next,
        }, Json.ListArchivesResponse);
    }

    private async Task<AwsJsonResponse> UpdateArchiveAsync(UpdateArchiveRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var archive = RequireArchive(context, request.ArchiveName);
        MaxLength(request.Description, "description", 512);
        MaxLength(request.EventPattern, "eventPattern", 4096);
        if (request.RetentionDays is < 0)
        {
            throw Constraint(request.RetentionDays.Value.ToString(CultureInfo.InvariantCulture), "retentionDays", "Member must have value greater than or equal to 0");
        }

        var pattern = request.EventPattern ?? archive.EventPattern;
        var managedPattern = ManagedRulePattern(pattern);
        if (request.EventPattern is not null)
        {
            await _bus.PutManagedRuleAsync(BusOf(archive), ArchiveArns.ManagedRuleName(archive.Name), managedPattern, archive.Arn, cancellationToken);
        }

        await _store.UpdateArchiveAsync(archive.Arn, request.Description ?? archive.Description, pattern, request.RetentionDays ?? archive.RetentionDays, cancellationToken);
        return AwsJsonResponse.From(new ArchiveStateResponse
        {
            ArchiveArn = archive.Arn,
            State = archive.State,
            CreationTime = Seconds(archive.CreatedAtMs),
        }, Json.ArchiveStateResponse);
    }

    private async Task<AwsJsonResponse> DeleteArchiveAsync(ArchiveNameRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var archive = RequireArchive(context, request.ArchiveName);
        if (_bus.BusExists(BusOf(archive)))
        {
            await _bus.DeleteManagedRuleAsync(BusOf(archive), ArchiveArns.ManagedRuleName(archive.Name), cancellationToken);
        }

        await _store.DeleteArchiveAsync(archive.Arn, cancellationToken);
        return AwsJsonResponse.Empty;
    }

    private async Task<AwsJsonResponse> StartReplayAsync(StartReplayRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var name = ValidateName(request.ReplayName, "replayName", MaxReplayNameLength);
        var sourceArn = AwsJson.Required(request.EventSourceArn, "eventSourceArn");
        var start = AwsJson.RequiredValue(request.EventStartTime, "eventStartTime");
        var end = AwsJson.RequiredValue(request.EventEndTime, "eventEndTime");
        var destination = AwsJson.Required(request.Destination, "destination");
        var destinationArn = AwsJson.Required(destination.Arn, "destination.arn");
        MaxLength(request.Description, "description", 512);

        if (!ArchiveArns.TryParseArchive(sourceArn, out var archiveName) || _store.GetArchive(ArchiveArns.Archive(context.Scope, archiveName)) is not { } archive)
        {
            var shown = ArchiveArns.TryParseArchive(sourceArn, out var parsed) ? parsed : sourceArn;
            throw ServiceException.Validation($"Parameter EventSourceArn is not valid. Reason: Archive {shown} does not exist.");
        }

        var startMs = Millis(start);
        var endMs = Millis(end);
        if (startMs >= endMs)
        {
            throw ServiceException.Validation("Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.");
        }

        if (!EventBridgeNames.TryParseBusArn(destinationArn, out var destinationBus))
        {
            throw ServiceException.Validation("Parameter Destination.Arn is not valid. Reason: Provided Arn is not in correct format.");
        }

        if (!_bus.BusExists(destinationBus))
        {
            throw EventBridgeErrors.BusNotFound(destinationBus.Name);
        }

        if (destinationBus != BusOf(archive))
        {
            throw ServiceException.Validation("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");
        }

        List<string>? filters = null;
        if (destination.FilterArns is { Count: > 0 } filterArns)
        {
            foreach (var ruleArn in filterArns)
            {
                if (!ArchiveArns.TryParseRule(ruleArn, out var ruleBus, out _) || ruleBus != destinationBus)
                {
                    throw ServiceException.Validation($"Parameter Destination.FilterArns is not valid. Reason: {ruleArn} is not a rule on event bus {destinationBus.Name}.");
                }
            }

            filters = [.. filterArns];
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var replayArn = ArchiveArns.Replay(context.Scope, name);
        var replay = new ReplayRecord(replayArn, archive.Arn, sourceArn, request.Description, destinationArn, filters,
            startMs, endMs, ReplayStates.Starting, null, now, null, null, startMs);
        switch (await _store.InsertReplayAsync(replay, MaxConcurrentReplays, cancellationToken))
        {
            case StartReplayOutcome.AlreadyExists:
                throw EventBridgeErrors.ReplayAlreadyExists(name);
            case StartReplayOutcome.LimitExceeded:
                throw EventBridgeErrors.LimitExceeded($"The requested resource exceeds the maximum number allowed. At most {MaxConcurrentReplays} replays can run at the same time.");
            default:
                break;
        }

        _worker.Signal();
        return AwsJsonResponse.From(new StartReplayResponse
        {
            ReplayArn = replayArn,
            State = ReplayStates.Starting,
            ReplayStartTime = Seconds(now),
        }, Json.StartReplayResponse);
    }

    private AwsJsonResponse DescribeReplay(ReplayNameRequest request, RequestContext context)
    {
        var replay = RequireReplay(context, request.ReplayName);
        return AwsJsonResponse.From(new DescribeReplayResponse
        {
            ReplayName = replay.Name,
            ReplayArn = replay.Arn,
            Description = replay.Description,
            State = replay.State,
            StateReason = replay.StateReason,
            EventSourceArn = replay.EventSourceArn,
            Destination = new ReplayDestinationDto { Arn = replay.DestinationArn, FilterArns = replay.FilterArns?.ToList() },
            EventStartTime = Seconds(replay.EventStartMs),
            EventEndTime = Seconds(replay.EventEndMs),
            EventLastReplayedTime = Seconds(replay.LastReplayedMs),
            ReplayStartTime = Seconds(replay.ReplayStartMs),
            ReplayEndTime = Seconds(replay.ReplayEndMs),
        }, Json.DescribeReplayResponse);
    }

    private AwsJsonResponse ListReplays(ListReplaysRequest request, RequestContext context)
    {
        var limit = ValidateLimit(request.Limit);
        if (request.State is { } state && !ReplayStates.All.Contains(state))
        {
            throw Constraint(state, "state", "Member must satisfy enum value set: [STARTING, RUNNING, CANCELLING, COMPLETED, CANCELLED, FAILED]");
        }

        var matching = _store.ListReplays()
            .Where(r => ArchiveArns.ScopeOf(r.Arn) == context.Scope)
            .Where(r => request.NamePrefix is null || r.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal))
            .Where(r => request.State is null || r.State == request.State)
            .Where(r => request.EventSourceArn is null || r.EventSourceArn == request.EventSourceArn)
            .ToList();
        var (page, next) = PageToken.Page(matching, r => r.Name, request.NextToken, limit, EventBridgeErrors.InvalidNextToken);
        return AwsJsonResponse.From(new ListReplaysResponse
        {
            Replays = [.. page.Select(r => new ReplaySummary
            {
                ReplayName = r.Name,
                EventSourceArn = r.EventSourceArn,
                State = r.State,
                StateReason = r.StateReason,
                EventStartTime = Seconds(r.EventStartMs),
                EventEndTime = Seconds(r.EventEndMs),
                EventLastReplayedTime = Seconds(r.LastReplayedMs),
                ReplayStartTime = Seconds(r.ReplayStartMs),
                ReplayEndTime = Seconds(r.ReplayEndMs),
            })],
            NextToken = next,
        }, Json.ListReplaysResponse);
    }

    private async Task<AwsJsonResponse> CancelReplayAsync(ReplayNameRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var replay = RequireReplay(context, request.ReplayName);
        var previous = await _store.RequestCancelAsync(replay.Arn, cancellationToken);
        if (previous is not (ReplayStates.Starting or ReplayStates.Running))
        {
            throw EventBridgeErrors.IllegalStatus($"Replay {replay.Name} is not in a valid state for this operation.");
        }

        _worker.Signal();
        return AwsJsonResponse.From(new CancelReplayResponse
        {
            ReplayArn = replay.Arn,
            State = ReplayStates.Cancelling,
        }, Json.CancelReplayResponse);
    }

    private ArchiveRecord RequireArchive(RequestContext context, string? name)
    {
        var archiveName = ValidateName(name, "archiveName", MaxArchiveNameLength);
        return _store.GetArchive(ArchiveArns.Archive(context.Scope, archiveName))
            ?? throw EventBridgeErrors.ArchiveNotFound(archiveName);
    }

    private ReplayRecord RequireReplay(RequestContext context, string? name)
    {
        var replayName = ValidateName(name, "replayName", MaxReplayNameLength);
        return _store.GetReplay(ArchiveArns.Replay(context.Scope, replayName))
            ?? throw EventBridgeErrors.ReplayNotFound(replayName);
    }

    private static string ValidateName(string? value, string member, int maxLength)
    {
        var name = AwsJson.Required(value, member);
        if (name.Length == 0)
        {
            throw Constraint(name, member, "Member must have length greater than or equal to 1");
        }

        if (name.Length > maxLength)
        {
            throw Constraint(name, member, $"Member must have length less than or equal to {maxLength}");
        }

        if (!NameRegex().IsMatch(name))
        {
            throw Constraint(name, member, "Member must satisfy regular expression pattern: " + NamePattern);
        }

        return name;
    }

    private static void MaxLength(string? value, string member, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            throw Constraint(value, member, $"Member must have length less than or equal to {maxLength}");
        }
    }

    private static int ValidateLimit(int? limit) => limit switch
    {
        null => 100,
        < 1 => throw Constraint(limit.Value.ToString(CultureInfo.InvariantCulture), "limit", "Member must have value greater than or equal to 1"),
        > 100 => throw Constraint(limit.Value.ToString(CultureInfo.InvariantCulture), "limit", "Member must have value less than or equal to 100"),
        _ => limit.Value,
    };

    private static ServiceException Constraint(string value, string member, string constraint) =>
        ValidationMessages.Violation(value, member, constraint);

    private static ServiceException AlreadyExists(string name) => EventBridgeErrors.ArchiveAlreadyExists(name);

    private static ServiceException InvalidPattern(string reason) =>
        new("InvalidEventPatternException", "Event pattern is not valid. Reason: " + reason);

    private static BusId BusOf(ArchiveRecord archive) => new(ArchiveArns.ScopeOf(archive.Arn), archive.BusName);

    private static long Millis(double seconds) => (long)Math.Round(seconds * 1000.0);

    private static double? Seconds(long? millis) => millis is { } ms ? ms / 1000.0 : null;

    [GeneratedRegex(@"^[\.\-_A-Za-z0-9]+$")]
    private static partial Regex NameRegex();
}
