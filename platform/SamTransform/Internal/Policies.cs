using System.Reflection;
using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>SAM's policy templates (<c>DynamoDBCrudPolicy</c>, <c>SQSSendMessagePolicy</c>, ...), expanded as its processor does.</summary>
internal static class PolicyTemplates
{
    private const string DisambiguatePrefix = "___SAM_POLICY_PARAMETER_";

    private static readonly Lazy<JsonObject> Templates = new(() =>
        (JsonObject)EmbeddedData.Load("SamTransform.policy_templates.json")["Templates"]!);

    public static bool Has(string name) => Templates.Value.ContainsKey(name);

    /// <summary>The template's definition (a policy document) with its parameters replaced; throws <see cref="InvalidResourceError"/> as the plugin does.</summary>
    public static JsonNode Convert(string logicalId, string name, JsonNode? parameterValues)
    {
        var template = (JsonObject)Templates.Value[name]!;
        var parameters = template["Parameters"] as JsonObject ?? [];
        if (parameterValues is not JsonObject values)
        {
            throw new InvalidResourceError(logicalId, $"Must specify valid parameter values for policy template '{name}'");
        }

        var missing = parameters.Select(p => p.Key).Where(p => !values.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidResourceError(logicalId,
                $"Following required parameters of template '{name}' don't have values: {Json.PyListRepr(missing)}");
        }

        var resolved = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (parameters.ContainsKey(key))
            {
                resolved[DisambiguatePrefix + key] = value;
            }
        }

        var definition = Disambiguate(template["Definition"] ?? new JsonObject());
        return ResolveRefs(definition, resolved)!;
    }

    private static JsonNode? Disambiguate(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (key, value) in o)
                {
                    copy[key] = Disambiguate(value);
                }

                if (copy.TryGetPropertyValue("Ref", out var r) && Json.Str(r) is { } name)
                {
                    copy["Ref"] = DisambiguatePrefix + name;
                }

                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(Disambiguate)]);
            default:
                return node?.DeepClone();
        }
    }

    private static JsonNode? ResolveRefs(JsonNode? node, Dictionary<string, JsonNode?> values)
    {
        if (node is JsonObject o && o.Count == 1 && o.TryGetPropertyValue("Ref", out var r) && Json.Str(r) is { } name
            && values.TryGetValue(name, out var value))
        {
            return value?.DeepClone();
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    var resolved = ResolveRefs(child, values);
                    if (!ReferenceEquals(child, resolved))
                    {
                        obj[key] = resolved;
                    }
                }

                return obj;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    var child = arr[i];
                    var resolved = ResolveRefs(child, values);
                    if (!ReferenceEquals(child, resolved))
                    {
                        arr[i] = resolved;
                    }
                }

                return arr;
            default:
                return node;
        }
    }
}

/// <summary>SAM's bundled map of AWS managed policy names to ARNs, per partition.</summary>
internal static class ManagedPolicies
{
    private static readonly Lazy<JsonObject> Bundled = new(() => EmbeddedData.Load("SamTransform.aws_managed_policies.json"));

    public static string? Lookup(string partition, string name) =>
        Bundled.Value[partition] is JsonObject map && Json.Str(map[name]) is { Length: > 0 } arn ? arn : null;
}

internal static class EmbeddedData
{
    public static JsonObject Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        return (JsonObject)JsonNode.Parse(stream)!;
    }
}

internal enum PolicyKind
{
    ManagedPolicy,
    PolicyStatement,
    PolicyTemplate,
    Unknown,
}

/// <summary>SAM's classification of the entries of a <c>Policies</c> property.</summary>
internal static class ResourcePolicies
{
    public static List<JsonNode?> Entries(JsonNode? policies)
    {
        if (!Json.Truthy(policies))
        {
            return [];
        }

        return policies is JsonArray list ? [.. list] : [policies];
    }

    public static PolicyKind KindOf(JsonNode? policy, bool detectTemplates)
    {
        if (Json.IsStr(policy))
        {
            return PolicyKind.ManagedPolicy;
        }

        if (Intrinsics.IsIf(policy))
        {
            var items = policy!["Fn::If"];
            if (Intrinsics.IfItemsProblem(items) is { } problem)
            {
                throw new InvalidTemplateError(problem);
            }

            var list = (JsonArray)items!;
            var whenTrue = KindOf(list[1], detectTemplates);
            var whenFalse = KindOf(list[2], detectTemplates);
            if (whenTrue == whenFalse)
            {
                return whenTrue;
            }

            if (Intrinsics.IsNoValue(list[1]))
            {
                return whenFalse;
            }

            if (Intrinsics.IsNoValue(list[2]))
            {
                return whenTrue;
            }

            throw new InvalidTemplateError("Different policy types within the same Fn::If statement is unsupported. Separate different policy types into different Fn::If statements");
        }

        if (Intrinsics.IsIntrinsic(policy))
        {
            return PolicyKind.ManagedPolicy;
        }

        if (policy is JsonObject o && o.ContainsKey("Statement"))
        {
            return PolicyKind.PolicyStatement;
        }

        if (detectTemplates && policy is JsonObject t && t.Count == 1 && PolicyTemplates.Has(t.First().Key))
        {
            return PolicyKind.PolicyTemplate;
        }

        return PolicyKind.Unknown;
    }

    /// <summary>The policy-templates plugin: replaces each template in <c>Policies</c> with its statement, before the function is read.</summary>
    public static void ExpandTemplates(string logicalId, JsonObject properties)
    {
        if (!properties.TryGetPropertyValue("Policies", out var policies))
        {
            return;
        }

        var entries = Entries(policies);
        if (entries.Count == 0)
        {
            return;
        }

        var result = new JsonArray();
        foreach (var entry in entries)
        {
            if (KindOf(entry, detectTemplates: true) != PolicyKind.PolicyTemplate)
            {
                result.Add(entry?.DeepClone());
                continue;
            }

            if (Intrinsics.IsIf(entry))
            {
                var items = (JsonArray)entry!["Fn::If"]!;
                JsonNode? Expand(JsonNode? statement) =>
                    Intrinsics.IsNoValue(statement) ? statement?.DeepClone() : ConvertOne(logicalId, (JsonObject)statement!);
                result.Add((JsonNode)Json.Obj(("Fn::If", Json.Array(items[0]?.DeepClone(), Expand(items[1]), Expand(items[2])))));
                continue;
            }

            result.Add(ConvertOne(logicalId, (JsonObject)entry!));
        }

        properties["Policies"] = result;
    }

    private static JsonNode ConvertOne(string logicalId, JsonObject template)
    {
        var (name, parameters) = template.First();
        return PolicyTemplates.Convert(logicalId, name, parameters);
    }
}
