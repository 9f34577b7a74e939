using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PutEventsEntrySize = Aws.EventBridge.PutEventsEntrySize;
using EventPatterns;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Paging;
using LocalCloud.Core.Validation;
using LocalCloud.Core.Targets;
using LocalCloud.EventBridge.Archives;
using LocalCloud.EventBridge.Model;
using LocalCloud.EventBridge.Wire;

namespace LocalCloud.EventBridge;

internal sealed class EventBridgeService : AwsJsonService, IStatusContributor
{
    public const int MaxJsonDepth = 1000;
    public const int MaxTargetsPerRule = 5;
    private const int DefaultPageSize = 100;

    private static readonly string[] RuleStates = ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"];

    private readonly EventBridgeState _state;
    private readonly EventBusRouter _router;
    private readonly DeliveryEngine _engine;
    private readonly EventBridgeOptions _options;
    private readonly ArchiveService? _archives;

    public EventBridgeService(EventBridgeState state, EventBusRouter router, DeliveryEngine engine, EventBridgeOptions options, ArchiveService? archives = null)
    {
        _state = state;
        _router = router;
        _engine = engine;
        _options = options;
        _archives = archives;
    }

    public override string Name => "events";

    public override string SigningName => "events";

    public override AwsProtocol Protocol => AwsProtocol.AwsJson11;

    public override string TargetPrefix => "AWSEvents";

