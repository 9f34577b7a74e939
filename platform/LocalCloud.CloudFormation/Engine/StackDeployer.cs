using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LocalCloud.CloudFormation.Model;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using Microsoft.Extensions.Logging;

namespace LocalCloud.CloudFormation.Engine;

/// <summary>
/// Runs a stack's operation to its end from whatever status it is stored in: creates, updates (in place or by
/// replacement), deletes, rolls back and cleans up, each step persisted before and after its provider call, so that a
/// run interrupted by a crash can be continued (as a rollback) from the stored state.
/// </summary>
internal sealed partial class StackDeployer
{
    private readonly CloudFormationStore _store;
    private readonly Dictionary<string, IResourceProvider> _providers;
    private readonly TimeProvider _time;
    private readonly ActivityFeed _activity;
    private readonly CloudContext _cloud;
    private readonly ILogger<StackDeployer> _logger;

    public StackDeployer(CloudFormationStore store, IEnumerable<IResourceProvider> providers, TimeProvider time, ActivityFeed activity, CloudContext cloud, ILogger<StackDeployer> logger)
    {
        _store = store;
        _providers = new Dictionary<string, IResourceProvider>(StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            _providers[provider.ResourceType] = provider;
        }

        _time = time;
        _activity = activity;
        _cloud = cloud;
        _logger = logger;
    }

    public IResourceProvider? Provider(string type) => _providers.GetValueOrDefault(type);

    /// <summary>Runs the stack until it reaches a status no operation works in. Returns early (writing nothing more)
    /// when <paramref name="shutdown"/> is cancelled.</summary>
    public async Task RunAsync(string stackId, CancellationToken shutdown)
    {
        while (true)
        {
            shutdown.ThrowIfCancellationRequested();
            var stack = _store.GetStackById(stackId);
            if (stack is null || !StackStatus.IsInProgress(stack.Status))
            {
                return;
            }

            var run = new Run(stack, _store.Resources(stackId), shutdown);
            switch (stack.Status)
            {
                case StackStatus.CreateInProgress:
                    await CreateAsync(run, shutdown);
                    break;
                case StackStatus.RollbackInProgress:
                    await DeleteAllAsync(run, rollback: true, shutdown);
                    break;
                case StackStatus.DeleteInProgress:
                    await DeleteStackAsync(run, shutdown);
                    break;
                case StackStatus.UpdateInProgress:
                    await UpdateAsync(run, shutdown);
                    break;
                case StackStatus.UpdateCompleteCleanupInProgress:
                    await CleanupAfterUpdateAsync(run, shutdown);
                    break;
                case StackStatus.UpdateRollbackInProgress:
                    await RollbackUpdateAsync(run, shutdown);
                    break;
                case StackStatus.UpdateRollbackCompleteCleanupInProgress:
                    await CleanupAfterRollbackAsync(run, shutdown);
                    break;
                default:
                    _logger.LogWarning("Stack {StackId} is in {Status}, which no operation continues", stackId, stack.Status);
                    return;
            }
        }
    }

    /// <summary>What a stack found in progress on start continues with: an interrupted create or update is rolled
    /// back, everything else carries on.</summary>
    public async Task RecoverAsync(StackRecord stack)
    {
        const string Reason = "The local cloud stopped while the operation was in progress.";
        string? next = stack.Status switch
        {
            StackStatus.CreateInProgress when stack.OnFailure == "DO_NOTHING" => StackStatus.CreateFailed,
            StackStatus.CreateInProgress when stack.OnFailure == "DELETE" => StackStatus.DeleteInProgress,
            StackStatus.CreateInProgress => StackStatus.RollbackInProgress,
            StackStatus.UpdateInProgress => StackStatus.UpdateRollbackInProgress,
            _ => null,
        };
        if (next is not null)
        {
            await SetStatusAsync(stack, next, Reason);
        }
    }

    private sealed class Run(StackRecord stack, IEnumerable<ResourceRecord> records, CancellationToken shutdown)
    {
        public StackRecord Stack { get; } = stack;

        /// <summary>Cancelled when the local cloud stops: nothing more is written, the next start continues.</summary>
        public CancellationToken Shutdown { get; } = shutdown;

        public ConcurrentDictionary<string, ResourceRecord> Records { get; } =
            new(records.Select(r => KeyValuePair.Create(r.LogicalId, r)), StringComparer.Ordinal);

        public ConcurrentDictionary<string, bool> Imports { get; } = new(StringComparer.Ordinal);

        public ResourceScope Scope => new(Stack.AccountId, Stack.Region);
    }

    private sealed class RunValues(Run run, CloudFormationStore store) : IResourceValues
    {
        public JsonNode? Ref(string logicalId) =>
            run.Records.TryGetValue(logicalId, out var r) ? r.Live?.RefNode : null;

