using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;

namespace LocalCloud.Lambda.Resources;

/// <summary><c>AWS::Lambda::EventInvokeConfig</c>: a function version's asynchronous invocation settings, written
/// with <c>PutFunctionEventInvokeConfig</c>. <c>FunctionName</c> and <c>Qualifier</c> require replacement.</summary>
internal sealed class EventInvokeConfigResource(LambdaApi api) : IResourceProvider
{
    public string ResourceType => "AWS::Lambda::EventInvokeConfig";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>
    {
        ["FunctionName"] = UpdateBehavior.Replacement,
        ["Qualifier"] = UpdateBehavior.Replacement,
        ["DestinationConfig"] = UpdateBehavior.NoInterruption,
        ["MaximumEventAgeInSeconds"] = UpdateBehavior.NoInterruption,
        ["MaximumRetryAttempts"] = UpdateBehavior.NoInterruption,
    };

    public Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken) => PutAsync(operation, cancellationToken);

    public Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken) => PutAsync(operation, cancellationToken);

    public Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        var (route, query) = Target(operation);
        return api.DeleteAsync(operation, "DeleteFunctionEventInvokeConfig", route, query, cancellationToken);
    }

    private async Task<ProvisionedResource> PutAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var (route, query) = Target(operation);
        var body = new JsonObject();
        foreach (var name in new[] { "DestinationConfig" })
        {
            if (operation.Properties[name]?.DeepClone() is { } value)
            {
                body[name] = value;
            }
        }

        foreach (var name in new[] { "MaximumEventAgeInSeconds", "MaximumRetryAttempts" })
        {
            if (ResourceProperties.Int(operation.Properties, name) is { } value)
            {
                body[name] = value;
            }
        }

        await api.CallAsync(operation, "PutFunctionEventInvokeConfig", body, route, query, cancellationToken);
        return ProvisionedResource.Of($"{route["FunctionName"]}|{query["Qualifier"]}");
    }

    private static (Dictionary<string, string> Route, Dictionary<string, string> Query) Target(ResourceOperation operation)
    {
        var function = ResourceProperties.String(operation.Properties, "FunctionName") ?? throw new ResourceProviderException("Property FunctionName cannot be empty.");
        var qualifier = ResourceProperties.String(operation.Properties, "Qualifier") ?? throw new ResourceProviderException("Property Qualifier cannot be empty.");
        return (LambdaApi.Route("FunctionName", function), new Dictionary<string, string> { ["Qualifier"] = qualifier });
    }
}
