using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;

namespace LocalCloud.Lambda.Resources;

/// <summary><c>AWS::Lambda::Permission</c>: one statement of a function's resource-based policy, added with
/// <c>AddPermission</c> under a generated statement id (the physical id). Every property requires replacement.</summary>
internal sealed class PermissionResource(LambdaApi api) : IResourceProvider
{
    private const int MaxStatementIdLength = 100;

    public string ResourceType => "AWS::Lambda::Permission";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new[]
    {
        "Action", "FunctionName", "Principal", "SourceArn", "SourceAccount", "EventSourceToken", "PrincipalOrgID", "FunctionUrlAuthType",
    }.ToDictionary(p => p, _ => UpdateBehavior.Replacement);

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var statementId = operation.GeneratedName(MaxStatementIdLength);
        var body = new JsonObject { ["StatementId"] = statementId };
        foreach (var (name, value) in operation.Properties)
        {
            if (name != "FunctionName" && value is not null)
            {
                body[name] = value.DeepClone();
            }
        }

        await api.CallAsync(operation, "AddPermission", body, LambdaApi.Route("FunctionName", FunctionOf(operation)), cancellationToken: cancellationToken);
        return ProvisionedResource.Of(statementId);
    }

    public Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken) =>
        Task.FromResult(current.Resource);

    public Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken) =>
        api.DeleteAsync(
            operation,
            "RemovePermission",
            new Dictionary<string, string>
            {
                ["FunctionName"] = FunctionOf(operation),
                ["StatementId"] = current?.PhysicalId ?? operation.GeneratedName(MaxStatementIdLength),
            },
            null,
            cancellationToken);

    private static string FunctionOf(ResourceOperation operation) =>
        ResourceProperties.String(operation.Properties, "FunctionName") ?? throw new ResourceProviderException("Property FunctionName cannot be empty.");
}
