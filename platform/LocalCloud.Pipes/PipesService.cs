using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LocalCloud.Core.Hosting;
using LocalCloud.Pipes.Model;
using LocalCloud.Pipes.Wire;

namespace LocalCloud.Pipes;

/// <summary>
/// EventBridge Pipes (restJson1, signing name <c>pipes</c>, botocore <c>pipes</c> 2015-10-07): the pipe operations
/// and tags, mapping the wire to <see cref="PipeOperations"/>.
/// </summary>
internal sealed class PipesService : IRestJsonService, IStatusContributor
{
    private const string PipePath = "/v1/pipes/{Name}";
    private const string TagsPath = "/tags/{**ResourceArn}";
    private const int DefaultLimit = 100;

    private readonly PipeOperations _pipes;
    private readonly PipesStore _store;

    public PipesService(PipeOperations pipes, PipesStore store)
    {
        _pipes = pipes;
        _store = store;
        Operations =
        [
            new RestOperation("CreatePipe", "POST", PipePath, CreatePipeAsync),
            new RestOperation("DescribePipe", "GET", PipePath, DescribePipeAsync),
            new RestOperation("UpdatePipe", "PUT", PipePath, UpdatePipeAsync),
            new RestOperation("DeletePipe", "DELETE", PipePath, DeletePipeAsync),
            new RestOperation("ListPipes", "GET", "/v1/pipes", ListPipesAsync),
            new RestOperation("StartPipe", "POST", PipePath + "/start", StartPipeAsync),
            new RestOperation("StopPipe", "POST", PipePath + "/stop", StopPipeAsync),
            new RestOperation("TagResource", "POST", TagsPath, TagResourceAsync),
            new RestOperation("UntagResource", "DELETE", TagsPath, UntagResourceAsync),
            new RestOperation("ListTagsForResource", "GET", TagsPath, ListTagsForResourceAsync),
        ];
        OperationNames = [.. Operations.Select(o => o.Name)];
    }

    public string Name => "pipes";

    public string SigningName => "pipes";

    public AwsProtocol Protocol => AwsProtocol.RestJson1;

    public IReadOnlyList<RestOperation> Operations { get; }

    public IReadOnlyCollection<string> OperationNames { get; }

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var pipes = _store.List();
        var byState = new JsonObject();
        foreach (var group in pipes.GroupBy(p => p.CurrentState).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            byState[group.Key] = group.Count();
        }

