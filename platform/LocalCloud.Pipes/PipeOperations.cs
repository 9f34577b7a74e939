using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Paging;
using LocalCloud.Core.Streams;
using LocalCloud.Pipes.Model;
using LocalCloud.Pipes.Runtime;
using LocalCloud.Pipes.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Pipes;

/// <summary>The filters of ListPipes.</summary>
internal sealed record PipeListFilter(string? NamePrefix, string? SourcePrefix, string? TargetPrefix, string? DesiredState, string? CurrentState);

/// <summary>
/// The pipe operations on the model, shared by the wire adapter and the CloudFormation provider: each validates,
/// writes the pipe with the state AWS answers (<c>CREATING</c>, <c>UPDATING</c>, <c>STARTING</c>, <c>STOPPING</c>,
/// <c>DELETING</c>) and hands it to the <see cref="PipeSupervisor"/>, which moves it on.
/// </summary>
internal sealed class PipeOperations(PipesStore store, PipeSupervisor supervisor, TimeProvider time, IServiceProvider services)
{
    public async Task<PipeDefinition> CreateAsync(ResourceScope scope, string name, PipeRequest request)
    {
        PipeValidation.Name(name);
        var source = request.Source ?? throw PipesErrors.Required("source");
        var target = request.Target ?? throw PipesErrors.Required("target");
        var role = request.RoleArn ?? throw PipesErrors.Required("roleArn");
        PipeValidation.Common(request);
        PipeValidation.Tags(request.Tags);
        var sourceKind = PipeValidation.Source(source);
        var sourceParameters = request.SourceParameters;
        if (sourceParameters is not null)
        {
            PipeValidation.OnlySourceBlockFor(sourceKind, sourceParameters);
        }

        var enrichment = request.Enrichment is { Length: > 0 } e ? e : null;
        if (enrichment is not null)
        {
            PipeValidation.Enrichment(enrichment);
        }

        var now = time.GetUtcNow();
        var pipe = new PipeDefinition
        {
            AccountId = scope.AccountId,
            Region = scope.Region,
            Name = name,
            Arn = scope.Arn("pipes", "pipe/" + name),
            Description = request.Description,
            DesiredState = request.DesiredState ?? PipeStates.Running,
            CurrentState = PipeStates.Creating,
            Source = source,
            SourceKind = sourceKind,
            DynamoDb = sourceKind == SourceKind.DynamoDbStream
                ? PipeValidation.DynamoDbSource(sourceParameters?.DynamoDBStreamParameters, null, "sourceParameters.dynamoDBStreamParameters")
                : null,
            Queue = sourceKind == SourceKind.SqsQueue ? PipeValidation.QueueSource(sourceParameters?.SqsQueueParameters, "sourceParameters.sqsQueueParameters") : null,
            HasFilterCriteria = sourceParameters?.FilterCriteria is not null,
            Filters = sourceParameters?.FilterCriteria is { } criteria ? PipeValidation.Filters(criteria) : [],
            Enrichment = enrichment,
            EnrichmentInputTemplate = enrichment is null ? null : request.EnrichmentParameters?.InputTemplate,
            Target = target,
            TargetKind = TargetKind.EventBus,
            RoleArn = role,
            Tags = request.Tags ?? new Dictionary<string, string>(StringComparer.Ordinal),
            LogConfigurationJson = LogJson(request.LogConfiguration),
            KmsKeyIdentifier = request.KmsKeyIdentifier,
            CreationTime = now,
            LastModifiedTime = now,
        };
        pipe = WithTarget(pipe, target, request.TargetParameters, replaceAll: true);
        await store.CreateAsync(pipe, InitialPosition(pipe));
        supervisor.Notify(pipe.Key);
        return pipe;
    }

    public PipeDefinition Describe(ResourceScope scope, string name)
    {
        PipeValidation.Name(name);
        return store.Get(PipeKeys.Key(scope.AccountId, scope.Region, name)) ?? throw PipesErrors.PipeNotFound(name);
    }

    public PipeDefinition? Find(ResourceScope scope, string name) => store.Get(PipeKeys.Key(scope.AccountId, scope.Region, name));

