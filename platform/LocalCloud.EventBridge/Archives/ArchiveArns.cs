using LocalCloud.Core.Hosting;

namespace LocalCloud.EventBridge.Archives;

internal static class ArchiveArns
{
    public const string ManagedRulePrefix = "Events-Archive-";

    public static string ManagedRuleName(string archiveName) => ManagedRulePrefix + archiveName;

    public static string Archive(CloudContext cloud, string name) => cloud.Arn("events", "archive/" + name);

    public static string Replay(CloudContext cloud, string name) => cloud.Arn("events", "replay/" + name);

    public static string Bus(CloudContext cloud, string name) => cloud.Arn("events", "event-bus/" + name);

    public static bool TryParseBus(string? value, out string busName) => TryParse(value, "event-bus/", out busName);

    public static bool TryParseArchive(string? value, out string archiveName) => TryParse(value, "archive/", out archiveName);

    /// <summary>Rule ARNs are <c>rule/NAME</c> on the default bus and <c>rule/BUS/NAME</c> elsewhere.</summary>
    public static bool TryParseRule(string? value, out string busName, out string ruleName)
    {
        busName = ruleName = "";
        if (!TryParse(value, "rule/", out var rest))
        {
            return false;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        (busName, ruleName) = slash < 0 ? ("default", rest) : (rest[..slash], rest[(slash + 1)..]);
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