        public JsonNode? GetAtt(string logicalId, string attribute)
        {
            if (!run.Records.TryGetValue(logicalId, out var r) || r.Live is not { PhysicalId: not null } live)
            {
                return null;
            }

            return live.Attributes.TryGetPropertyValue(attribute, out var value) && value is not null
                ? value
                : throw new TemplateException($"Template error: resource {logicalId} does not support attribute type {attribute} in Fn::GetAtt");
        }

        public string? ImportValue(string name)
        {
            run.Imports[name] = true;
            return store.ExportValue(run.Scope, name);
        }
    }

    private Evaluator EvaluatorFor(Run run, TemplateState state) =>
        new(Template.Parse(state.Processed), state.Parameters,
            new PseudoParameters(run.Stack.Region, run.Stack.AccountId, run.Stack.StackName, run.Stack.StackId, run.Stack.NotificationArns),
            new RunValues(run, _store));

    // ---- create ----

    private async Task CreateAsync(Run run, CancellationToken shutdown)
    {
        var stack = run.Stack;
        var evaluator = EvaluatorFor(run, stack.Target ?? stack.Current!);
        string? failure = null;
        try
        {
            var graph = DependencyGraph.Build(evaluator);
            var failed = await RunGraphAsync(graph.Order(), id => graph.Dependencies[id],
                (id, ct) => CreateResourceAsync(run, evaluator, evaluator.Template.Resource(id)!, update: false, ct), stopOnFailure: true, shutdown);
            if (failed.Count > 0)
            {
                var names = run.Records.Values.Where(r => r.Status == StackStatus.CreateFailed).Select(r => r.LogicalId).Order(StringComparer.Ordinal);
                failure = $"The following resource(s) failed to create: [{string.Join(", ", names)}]. ";
            }
            else
            {
                await PublishOutputsAsync(run, evaluator, previousExports: null);
            }
        }
        catch (TemplateException e)
        {
            failure = e.Message;
        }

        if (failure is null)
        {
            stack.Current = stack.Target;
            stack.Target = null;
            await SetStatusAsync(stack, StackStatus.CreateComplete, null);
            return;
        }

        switch (stack.OnFailure)
        {
            case "DO_NOTHING":
                await SetStatusAsync(stack, StackStatus.CreateFailed, failure);
                break;
            case "DELETE":
                await SetStatusAsync(stack, StackStatus.DeleteInProgress, failure + "Delete requested by user.");
                break;
            default:
                await SetStatusAsync(stack, StackStatus.RollbackInProgress, failure + "Rollback requested by user.");
                break;
        }
    }

    private async Task<bool> CreateResourceAsync(Run run, Evaluator evaluator, ResourceDeclaration declaration, bool update, CancellationToken cancellation)
    {
        var stack = run.Stack;
        var record = new ResourceRecord
        {
            LogicalId = declaration.LogicalId,
            Type = declaration.Type,
            Status = StackStatus.CreateInProgress,
            LastUpdated = _time.GetUtcNow(),
            CreatedInUpdate = update,
            DeletionPolicy = declaration.DeletionPolicy,
            UpdateReplacePolicy = declaration.UpdateReplacePolicy,
            Metadata = declaration.Metadata?.ToJsonString(),
        };
        run.Records[record.LogicalId] = record;
        JsonObject properties;
        IResourceProvider provider;
        try
        {
            properties = evaluator.Properties(declaration);
            provider = CheckProvider(declaration.Type, properties);
        }
        catch (TemplateException e)
        {
            await FailAsync(run, record, StackStatus.CreateFailed, e.Message, null);
            return false;
        }

        var suffix = StackIds.NewSuffix();
        record.Pending = new PendingAction { Action = "Create", Type = declaration.Type, Suffix = suffix, Properties = properties };
        await _store.SaveResourceAsync(stack.StackId, record, Event(stack, record, StackStatus.CreateInProgress, null, properties));
        try
        {
            var result = await provider.CreateAsync(Operation(run, record.LogicalId, declaration.Type, properties, null, suffix), cancellation);
            record.Live = Instance(declaration.Type, suffix, properties, result);
            record.Pending = null;
            record.Status = StackStatus.CreateComplete;
            record.StatusReason = null;
            record.LastUpdated = _time.GetUtcNow();
            await _store.SaveResourceAsync(stack.StackId, record, Event(stack, record, StackStatus.CreateComplete, null, properties));
            return true;
        }
        catch (Exception e) when (!Stopping(run, e))
        {
            var reason = cancellation.IsCancellationRequested && e is OperationCanceledException ? "Resource creation cancelled" : Reason(e);
            await FailAsync(run, record, StackStatus.CreateFailed, reason, properties);
            return false;
        }
    }

