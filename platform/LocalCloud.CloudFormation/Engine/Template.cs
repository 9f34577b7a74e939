using System.Text.Json.Nodes;

namespace LocalCloud.CloudFormation.Engine;

/// <summary>A processed template (after any transform), its sections checked for shape the way CloudFormation checks
/// them before anything is evaluated.</summary>
internal sealed class Template
{
    private static readonly HashSet<string> Sections = new(StringComparer.Ordinal)
    {
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Transform",
        "Resources", "Outputs", "Hooks",
    };

    private static readonly HashSet<string> ResourceAttributes = new(StringComparer.Ordinal)
    {
        "Type", "Properties", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy",
        "UpdatePolicy", "Version",
    };

    private static readonly HashSet<string> Policies = new(StringComparer.Ordinal) { "Delete", "Retain", "RetainExceptOnCreate", "Snapshot" };

    private Template(JsonObject root)
    {
        Root = root;
    }

    public JsonObject Root { get; }

    public string? Description { get; private init; }

    public IReadOnlyList<ParameterDeclaration> Parameters { get; private init; } = [];

    public JsonObject Mappings { get; private init; } = [];

    public JsonObject Conditions { get; private init; } = [];

    public IReadOnlyList<ResourceDeclaration> Resources { get; private init; } = [];

    public JsonObject Outputs { get; private init; } = [];

    public ResourceDeclaration? Resource(string logicalId) => Resources.FirstOrDefault(r => r.LogicalId == logicalId);

    public ParameterDeclaration? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>The transforms a template declares (<c>Transform</c>: a name or a list of names).</summary>
    public static IReadOnlyList<string> DeclaredTransforms(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root["Transform"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => [s],
            JsonArray a => [.. a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()],
            _ => [],
        };
    }

    public static Template Parse(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var unknown = root.Select(p => p.Key).Where(k => !Sections.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new TemplateException($"Template format error: Invalid template property or properties [{string.Join(", ", unknown)}]");
        }

        if (root["AWSTemplateFormatVersion"] is { } version && Text(version) != "2010-09-09")
        {
            throw new TemplateException($"Template format error: Unsupported template version: {Text(version) ?? version.ToJsonString()}");
        }

        if (root["Resources"] is not JsonObject resources || resources.Count == 0)
        {
            throw new TemplateException("Template format error: At least one Resources member must be defined.");
        }

        var description = root["Description"] is { } d ? Text(d) ?? throw new TemplateException("Template format error: Every Description member must be a string.") : null;
        return new Template(root)
        {
            Description = description,
            Parameters = ParseParameters(root["Parameters"]),
            Mappings = Section(root, "Mappings"),
            Conditions = Section(root, "Conditions"),
            Resources = [.. resources.Select(p => ParseResource(p.Key, p.Value))],
            Outputs = Section(root, "Outputs"),
        };
    }

    public static string? Text(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var s) ? s
        : value.TryGetValue<bool>(out var b) ? (b ? "true" : "false")
        : value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? value.ToJsonString()
        : null
        : null;

    public static bool IsAlphanumeric(string name) => name.Length > 0 && name.All(char.IsAsciiLetterOrDigit);

    private static JsonObject Section(JsonObject root, string name) => root[name] switch
    {
        null => [],
        JsonObject o => o,
        _ => throw new TemplateException($"Template format error: Every {name} member must be an object."),
    };

    private static List<ParameterDeclaration> ParseParameters(JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonObject parameters)
        {
            throw new TemplateException("Template format error: Every Parameters member must be an object.");
        }

        var result = new List<ParameterDeclaration>();
        foreach (var (name, value) in parameters)
        {
            if (!IsAlphanumeric(name))
            {
                throw new TemplateException($"Template format error: Parameter name {name} is non alphanumeric.");
            }

            if (value is not JsonObject p)
            {
                throw new TemplateException($"Template format error: Every Parameters object must contain a Type member.");
            }

            var type = Text(p["Type"]) ?? throw new TemplateException($"Template format error: Every Parameters object must contain a Type member.");
            if (!ParameterDeclaration.IsKnownType(type))
            {
                throw new TemplateException($"Template format error: Unrecognized parameter type: {type}");
            }

            result.Add(new ParameterDeclaration(name, type)
            {
                Default = p["Default"] is { } def ? ParameterDefault(def) : null,
                AllowedValues = p["AllowedValues"] is JsonArray allowed ? [.. allowed.Select(a => Text(a) ?? a?.ToJsonString() ?? string.Empty)] : null,
                AllowedPattern = Text(p["AllowedPattern"]),
                MinLength = Number(p["MinLength"]),
                MaxLength = Number(p["MaxLength"]),
                MinValue = Number(p["MinValue"]),
                MaxValue = Number(p["MaxValue"]),
                NoEcho = Text(p["NoEcho"]) is "true" or "True",
                Description = Text(p["Description"]),
                ConstraintDescription = Text(p["ConstraintDescription"]),
            });
        }

