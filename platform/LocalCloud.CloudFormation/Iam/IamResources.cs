using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LocalCloud.CloudFormation.Engine;
using LocalCloud.Core.Resources;

namespace LocalCloud.CloudFormation.Iam;

/// <summary>What the IAM providers share: there is no IAM service in the local cloud, so roles and policies live only
/// as stack resources (shown by the stack, not enforced).</summary>
internal static class IamResources
{
    public static readonly string[] Attachments = ["Roles", "Users", "Groups"];

    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string NewId(string prefix) => prefix + RandomNumberGenerator.GetString(IdAlphabet, 17);

    public static string Partition(ResourceOperation operation) => StackIds.Partition(operation.Context.Region);

    public static string Path(ResourceOperation operation)
    {
        var path = Template.Text(operation.Properties["Path"]) ?? "/";
        return path.StartsWith('/') && path.EndsWith('/')
            ? path
            : throw new ResourceProviderException($"Properties validation failed for resource {operation.LogicalId} with message: #/Path: failed validation constraint for keyword [pattern]");
    }

    public static void Require(ResourceOperation operation, string property)
    {
        if (operation.Properties[property] is null)
        {
            throw new ResourceProviderException(
                $"Properties validation failed for resource {operation.LogicalId} with message: #: required key [{property}] not found");
        }
    }

    public static string? Attribute(ResourceState current, string name) =>
        current.Resource.Attributes.TryGetValue(name, out var value) ? Template.Text(value) : null;

    public static JsonValue Now(TimeProvider time) => JsonValue.Create(time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
}
