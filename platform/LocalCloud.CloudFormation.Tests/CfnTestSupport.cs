using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.CloudFormation.Tests;

/// <summary>What the fake providers did and what exists, shared by every fake provider of one host.</summary>
public sealed class FakeWorld
{
    public ConcurrentQueue<string> Log { get; } = new();

    public ConcurrentDictionary<string, JsonObject> Existing { get; } = new(StringComparer.Ordinal);

    /// <summary>Completed when a create of a resource whose <c>Block</c> property is true has started.</summary>
    public TaskCompletionSource BlockedStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<string> Entries => [.. Log];
}

/// <summary>
/// A test resource type: <c>Name</c> (replacement; the physical id, else a generated name), <c>Value</c> (in place),
/// <c>Replace</c> (replacement), <c>FailCreate</c>/<c>FailUpdate</c>/<c>FailDelete</c> (fail with "boom ..."),
/// <c>Block</c> (a create that waits until cancelled), <c>Items</c>, <c>Tags</c>. Attributes: <c>Arn</c>, <c>Value</c>.
/// </summary>
public sealed class FakeProvider(string type, FakeWorld world) : IResourceProvider
{
    public string ResourceType => type;

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["Name"] = UpdateBehavior.Replacement,
        ["Value"] = UpdateBehavior.NoInterruption,
        ["Replace"] = UpdateBehavior.Replacement,
        ["FailCreate"] = UpdateBehavior.NoInterruption,
        ["FailUpdate"] = UpdateBehavior.NoInterruption,
        ["FailDelete"] = UpdateBehavior.NoInterruption,
        ["Block"] = UpdateBehavior.NoInterruption,
        ["Items"] = UpdateBehavior.NoInterruption,
        ["Tags"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var name = Name(operation);
        world.Log.Enqueue($"Create {operation.LogicalId} {name}");
        if (Flag(operation.Properties, "Block"))
        {
            world.BlockedStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (Flag(operation.Properties, "FailCreate"))
        {
            throw new ResourceProviderException($"boom creating {operation.LogicalId}");
        }

        if (!world.Existing.TryAdd(name, (JsonObject)operation.Properties.DeepClone()))
        {
            throw new ServiceException("AlreadyExistsException", $"{name} already exists");
        }

        return Provisioned(operation, name);
    }

    public Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        world.Log.Enqueue($"Update {operation.LogicalId} {current.PhysicalId}");
        if (Flag(operation.Properties, "FailUpdate"))
        {
            throw new ResourceProviderException($"boom updating {operation.LogicalId}");
        }

        world.Existing[current.PhysicalId] = (JsonObject)operation.Properties.DeepClone();
        return Task.FromResult(Provisioned(operation, current.PhysicalId));
    }

    public Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        var name = current?.PhysicalId ?? Name(operation);
        world.Log.Enqueue($"Delete {operation.LogicalId} {name}");
        if (Flag(operation.Properties, "FailDelete"))
        {
            throw new ResourceProviderException($"boom deleting {operation.LogicalId}");
        }

        world.Existing.TryRemove(name, out _);
        return Task.CompletedTask;
    }

    private static string Name(ResourceOperation operation) =>
        operation.Properties["Name"]?.GetValue<string>() ?? operation.GeneratedName(64);

    private static bool Flag(JsonObject properties, string name) =>
        properties[name] is JsonValue v && (v.ToJsonString() is "true" or "\"true\"");

    private ProvisionedResource Provisioned(ResourceOperation operation, string name) =>
        ProvisionedResource.Of(name,
            ("Arn", $"arn:aws:ssm:{operation.Context.Region}:{operation.Context.AccountId}:parameter/{name}"),
            ("Value", operation.Properties["Value"]?.DeepClone()),
            ("Type", type));
}

/// <summary>The fake resource types: <c>AWS::SSM::Parameter</c> and <c>AWS::SSM::Document</c> behave alike.</summary>
public static class FakeTypes
{
    public const string Thing = "AWS::SSM::Parameter";
    public const string Other = "AWS::SSM::Document";

    public static void Register(IServiceCollection services, FakeWorld world)
    {
        services.AddSingleton(world);
        services.AddSingleton<IResourceProvider>(new FakeProvider(Thing, world));
        services.AddSingleton<IResourceProvider>(new FakeProvider(Other, world));
    }
}

/// <summary>A local cloud in memory with the fake providers.</summary>
public class CfnHostFixture : IAsyncLifetime
{
    private LocalCloudHost? _host;

    public FakeWorld World { get; } = new();

    public LocalCloudHost Host => _host!;

    public CfnClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await LocalCloudFixture.StartHostAsync(o => o.ConfigureServices = s => FakeTypes.Register(s, World));
        Client = new CfnClient(_host.Endpoint);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>CloudFormation errors as the JSON side of the service reports them.</summary>
public sealed class CfnException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Calls the CloudFormation operations (the JSON form of the query API) and waits for stacks.</summary>
public sealed class CfnClient(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = endpoint };

