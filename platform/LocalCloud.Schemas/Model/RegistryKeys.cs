using LocalCloud.Core.Hosting;

namespace LocalCloud.Schemas.Model;

/// <summary>Registries are regional: the store keys a registry by <c>ACCOUNT:REGION:NAME</c> (registry names
/// cannot contain a colon), and its schemas by that key and their own name.</summary>
internal static class RegistryKeys
{
    public static string Of(ResourceScope scope, string name) => $"{scope.AccountId}:{scope.Region}:{name}";

    public static string Name(string key) => key[(key.IndexOf(':', key.IndexOf(':', StringComparison.Ordinal) + 1) + 1)..];

    public static ResourceScope Scope(string key)
    {
        var parts = key.Split(':', 3);
        return new ResourceScope(parts[0], parts[1]);
    }

    public static string RegistryArn(string key) => Scope(key).Arn("schemas", "registry/" + Name(key));

    public static string SchemaArn(string key, string schema) => Scope(key).Arn("schemas", $"schema/{Name(key)}/{schema}");
}