    public async Task<PipeDefinition> UpdateAsync(ResourceScope scope, string name, PipeRequest request)
    {
        PipeValidation.Name(name);
        _ = request.RoleArn ?? throw PipesErrors.Required("roleArn");
        PipeValidation.Common(request);
        if (request.Enrichment is { Length: > 0 } enrichment)
        {
            PipeValidation.Enrichment(enrichment);
        }

        var updated = await store.UpdateAsync(PipeKeys.Key(scope.AccountId, scope.Region, name), name, current =>
        {
            RefuseWhileChanging(current, "updated");
            var next = current with
            {
                Description = request.Description ?? current.Description,
                DesiredState = request.DesiredState ?? current.DesiredState,
                RoleArn = request.RoleArn!,
                LogConfigurationJson = request.LogConfiguration is { } log ? LogJson(log) : current.LogConfigurationJson,
                KmsKeyIdentifier = request.KmsKeyIdentifier ?? current.KmsKeyIdentifier,
                CurrentState = PipeStates.Updating,
                StateReason = null,
                LastModifiedTime = time.GetUtcNow(),
            };
            if (request.SourceParameters is { } sourceParameters)
            {
                PipeValidation.OnlySourceBlockFor(current.SourceKind, sourceParameters);
                if (sourceParameters.DynamoDBStreamParameters is { } dynamo)
                {
                    next = next with { DynamoDb = PipeValidation.DynamoDbSource(dynamo, current.DynamoDb!.StartingPosition, "sourceParameters.dynamoDBStreamParameters") with { StartingPosition = current.DynamoDb.StartingPosition } };
                }

                if (sourceParameters.SqsQueueParameters is { } queue)
                {
                    next = next with { Queue = PipeValidation.QueueSource(queue, "sourceParameters.sqsQueueParameters") };
                }

                if (sourceParameters.FilterCriteria is { } criteria)
                {
                    next = next with { HasFilterCriteria = true, Filters = PipeValidation.Filters(criteria) };
                }
            }

            if (request.Enrichment is { } enrichmentArn)
            {
                next = enrichmentArn.Length == 0
                    ? next with { Enrichment = null, EnrichmentInputTemplate = null }
                    : next with { Enrichment = enrichmentArn };
            }

            if (request.EnrichmentParameters is { } enrichmentParameters && next.HasEnrichment)
            {
                next = next with { EnrichmentInputTemplate = enrichmentParameters.InputTemplate };
            }

            var target = request.Target ?? current.Target;
            return WithTarget(next, target, request.TargetParameters, replaceAll: request.Target is not null && request.Target != current.Target);
        });
        supervisor.Notify(updated.Key);
        return updated;
    }

    public Task<PipeDefinition> StartAsync(ResourceScope scope, string name) =>
        ChangeStateAsync(scope, name, "started", PipeStates.Running, PipeStates.Starting);

    public Task<PipeDefinition> StopAsync(ResourceScope scope, string name) =>
        ChangeStateAsync(scope, name, "stopped", PipeStates.Stopped, PipeStates.Stopping);

    public async Task<PipeDefinition> DeleteAsync(ResourceScope scope, string name)
    {
        PipeValidation.Name(name);
        var deleted = await store.UpdateAsync(PipeKeys.Key(scope.AccountId, scope.Region, name), name, current => current with
        {
            DesiredState = PipeStates.Deleted,
            CurrentState = PipeStates.Deleting,
            StateReason = null,
            LastModifiedTime = time.GetUtcNow(),
        });
        supervisor.Notify(deleted.Key);
        return deleted;
    }

    public (List<PipeDefinition> Page, string? NextToken) List(ResourceScope scope, PipeListFilter filter, string? nextToken, int limit)
    {
        var pipes = store.List($"{scope.AccountId}:{scope.Region}:")
            .Where(p => filter.NamePrefix is null || p.Name.StartsWith(filter.NamePrefix, StringComparison.Ordinal))
            .Where(p => filter.SourcePrefix is null || p.Source.StartsWith(filter.SourcePrefix, StringComparison.Ordinal))
            .Where(p => filter.TargetPrefix is null || p.Target.StartsWith(filter.TargetPrefix, StringComparison.Ordinal))
            .Where(p => filter.DesiredState is null || p.DesiredState == filter.DesiredState)
            .Where(p => filter.CurrentState is null || p.CurrentState == filter.CurrentState)
            .OrderBy(p => p.Name, StringComparer.Ordinal);
        return PageToken.Page(pipes, p => p.Name, nextToken, limit, PipesErrors.InvalidNextToken);
    }