        return ValueTask.FromResult<JsonNode?>(new JsonObject { ["pipes"] = pipes.Count, ["byState"] = byState });
    }

    public static PipeStateOutput StateOutput(PipeDefinition pipe) =>
        new(pipe.Arn, pipe.Name, pipe.DesiredState, pipe.CurrentState, Seconds(pipe.CreationTime), Seconds(pipe.LastModifiedTime));

    public static DescribePipeOutput DescribeOutput(PipeDefinition pipe) => new()
    {
        Arn = pipe.Arn,
        Name = pipe.Name,
        Description = pipe.Description,
        DesiredState = pipe.DesiredState,
        CurrentState = pipe.CurrentState,
        StateReason = pipe.StateReason,
        Source = pipe.Source,
        SourceParameters = SourceParameters(pipe),
        Enrichment = pipe.Enrichment,
        EnrichmentParameters = pipe.EnrichmentInputTemplate is { } enrichmentTemplate ? new EnrichmentParametersWire { InputTemplate = enrichmentTemplate } : null,
        Target = pipe.Target,
        TargetParameters = TargetParameters(pipe),
        RoleArn = pipe.RoleArn,
        Tags = pipe.Tags,
        CreationTime = Seconds(pipe.CreationTime),
        LastModifiedTime = Seconds(pipe.LastModifiedTime),
        LogConfiguration = pipe.LogConfigurationJson is { } log ? JsonDocument.Parse(log).RootElement.Clone() : null,
        KmsKeyIdentifier = pipe.KmsKeyIdentifier,
    };

    private async Task<RestResponse> CreatePipeAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(PipesJsonContext.Default.PipeRequest);
        var pipe = await _pipes.CreateAsync(request.Context.Scope, request.Route("Name"), input);
        return Json(StateOutput(pipe), PipesJsonContext.Default.PipeStateOutput);
    }

    private Task<RestResponse> DescribePipeAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var pipe = _pipes.Describe(request.Context.Scope, request.Route("Name"));
        return Task.FromResult(Json(DescribeOutput(pipe), PipesJsonContext.Default.DescribePipeOutput));
    }

    private async Task<RestResponse> UpdatePipeAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(PipesJsonContext.Default.PipeRequest);
        var pipe = await _pipes.UpdateAsync(request.Context.Scope, request.Route("Name"), input);
        return Json(StateOutput(pipe), PipesJsonContext.Default.PipeStateOutput);
    }

    private async Task<RestResponse> DeletePipeAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var pipe = await _pipes.DeleteAsync(request.Context.Scope, request.Route("Name"));
        return Json(StateOutput(pipe), PipesJsonContext.Default.PipeStateOutput);
    }

    private async Task<RestResponse> StartPipeAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var pipe = await _pipes.StartAsync(request.Context.Scope, request.Route("Name"));
        return Json(StateOutput(pipe), PipesJsonContext.Default.PipeStateOutput);
    }

    private async Task<RestResponse> StopPipeAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var pipe = await _pipes.StopAsync(request.Context.Scope, request.Route("Name"));
        return Json(StateOutput(pipe), PipesJsonContext.Default.PipeStateOutput);
    }

    private Task<RestResponse> ListPipesAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var namePrefix = request.Query("NamePrefix");
        if (namePrefix is not null)
        {
            PipeValidation.Name(namePrefix, "namePrefix");
        }

        var desired = request.Query("DesiredState");
        if (desired is not null && !PipeStates.Requested.Contains(desired))
        {
            throw PipesErrors.Enum(desired, "desiredState", PipeStates.Requested);
        }

        var current = request.Query("CurrentState");
        if (current is not null && !PipeStates.All.Contains(current))
        {
            throw PipesErrors.Enum(current, "currentState", PipeStates.All);
        }

        var sourcePrefix = Prefix(request.Query("SourcePrefix"), "sourcePrefix");
        var targetPrefix = Prefix(request.Query("TargetPrefix"), "targetPrefix");
        var limit = DefaultLimit;
        if (request.Query("Limit") is { } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit))
            {
                throw new ServiceException("SerializationException", $"Limit must be an integer, not '{limitText}'.");
            }

            if (limit is < 1 or > 100)
            {
                throw PipesErrors.Range(limit, "limit", 1, 100);
            }
        }

        var nextToken = request.Query("NextToken");
        if (nextToken is { Length: 0 or > 2048 })
        {
            throw PipesErrors.Constraint(null, "nextToken", nextToken.Length == 0 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 2048");
        }

        var (page, next) = _pipes.List(request.Context.Scope, new PipeListFilter(namePrefix, sourcePrefix, targetPrefix, desired, current), nextToken, limit);
        var output = new ListPipesOutput(
            [.. page.Select(p => new PipeSummaryOutput(p.Name, p.Arn, p.DesiredState, p.CurrentState, p.StateReason, Seconds(p.CreationTime), Seconds(p.LastModifiedTime), p.Source, p.Target, p.Enrichment))],
            next);
        return Task.FromResult(Json(output, PipesJsonContext.Default.ListPipesOutput));
    }

    private async Task<RestResponse> TagResourceAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(PipesJsonContext.Default.TagResourceRequest);
        var tags = input.Tags ?? throw PipesErrors.Required("tags");
        await _pipes.TagAsync(request.Route("ResourceArn"), tags);
        return Json(new EmptyOutput(), PipesJsonContext.Default.EmptyOutput);
    }

    private async Task<RestResponse> UntagResourceAsync(RestRequest request, CancellationToken cancellationToken)
    {
        if (!request.Http.Request.Query.TryGetValue("tagKeys", out var keys))
        {
            throw PipesErrors.Required("tagKeys");
        }

        await _pipes.UntagAsync(request.Route("ResourceArn"), [.. keys.Where(k => k is not null).Select(k => k!)]);
        return Json(new EmptyOutput(), PipesJsonContext.Default.EmptyOutput);
    }

    private Task<RestResponse> ListTagsForResourceAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var tags = _pipes.Tags(request.Route("ResourceArn"));
        return Task.FromResult(Json(new TagsOutput(tags), PipesJsonContext.Default.TagsOutput));
    }

    private static SourceParametersWire? SourceParameters(PipeDefinition pipe)
    {
        var filters = pipe.HasFilterCriteria ? new FilterCriteriaWire { Filters = [.. pipe.Filters.Select(f => new FilterWire { Pattern = f })] } : null;
        return new SourceParametersWire
        {
            FilterCriteria = filters,
            DynamoDBStreamParameters = pipe.DynamoDb is { } d
                ? new DynamoDbStreamParametersWire
                {
                    StartingPosition = d.StartingPosition,
                    BatchSize = d.BatchSize,
                    MaximumBatchingWindowInSeconds = d.MaximumBatchingWindowInSeconds,
                    MaximumRecordAgeInSeconds = d.MaximumRecordAgeInSeconds,
                    MaximumRetryAttempts = d.MaximumRetryAttempts,
                    ParallelizationFactor = d.ParallelizationFactor,
                    OnPartialBatchItemFailure = d.OnPartialBatchItemFailure,
                    DeadLetterConfig = d.DeadLetterArn is { } dlq ? new DeadLetterConfigWire { Arn = dlq } : null,
                }
                : null,
            SqsQueueParameters = pipe.Queue is { } q
                ? new SqsQueueParametersWire { BatchSize = q.BatchSize, MaximumBatchingWindowInSeconds = q.MaximumBatchingWindowInSeconds }
                : null,
        };
    }

    private static TargetParametersWire? TargetParameters(PipeDefinition pipe)
    {
        var parameters = new TargetParametersWire
        {
            InputTemplate = pipe.TargetInputTemplate,
            EventBridgeEventBusParameters = pipe.EventBus is { } bus
                ? new EventBusParametersWire { DetailType = bus.DetailType, Source = bus.Source, Resources = bus.Resources?.ToList(), Time = bus.Time, EndpointId = bus.EndpointId }
                : null,
            LambdaFunctionParameters = pipe.Lambda is { } lambda ? new LambdaFunctionParametersWire { InvocationType = lambda.InvocationType } : null,
            SqsQueueParameters = pipe.QueueTarget is { } queue ? new SqsTargetParametersWire { MessageGroupId = queue.MessageGroupId, MessageDeduplicationId = queue.MessageDeduplicationId } : null,
        };
        return parameters is { InputTemplate: null, EventBridgeEventBusParameters: null, LambdaFunctionParameters: null, SqsQueueParameters: null } ? null : parameters;
    }

    private static string? Prefix(string? value, string member)
    {
        if (value is { Length: 0 or > 1600 })
        {
            throw PipesErrors.Length(value, member, 1, 1600);
        }

        return value;
    }

    internal static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    private static RestResponse Json<T>(T value, JsonTypeInfo<T> typeInfo) => RestResponse.Json(value, typeInfo);
}