    public async Task<JsonElement> CallAsync(string operation, object request)
    {
        var body = request as string ?? JsonSerializer.Serialize(request is JsonNode node ? node : JsonSerializer.SerializeToNode(request));
        using var response = await AwsJsonCall.PostAsync(_http, "CloudFormation." + operation, Encoding.UTF8.GetBytes(body), "1.0", "cloudformation");
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        if (!response.IsSuccessStatusCode)
        {
            var root = document.RootElement;
            throw new CfnException(root.GetProperty("__type").GetString()!, root.TryGetProperty("message", out var m) ? m.GetString()! : root.GetProperty("Message").GetString()!);
        }

        return document.RootElement.Clone();
    }

    public async Task<CfnException> FailAsync(string operation, object request)
    {
        try
        {
            await CallAsync(operation, request);
        }
        catch (CfnException e)
        {
            return e;
        }

        throw new Xunit.Sdk.XunitException($"{operation} succeeded, an error was expected");
    }

    public static JsonArray Parameters(params (string Key, string Value)[] values) =>
        [.. values.Select(v => (JsonNode)new JsonObject { ["ParameterKey"] = v.Key, ["ParameterValue"] = v.Value })];

    public async Task<string> CreateStackAsync(string name, string template, JsonArray? parameters = null, params string[] capabilities)
    {
        var request = new JsonObject { ["StackName"] = name, ["TemplateBody"] = template };
        if (parameters is not null)
        {
            request["Parameters"] = parameters;
        }

        if (capabilities.Length > 0)
        {
            request["Capabilities"] = new JsonArray([.. capabilities.Select(c => (JsonNode)c)]);
        }

        var result = await CallAsync("CreateStack", request);
        return result.GetProperty("StackId").GetString()!;
    }

    public async Task<JsonElement> DescribeAsync(string nameOrId)
    {
        var result = await CallAsync("DescribeStacks", new JsonObject { ["StackName"] = nameOrId });
        return result.GetProperty("Stacks")[0];
    }

    /// <summary>Polls until the stack's status no longer ends in <c>_IN_PROGRESS</c>.</summary>
    public async Task<JsonElement> WaitAsync(string nameOrId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var stack = await DescribeAsync(nameOrId);
            var status = stack.GetProperty("StackStatus").GetString()!;
            if (!status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) || status == "REVIEW_IN_PROGRESS" || DateTime.UtcNow > deadline)
            {
                return stack;
            }

            await Task.Delay(20);
        }
    }

    public async Task<string> DeployAsync(string name, string template, JsonArray? parameters = null, params string[] capabilities)
    {
        var id = await CreateStackAsync(name, template, parameters, capabilities);
        var stack = await WaitAsync(id);
        return stack.GetProperty("StackStatus").GetString()!;
    }

    public async Task<string> UpdateAsync(string name, string template, JsonArray? parameters = null)
    {
        var request = new JsonObject { ["StackName"] = name, ["TemplateBody"] = template };
        if (parameters is not null)
        {
            request["Parameters"] = parameters;
        }

        await CallAsync("UpdateStack", request);
        return (await WaitAsync(name)).GetProperty("StackStatus").GetString()!;
    }

    public async Task<string> DeleteAsync(string stackId)
    {
        await CallAsync("DeleteStack", new JsonObject { ["StackName"] = stackId });
        return (await WaitAsync(stackId)).GetProperty("StackStatus").GetString()!;
    }

    public static Dictionary<string, string> Outputs(JsonElement stack) =>
        stack.TryGetProperty("Outputs", out var outputs)
            ? outputs.EnumerateArray().ToDictionary(o => o.GetProperty("OutputKey").GetString()!, o => o.GetProperty("OutputValue").GetString()!)
            : [];

    public async Task<List<(string LogicalId, string Status, string? Reason)>> EventsAsync(string nameOrId)
    {
        var result = await CallAsync("DescribeStackEvents", new JsonObject { ["StackName"] = nameOrId });
        return [.. result.GetProperty("StackEvents").EnumerateArray().Reverse().Select(e => (
            e.GetProperty("LogicalResourceId").GetString()!,
            e.GetProperty("ResourceStatus").GetString()!,
            e.TryGetProperty("ResourceStatusReason", out var r) ? r.GetString() : null))];
    }

    public async Task<Dictionary<string, JsonElement>> ResourcesAsync(string nameOrId)
    {
        var result = await CallAsync("DescribeStackResources", new JsonObject { ["StackName"] = nameOrId });
        return result.GetProperty("StackResources").EnumerateArray().ToDictionary(r => r.GetProperty("LogicalResourceId").GetString()!, r => r);
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public void Dispose() => _http.Dispose();
}
