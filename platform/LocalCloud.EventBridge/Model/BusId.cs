using LocalCloud.Core.Hosting;

namespace LocalCloud.EventBridge.Model;

/// <summary>An event bus: its name within an account and region.</summary>
internal readonly record struct BusId(ResourceScope Scope, string Name)
{
    public const string DefaultName = "default";

    public bool IsDefault => Name == DefaultName;

    public string Arn => Scope.Arn("events", "event-bus/" + Name);

    /// <summary>Rule ARNs are <c>rule/NAME</c> on the default bus and <c>rule/BUS/NAME</c> elsewhere.</summary>
    public string RuleArn(string rule) => Scope.Arn("events", IsDefault ? "rule/" + rule : $"rule/{Name}/{rule}");

    public static BusId Default(ResourceScope scope) => new(scope, DefaultName);
}