    protected override IEnumerable<AwsJsonOperation> DefineOperations()
    {
        var json = EventBridgeJsonContext.Default;
        List<AwsJsonOperation> operations =
        [
            AwsJsonOperation.Of("CreateEventBus", json.CreateEventBusRequest, CreateEventBusAsync),
            AwsJsonOperation.Of("UpdateEventBus", json.UpdateEventBusRequest, UpdateEventBusAsync),
            AwsJsonOperation.Of("DescribeEventBus", json.NameRequest, DescribeEventBus),
            AwsJsonOperation.Of("ListEventBuses", json.ListEventBusesRequest, ListEventBuses),
            AwsJsonOperation.Of("DeleteEventBus", json.NameRequest, DeleteEventBusAsync),
            AwsJsonOperation.Of("PutRule", json.PutRuleRequest, PutRuleAsync),
            AwsJsonOperation.Of("DescribeRule", json.RuleRequest, DescribeRule),
            AwsJsonOperation.Of("ListRules", json.ListRulesRequest, ListRules),
            AwsJsonOperation.Of("EnableRule", json.RuleRequest, (r, c) => SetRuleStateAsync(r, c, "ENABLED")),
            AwsJsonOperation.Of("DisableRule", json.RuleRequest, (r, c) => SetRuleStateAsync(r, c, "DISABLED")),
            AwsJsonOperation.Of("DeleteRule", json.RuleRequest, DeleteRuleAsync),
            AwsJsonOperation.Of("ListRuleNamesByTarget", json.ListRuleNamesByTargetRequest, ListRuleNamesByTarget),
            AwsJsonOperation.Of("PutTargets", json.PutTargetsRequest, PutTargetsAsync),
            AwsJsonOperation.Of("RemoveTargets", json.RemoveTargetsRequest, RemoveTargetsAsync),
            AwsJsonOperation.Of("ListTargetsByRule", json.ListTargetsByRuleRequest, ListTargetsByRule),
            AwsJsonOperation.Of("TestEventPattern", json.TestEventPatternRequest, TestEventPattern),
            AwsJsonOperation.Of("PutEvents", json.PutEventsRequest, PutEventsAsync),
        ];
        if (_archives is not null)
        {
            operations.AddRange(_archives.Operations());
        }

        return operations;
    }

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var (buses, rules, targets) = _state.Counts();
        JsonNode node = new JsonObject
        {
            ["buses"] = buses,
            ["rules"] = rules,
            ["targets"] = targets,
            ["pendingDeliveries"] = _engine.PendingCount,
        };
        return ValueTask.FromResult<JsonNode?>(node);
    }

    private async Task<AwsJsonResponse> CreateEventBusAsync(CreateEventBusRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var name = AwsJson.Required(request.Name, "name");
        if (!EventBridgeNames.IsValidName(name, 256, allowSlash: true))
        {
            throw Pattern(name, "name", @"[/\.\-_A-Za-z0-9]+");
        }

        if (name.Contains('/', StringComparison.Ordinal) && request.EventSourceName is null)
        {
            throw ServiceException.Validation($"Event bus name {name} is not valid: only partner event buses created from an event source may contain '/'.");
        }

        if (request.Description is { Length: > 512 })
        {
            throw Length(request.Description, "description", 512);
        }

        if (request.DeadLetterConfig?.Arn is { } dlq)
        {
            ValidateDeadLetterArn(dlq);
        }

        var now = _state.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var bus = new StoredBus
        {
            AccountId = context.AccountId,
            Region = context.Region,
            Name = name,
            Description = request.Description,
            KmsKeyIdentifier = request.KmsKeyIdentifier,
            DeadLetterArn = request.DeadLetterConfig?.Arn,
            EventSourceName = request.EventSourceName,
            CreatedAtMs = now,
            ModifiedAtMs = now,
        };
        await _state.AddBus(bus);
        return AwsJsonResponse.From(
            new CreateEventBusResponse
            {
                EventBusArn = bus.Id.Arn,
                Description = bus.Description,
                KmsKeyIdentifier = bus.KmsKeyIdentifier,
                DeadLetterConfig = bus.DeadLetterArn is null ? null : new DeadLetterConfigDto { Arn = bus.DeadLetterArn },
            },
            EventBridgeJsonContext.Default.CreateEventBusResponse);
    }

    /// <summary>Sets the bus's description, KMS key and dead-letter queue to what the request gives (a member left out
    /// is cleared); without a name it updates the <c>default</c> bus.</summary>
    private async Task<AwsJsonResponse> UpdateEventBusAsync(UpdateEventBusRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        if (request.Description is { Length: > 512 })
        {
            throw Length(request.Description, "description", 512);
        }

        if (request.DeadLetterConfig?.Arn is { } dlq)
        {
            ValidateDeadLetterArn(dlq);
        }

        var id = EventBridgeNames.ResolveBus(context.Scope, request.Name);
        var bus = await _state.UpdateBus(id, b =>
        {
            b.Description = request.Description;
            b.KmsKeyIdentifier = request.KmsKeyIdentifier;
            b.DeadLetterArn = request.DeadLetterConfig?.Arn;
            b.ModifiedAtMs = _state.Time.GetUtcNow().ToUnixTimeMilliseconds();
        });
        return AwsJsonResponse.From(
            new UpdateEventBusResponse
            {
                Arn = bus.Id.Arn,
                Name = bus.Name,
                Description = bus.Description,
                KmsKeyIdentifier = bus.KmsKeyIdentifier,
                DeadLetterConfig = bus.DeadLetterArn is null ? null : new DeadLetterConfigDto { Arn = bus.DeadLetterArn },
            },
            EventBridgeJsonContext.Default.UpdateEventBusResponse);
    }

    private AwsJsonResponse DescribeEventBus(NameRequest request, RequestContext context)
    {
        var entry = _state.RequireBus(EventBridgeNames.ResolveBus(context.Scope, request.Name));
        return AwsJsonResponse.From(ToDto(entry.Bus), EventBridgeJsonContext.Default.EventBusDto);
    }

    private AwsJsonResponse ListEventBuses(ListEventBusesRequest request, RequestContext context)
    {
        var limit = ValidateLimit(request.Limit);
        var all = _state.Buses(context.Scope).Where(b => request.NamePrefix is null || b.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal));
        var (page, next) = Page(all, b => b.Name, request.NextToken, limit);
        return AwsJsonResponse.From(
            new ListEventBusesResponse { EventBuses = [.. page.Select(ToDto)], NextToken = next },
            EventBridgeJsonContext.Default.ListEventBusesResponse);
    }

    private async Task<AwsJsonResponse> DeleteEventBusAsync(NameRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var bus = EventBridgeNames.ResolveBus(context.Scope, AwsJson.Required(request.Name, "name"));
        if (bus.IsDefault)
        {
            throw ServiceException.Validation("Cannot delete event bus default.");
        }

        await _state.RemoveBus(bus);
        return AwsJsonResponse.Empty;
    }

    private async Task<AwsJsonResponse> PutRuleAsync(PutRuleRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var name = AwsJson.Required(request.Name, "name");
        ValidateRuleName(name, "name");
        if (request.Description is { Length: > 512 })
        {
            throw Length(request.Description, "description", 512);
        }

        if (request.State is { } state && !RuleStates.Contains(state, StringComparer.Ordinal))
        {
            throw ValidationMessages.Enum(state, "state", RuleStates);
        }

        if (request.ScheduleExpression is not null)
        {
            throw ServiceException.Validation(
                "ScheduleExpression is not supported by this local cloud: scheduled rules are not emulated. Use EventBridge Scheduler (CreateSchedule) for time-based invocations.");
        }

        if (request.EventPattern is null)
        {
            throw ServiceException.Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }

        if (request.EventPattern.Length > 4096)
        {
            throw ServiceException.Validation("Event pattern is not valid. Reason: Event pattern exceeds the maximum length of 4096 characters.");
        }

        ValidatePattern(request.EventPattern);
        var bus = EventBridgeNames.ResolveBus(context.Scope, request.EventBusName);
        _state.RequireBus(bus);
        var existing = _state.FindBus(bus)?.Rules.GetValueOrDefault(name);
        var rule = new StoredRule
        {
            AccountId = bus.Scope.AccountId,
            Region = bus.Scope.Region,
            Bus = bus.Name,
            Name = name,
            EventPattern = request.EventPattern,
            State = request.State ?? "ENABLED",
            Description = request.Description,
            RoleArn = request.RoleArn,
            ManagedBy = existing?.ManagedBy,
            CreatedAtMs = existing?.CreatedAtMs ?? _state.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            Targets = existing?.Targets ?? [],
        };
        await _state.SaveRule(rule);
        return AwsJsonResponse.From(new PutRuleResponse { RuleArn = bus.RuleArn(name) }, EventBridgeJsonContext.Default.PutRuleResponse);
    }

    private AwsJsonResponse DescribeRule(RuleRequest request, RequestContext context)
    {
        var name = AwsJson.Required(request.Name, "name");
        var bus = EventBridgeNames.ResolveBus(context.Scope, request.EventBusName);
        var rule = _state.RequireRule(bus, name);
        var dto = ToDto(rule);
        dto.CreatedBy = context.AccountId;
        return AwsJsonResponse.From(dto, EventBridgeJsonContext.Default.RuleDto);
    }

    private AwsJsonResponse ListRules(ListRulesRequest request, RequestContext context)
    {
        var limit = ValidateLimit(request.Limit);
        var bus = EventBridgeNames.ResolveBus(context.Scope, request.EventBusName);
        var rules = _state.RequireBus(bus).Rules.Values.Where(r => request.NamePrefix is null || r.Name.StartsWith(request.NamePrefix, StringComparison.Ordinal));

        var (page, next) = Page(rules, r => r.Name, request.NextToken, limit);
        return AwsJsonResponse.From(new ListRulesResponse { Rules = [.. page.Select(ToDto)], NextToken = next }, EventBridgeJsonContext.Default.ListRulesResponse);
    }

    private async Task<AwsJsonResponse> SetRuleStateAsync(RuleRequest request, RequestContext context, string state)
    {
        var name = AwsJson.Required(request.Name, "name");
        var bus = EventBridgeNames.ResolveBus(context.Scope, request.EventBusName);
        await _state.UpdateRule(bus, name, r => r.State = state);
        return AwsJsonResponse.Empty;
    }

    private async Task<AwsJsonResponse> DeleteRuleAsync(RuleRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var name = AwsJson.Required(request.Name, "name");
        var bus = EventBridgeNames.ResolveBus(context.Scope, request.EventBusName);
        var rule = _state.FindBus(bus) is { } entry ? GetRule(entry, name) : null;
        if (rule is null)
        {
            return AwsJsonResponse.Empty;
        }

        var force = request.Force == true;
        if (rule.ManagedBy is not null && !force)
        {
            throw EventBridgeErrors.ManagedRule($"Rule {name} is managed by {rule.ManagedBy}; specify Force to delete it.");
        }

        if (rule.Targets.Count > 0 && !(force && rule.ManagedBy is not null))
        {
            throw ServiceException.Validation("Rule can't be deleted since it has targets.");
        }

        await _state.RemoveRule(bus, name);
        return AwsJsonResponse.Empty;
    }

    private AwsJsonResponse ListRuleNamesByTarget(ListRuleNamesByTargetRequest request, RequestContext context)
    {
        var targetArn = AwsJson.Required(request.TargetArn, "targetArn");
        var limit = ValidateLimit(request.Limit);
        var bus = EventBridgeNames.ResolveBus(context.Scope, request.EventBusName);
        var names = _state.RequireBus(bus).Rules.Values
            .Where(r => r.Targets.Any(t => string.Equals(t.Arn, targetArn, StringComparison.Ordinal)))
            .Select(r => r.Name);

        var (page, next) = Page(names, n => n, request.NextToken, limit);
        return AwsJsonResponse.From(new ListRuleNamesByTargetResponse { RuleNames = page, NextToken = next }, EventBridgeJsonContext.Default.ListRuleNamesByTargetResponse);
    }

    private async Task<AwsJsonResponse> PutTargetsAsync(PutTargetsRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var ruleName = AwsJson.Required(request.Rule, "rule");
        ValidateRuleName(ruleName, "rule");
        var targets = AwsJson.Required(request.Targets, "targets");
        if (targets.Count is < 1 or > 100)
        {
            throw ValidationMessages.ListLength("[...]", "targets", targets.Count, 1, 100);
        }

        for (var i = 0; i < targets.Count; i++)
        {
            ValidateTarget(targets[i], i + 1);
        }

        var duplicate = targets.GroupBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw ServiceException.Validation($"Target ids must be unique within a request; {duplicate.Key} is given more than once.");
        }

        var bus = EventBridgeNames.ResolveBus(context.Scope, request.EventBusName);
        var failed = new List<TargetResultEntryDto>();
        var accepted = new List<RuleTarget>();
        foreach (var target in targets)
        {
            var kind = EventBridgeNames.TargetKind(target.Arn!);
            if (kind != EventBridgeNames.LambdaKind && !_engine.HasKind(kind!))
            {
                failed.Add(new TargetResultEntryDto
                {
                    TargetId = target.Id,
                    ErrorCode = "ValidationException",
                    ErrorMessage = $"Target {target.Id}: targets of type {kind} are not supported by this local cloud.",
                });
                continue;
            }

            accepted.Add(ToModel(target));
        }

        if (accepted.Count > 0)
        {
            await _state.UpdateRule(bus, ruleName, rule =>
            {
                var merged = rule.Targets.Where(t => !accepted.Any(a => a.Id == t.Id)).Concat(accepted).ToList();
                if (merged.Count > MaxTargetsPerRule)
                {
                    throw EventBridgeErrors.LimitExceeded($"The requested resource exceeds the maximum number allowed: a rule can have at most {MaxTargetsPerRule} targets.");
                }

                rule.Targets = merged;
            });
        }
        else
        {
            _state.RequireRule(bus, ruleName);
        }

        return AwsJsonResponse.From(new TargetsResultResponse { FailedEntryCount = failed.Count, FailedEntries = failed }, EventBridgeJsonContext.Default.TargetsResultResponse);
    }

    private async Task<AwsJsonResponse> RemoveTargetsAsync(RemoveTargetsRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var ruleName = AwsJson.Required(request.Rule, "rule");
        var ids = AwsJson.Required(request.Ids, "ids");
        if (ids.Count is < 1 or > 100)
        {
            throw ValidationMessages.ListLength("[...]", "ids", ids.Count, 1, 100);
        }

        var bus = EventBridgeNames.ResolveBus(context.Scope, request.EventBusName);
        var current = _state.RequireRule(bus, ruleName);
        if (current.ManagedBy is not null && request.Force != true)
        {
            throw EventBridgeErrors.ManagedRule($"Rule {ruleName} is managed by {current.ManagedBy}; specify Force to change its targets.");
        }

        await _state.UpdateRule(bus, ruleName, rule => rule.Targets = [.. rule.Targets.Where(t => !ids.Contains(t.Id, StringComparer.Ordinal))]);
        return AwsJsonResponse.From(new TargetsResultResponse(), EventBridgeJsonContext.Default.TargetsResultResponse);
    }

    private AwsJsonResponse ListTargetsByRule(ListTargetsByRuleRequest request, RequestContext context)
    {
        var ruleName = AwsJson.Required(request.Rule, "rule");
        var limit = ValidateLimit(request.Limit);
        var bus = EventBridgeNames.ResolveBus(context.Scope, request.EventBusName);
        var rule = _state.RequireRule(bus, ruleName);
        var (page, next) = Page(rule.Targets.OrderBy(t => t.Id, StringComparer.Ordinal), t => t.Id, request.NextToken, limit);
        return AwsJsonResponse.From(new ListTargetsByRuleResponse { Targets = page.ConvertAll(ToWire), NextToken = next }, EventBridgeJsonContext.Default.ListTargetsByRuleResponse);
    }

    private static AwsJsonResponse TestEventPattern(TestEventPatternRequest request, RequestContext context)
    {
        var pattern = AwsJson.Required(request.EventPattern, "eventPattern");
        var eventJson = AwsJson.Required(request.Event, "event");
        ValidatePattern(pattern);
        try
        {
            using var document = JsonDocument.Parse(eventJson, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ServiceException.Validation("Parameter Event is not valid.");
            }

            foreach (var field in (ReadOnlySpan<string>)["id", "account", "source", "time", "region", "detail-type"])
            {
                if (!root.TryGetProperty(field, out _))
                {
                    throw ServiceException.Validation("Parameter Event is not valid.");
                }
            }
        }
        catch (JsonException)
        {
            throw ServiceException.Validation("Parameter Event is not valid.");
        }

        bool result;
        try
        {
            result = EventPattern.Matches(pattern, eventJson);
        }
        catch (MalformedEventException)
        {
            throw ServiceException.Validation("Parameter Event is not valid.");
        }

        return AwsJsonResponse.From(new TestEventPatternResponse { Result = result }, EventBridgeJsonContext.Default.TestEventPatternResponse);
    }

    private async Task<AwsJsonResponse> PutEventsAsync(PutEventsRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var entries = AwsJson.Required(request.Entries, "entries");
        CheckEntryCount(entries);
        if (request.EndpointId is { Length: < 1 or > 50 })
        {
            throw Length(request.EndpointId, "endpointId", 50);
        }

        var results = await PutEntriesAsync(entries, context.Scope, cancellationToken);
        var failed = results.Count(r => r.EventId is null);
        return AwsJsonResponse.From(new PutEventsResponse { FailedEntryCount = failed, Entries = results }, EventBridgeJsonContext.Default.PutEventsResponse);
    }

    /// <summary><c>PutEvents</c> for the API and for <see cref="LocalCloud.Core.Ports.IEventBusPort"/>: the entries' results in order.</summary>
    internal async Task<List<PutEventsResultEntryDto>> PutEntriesAsync(List<PutEventsEntryDto> entries, ResourceScope scope, CancellationToken cancellationToken)
    {
        CheckEntryCount(entries);

        long size = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw ServiceException.MissingParameter($"entries.{i + 1}.member");
            if (entry.TraceHeader is { Length: > 500 })
            {
                throw Length(entry.TraceHeader, $"entries.{i + 1}.member.traceHeader", 500);
            }

            size += EntrySize(entry);
        }

        if (size > _options.MaxPutEventsRequestBytes)
        {
            throw ServiceException.Validation("Total size of the entries in the request is over the limit.");
        }

        var now = _state.Time.GetUtcNow();
        var results = new List<PutEventsResultEntryDto>(entries.Count);
        var perBus = new Dictionary<BusId, List<BusEvent>>();
        foreach (var entry in entries)
        {
            var error = ValidateEntry(entry, out var detail);
            if (error is not null)
            {
                results.Add(error);
                continue;
            }

            BusId bus;
            try
            {
                bus = EventBridgeNames.ResolveBus(scope, entry.EventBusName);
            }
            catch (ServiceException ex)
            {
                results.Add(new PutEventsResultEntryDto { ErrorCode = "InvalidArgument", ErrorMessage = ex.Message });
                continue;
            }

            var id = Guid.NewGuid().ToString();
            var time = entry.Time is { } seconds && double.IsFinite(seconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Clamp(seconds * 1000, -62135596800000, 253402300799000))
                : now;
            var envelope = new BusEvent(id, entry.Source!, entry.DetailType!, scope.AccountId, time, scope.Region, entry.Resources ?? [], detail!);
            if (!perBus.TryGetValue(bus, out var list))
            {
                perBus[bus] = list = [];
            }

            list.Add(envelope);
            results.Add(new PutEventsResultEntryDto { EventId = id });
        }

        var deliveries = new List<DeliveryRecord>();
        foreach (var (bus, envelopes) in perBus)
        {
            deliveries.AddRange(_router.Route(bus, envelopes, null) ?? []);
        }

        await _engine.EnqueueAsync(deliveries, cancellationToken);
        return results;
    }

    private static void CheckEntryCount(List<PutEventsEntryDto> entries)
    {
        if (entries.Count is < 1 or > 10)
        {
            throw ValidationMessages.ListLength(DescribeEntries(entries), "entries", entries.Count, 1, 10);
        }
    }

    private static PutEventsResultEntryDto? ValidateEntry(PutEventsEntryDto entry, out string? detail)
    {
        detail = null;
        if (string.IsNullOrEmpty(entry.Source))
        {
            return InvalidArgument("Source");
        }

        if (string.IsNullOrEmpty(entry.DetailType))
        {
            return InvalidArgument("DetailType");
        }

        if (string.IsNullOrEmpty(entry.Detail))
        {
            return InvalidArgument("Detail");
        }

        if (entry.Source.StartsWith("aws.", StringComparison.Ordinal))
        {
            return new PutEventsResultEntryDto { ErrorCode = "NotAuthorizedForSourceException", ErrorMessage = "Not authorized for the source." };
        }

        if (entry.Source.Length > 256)
        {
            return new PutEventsResultEntryDto { ErrorCode = "InvalidArgument", ErrorMessage = "Parameter Source is not valid. Reason: Source exceeds 256 characters." };
        }

        if (entry.DetailType.Length > 128)
        {
            return new PutEventsResultEntryDto { ErrorCode = "InvalidArgument", ErrorMessage = "Parameter DetailType is not valid. Reason: DetailType exceeds 128 characters." };
        }

        if (entry.Resources is { } resources && resources.Any(string.IsNullOrEmpty))
        {
            return new PutEventsResultEntryDto { ErrorCode = "InvalidArgument", ErrorMessage = "Parameter Resources is not valid. Reason: Resources must not contain empty values." };
        }

        try
        {
            using var document = JsonDocument.Parse(entry.Detail, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Malformed();
            }

            var buffer = new System.Buffers.ArrayBufferWriter<byte>(entry.Detail.Length);
            using (var writer = new Utf8JsonWriter(buffer, BusEvent.WriterOptions with { SkipValidation = false, MaxDepth = MaxJsonDepth + 8 }))
            {
                document.RootElement.WriteTo(writer);
            }

            detail = Encoding.UTF8.GetString(buffer.WrittenSpan);
            return null;
        }
        catch (JsonException)
        {
            return Malformed();
        }

        static PutEventsResultEntryDto Malformed() => new() { ErrorCode = "MalformedDetail", ErrorMessage = "Detail is malformed." };
    }

    private static PutEventsResultEntryDto InvalidArgument(string field) => new()
    {
        ErrorCode = "InvalidArgument",
        ErrorMessage = $"Parameter {field} is not valid. Reason: {field} is a required argument.",
    };

    internal static long EntrySize(PutEventsEntryDto entry) =>
        PutEventsEntrySize.Of(entry.Time is not null, entry.Source, entry.DetailType, entry.Detail, entry.Resources);

    private static string DescribeEntries(List<PutEventsEntryDto> entries) =>
        "[" + string.Join(", ", entries.Select(e => e is null ? "null" : $"PutEventsRequestEntry(source={e.Source}, detailType={e.DetailType}, eventBusName={e.EventBusName})")) + "]";

    private static void ValidateTarget(TargetDto target, int index)
    {
        var id = AwsJson.Required(target.Id, $"targets.{index}.member.id");
        if (!EventBridgeNames.IsValidName(id, 64, allowSlash: false))
        {
            throw Pattern(id, $"targets.{index}.member.id", @"[\.\-_A-Za-z0-9]+");
        }

        var arn = AwsJson.Required(target.Arn, $"targets.{index}.member.arn");
        if (arn.Length > 1600 || EventBridgeNames.TargetKind(arn) is null)
        {
            throw ServiceException.Validation($"Parameter {arn} is not valid. Reason: Provided Arn is not in correct format.");
        }

        TargetInput.Validate(InputOf(target), id, index);
        if (target.RetryPolicy is { } retry)
        {
            if (retry.MaximumRetryAttempts is < 0 or > 185)
            {
                throw Range(retry.MaximumRetryAttempts.Value, $"targets.{index}.member.retryPolicy.maximumRetryAttempts", 0, 185);
            }

            if (retry.MaximumEventAgeInSeconds is < 60 or > 86400)
            {
                throw Range(retry.MaximumEventAgeInSeconds.Value, $"targets.{index}.member.retryPolicy.maximumEventAgeInSeconds", 60, 86400);
            }
        }

        if (target.DeadLetterConfig?.Arn is { } dlq)
        {
            ValidateDeadLetterArn(dlq);
        }

        if (EventBridgeNames.TargetKind(arn) == EventBridgeNames.SqsKind
            && arn.EndsWith(".fifo", StringComparison.Ordinal)
            && string.IsNullOrEmpty(target.SqsParameters?.MessageGroupId))
        {
            throw ServiceException.Validation($"Parameter(s) SqsParameters must be specified for target: {id}.");
        }
    }

    private static TargetInputSpec InputOf(TargetDto target) => new(
        target.Input,
        target.InputPath,
        target.InputTransformer is { } transformer ? new InputTransformer(transformer.InputPathsMap, transformer.InputTemplate) : null);

    private static RuleTarget ToModel(TargetDto target) => new()
    {
        Id = target.Id!,
        Arn = target.Arn!,
        RoleArn = target.RoleArn,
        Input = InputOf(target),
        MessageGroupId = target.SqsParameters?.MessageGroupId,
        MaximumRetryAttempts = target.RetryPolicy?.MaximumRetryAttempts,
        MaximumEventAgeInSeconds = target.RetryPolicy?.MaximumEventAgeInSeconds,
        DeadLetterArn = target.DeadLetterConfig?.Arn,
    };

    private static TargetDto ToWire(RuleTarget target) => new()
    {
        Id = target.Id,
        Arn = target.Arn,
        RoleArn = target.RoleArn,
        Input = target.Input.Input,
        InputPath = target.Input.InputPath,
        InputTransformer = target.Input.Transformer is { } transformer
            ? new InputTransformerDto
            {
                InputPathsMap = transformer.InputPathsMap is null ? null : new Dictionary<string, string>(transformer.InputPathsMap, StringComparer.Ordinal),
                InputTemplate = transformer.InputTemplate,
            }
            : null,
        SqsParameters = target.MessageGroupId is null ? null : new SqsParametersDto { MessageGroupId = target.MessageGroupId },
        RetryPolicy = target.MaximumRetryAttempts is null && target.MaximumEventAgeInSeconds is null
            ? null
            : new RetryPolicyDto { MaximumRetryAttempts = target.MaximumRetryAttempts, MaximumEventAgeInSeconds = target.MaximumEventAgeInSeconds },
        DeadLetterConfig = target.DeadLetterArn is null ? null : new DeadLetterConfigDto { Arn = target.DeadLetterArn },
    };

    private static void ValidateDeadLetterArn(string arn)
    {
        if (EventBridgeNames.QueueName(arn) is not { } queue)
        {
            throw ServiceException.Validation($"Parameter DeadLetterConfig.Arn is not valid. Reason: {arn} is not an Amazon SQS queue ARN.");
        }

        if (queue.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw ServiceException.Validation($"Parameter DeadLetterConfig.Arn is not valid. Reason: {arn} is a FIFO queue; a dead-letter queue must be a standard queue.");
        }
    }

    private static void ValidatePattern(string pattern)
    {
        if (!EventPattern.TryValidate(pattern, out var error))
        {
            throw EventBridgeErrors.InvalidEventPattern(error);
        }
    }

    private static void ValidateRuleName(string name, string member)
    {
        if (!EventBridgeNames.IsValidName(name, 64, allowSlash: false))
        {
            throw name.Length > 64 ? Length(name, member, 64) : Pattern(name, member, @"[\.\-_A-Za-z0-9]+");
        }
    }

    private static int ValidateLimit(int? limit)
    {
        if (limit is < 1 or > 100)
        {
            throw Range(limit.Value, "limit", 1, 100);
        }

        return limit ?? DefaultPageSize;
    }

    private static (List<T> Page, string? Next) Page<T>(IEnumerable<T> ordered, Func<T, string> key, string? nextToken, int limit) =>
        PageToken.Page(ordered, key, nextToken, limit, EventBridgeErrors.InvalidNextToken);

    private static StoredRule? GetRule(BusEntry entry, string name) => entry.Rules.GetValueOrDefault(name);

    private static EventBusDto ToDto(StoredBus bus) => new()
    {
        Name = bus.Name,
        Arn = bus.Id.Arn,
        Description = bus.Description,
        KmsKeyIdentifier = bus.KmsKeyIdentifier,
        DeadLetterConfig = bus.DeadLetterArn is null ? null : new DeadLetterConfigDto { Arn = bus.DeadLetterArn },
        CreationTime = bus.CreatedAtMs / 1000.0,
        LastModifiedTime = bus.ModifiedAtMs / 1000.0,
    };

    private static RuleDto ToDto(StoredRule rule) => new()
    {
        Name = rule.Name,
        Arn = rule.Arn,
        EventPattern = rule.EventPattern,
        State = rule.State,
        Description = rule.Description,
        RoleArn = rule.RoleArn,
        ManagedBy = rule.ManagedBy,
        EventBusName = rule.Bus,
    };

    private static ServiceException Pattern(string value, string member, string pattern) => ValidationMessages.Pattern(value, member, pattern);

    private static ServiceException Length(string value, string member, int max) => ValidationMessages.MaxLength(value, member, max);

    private static ServiceException Range(int value, string member, int min, int max) => ValidationMessages.Range(value, member, min, max);
}