    private IResourceProvider CheckProvider(string type, JsonObject properties)
    {
        var provider = Provider(type)
            ?? throw new TemplateException($"Resource type {type} is not supported by this local cloud: no resource provider is registered for it.");
        foreach (var (name, _) in properties)
        {
            if (!provider.Properties.ContainsKey(name))
            {
                throw new TemplateException($"Encountered unsupported property {name}");
            }
        }

        return provider;
    }

    private async Task FailAsync(Run run, ResourceRecord record, string status, string reason, JsonObject? properties)
    {
        record.Status = status;
        record.StatusReason = reason;
        record.LastUpdated = _time.GetUtcNow();
        await _store.SaveResourceAsync(run.Stack.StackId, record, Event(run.Stack, record, status, reason, properties));
    }

    // ---- outputs and exports ----

    private async Task PublishOutputsAsync(Run run, Evaluator evaluator, IReadOnlyList<OutputRecord>? previousExports)
    {
        var stack = run.Stack;
        var outputs = new List<OutputRecord>();
        var exports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, node) in evaluator.Template.Outputs)
        {
            if (node is not JsonObject output)
            {
                throw new TemplateException($"Template format error: Every Outputs member must contain a Value object");
            }

            if (Template.Text(output["Condition"]) is { } condition && !evaluator.Condition(condition))
            {
                continue;
            }

            if (!output.ContainsKey("Value"))
            {
                throw new TemplateException($"Template format error: Every Outputs member must contain a Value object");
            }

            string value;
            string? exportName = null;
            try
            {
                value = OutputText(evaluator.Resolve(output["Value"]));
                if (output["Export"] is JsonObject export)
                {
                    exportName = Template.Text(evaluator.Resolve(export["Name"]))
                        ?? throw new TemplateException($"Template error: the Export Name of output {key} must be a string");
                }
            }
            catch (UnresolvedValueException e)
            {
                throw new TemplateException($"Template error: the value of output {key} references {e.LogicalId}, which has no value");
            }

            outputs.Add(new OutputRecord(key, value, Template.Text(output["Description"]), exportName));
            if (exportName is not null)
            {
                exports[exportName] = value;
            }
        }

        foreach (var old in previousExports ?? [])
        {
            var importers = _store.Importers(run.Scope, old.ExportName!).Where(n => n != stack.StackName).ToList();
            if (importers.Count == 0)
            {
                continue;
            }

            if (!exports.TryGetValue(old.ExportName!, out var now))
            {
                throw new TemplateException($"Export {old.ExportName} cannot be deleted as it is in use by {string.Join(", ", importers)}");
            }

            if (now != old.Value)
            {
                throw new TemplateException($"Export {old.ExportName} cannot be updated as it is in use by {string.Join(", ", importers)}");
            }
        }

        await _store.SetExportsAsync(stack, exports);
        await _store.SetImportsAsync(stack, run.Imports.Keys);
        stack.Outputs = outputs;
    }

    private static string OutputText(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonArray a => string.Join(',', a.Select(i => Template.Text(i) ?? i?.ToJsonString() ?? string.Empty)),
        _ => Template.Text(value) ?? value.ToJsonString(),
    };

    // ---- update ----

    private async Task UpdateAsync(Run run, CancellationToken shutdown)
    {
        var stack = run.Stack;
        var evaluator = EvaluatorFor(run, stack.Target!);
        string? failure = null;
        try
        {
            var graph = DependencyGraph.Build(evaluator);
            var failed = await RunGraphAsync(graph.Order(), id => graph.Dependencies[id],
                (id, ct) => UpdateResourceAsync(run, evaluator, evaluator.Template.Resource(id)!, ct), stopOnFailure: true, shutdown);
            if (failed.Count > 0)
            {
                var updateFailed = run.Records.Values.Where(r => r.Status == StackStatus.UpdateFailed).Select(r => r.LogicalId).Order(StringComparer.Ordinal).ToList();
                var createFailed = run.Records.Values.Where(r => r.Status == StackStatus.CreateFailed).Select(r => r.LogicalId).Order(StringComparer.Ordinal).ToList();
                failure = (updateFailed.Count > 0 ? $"The following resource(s) failed to update: [{string.Join(", ", updateFailed)}]. " : string.Empty)
                    + (createFailed.Count > 0 ? $"The following resource(s) failed to create: [{string.Join(", ", createFailed)}]. " : string.Empty);
            }
            else
            {
                await PublishOutputsAsync(run, evaluator, [.. stack.Outputs.Where(o => o.ExportName is not null)]);
            }
        }
        catch (TemplateException e)
        {
            failure = e.Message;
        }

        if (failure is null)
        {
            stack.Previous = stack.Current;
            stack.Current = stack.Target;
            stack.Target = null;
            await SetStatusAsync(stack, StackStatus.UpdateCompleteCleanupInProgress, null);
        }
        else if (stack.DisableRollback)
        {
            await SetStatusAsync(stack, StackStatus.UpdateFailed, failure);
        }
        else
        {
            await SetStatusAsync(stack, StackStatus.UpdateRollbackInProgress, failure);
        }
    }

    private async Task<bool> UpdateResourceAsync(Run run, Evaluator evaluator, ResourceDeclaration declaration, CancellationToken cancellation)
    {
        if (!run.Records.TryGetValue(declaration.LogicalId, out var record) || record.Live is null)
        {
            return await CreateResourceAsync(run, evaluator, declaration, update: true, cancellation);
        }

        var stack = run.Stack;
        var live = record.Live;
        JsonObject properties;
        IResourceProvider provider;
        var policiesChanged = record.DeletionPolicy != declaration.DeletionPolicy || record.UpdateReplacePolicy != declaration.UpdateReplacePolicy;
        record.DeletionPolicy = declaration.DeletionPolicy;
        record.UpdateReplacePolicy = declaration.UpdateReplacePolicy;
        record.Metadata = declaration.Metadata?.ToJsonString();
        try
        {
            if (live.Type != declaration.Type)
            {
                throw new TemplateException($"Update of resource type is not permitted. The new template modifies resource type of the following resources: [{declaration.LogicalId}]");
            }

            properties = evaluator.Properties(declaration);
            if (Evaluator.SameJson(properties, live.Properties))
            {
                if (policiesChanged)
                {
                    await _store.SaveResourceAsync(stack.StackId, record);
                }

                return true;
            }

            provider = CheckProvider(declaration.Type, properties);
        }
        catch (TemplateException e)
        {
            await FailAsync(run, record, StackStatus.UpdateFailed, e.Message, null);
            return false;
        }

        var changed = properties.Select(p => p.Key).Union(live.Properties.Select(p => p.Key))
            .Where(k => !Evaluator.SameJson(properties[k], live.Properties[k])).ToList();
        var replace = changed.Any(k => provider.Properties.GetValueOrDefault(k) == UpdateBehavior.Replacement);
        if (replace && CustomName(provider, live.Properties, properties) is { } customName)
        {
            await FailAsync(run, record, StackStatus.UpdateFailed,
                $"CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename {customName} and update the stack again.", properties);
            return false;
        }

        var suffix = replace ? StackIds.NewSuffix() : live.Suffix;
        record.Pending = new PendingAction { Action = replace ? "Create" : "Update", Type = declaration.Type, Suffix = suffix, Properties = properties };
        record.Status = StackStatus.UpdateInProgress;
        record.StatusReason = replace ? "Requested update requires the creation of a new physical resource; hence creating one." : null;
        record.LastUpdated = _time.GetUtcNow();
        await _store.SaveResourceAsync(stack.StackId, record, Event(stack, record, StackStatus.UpdateInProgress, record.StatusReason, properties));
        try
        {
            var result = replace
                ? await provider.CreateAsync(Operation(run, record.LogicalId, declaration.Type, properties, null, suffix), cancellation)
                : await provider.UpdateAsync(Operation(run, record.LogicalId, declaration.Type, properties, live.Properties, suffix), State(live), cancellation);
            record.Previous = live;
            record.Replaced = replace;
            record.Live = Instance(declaration.Type, suffix, properties, result);
            record.Pending = null;
            record.Status = StackStatus.UpdateComplete;
            record.StatusReason = null;
            record.LastUpdated = _time.GetUtcNow();
            await _store.SaveResourceAsync(stack.StackId, record, Event(stack, record, StackStatus.UpdateComplete, null, properties));
            return true;
        }
        catch (Exception e) when (!Stopping(run, e))
        {
            var reason = cancellation.IsCancellationRequested && e is OperationCanceledException ? "Resource update cancelled" : Reason(e);
            await FailAsync(run, record, StackStatus.UpdateFailed, reason, properties);
            return false;
        }
    }

    /// <summary>The name a replacement would reuse: a name property (<c>Name</c>, <c>…Name</c>) that requires
    /// replacement, is set and keeps its value, so the new resource would take the old one's name.</summary>
    private static string? CustomName(IResourceProvider provider, JsonObject before, JsonObject after)
    {
        foreach (var (key, behavior) in provider.Properties)
        {
            if (behavior == UpdateBehavior.Replacement && key.EndsWith("Name", StringComparison.Ordinal)
                && Template.Text(after[key]) is { Length: > 0 } name && Evaluator.SameJson(before[key], after[key]))
            {
                return name;
            }
        }

        return null;
    }

    private async Task CleanupAfterUpdateAsync(Run run, CancellationToken shutdown)
    {
        var stack = run.Stack;
        var evaluator = EvaluatorFor(run, stack.Current!);
        var graph = DependencyGraph.Build(evaluator);
        foreach (var record in run.Records.Values.Where(r => r.Replaced && r.Previous is not null).ToList())
        {
            var retain = record.UpdateReplacePolicy == "Retain";
            await DeleteInstanceAsync(run, record, record.Previous!, retain, shutdown);
            record.Previous = null;
            record.Replaced = false;
            await _store.SaveResourceAsync(stack.StackId, record);
        }

        var removed = run.Records.Values.Where(r => !graph.Contains(r.LogicalId)).Select(r => r.LogicalId).ToList();
        var old = stack.Previous is { } previous ? DependencyGraphOrNull(run, previous) : null;
        await RunGraphAsync(removed, id => old is null ? [] : old.Dependents(id).Where(removed.Contains),
            async (id, ct) =>
            {
                await DeleteRecordAsync(run, run.Records[id], rollback: false, ct);
                return true;
            }, stopOnFailure: false, shutdown);

        foreach (var record in run.Records.Values.Where(r => r.Previous is not null || r.CreatedInUpdate || r.Discard.Count > 0).ToList())
        {
            record.Previous = null;
            record.CreatedInUpdate = false;
            record.Discard = [];
            await _store.SaveResourceAsync(stack.StackId, record);
        }

        stack.Previous = null;
        await SetStatusAsync(stack, StackStatus.UpdateComplete, null);
    }

    private DependencyGraph? DependencyGraphOrNull(Run run, TemplateState state)
    {
        try
        {
            return DependencyGraph.Build(EvaluatorFor(run, state));
        }
        catch (TemplateException)
        {
            return null;
        }
    }

    private async Task RollbackUpdateAsync(Run run, CancellationToken shutdown)
    {
        var stack = run.Stack;
        var failed = new List<string>();
        foreach (var record in run.Records.Values.OrderByDescending(r => r.LastUpdated).ToList())
        {
            shutdown.ThrowIfCancellationRequested();
            if (record.CreatedInUpdate || (record.Live is null && record.Pending is not null))
            {
                continue;
            }

            var live = record.Live!;
            if (record.Replaced && record.Previous is not null)
            {
                record.Discard.Add(live);
                record.Live = record.Previous;
                record.Previous = null;
                record.Replaced = false;
                await RestoredAsync(run, record);
            }
            else if (record.Pending is { Action: "Create" } replacement)
            {
                record.Discard.Add(new ResourceInstance { Type = replacement.Type, Suffix = replacement.Suffix, Properties = replacement.Properties });
                record.Pending = null;
                await RestoredAsync(run, record);
            }
            else if (record.Previous is not null || record.Pending is { Action: "Update" })
            {
                var target = record.Previous ?? live;
                var current = record.Previous is null ? WithProperties(live, record.Pending!.Properties) : live;
                record.Status = StackStatus.UpdateInProgress;
                record.StatusReason = null;
                await _store.SaveResourceAsync(stack.StackId, record, Event(stack, record, StackStatus.UpdateInProgress, null, target.Properties));
                try
                {
                    var provider = Provider(target.Type) ?? throw new TemplateException($"Resource type {target.Type} is not supported by this local cloud.");
                    var result = await provider.UpdateAsync(Operation(run, record.LogicalId, target.Type, target.Properties, current.Properties, target.Suffix), State(current), shutdown);
                    record.Live = Instance(target.Type, target.Suffix, target.Properties, result);
                    record.Previous = null;
                    record.Pending = null;
                    await RestoredAsync(run, record);
                }
                catch (Exception e) when (!Stopping(run, e))
                {
                    failed.Add(record.LogicalId);
                    await FailAsync(run, record, StackStatus.UpdateFailed, Reason(e), target.Properties);
                }
            }
            else if (record.Status is StackStatus.UpdateFailed or StackStatus.UpdateInProgress)
            {
                await RestoredAsync(run, record);
            }
        }

        if (failed.Count > 0)
        {
            await SetStatusAsync(stack, StackStatus.UpdateRollbackFailed, $"The following resource(s) failed to update: [{string.Join(", ", failed.Order(StringComparer.Ordinal))}]. ");
            return;
        }

        await SetStatusAsync(stack, StackStatus.UpdateRollbackCompleteCleanupInProgress, null);
    }

    private async Task RestoredAsync(Run run, ResourceRecord record)
    {
        record.Status = StackStatus.UpdateComplete;
        record.StatusReason = null;
        record.LastUpdated = _time.GetUtcNow();
        await _store.SaveResourceAsync(run.Stack.StackId, record, Event(run.Stack, record, StackStatus.UpdateComplete, null, record.Live?.Properties));
    }

    private async Task CleanupAfterRollbackAsync(Run run, CancellationToken shutdown)
    {
        var stack = run.Stack;
        foreach (var record in run.Records.Values.Where(r => r.Discard.Count > 0).ToList())
        {
            foreach (var instance in record.Discard.ToList())
            {
                await DeleteInstanceAsync(run, record, instance, retain: false, shutdown);
                record.Discard.Remove(instance);
                await _store.SaveResourceAsync(stack.StackId, record);
            }
        }

        var added = run.Records.Values.Where(r => r.CreatedInUpdate).Select(r => r.LogicalId).ToList();
        var target = stack.Target is { } t ? DependencyGraphOrNull(run, t) : null;
        await RunGraphAsync(added, id => target is null ? [] : target.Dependents(id).Where(added.Contains),
            async (id, ct) =>
            {
                await DeleteRecordAsync(run, run.Records[id], rollback: true, ct);
                return true;
            }, stopOnFailure: false, shutdown);

        foreach (var record in run.Records.Values.Where(r => r.Previous is not null || r.Pending is not null).ToList())
        {
            record.Previous = null;
            record.Pending = null;
            await _store.SaveResourceAsync(stack.StackId, record);
        }

        stack.Target = null;
        await SetStatusAsync(stack, StackStatus.UpdateRollbackComplete, null);
    }

    // ---- delete ----

    private async Task DeleteStackAsync(Run run, CancellationToken shutdown)
    {
        var stack = run.Stack;
        foreach (var output in stack.Outputs.Where(o => o.ExportName is not null))
        {
            var importers = _store.Importers(run.Scope, output.ExportName!).Where(n => n != stack.StackName).ToList();
            if (importers.Count > 0)
            {
                await SetStatusAsync(stack, StackStatus.DeleteFailed, $"Export {output.ExportName} cannot be deleted as it is in use by {string.Join(", ", importers)}");
                return;
            }
        }

        await DeleteAllAsync(run, rollback: false, shutdown);
    }

    private async Task DeleteAllAsync(Run run, bool rollback, CancellationToken shutdown)
    {
        var stack = run.Stack;
        var state = stack.Current ?? stack.Target;
        var graph = state is null ? null : DependencyGraphOrNull(run, state);
        var ids = run.Records.Keys.ToList();
        var failed = await RunGraphAsync(ids, id => graph is null || !graph.Contains(id) ? [] : graph.Dependents(id).Where(run.Records.ContainsKey),
            (id, ct) => DeleteRecordAsync(run, run.Records[id], rollback, ct), stopOnFailure: false, shutdown);
        var reason = failed.Count > 0 ? $"The following resource(s) failed to delete: [{string.Join(", ", failed.Order(StringComparer.Ordinal))}]. " : null;
        if (rollback)
        {
            await SetStatusAsync(stack, failed.Count > 0 ? StackStatus.RollbackFailed : StackStatus.RollbackComplete, reason);
            return;
        }

        if (failed.Count > 0)
        {
            await SetStatusAsync(stack, StackStatus.DeleteFailed, reason);
            return;
        }

        await _store.SetExportsAsync(stack, new Dictionary<string, string>());
        await _store.SetImportsAsync(stack, []);
        await _store.DeleteChangeSetsOfAsync(stack.StackId);
        stack.DeletionTime = _time.GetUtcNow();
        await SetStatusAsync(stack, StackStatus.DeleteComplete, null);
    }

    /// <summary>Deletes what the logical resource stands for (its live resource, a create in flight, instances left
    /// by a replacement) and forgets it; false when the provider failed.</summary>
    private async Task<bool> DeleteRecordAsync(Run run, ResourceRecord record, bool rollback, CancellationToken cancellation)
    {
        var stack = run.Stack;
        var policy = record.DeletionPolicy;
        var retain = policy == "Retain" ? !(rollback && stack.Status == StackStatus.RollbackInProgress && stack.RetainExceptOnCreate)
            : policy == "RetainExceptOnCreate" && !(rollback && stack.Status == StackStatus.RollbackInProgress);
        foreach (var instance in record.Discard.ToList())
        {
            if (!await DeleteInstanceAsync(run, record, instance, retain: false, cancellation))
            {
                return false;
            }

            record.Discard.Remove(instance);
        }

        if (record.Replaced && record.Previous is { } previous)
        {
            if (!await DeleteInstanceAsync(run, record, previous, record.UpdateReplacePolicy == "Retain", cancellation))
            {
                return false;
            }

            record.Previous = null;
        }

        var instanceToDelete = record.Live
            ?? (record.Pending is { Action: "Create" } pending ? new ResourceInstance { Type = pending.Type, Suffix = pending.Suffix, Properties = pending.Properties } : null);
        if (instanceToDelete is null)
        {
            await _store.DeleteResourceAsync(stack.StackId, record.LogicalId);
            run.Records.TryRemove(record.LogicalId, out _);
            return true;
        }

        if (!await DeleteInstanceAsync(run, record, instanceToDelete, retain, cancellation, forget: true))
        {
            return false;
        }

        run.Records.TryRemove(record.LogicalId, out _);
        return true;
    }

    /// <summary>Deletes one physical resource of <paramref name="record"/> with events; with <paramref name="forget"/>
    /// the record goes in the same write as the final event.</summary>
    private async Task<bool> DeleteInstanceAsync(Run run, ResourceRecord record, ResourceInstance instance, bool retain, CancellationToken cancellation, bool forget = false)
    {
        var stack = run.Stack;
        if (retain)
        {
            var skipped = Event(stack, record, StackStatus.DeleteSkipped, null, null, instance.PhysicalId);
            await (forget ? _store.DeleteResourceAsync(stack.StackId, record.LogicalId, skipped) : _store.SaveResourceAsync(stack.StackId, record, skipped));
            return true;
        }

        var provider = Provider(instance.Type);
        if (forget)
        {
            record.Status = StackStatus.DeleteInProgress;
            record.StatusReason = null;
            await _store.SaveResourceAsync(stack.StackId, record, Event(stack, record, StackStatus.DeleteInProgress, null, null, instance.PhysicalId));
        }
        else
        {
            await _store.SaveResourceAsync(stack.StackId, record, Event(stack, record, StackStatus.DeleteInProgress, null, null, instance.PhysicalId));
        }

        try
        {
            if (provider is not null)
            {
                var operation = Operation(run, record.LogicalId, instance.Type, instance.Properties, null, instance.Suffix);
                await provider.DeleteAsync(operation, instance.PhysicalId is null ? null : State(instance), cancellation);
            }
        }
        catch (Exception e) when (!Stopping(run, e))
        {
            await FailAsync(run, record, StackStatus.DeleteFailed, Reason(e), null);
            return false;
        }

        var done = Event(stack, record, StackStatus.DeleteComplete, null, null, instance.PhysicalId);
        await (forget ? _store.DeleteResourceAsync(stack.StackId, record.LogicalId, done) : _store.SaveResourceAsync(stack.StackId, record, done));
        return true;
    }

    // ---- scheduling ----

    /// <summary>
    /// Runs <paramref name="action"/> for every node once its prerequisites have succeeded, independent nodes
    /// concurrently. With <paramref name="stopOnFailure"/> a failure starts nothing new and cancels the nodes in
    /// flight. Returns the nodes whose action failed. A cancelled <paramref name="shutdown"/> ends the run with
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    private static async Task<List<string>> RunGraphAsync(
        IReadOnlyList<string> nodes,
        Func<string, IEnumerable<string>> prerequisites,
        Func<string, CancellationToken, Task<bool>> action,
        bool stopOnFailure,
        CancellationToken shutdown)
    {
        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var succeeded = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var failed = new List<string>();
        var running = new Dictionary<Task<bool>, string>();
        var pending = nodes.ToList();
        var stop = false;
        while (true)
        {
            if (!stop)
            {
                foreach (var node in pending.ToList())
                {
                    var required = prerequisites(node).Where(nodes.Contains).ToList();
                    if (required.All(succeeded.Contains))
                    {
                        pending.Remove(node);
                        running[Task.Run(() => action(node, siblings.Token), CancellationToken.None)] = node;
                    }
                    else if (required.Any(r => finished.Contains(r) && !succeeded.Contains(r)))
                    {
                        pending.Remove(node);
                        finished.Add(node);
                    }
                }
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running.Keys);
            var name = running[done];
            running.Remove(done);
            finished.Add(name);
            bool ok;
            try
            {
                ok = await done;
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                await Task.WhenAll(running.Keys.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
                throw;
            }

            if (ok)
            {
                succeeded.Add(name);
            }
            else
            {
                failed.Add(name);
                if (stopOnFailure && !stop)
                {
                    stop = true;
                    await siblings.CancelAsync();
                }
            }
        }

        shutdown.ThrowIfCancellationRequested();
        return failed;
    }

    // ---- helpers ----

    private ResourceOperation Operation(Run run, string logicalId, string type, JsonObject properties, JsonObject? previous, string suffix)
    {
        var stack = run.Stack;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in stack.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        tags["aws:cloudformation:stack-name"] = stack.StackName;
        tags["aws:cloudformation:stack-id"] = stack.StackId;
        tags["aws:cloudformation:logical-id"] = logicalId;
        return new ResourceOperation
        {
            Context = new RequestContext
            {
                RequestId = Guid.NewGuid().ToString(),
                Region = stack.Region,
                AccountId = stack.AccountId,
                SigningService = "cloudformation",
                Endpoint = _cloud.IsListening ? _cloud.Endpoint : new Uri("http://127.0.0.1/"),
            },
            StackName = stack.StackName,
            StackId = stack.StackId,
            LogicalId = logicalId,
            ResourceType = type,
            Properties = (JsonObject)properties.DeepClone(),
            PreviousProperties = (JsonObject?)previous?.DeepClone(),
            GeneratedName = max => StackIds.GeneratedName(stack.StackName, logicalId, suffix, max),
            Tags = tags,
        };
    }

    private static ResourceInstance Instance(string type, string suffix, JsonObject properties, ProvisionedResource result)
    {
        var attributes = new JsonObject();
        foreach (var (name, value) in result.Attributes)
        {
            attributes[name] = value?.DeepClone();
        }

        return new ResourceInstance
        {
            Type = type,
            Suffix = suffix,
            PhysicalId = result.PhysicalId,
            RefValue = result.RefValue,
            Properties = (JsonObject)properties.DeepClone(),
            Attributes = attributes,
        };
    }

    private static ResourceInstance WithProperties(ResourceInstance instance, JsonObject properties) => new()
    {
        Type = instance.Type,
        Suffix = instance.Suffix,
        PhysicalId = instance.PhysicalId,
        RefValue = instance.RefValue,
        Properties = properties,
        Attributes = instance.Attributes,
    };

    private static ResourceState State(ResourceInstance instance)
    {
        var attributes = instance.Attributes.ToDictionary(a => a.Key, a => a.Value?.DeepClone(), StringComparer.Ordinal);
        return new ResourceState(new ProvisionedResource(instance.PhysicalId ?? string.Empty, attributes) { RefValue = instance.RefValue },
            (JsonObject)instance.Properties.DeepClone());
    }

    private static bool Stopping(Run run, Exception e) =>
        run.Shutdown.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException;

    private static string Reason(Exception e) => e switch
    {
        ServiceException s => s.Message,
        ResourceProviderException p => p.Message,
        TemplateException t => t.Message,
        OperationCanceledException => "Resource operation cancelled",
        _ => $"Internal failure: {e.Message}",
    };

    private StackEventRecord Event(StackRecord stack, ResourceRecord record, string status, string? reason, JsonObject? properties, string? physicalId = null)
    {
        var e = new StackEventRecord
        {
            EventId = $"{record.LogicalId}-{Guid.NewGuid()}",
            StackId = stack.StackId,
            StackName = stack.StackName,
            LogicalResourceId = record.LogicalId,
            PhysicalResourceId = physicalId ?? record.Live?.PhysicalId ?? string.Empty,
            ResourceType = record.Type,
            Timestamp = _time.GetUtcNow(),
            ResourceStatus = status,
            ResourceStatusReason = reason,
            ResourceProperties = properties?.ToJsonString(),
        };
        Publish(e);
        return e;
    }

    /// <summary>Sets and stores the stack's status with its stack event.</summary>
    public async Task SetStatusAsync(StackRecord stack, string status, string? reason)
    {
        stack.Status = status;
        stack.StatusReason = reason;
        if (status is StackStatus.UpdateInProgress)
        {
            stack.LastUpdatedTime = _time.GetUtcNow();
        }

        await _store.SaveStackAsync(stack, StackEvent(stack, status, reason));
    }

    public StackEventRecord StackEvent(StackRecord stack, string status, string? reason)
    {
        var e = new StackEventRecord
        {
            EventId = Guid.NewGuid().ToString(),
            StackId = stack.StackId,
            StackName = stack.StackName,
            LogicalResourceId = stack.StackName,
            PhysicalResourceId = stack.StackId,
            ResourceType = "AWS::CloudFormation::Stack",
            Timestamp = _time.GetUtcNow(),
            ResourceStatus = status,
            ResourceStatusReason = reason,
        };
        Publish(e);
        return e;
    }

    private void Publish(StackEventRecord e)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["stack"] = e.StackName,
            ["logicalId"] = e.LogicalResourceId,
            ["status"] = e.ResourceStatus,
        };
        if (e.ResourceStatusReason is { } reason)
        {
            attributes["reason"] = reason;
        }

        _activity.Publish("cloudformation", "stack-event",
            $"{e.StackName} {e.LogicalResourceId} {e.ResourceStatus}{(e.ResourceStatusReason is null ? string.Empty : ": " + e.ResourceStatusReason)}", attributes);
    }
}