    public IReadOnlyDictionary<string, string> Tags(string resourceArn) => ByArn(resourceArn).Tags;

    public async Task TagAsync(string resourceArn, IReadOnlyDictionary<string, string> tags)
    {
        PipeValidation.Tags(tags);
        var pipe = ByArn(resourceArn);
        await store.UpdateAsync(pipe.Key, pipe.Name, current =>
        {
            var merged = new Dictionary<string, string>(current.Tags, StringComparer.Ordinal);
            foreach (var (key, value) in tags)
            {
                merged[key] = value;
            }

            if (merged.Count > 50)
            {
                throw PipesErrors.Validation($"Pipe {current.Name} cannot have more than 50 tags.", "tags");
            }

            return current with { Tags = merged };
        });
    }

    public async Task UntagAsync(string resourceArn, IReadOnlyCollection<string> keys)
    {
        var pipe = ByArn(resourceArn);
        await store.UpdateAsync(pipe.Key, pipe.Name, current => current with
        {
            Tags = current.Tags.Where(t => !keys.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        });
    }

    private PipeDefinition ByArn(string resourceArn)
    {
        if (!Arn.TryParse(resourceArn, out var arn) || arn.Service != "pipes" || !arn.Resource.StartsWith("pipe/", StringComparison.Ordinal))
        {
            throw PipesErrors.NotFound($"Resource {resourceArn} does not exist.");
        }

        var name = arn.Resource["pipe/".Length..];
        return store.Get(PipeKeys.Key(arn.AccountId, arn.Region, name)) ?? throw PipesErrors.NotFound($"Resource {resourceArn} does not exist.");
    }

    private async Task<PipeDefinition> ChangeStateAsync(ResourceScope scope, string name, string verb, string desired, string transition)
    {
        PipeValidation.Name(name);
        var changed = await store.UpdateAsync(PipeKeys.Key(scope.AccountId, scope.Region, name), name, current =>
        {
            RefuseWhileChanging(current, verb);
            return current with
            {
                DesiredState = desired,
                CurrentState = transition,
                StateReason = null,
                LastModifiedTime = time.GetUtcNow(),
            };
        });
        supervisor.Notify(changed.Key);
        return changed;
    }

    private static void RefuseWhileChanging(PipeDefinition pipe, string verb)
    {
        if (PipeStates.IsTransitional(pipe.CurrentState))
        {
            throw PipesErrors.Conflict($"Pipe {pipe.Name} cannot be {verb} while it is in state {pipe.CurrentState}.", pipe.Name);
        }
    }

    private static PipeDefinition WithTarget(PipeDefinition pipe, string target, TargetParametersWire? parameters, bool replaceAll)
    {
        var kind = PipeValidation.Target(target);
        if (parameters is not null)
        {
            PipeValidation.OnlyTargetBlockFor(kind, parameters);
        }

        var next = pipe with
        {
            Target = target,
            TargetKind = kind,
            TargetInputTemplate = parameters is { InputTemplate: { } template } ? template : replaceAll ? null : pipe.TargetInputTemplate,
        };
        if (replaceAll)
        {
            next = next with { EventBus = null, Lambda = null, QueueTarget = null };
        }

        return kind switch
        {
            TargetKind.EventBus => next with
            {
                EventBus = parameters?.EventBridgeEventBusParameters is { } bus ? PipeValidation.EventBus(bus) : next.EventBus,
            },
            TargetKind.Lambda => next with
            {
                Lambda = parameters?.LambdaFunctionParameters is { } lambda ? PipeValidation.Lambda(lambda) : next.Lambda ?? PipeValidation.Lambda(null),
            },
            _ => next with
            {
                QueueTarget = parameters?.SqsQueueParameters is { } queue ? PipeValidation.QueueTarget(queue) : next.QueueTarget,
            },
        };
    }

    private string? InitialPosition(PipeDefinition pipe)
    {
        if (pipe.DynamoDb is not { StartingPosition: "LATEST" })
        {
            return null;
        }

        var streams = services.GetService<IChangeStreams>();
        return streams is not null && streams.Exists(pipe.Source) ? streams.Latest(pipe.Source) : null;
    }

    private static string? LogJson(JsonElement? log) =>
        log is { ValueKind: JsonValueKind.Object } value ? value.GetRawText() : null;
}
