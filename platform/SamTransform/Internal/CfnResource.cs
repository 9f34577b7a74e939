using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>A generated CloudFormation resource: type, attributes (Condition, DeletionPolicy, ...), DependsOn and properties in order.</summary>
internal sealed class CfnResource(string logicalId, string type)
{
    public static readonly string[] PassThroughAttributes = ["Condition", "DeletionPolicy", "UpdateReplacePolicy"];

    public static readonly string[] SupportedAttributes = ["DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy", "Metadata"];

    public string LogicalId { get; } = logicalId;

    public string Type { get; } = type;

    public JsonObject Attributes { get; } = new();

    public JsonNode? DependsOn { get; set; }

    public JsonObject Properties { get; } = new();

    public JsonNode? this[string property]
    {
        get => Properties.TryGetPropertyValue(property, out var value) ? value : null;
        set
        {
            if (value is null)
            {
                Properties.Remove(property);
            }
            else
            {
                Properties[property] = value.Parent is null ? value : value.DeepClone();
            }
        }
    }

    public CfnResource WithAttributes(JsonObject? attributes)
    {
        if (attributes is not null)
        {
            foreach (var (key, value) in attributes)
            {
                Attributes[key] = value?.DeepClone();
            }
        }

        return this;
    }

    public JsonObject ToJson()
    {
        var result = new JsonObject { ["Type"] = Type };
        if (Json.Truthy(DependsOn))
        {
            result["DependsOn"] = DependsOn!.DeepClone();
        }

        foreach (var (key, value) in Attributes)
        {
            result[key] = value?.DeepClone();
        }

        result["Properties"] = Properties.DeepClone();
        return result;
    }

    /// <summary>An alias stands in for its function as event target; its ARN is its Ref.</summary>
    public bool IsAlias { get; init; }

    public JsonObject RuntimeArn() => IsAlias ? Intrinsics.Ref(LogicalId) : Intrinsics.GetAtt(LogicalId, "Arn");

    public JsonObject RuntimeRef() => Intrinsics.Ref(LogicalId);

    /// <summary>The passthrough attributes (Condition, DeletionPolicy, UpdateReplacePolicy) children inherit.</summary>
    public JsonObject PassThrough()
    {
        var o = new JsonObject();
        foreach (var name in PassThroughAttributes)
        {
            if (Attributes.TryGetPropertyValue(name, out var value))
            {
                o[name] = value?.DeepClone();
            }
        }

        return o;
    }
}
