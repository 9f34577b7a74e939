using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Pipes.Model;
using LocalCloud.Pipes.Runtime;
using LocalCloud.Pipes.Wire;

namespace LocalCloud.Pipes.Resources;

/// <summary>
/// <c>AWS::Pipes::Pipe</c> (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-pipes-pipe.html):
/// <c>Ref</c> is the pipe's name; <c>Fn::GetAtt</c> gives <c>Arn</c>, <c>CurrentState</c>, <c>CreationTime</c>,
/// <c>LastModifiedTime</c> and <c>StateReason</c>. Create and update wait until the pipe has left its transitional state;
/// a pipe that ends <c>CREATE_FAILED</c> or <c>UPDATE_FAILED</c> fails the resource with its reason. The engine's
/// contract knows replacement per top-level property only, so a change to a source-type part of
/// <c>SourceParameters</c> that the resource reference marks "Replacement" (<c>StartingPosition</c>, or another kind of
/// source block) replaces the pipe within the update, under the same name.
/// </summary>
internal sealed class PipeResourceProvider(PipeOperations pipes, PipeSupervisor supervisor, TimeProvider time) : IResourceProvider
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        TypeInfoResolver = PipesJsonContext.Default,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public string ResourceType => "AWS::Pipes::Pipe";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["Name"] = UpdateBehavior.Replacement,
        ["Source"] = UpdateBehavior.Replacement,
        ["SourceParameters"] = UpdateBehavior.NoInterruption,
        ["Description"] = UpdateBehavior.NoInterruption,
        ["DesiredState"] = UpdateBehavior.NoInterruption,
        ["Enrichment"] = UpdateBehavior.NoInterruption,
        ["EnrichmentParameters"] = UpdateBehavior.NoInterruption,
        ["Target"] = UpdateBehavior.NoInterruption,
        ["TargetParameters"] = UpdateBehavior.NoInterruption,
        ["RoleArn"] = UpdateBehavior.NoInterruption,
        ["Tags"] = UpdateBehavior.NoInterruption,
        ["LogConfiguration"] = UpdateBehavior.NoInterruption,
        ["KmsKeyIdentifier"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var name = NameOf(operation);
        var request = Read(operation.Properties);
        request.Tags = MergedTags(request.Tags, operation.Tags);
        var pipe = await pipes.CreateAsync(operation.Context.Scope, name, request);
        return await SettledAsync(operation.Context.Scope, pipe, PipeStates.CreateFailed, cancellationToken);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(current);
        var scope = operation.Context.Scope;
        var name = current.PhysicalId;
        var request = Read(operation.Properties);
        if (SourceTypeChanged(current.Properties, operation.Properties))
        {
            await DeleteAndWaitAsync(scope, name, cancellationToken);
            request.Tags = MergedTags(request.Tags, operation.Tags);
            var replaced = await pipes.CreateAsync(scope, name, request);
            return await SettledAsync(scope, replaced, PipeStates.CreateFailed, cancellationToken);
        }

        // CloudFormation sets the whole resource; UpdatePipe leaves omitted members as they are, so clear what the
        // template no longer gives.
        request.Description ??= "";
        request.Enrichment ??= "";
        var updated = await pipes.UpdateAsync(scope, name, request);
        var tags = MergedTags(request.Tags, operation.Tags) ?? [];
        var stale = pipes.Tags(updated.Arn).Keys.Where(k => !tags.ContainsKey(k)).ToList();
        if (stale.Count > 0)
        {
            await pipes.UntagAsync(updated.Arn, stale);
        }

        if (tags.Count > 0)
        {
            await pipes.TagAsync(updated.Arn, tags);
        }

        return await SettledAsync(scope, updated, PipeStates.UpdateFailed, cancellationToken);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var name = current?.PhysicalId ?? NameOf(operation);
        await DeleteAndWaitAsync(operation.Context.Scope, name, cancellationToken);
    }

    private async Task DeleteAndWaitAsync(ResourceScope scope, string name, CancellationToken cancellationToken)
    {
        if (pipes.Find(scope, name) is not { } existing)
        {
            return;
        }

        try
        {
            await pipes.DeleteAsync(scope, name);
        }
        catch (ServiceException error) when (error.Code == "NotFoundException")
        {
            return;
        }

        await WaitAsync(existing.Key, cancellationToken);
    }

    private async Task<ProvisionedResource> SettledAsync(ResourceScope scope, PipeDefinition pipe, string failedState, CancellationToken cancellationToken)
    {
        await WaitAsync(pipe.Key, cancellationToken);
        var settled = pipes.Find(scope, pipe.Name) ?? throw new ResourceProviderException($"Pipe {pipe.Name} was deleted while it was being created.");
        if (settled.CurrentState == failedState)
        {
            throw new ResourceProviderException($"Pipe {pipe.Name} is {settled.CurrentState}: {settled.StateReason}");
        }

        return Provisioned(settled);
    }

    private async Task WaitAsync(string key, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(SettleTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        await supervisor.WhenSettledAsync(key, linked.Token);
    }

    private static ProvisionedResource Provisioned(PipeDefinition pipe) =>
        ProvisionedResource.Of(
            pipe.Name,
            ("Arn", pipe.Arn),
            ("CurrentState", pipe.CurrentState),
            ("CreationTime", Timestamp(pipe.CreationTime)),
            ("LastModifiedTime", Timestamp(pipe.LastModifiedTime)),
            ("StateReason", pipe.StateReason ?? ""));

    private static string NameOf(ResourceOperation operation) =>
        operation.Properties["Name"]?.GetValue<string>() is { Length: > 0 } name ? name : operation.GeneratedName(64);

    private static PipeRequest Read(JsonObject properties)
    {
        try
        {
            return properties.Deserialize<PipeRequest>(ReadOptions) ?? new PipeRequest();
        }
        catch (JsonException error)
        {
            throw new ResourceProviderException($"Properties validation failed for resource of type AWS::Pipes::Pipe: {error.Message}");
        }
    }

    private static Dictionary<string, string>? MergedTags(Dictionary<string, string>? tags, IReadOnlyDictionary<string, string> stackTags)
    {
        if (tags is null && stackTags.Count == 0)
        {
            return null;
        }

        var merged = new Dictionary<string, string>(stackTags, StringComparer.Ordinal);
        foreach (var (key, value) in tags ?? [])
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>Whether a part of <c>SourceParameters</c> that requires replacement changed: the kind of source block, or
    /// the DynamoDB stream's <c>StartingPosition</c>.</summary>
    private static bool SourceTypeChanged(JsonObject before, JsonObject after)
    {
        var old = before["SourceParameters"] as JsonObject;
        var next = after["SourceParameters"] as JsonObject;
        var oldKinds = Kinds(old);
        var newKinds = Kinds(next);
        if (!oldKinds.SetEquals(newKinds))
        {
            return true;
        }

        var oldStart = (old?["DynamoDBStreamParameters"] as JsonObject)?["StartingPosition"]?.ToJsonString();
        var newStart = (next?["DynamoDBStreamParameters"] as JsonObject)?["StartingPosition"]?.ToJsonString();
        return !string.Equals(oldStart, newStart, StringComparison.Ordinal);
    }

    private static HashSet<string> Kinds(JsonObject? parameters) =>
        parameters is null ? [] : [.. parameters.Where(p => p.Key != "FilterCriteria" && p.Value is not null).Select(p => p.Key)];

    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
