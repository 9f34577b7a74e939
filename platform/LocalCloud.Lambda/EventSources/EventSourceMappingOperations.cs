using System.Globalization;
using System.Text.RegularExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Paging;
using LocalCloud.Core.Validation;
using LocalCloud.Lambda.EventSources.Wire;

namespace LocalCloud.Lambda.EventSources;

/// <summary>
/// <c>CreateEventSourceMapping</c>, <c>GetEventSourceMapping</c>, <c>ListEventSourceMappings</c>,
/// <c>UpdateEventSourceMapping</c> and <c>DeleteEventSourceMapping</c> for SQS queues and DynamoDB streams, with
/// AWS's defaults, checks and messages.
/// </summary>
internal sealed partial class EventSourceMappingOperations(
    EventSourceMappings mappings,
    EventSourcePollers pollers,
    EventSourceContext context) : ILambdaOperationSource
{
    private const string Root = "/2015-03-31/event-source-mappings";
    private const int MaxFilterPattern = 4096;
    private const int DefaultPageSize = 100;
    private const string NotFoundMessage = "The resource you requested does not exist.";

    private static readonly string[] StartingPositions = ["LATEST", "AT_TIMESTAMP", "TRIM_HORIZON"];

    public IEnumerable<RestOperation> Operations =>
    [
        new("CreateEventSourceMapping", "POST", Root, CreateAsync),
        new("ListEventSourceMappings", "GET", Root, ListAsync),
        new("GetEventSourceMapping", "GET", Root + "/{UUID}", GetAsync),
        new("UpdateEventSourceMapping", "PUT", Root + "/{UUID}", UpdateAsync),
        new("DeleteEventSourceMapping", "DELETE", Root + "/{UUID}", DeleteAsync),
    ];

    private Task<RestResponse> CreateAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(EventSourceJsonContext.Default.EventSourceMappingRequest);
        var scope = request.Context.Scope;
        CheckModel(input);
        if (input.FunctionName is null)
        {
            throw ValidationMessages.NotNull("functionName");
        }

        if (input.DestinationConfig?.OnSuccess is not null)
        {
            throw LambdaErrors.InvalidParameter("Unsupported DestinationConfig parameter for given event source mapping type.");
        }

        if (input.EventSourceArn is null)
        {
            throw LambdaErrors.InvalidParameter("Unrecognized event source.");
        }

        var kind = Kind(input.EventSourceArn);
        if (kind == EventSourceKind.Sqs)
        {
            if (input.StartingPosition is not null || input.StartingPositionTimestamp is not null)
            {
                throw LambdaErrors.InvalidParameter("StartingPosition is not valid for SQS event sources.");
            }

            CheckNoStreamParameters(input);
        }
        else
        {
            switch (input.StartingPosition)
            {
                case null:
                    throw LambdaErrors.InvalidParameter("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
                case "AT_TIMESTAMP":
                    throw LambdaErrors.InvalidParameter($"Unsupported starting position for arn type: {input.EventSourceArn}");
            }
        }

        var now = context.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var mapping = new EventSourceMapping
        {
            Uuid = Guid.NewGuid().ToString(),
            Account = scope.AccountId,
            Region = scope.Region,
            Kind = kind,
            EventSourceArn = input.EventSourceArn,
            FunctionArn = string.Empty,
            BatchSize = input.BatchSize ?? (kind == EventSourceKind.Sqs ? 10 : 100),
            MaximumBatchingWindowInSeconds = input.MaximumBatchingWindowInSeconds ?? 0,
            StartingPosition = input.StartingPosition,
            ParallelizationFactor = input.ParallelizationFactor ?? 1,
            MaximumRetryAttempts = input.MaximumRetryAttempts ?? -1,
            MaximumRecordAgeInSeconds = input.MaximumRecordAgeInSeconds ?? -1,
            BisectBatchOnFunctionError = input.BisectBatchOnFunctionError ?? false,
            TumblingWindowInSeconds = input.TumblingWindowInSeconds ?? 0,
            OnFailureDestination = Destination(input.DestinationConfig),
            FunctionResponseTypes = input.FunctionResponseTypes ?? [],
            FilterPatterns = Filters(input.FilterCriteria),
            MaximumConcurrency = input.ScalingConfig?.MaximumConcurrency,
            Enabled = input.Enabled ?? true,
            CreatedMs = now,
            LastModifiedMs = now,
        };
        CheckSemantics(mapping);
        var (functionArn, functionName) = ResolveFunction(input.FunctionName, scope);
        mapping = mapping with { FunctionArn = functionArn };
        CheckSourceExists(mapping);

        return mappings.ChangeAsync(async () =>
        {
            if (mappings.InScope(scope).FirstOrDefault(m => m.FunctionArn == mapping.FunctionArn && m.EventSourceArn == mapping.EventSourceArn) is { } existing)
            {
                throw LambdaErrors.Conflict(kind == EventSourceKind.Sqs
                    ? $"An event source mapping with SQS arn (\" {existing.EventSourceArn} \") and function (\" {functionName} \") already exists. Please update or delete the existing mapping with UUID {existing.Uuid}"
                    : $"The event source arn (\" {existing.EventSourceArn} \") and function (\" {functionName} \") provided mapping already exists. Please update or delete the existing mapping with UUID {existing.Uuid}");
            }

            var position = kind == EventSourceKind.DynamoDbStream && mapping.StartingPosition == "LATEST"
                ? context.Streams.Latest(mapping.EventSourceArn)
                : null;
            await mappings.AddAsync(mapping, position);
            pollers.Apply(mapping);
            context.Activity.Publish("lambda", "event-source-mapping.created", $"{mapping.EventSourceArn} -> {mapping.FunctionArn}", new Dictionary<string, string> { ["uuid"] = mapping.Uuid });
            return Respond(mapping, "Creating", 202);
        });
    }

    private Task<RestResponse> GetAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var mapping = Find(request);
        return Task.FromResult(Respond(mapping, mapping.Enabled ? "Enabled" : "Disabled", 200));
    }

    private Task<RestResponse> ListAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var scope = request.Context.Scope;
        var sourceArn = request.Query("EventSourceArn");
        var functionName = request.Query("FunctionName");
        var marker = request.Query("Marker");
        var limit = DefaultPageSize;
        if (request.Query("MaxItems") is { Length: > 0 } maxItems)
        {
            if (!int.TryParse(maxItems, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
            {
                throw ValidationMessages.Violation(maxItems, "maxItems", "Member must be a number");
            }

            if (limit is < 1 or > 10000)
            {
                throw ValidationMessages.Range(limit, "maxItems", 1, 10000);
            }
        }

        if (functionName is not null)
        {
            CheckLength(functionName, "functionName", 1, 256);
        }

        var selected = mappings.InScope(scope);
        if (sourceArn is not null)
        {
            selected = selected.Where(m => m.EventSourceArn == sourceArn);
        }

        if (functionName is not null)
        {
            var functionArn = FunctionArn(functionName, scope);
            selected = selected.Where(m => m.FunctionArn == functionArn);
        }

        var ordered = selected.Select(m => (Key: $"{m.CreatedMs:D16}|{m.Uuid}", Mapping: m)).ToList();
        var (page, next) = PageToken.Page(ordered, m => m.Key, string.IsNullOrEmpty(marker) ? null : marker, limit,
            () => LambdaErrors.InvalidParameter("Invalid Marker value."));
        var output = new ListEventSourceMappingsResponse
        {
            NextMarker = next,
            EventSourceMappings = [.. page.Select(p => Wire(p.Mapping, p.Mapping.Enabled ? "Enabled" : "Disabled"))],
        };
        return Task.FromResult(RestResponse.Json(output, EventSourceJsonContext.Default.ListEventSourceMappingsResponse));
    }

    private Task<RestResponse> UpdateAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(EventSourceJsonContext.Default.EventSourceMappingRequest);
        var uuid = request.Route("UUID");
        var scope = request.Context.Scope;
        CheckModel(input);
        return mappings.ChangeAsync(async () =>
        {
            var current = mappings.Find(scope, uuid) ?? throw LambdaErrors.NotFound(NotFoundMessage);
            if (input.DestinationConfig?.OnSuccess is not null)
            {
                throw LambdaErrors.InvalidParameter("Unsupported DestinationConfig parameter for given event source mapping type.");
            }

            if (current.Kind == EventSourceKind.Sqs)
            {
                CheckNoStreamParameters(input);
            }

            var updated = current with
            {
                BatchSize = input.BatchSize ?? current.BatchSize,
                MaximumBatchingWindowInSeconds = input.MaximumBatchingWindowInSeconds ?? current.MaximumBatchingWindowInSeconds,
                ParallelizationFactor = input.ParallelizationFactor ?? current.ParallelizationFactor,
                MaximumRetryAttempts = input.MaximumRetryAttempts ?? current.MaximumRetryAttempts,
                MaximumRecordAgeInSeconds = input.MaximumRecordAgeInSeconds ?? current.MaximumRecordAgeInSeconds,
                BisectBatchOnFunctionError = input.BisectBatchOnFunctionError ?? current.BisectBatchOnFunctionError,
                TumblingWindowInSeconds = input.TumblingWindowInSeconds ?? current.TumblingWindowInSeconds,
                OnFailureDestination = input.DestinationConfig is { } destination ? Destination(destination) : current.OnFailureDestination,
                FunctionResponseTypes = input.FunctionResponseTypes ?? current.FunctionResponseTypes,
                FilterPatterns = input.FilterCriteria is { } filters ? Filters(filters) : current.FilterPatterns,
                MaximumConcurrency = input.ScalingConfig is { } scaling ? scaling.MaximumConcurrency : current.MaximumConcurrency,
                Enabled = input.Enabled ?? current.Enabled,
                LastModifiedMs = context.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            CheckSemantics(updated);
            if (input.FunctionName is { } functionName)
            {
                updated = updated with { FunctionArn = ResolveFunction(functionName, scope).Arn };
            }

            await mappings.ReplaceAsync(updated);
            pollers.Apply(updated);
            var state = input.Enabled switch
            {
                true when !current.Enabled => "Enabling",
                false when current.Enabled => "Disabling",
                _ => "Updating",
            };
            return Respond(updated, state, 202);
        });
    }

    private Task<RestResponse> DeleteAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var uuid = request.Route("UUID");
        var scope = request.Context.Scope;
        return mappings.ChangeAsync(async () =>
        {
            var mapping = mappings.Find(scope, uuid) ?? throw LambdaErrors.NotFound(NotFoundMessage);
            var response = Respond(mapping, "Deleting", 202);
            pollers.Remove(uuid);
            await mappings.RemoveAsync(uuid);
            context.Activity.Publish("lambda", "event-source-mapping.deleted", $"{mapping.EventSourceArn} -> {mapping.FunctionArn}", new Dictionary<string, string> { ["uuid"] = uuid });
            return response;
        });
    }

    private EventSourceMapping Find(RestRequest request) =>
        mappings.Find(request.Context.Scope, request.Route("UUID")) ?? throw LambdaErrors.NotFound(NotFoundMessage);

    private RestResponse Respond(EventSourceMapping mapping, string state, int status) =>
        RestResponse.Json(Wire(mapping, state), EventSourceJsonContext.Default.EventSourceMappingConfiguration, status);

    private EventSourceMappingConfiguration Wire(EventSourceMapping mapping, string state)
    {
        var stream = mapping.Kind == EventSourceKind.DynamoDbStream;
        return new EventSourceMappingConfiguration
        {
            UUID = mapping.Uuid,
            StartingPosition = stream ? mapping.StartingPosition : null,
            BatchSize = mapping.BatchSize,
            MaximumBatchingWindowInSeconds = mapping.MaximumBatchingWindowInSeconds,
            ParallelizationFactor = stream ? mapping.ParallelizationFactor : null,
            EventSourceArn = mapping.EventSourceArn,
            FilterCriteria = mapping.FilterPatterns is { } patterns ? new FilterCriteriaWire { Filters = [.. patterns.Select(p => new FilterWire { Pattern = p })] } : null,
            FunctionArn = mapping.FunctionArn,
            LastModified = mapping.LastModifiedMs / 1000.0,
            LastProcessingResult = stream ? mappings.LastProcessingResult(mapping.Uuid) : null,
            State = state,
            StateTransitionReason = mapping.StateTransitionReason,
            DestinationConfig = stream ? new DestinationConfigWire { OnFailure = new DestinationWire { Destination = mapping.OnFailureDestination } } : null,
            MaximumRecordAgeInSeconds = stream ? mapping.MaximumRecordAgeInSeconds : null,
            BisectBatchOnFunctionError = stream ? mapping.BisectBatchOnFunctionError : null,
            MaximumRetryAttempts = stream ? mapping.MaximumRetryAttempts : null,
            TumblingWindowInSeconds = stream ? mapping.TumblingWindowInSeconds : null,
            FunctionResponseTypes = [.. mapping.FunctionResponseTypes],
            ScalingConfig = mapping.MaximumConcurrency is { } concurrency ? new ScalingConfigWire { MaximumConcurrency = concurrency } : null,
            EventSourceMappingArn = mapping.Arn,
        };
    }

    /// <summary>The constraints of the model (botocore), answered as <c>ValidationException</c>.</summary>
    private static void CheckModel(EventSourceMappingRequest input)
    {
        if (input.FunctionName is { } name)
        {
            CheckLength(name, "functionName", 1, 256);
            if (!FunctionNamePattern().IsMatch(name))
            {
                throw ValidationMessages.Pattern(name, "functionName", FunctionNamePattern().ToString().TrimStart('^').TrimEnd('$'));
            }
        }

        if (input.EventSourceArn is { Length: > 10000 } arn)
        {
            throw ValidationMessages.MaxLength(arn, "eventSourceArn", 10000);
        }

        Range(input.BatchSize, "batchSize", 1, 10000);
        Range(input.MaximumBatchingWindowInSeconds, "maximumBatchingWindowInSeconds", 0, 300);
        Range(input.ParallelizationFactor, "parallelizationFactor", 1, 10);
        Range(input.MaximumRecordAgeInSeconds, "maximumRecordAgeInSeconds", -1, 604800);
        Range(input.MaximumRetryAttempts, "maximumRetryAttempts", -1, 10000);
        Range(input.TumblingWindowInSeconds, "tumblingWindowInSeconds", 0, 900);
        Range(input.ScalingConfig?.MaximumConcurrency, "scalingConfig.maximumConcurrency", 2, 1000);
        if (input.StartingPosition is { } position && !StartingPositions.Contains(position))
        {
            throw ValidationMessages.Enum(position, "startingPosition", StartingPositions);
        }

        if (input.FunctionResponseTypes is { } types)
        {
            if (types.Count > 1)
            {
                throw ValidationMessages.ListLength($"[{string.Join(", ", types)}]", "functionResponseTypes", types.Count, 0, 1);
            }

            if (types.Any(t => t != EventSourceMapping.ReportBatchItemFailures))
            {
                throw ValidationMessages.Violation($"[{string.Join(", ", types)}]", "functionResponseTypes",
                    "Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]");
            }
        }

        var filters = input.FilterCriteria?.Filters ?? [];
        for (var i = 0; i < filters.Count; i++)
        {
            if (filters[i]?.Pattern is { Length: > MaxFilterPattern })
            {
                throw ValidationMessages.ElidedViolation($"filterCriteria.filters.{i + 1}.member.pattern", "Member must have length less than or equal to 4096");
            }
        }

        foreach (var destination in new[] { input.DestinationConfig?.OnFailure?.Destination, input.DestinationConfig?.OnSuccess?.Destination })
        {
            if (destination is { Length: > 350 })
            {
                throw ValidationMessages.MaxLength(destination, "destinationConfig.onFailure.destination", 350);
            }
        }
    }

    /// <summary>The checks Lambda makes on a whole configuration, answered as <c>InvalidParameterValueException</c>.</summary>
    private static void CheckSemantics(EventSourceMapping mapping)
    {
        if (mapping.Kind == EventSourceKind.Sqs && mapping.BatchSize > 10 && mapping.MaximumBatchingWindowInSeconds == 0)
        {
            throw LambdaErrors.InvalidParameter("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
        }

        if (mapping.MaximumRecordAgeInSeconds is >= 0 and < 60)
        {
            throw LambdaErrors.InvalidParameter("MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)");
        }

        if (mapping.FilterPatterns is { } patterns && patterns.Any(p => !EventSourceFilter.IsValid(p)))
        {
            throw LambdaErrors.InvalidParameter("Invalid filter pattern definition.");
        }

        if (mapping.OnFailureDestination is { } destination && !(Arn.TryParse(destination, out var parsed) && parsed.Service == "sqs"))
        {
            throw LambdaErrors.InvalidParameter($"The destination {destination} is not supported: the local cloud sends on-failure records to SQS queues only.");
        }
    }

    private static void CheckNoStreamParameters(EventSourceMappingRequest input)
    {
        var unsupported = input switch
        {
            { ParallelizationFactor: not null } => "ParallelizationFactor",
            { MaximumRetryAttempts: not null } => "MaximumRetryAttempts",
            { MaximumRecordAgeInSeconds: not null } => "MaximumRecordAgeInSeconds",
            { BisectBatchOnFunctionError: not null } => "BisectBatchOnFunctionError",
            { TumblingWindowInSeconds: not null } => "TumblingWindowInSeconds",
            { DestinationConfig.OnFailure.Destination: { Length: > 0 } } => "DestinationConfig",
            _ => null,
        };
        if (unsupported is not null)
        {
            throw LambdaErrors.InvalidParameter($"Unsupported {unsupported} parameter for given event source mapping type.");
        }
    }

    private static EventSourceKind Kind(string eventSourceArn)
    {
        if (Arn.TryParse(eventSourceArn, out var arn))
        {
            if (arn.Service == "sqs" && arn.Resource.Length > 0 && !arn.Resource.Contains(':', StringComparison.Ordinal))
            {
                return EventSourceKind.Sqs;
            }

            if (arn.Service == "dynamodb" && arn.Resource.StartsWith("table/", StringComparison.Ordinal) && arn.Resource.Contains("/stream/", StringComparison.Ordinal))
            {
                return EventSourceKind.DynamoDbStream;
            }
        }

        throw LambdaErrors.InvalidParameter("Unrecognized event source, must be kinesis, dynamodb stream or sqs.");
    }

    private void CheckSourceExists(EventSourceMapping mapping)
    {
        if (mapping.Kind == EventSourceKind.Sqs && !context.Queues.Exists(mapping.EventSourceArn))
        {
            throw LambdaErrors.InvalidParameter(
                "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.");
        }

        if (mapping.Kind == EventSourceKind.DynamoDbStream && !context.Streams.Exists(mapping.EventSourceArn))
        {
            throw LambdaErrors.InvalidParameter($"Stream not found: {mapping.EventSourceArn}");
        }
    }

    /// <summary>The function a name, partial ARN or ARN (with an optional qualifier) names, as its ARN and its name;
    /// <c>InvalidParameterValueException</c> "Function does not exist" when there is none.</summary>
    private (string Arn, string Name) ResolveFunction(string functionName, ResourceScope scope)
    {
        var arn = FunctionArn(functionName, scope);
        var function = context.Functions.Describe(arn) ?? throw LambdaErrors.InvalidParameter("Function does not exist");
        return (arn, function.FunctionName);
    }

    private static string FunctionArn(string functionName, ResourceScope scope)
    {
        var parts = functionName.Split(':');
        string region = scope.Region, account = scope.AccountId, name;
        string? qualifier = null;
        if (parts.Length >= 7 && parts[0] == "arn")
        {
            (region, account, name) = (parts[3], parts[4], parts[6]);
            qualifier = parts.Length > 7 ? parts[7] : null;
        }
        else if (parts.Length >= 3 && parts[1] == "function")
        {
            (account, name) = (parts[0], parts[2]);
            qualifier = parts.Length > 3 ? parts[3] : null;
        }
        else if (parts.Length >= 4 && parts[2] == "function")
        {
            (region, account, name) = (parts[0], parts[1], parts[3]);
            qualifier = parts.Length > 4 ? parts[4] : null;
        }
        else
        {
            name = parts[0];
            qualifier = parts.Length > 1 ? parts[1] : null;
        }

        var arn = Arn.Build("lambda", region, account, "function:" + name);
        return qualifier is null ? arn : arn + ":" + qualifier;
    }

    private static string? Destination(DestinationConfigWire? config) =>
        config?.OnFailure?.Destination is { Length: > 0 } destination ? destination : null;

    private static List<string>? Filters(FilterCriteriaWire? criteria)
    {
        if (criteria is null)
        {
            return null;
        }

        var patterns = new List<string>();
        foreach (var filter in criteria.Filters ?? [])
        {
            patterns.Add(filter?.Pattern ?? string.Empty);
        }

        return patterns;
    }

    private static void Range(int? value, string member, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw ValidationMessages.Range(v, member, min, max);
        }
    }

    private static void CheckLength(string value, string member, int min, int max)
    {
        if (value.Length < min)
        {
            throw ValidationMessages.MinLength(value, member, min);
        }

        if (value.Length > max)
        {
            throw ValidationMessages.MaxLength(value, member, max);
        }
    }

    [GeneratedRegex(@"^(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:|(((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?))(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$")]
    private static partial Regex FunctionNamePattern();
}
