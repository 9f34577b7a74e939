using LocalCloud.Core.Hosting;
using LocalCloud.EventBridge.Model;

namespace LocalCloud.EventBridge.Archives;

internal static class ArchiveArns
{
    public const string ManagedRulePrefix = "Events-Archive-";

    public static string ManagedRuleName(string archiveName) => ManagedRulePrefix + archiveName;

    public static string Archive(ResourceScope scope, string name) => scope.Arn("events", "archive/" + name);

    public static string Replay(ResourceScope scope, string name) => scope.Arn("events", "replay/" + name);

    /// <summary>The name in an <c>archive/NAME</c> or <c>replay/NAME</c> ARN.</summary>
    public static string ResourceName(string arn) => arn[(arn.IndexOf('/', StringComparison.Ordinal) + 1)..];

    /// <summary>The archive's scope: the account and region in its ARN.</summary>
    public static ResourceScope ScopeOf(string arn) =>
        Arn.TryParse(arn, out var parsed) ? ResourceScope.Of(parsed) : throw new ArgumentException($"{arn} is not an ARN.", nameof(arn));

    public static bool TryParseArchive(string? value, out string archiveName) => TryParse(value, "archive/", out archiveName);

    /// <summary>Rule ARNs are <c>rule/NAME</c> on the default bus and <c>rule/BUS/NAME</c> elsewhere.</summary>
    public static bool TryParseRule(string? value, out BusId bus, out string ruleName)
    {
        bus = default;
        ruleName = "";
        if (!TryParse(value, "rule/", out var rest) || !Arn.TryParse(value, out var arn))
        {
            return false;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        string busName;
        (busName, ruleName) = slash < 0 ? (BusId.DefaultName, rest) : (rest[..slash], rest[(slash + 1)..]);
        bus = new BusId(ResourceScope.Of(arn), busName);
        return busName.Length > 0 && ruleName.Length > 0 && !ruleName.Contains('/', StringComparison.Ordinal);
    }

    private static bool TryParse(string? value, string prefix, out string name)
    {
        name = "";
        if (!Arn.TryParse(value, out var arn) || arn.Service != "events" || !arn.Resource.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        name = arn.Resource[prefix.Length..];
        return name.Length > 0;
    }
}
