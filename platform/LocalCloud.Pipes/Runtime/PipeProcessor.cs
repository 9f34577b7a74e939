using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Pipes.Model;

namespace LocalCloud.Pipes.Runtime;

/// <summary>
/// How one attempt at a batch ended. <see cref="Failed"/> holds the indices of the records still to deliver (empty on
/// success); <see cref="CountsAsAttempt"/> is false for throttling, which Pipes retry without counting.
/// </summary>
internal sealed record BatchOutcome(IReadOnlySet<int> Failed, string? ErrorCode, string? ErrorMessage, bool CountsAsAttempt)
{
    private static readonly HashSet<int> None = [];

    public static BatchOutcome Success { get; } = new(None, null, null, false);

    public bool Succeeded => Failed.Count == 0;

    /// <summary>The first record to retry (stream sources keep order, so everything after it is retried too).</summary>
    public int FailedFrom => Failed.Count == 0 ? -1 : Failed.Min();

    public static BatchOutcome All(int count, string code, string message, bool counts = true) =>
        new(Enumerable.Range(0, count).ToHashSet(), code, message, counts);
}

/// <summary>
/// One pipe's steps after filtering: the enrichment (a Lambda function called synchronously with the batch as a JSON
/// array, its answer the target's events), then the target (event bus, Lambda function, SQS queue) with the target's
/// parameters and input template applied per event. Records map to events one to one without an enrichment, so a
/// target's partial failure names the records to retry; with an enrichment the batch succeeds or fails whole.
/// </summary>
internal sealed class PipeProcessor(PipeDefinition pipe, PipeRuntime runtime)
{
    private const int MaxBusEntries = 10;
    private readonly string _eventSource = pipe.SourceKind == SourceKind.DynamoDbStream ? "aws:dynamodb" : "aws:sqs";
    private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);

    public async Task<BatchOutcome> ProcessAsync(IReadOnlyList<SourceRecord> records, CancellationToken cancellationToken)
    {
        List<PipeEvent> events;
        if (pipe.HasEnrichment)
        {
            var (enriched, failure) = await EnrichAsync(records, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            events = enriched!;
            if (events.Count == 0)
            {
                runtime.Activity.Publish("pipes", "pipe.batch-dropped", $"{pipe.Name} {records.Count} records: the enrichment returned no events", Attributes(records.Count));
                return BatchOutcome.Success;
            }
        }
        else
        {
            events = [.. records.Select(r => new PipeEvent(r.Json, r.View))];
        }

        var (failedFrom, code, message, counts) = pipe.TargetKind switch
        {
            TargetKind.EventBus => await PutEventsAsync(records, events),
            TargetKind.Lambda => await InvokeTargetAsync(records, events, cancellationToken),
            _ => await SendMessagesAsync(events),
        };
        if (failedFrom is null)
        {
            runtime.Activity.Publish("pipes", "pipe.batch-delivered", $"{pipe.Name} {records.Count} records, {events.Count} events -> {pipe.Target}", Attributes(records.Count));
            return BatchOutcome.Success;
        }

        var failed = pipe.HasEnrichment || failedFrom.Count == 0 ? Enumerable.Range(0, records.Count).ToHashSet() : failedFrom;
        return new BatchOutcome(failed, code, message, counts);
    }

    private async Task<(List<PipeEvent>? Events, BatchOutcome? Failure)> EnrichAsync(IReadOnlyList<SourceRecord> records, CancellationToken cancellationToken)
    {
        if (runtime.Functions is not { } functions)
        {
            return (null, BatchOutcome.All(records.Count, "NO_RESOURCE", "Lambda functions are not available in this local cloud."));
        }

        var context = Context();
        var payload = new StringBuilder();
        payload.Append('[');
        for (var i = 0; i < records.Count; i++)
        {
            if (i > 0)
            {
                payload.Append(',');
            }

            payload.Append(pipe.EnrichmentInputTemplate is { } template
                ? AsJson(PipeTemplate.Render(template, records[i].View, records[i].Json, context))
                : records[i].Json);
        }

        payload.Append(']');
        FunctionResult result;
        try
        {
            result = await functions.InvokeAsync(pipe.Enrichment!, Encoding.UTF8.GetBytes(payload.ToString()), new FunctionInvokeOptions { Caller = "pipes" }, cancellationToken);
        }
        catch (ServiceException error)
        {
            return (null, BatchOutcome.All(records.Count, error.Code, "Enrichment failed: " + error.Message, counts: error.StatusCode != 429));
        }

        if (!result.Succeeded)
        {
            return (null, BatchOutcome.All(records.Count, "ENRICHMENT_FAILED", $"Enrichment {pipe.Enrichment} failed ({result.FunctionError}): {Encoding.UTF8.GetString(result.Payload.Span)}"));
        }

        return (EnrichedEvents(result.Payload), null);
    }

    /// <summary>The events an enrichment answered: each element of an array, an object, or any other JSON value; <c>""</c>,
    /// <c>{}</c>, <c>[]</c>, <c>null</c> and an empty answer are none.</summary>
    private static List<PipeEvent> EnrichedEvents(ReadOnlyMemory<byte> payload)
    {
        if (payload.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return [];
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(payload);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            var text = Encoding.UTF8.GetString(payload.Span);
            using var quoted = JsonDocument.Parse(JsonSerializer.Serialize(text, PipesRuntimeJsonContext.Default.String));
            return text.Length == 0 ? [] : [new PipeEvent(text, quoted.RootElement.Clone())];
        }

        return root.ValueKind switch
        {
            JsonValueKind.Null => [],
            JsonValueKind.String when root.GetString()!.Length == 0 => [],
            JsonValueKind.Object when !root.EnumerateObject().Any() => [],
            JsonValueKind.Array => [.. root.EnumerateArray().Select(e => new PipeEvent(e.GetRawText(), e))],
            _ => [new PipeEvent(root.GetRawText(), root)],
        };
    }

    /// <summary>
    /// Puts the events in order, at most ten per call. <c>PutEvents</c> accepts the entries after a failed one, so
    /// without an enrichment the records whose events were accepted are remembered and not put again when the batch
    /// is retried: a rejected event is then retried alone rather than repeating those after it.
    /// </summary>
    private async Task<(IReadOnlySet<int>? FailedFrom, string? Code, string? Message, bool Counts)> PutEventsAsync(
        IReadOnlyList<SourceRecord> records, List<PipeEvent> events)
    {
        if (runtime.Buses is not { } buses)
        {
            return (new HashSet<int>(), "NO_RESOURCE", "Event buses are not available in this local cloud.", true);
        }

        var scope = new ResourceScope(pipe.AccountId, pipe.Region);
        var context = Context();
        var oneToOne = !pipe.HasEnrichment;
        var pending = Enumerable.Range(0, events.Count).Where(i => !oneToOne || !_accepted.Contains(records[i].Id)).ToList();
        var failed = new HashSet<int>();
        string? code = null;
        string? message = null;
        for (var start = 0; start < pending.Count; start += MaxBusEntries)
        {
            var indices = pending.GetRange(start, Math.Min(MaxBusEntries, pending.Count - start));
            IReadOnlyList<EventBusPutResult> results;
            try
            {
                // Not cancelled midway: an accepted put is always followed by its checkpoint, so a stop never repeats events.
                results = await buses.PutEventsAsync(scope, [.. indices.Select(i => Entry(events[i], context))], CancellationToken.None);
            }
            catch (ServiceException error)
            {
                failed.UnionWith(pending.Skip(start));
                Remember(records, oneToOne, pending, failed);
                return (failed, error.Code, error.Message, error.StatusCode != 429);
            }

            for (var j = 0; j < results.Count; j++)
            {
                if (!results[j].Succeeded)
                {
                    failed.Add(indices[j]);
                    code ??= results[j].ErrorCode;
                    message ??= $"PutEvents entry {indices[j]} failed: {results[j].ErrorMessage}";
                }
            }

            if (failed.Count > 0)
            {
                failed.UnionWith(pending.Skip(start + indices.Count));
                Remember(records, oneToOne, pending, failed);
                return (failed, code, message, true);
            }
        }

        Forget(records);
        return (null, null, null, false);
    }

    /// <summary>Forgets which of <paramref name="records"/> the target already accepted (the batch is done with them).</summary>
    public void Forget(IEnumerable<SourceRecord> records)
    {
        foreach (var record in records)
        {
            _accepted.Remove(record.Id);
        }
    }

    private void Remember(IReadOnlyList<SourceRecord> records, bool oneToOne, List<int> sent, HashSet<int> failed)
    {
        if (!oneToOne)
        {
            return;
        }

        foreach (var i in sent.Where(i => !failed.Contains(i)))
        {
            _accepted.Add(records[i].Id);
        }
    }

    private EventBusEntry Entry(PipeEvent e, PipeTemplateContext context)
    {
        var settings = pipe.EventBus;
        var detail = pipe.TargetInputTemplate is { } template ? PipeTemplate.Render(template, e.View, e.Json, context) : e.Json;
        return new EventBusEntry(
            Dynamic(settings?.Source, e.View) ?? "Pipe " + pipe.Name,
            Dynamic(settings?.DetailType, e.View) ?? "Event from " + _eventSource,
            detail)
        {
            EventBusName = pipe.Target,
            Resources = settings?.Resources is { Count: > 0 } resources ? [.. resources.Select(r => Dynamic(r, e.View) ?? r)] : null,
            Time = settings?.Time is { } timePath ? Time(timePath, e.View) : null,
        };
    }

    private async Task<(IReadOnlySet<int>? FailedFrom, string? Code, string? Message, bool Counts)> InvokeTargetAsync(
        IReadOnlyList<SourceRecord> records, List<PipeEvent> events, CancellationToken cancellationToken)
    {
        var context = Context();
        var payload = new StringBuilder();
        payload.Append('[');
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0)
            {
                payload.Append(',');
            }

            payload.Append(pipe.TargetInputTemplate is { } template ? AsJson(PipeTemplate.Render(template, events[i].View, events[i].Json, context)) : events[i].Json);
        }

        payload.Append(']');
        if (pipe.Lambda?.InvocationType == LambdaTargetSettings.FireAndForget)
        {
            return await InvokeAsynchronouslyAsync(payload.ToString(), cancellationToken);
        }

        if (runtime.Functions is not { } functions)
        {
            return (new HashSet<int>(), "NO_RESOURCE", "Lambda functions are not available in this local cloud.", true);
        }

        FunctionResult result;
        try
        {
            result = await functions.InvokeAsync(pipe.Target, Encoding.UTF8.GetBytes(payload.ToString()), new FunctionInvokeOptions { Caller = "pipes" }, cancellationToken);
        }
        catch (ServiceException error)
        {
            return (new HashSet<int>(), error.Code, error.Message, error.StatusCode != 429);
        }

        if (!result.Succeeded)
        {
            return (new HashSet<int>(), "ERROR_FROM_TARGET", $"Target {pipe.Target} failed ({result.FunctionError}): {Encoding.UTF8.GetString(result.Payload.Span)}", true);
        }

        return PartialFailures(result.Payload, records);
    }

    /// <summary>A target function's <c>batchItemFailures</c>: an empty or absent list is success, identifiers name the
    /// records to retry, and an identifier that names no record fails the whole batch.</summary>
    private static (IReadOnlySet<int>? FailedFrom, string? Code, string? Message, bool Counts) PartialFailures(ReadOnlyMemory<byte> payload, IReadOnlyList<SourceRecord> records)
    {
        JsonElement failures;
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("batchItemFailures"u8, out var list) || list.ValueKind == JsonValueKind.Null)
            {
                return (null, null, null, false);
            }

            failures = list.Clone();
        }
        catch (JsonException)
        {
            return (null, null, null, false);
        }

        if (failures.ValueKind != JsonValueKind.Array)
        {
            return (new HashSet<int>(), "ERROR_FROM_TARGET", "The target's batchItemFailures is not a list.", true);
        }

        if (failures.GetArrayLength() == 0)
        {
            return (null, null, null, false);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            index.TryAdd(records[i].Id, i);
        }

        var failed = new HashSet<int>();
        foreach (var failure in failures.EnumerateArray())
        {
            if (failure.ValueKind != JsonValueKind.Object || !failure.TryGetProperty("itemIdentifier"u8, out var id) || id.ValueKind != JsonValueKind.String
                || !index.TryGetValue(id.GetString()!, out var at))
            {
                return (new HashSet<int>(), "ERROR_FROM_TARGET", "The target reported a batch item failure that names no record of the batch.", true);
            }

            failed.Add(at);
        }

        return (failed, "ERROR_FROM_TARGET", $"The target reported {failed.Count} failed records.", true);
    }

    private async Task<(IReadOnlySet<int>? FailedFrom, string? Code, string? Message, bool Counts)> InvokeAsynchronouslyAsync(string payload, CancellationToken cancellationToken)
    {
        if (runtime.Engine is not { } engine || !engine.HasKind("lambda"))
        {
            return (new HashSet<int>(), "NO_RESOURCE", "Asynchronous Lambda invocation is not available in this local cloud.", true);
        }

        if (runtime.Functions?.Describe(pipe.Target) is null)
        {
            return (new HashSet<int>(), "NO_RESOURCE", $"Function not found: {pipe.Target}", true);
        }

        var delivery = new DeliveryRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            TargetKind = "lambda",
            TargetArn = pipe.Target,
            Payload = payload,
            Policy = DeliveryPolicy.Default,
            CreatedAt = runtime.Time.GetUtcNow(),
            Origin = pipe.Arn,
        };
        await engine.EnqueueAsync([delivery], CancellationToken.None);
        return (null, null, null, false);
    }

    private async Task<(IReadOnlySet<int>? FailedFrom, string? Code, string? Message, bool Counts)> SendMessagesAsync(List<PipeEvent> events)
    {
        if (runtime.Queues is not { } queues)
        {
            return (new HashSet<int>(), "NO_RESOURCE", "SQS queues are not available in this local cloud.", true);
        }

        var context = Context();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var body = pipe.TargetInputTemplate is { } template
                ? PipeTemplate.Render(template, e.View, e.Json, context)
                : e.View.ValueKind == JsonValueKind.String ? e.View.GetString()! : e.Json;
            try
            {
                await queues.SendAsync(pipe.Target, body, null, CancellationToken.None);
            }
            catch (ServiceException error)
            {
                return (From(i, events.Count), error.Code, error.Message, error.StatusCode != 429);
            }
        }

        return (null, null, null, false);
    }

    private PipeTemplateContext Context() =>
        new(pipe.Arn, pipe.Name, pipe.Source, pipe.Enrichment, pipe.Target, runtime.Time.GetUtcNow());

    /// <summary>A static value, or the string at a whole-value JSON path (null when the path finds nothing).</summary>
    private static string? Dynamic(string? value, JsonElement view)
    {
        if (value is null || !value.StartsWith("$.", StringComparison.Ordinal))
        {
            return value;
        }

        if (!PipeJsonPath.TrySelect(view, value, out var selected) || selected.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        return selected.ValueKind == JsonValueKind.String ? selected.GetString() : selected.GetRawText();
    }

    private static DateTimeOffset? Time(string path, JsonElement view)
    {
        if (!PipeJsonPath.TrySelect(view, path, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : null;
    }

    private static HashSet<int> From(int first, int count) => Enumerable.Range(first, count - first).ToHashSet();

    /// <summary>A rendered template as a JSON value of an array: as it is when it is JSON, else as a string.</summary>
    private static string AsJson(string rendered)
    {
        try
        {
            using var document = JsonDocument.Parse(rendered);
            return rendered;
        }
        catch (JsonException)
        {
            return JsonSerializer.Serialize(rendered, PipesRuntimeJsonContext.Default.String);
        }
    }

    private Dictionary<string, string> Attributes(int records) => new(StringComparer.Ordinal)
    {
        ["pipe"] = pipe.Name,
        ["pipeArn"] = pipe.Arn,
        ["records"] = records.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>One event on its way to the target: its JSON text and the element paths read.</summary>
internal sealed record PipeEvent(string Json, JsonElement View);

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class PipesRuntimeJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