        return result;
    }

    private static string ParameterDefault(JsonNode node) => node switch
    {
        JsonArray a => string.Join(',', a.Select(i => Text(i) ?? string.Empty)),
        _ => Text(node) ?? node.ToJsonString(),
    };

    private static double? Number(JsonNode? node) =>
        Text(node) is { } s && double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;

    private static ResourceDeclaration ParseResource(string logicalId, JsonNode? node)
    {
        if (!IsAlphanumeric(logicalId))
        {
            throw new TemplateException($"Template format error: Resource name {logicalId} is non alphanumeric.");
        }

        if (node is not JsonObject r || Text(r["Type"]) is not { Length: > 0 } type)
        {
            throw new TemplateException($"Template format error: [/Resources/{logicalId}] Every Resources object must contain a Type member.");
        }

        foreach (var key in r.Select(p => p.Key))
        {
            if (!ResourceAttributes.Contains(key))
            {
                throw new TemplateException($"Template format error: Invalid template resource property '{key}'");
            }
        }

        if (r["Properties"] is { } properties and not JsonObject)
        {
            throw new TemplateException($"Template format error: [/Resources/{logicalId}/Properties] Every Properties member must be an object.");
        }

        var dependsOn = r["DependsOn"] switch
        {
            null => [],
            JsonArray a => a.Select(d => Text(d) ?? throw DependsOnError(logicalId)).ToList(),
            var single => [Text(single) ?? throw DependsOnError(logicalId)],
        };
        return new ResourceDeclaration(logicalId, type, (JsonObject?)r["Properties"])
        {
            Condition = r["Condition"] is { } c ? Text(c) ?? throw new TemplateException($"Template format error: [/Resources/{logicalId}/Condition] Every Condition member must be a string.") : null,
            DependsOn = dependsOn,
            DeletionPolicy = Policy(r, "DeletionPolicy", logicalId),
            UpdateReplacePolicy = Policy(r, "UpdateReplacePolicy", logicalId),
            Metadata = r["Metadata"],
        };
    }

    private static TemplateException DependsOnError(string logicalId) =>
        new($"Template format error: [/Resources/{logicalId}/DependsOn] Every DependsOn value must be a string.");

    private static string? Policy(JsonObject resource, string name, string logicalId)
    {
        if (resource[name] is null)
        {
            return null;
        }

        var value = Text(resource[name]);
        return value is not null && Policies.Contains(value)
            ? value
            : throw new TemplateException($"Template format error: Unrecognized {name} {value ?? resource[name]!.ToJsonString()} for resource {logicalId}");
    }
}

internal sealed record ResourceDeclaration(string LogicalId, string Type, JsonObject? Properties)
{
    public string? Condition { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public string? DeletionPolicy { get; init; }

    public string? UpdateReplacePolicy { get; init; }

    public JsonNode? Metadata { get; init; }
}

internal sealed record ParameterDeclaration(string Name, string Type)
{
    public string? Default { get; init; }

    public IReadOnlyList<string>? AllowedValues { get; init; }

    public string? AllowedPattern { get; init; }

    public double? MinLength { get; init; }

    public double? MaxLength { get; init; }

    public double? MinValue { get; init; }

    public double? MaxValue { get; init; }

    public bool NoEcho { get; init; }

    public string? Description { get; init; }

    public string? ConstraintDescription { get; init; }

    public bool IsList => Type is "CommaDelimitedList" or "List<Number>" || Type.StartsWith("List<", StringComparison.Ordinal);

    public static bool IsKnownType(string type) =>
        type is "String" or "Number" or "List<Number>" or "CommaDelimitedList"
        || (type.StartsWith("AWS::", StringComparison.Ordinal) && type.Length > 5)
        || (type.StartsWith("List<AWS::", StringComparison.Ordinal) && type.EndsWith('>'));
}
