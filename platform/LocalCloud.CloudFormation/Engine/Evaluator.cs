using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalCloud.CloudFormation.Engine;

/// <summary>The pseudo parameters of one stack operation.</summary>
internal sealed record PseudoParameters(string Region, string AccountId, string StackName, string StackId, IReadOnlyList<string> NotificationArns)
{
    public string Partition => Region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : Region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";

    public string UrlSuffix => Partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/// <summary>How resources and exports are seen while a template is evaluated: created resources answer <c>Ref</c>
/// and <c>Fn::GetAtt</c>; a resource not created yet (validation, change sets) is unknown.</summary>
internal interface IResourceValues
{
    /// <summary>The resource's <c>Ref</c> value, or null when it has none yet.</summary>
    JsonNode? Ref(string logicalId);

    /// <summary>The attribute, or null when the resource has none yet. Throws <see cref="TemplateException"/> when the
    /// resource exists and does not have the attribute.</summary>
    JsonNode? GetAtt(string logicalId, string attribute);

    /// <summary>The export's value, or null when no stack exports the name.</summary>
    string? ImportValue(string name);
}

/// <summary>A value the evaluation cannot know yet (a resource not created): the property is "dynamic".</summary>
internal sealed class UnresolvedValueException(string logicalId) : Exception($"The value of {logicalId} is not known yet.")
{
    public string LogicalId { get; } = logicalId;
}

/// <summary>
/// Evaluates CloudFormation's intrinsic functions, pseudo parameters and conditions over a template, with the stack's
/// parameter values and a view of its resources. <c>AWS::NoValue</c> removes the member or item it stands for.
/// </summary>
internal sealed class Evaluator
{
    private static readonly JsonValue NoValue = JsonValue.Create("AWS::NoValue")!;

    private readonly Template _template;
    private readonly IReadOnlyDictionary<string, string> _parameters;
    private readonly PseudoParameters _pseudo;
    private readonly IResourceValues _resources;
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);

    public Evaluator(Template template, IReadOnlyDictionary<string, string> parameters, PseudoParameters pseudo, IResourceValues resources)
    {
        _template = template;
        _parameters = parameters;
        _pseudo = pseudo;
        _resources = resources;
    }

    public Template Template => _template;

    public PseudoParameters Pseudo => _pseudo;

    public static bool IsPseudo(string name) => name is "AWS::Region" or "AWS::AccountId" or "AWS::StackName" or "AWS::StackId"
        or "AWS::Partition" or "AWS::URLSuffix" or "AWS::NotificationARNs" or "AWS::NoValue";

    /// <summary>Whether the named condition holds.</summary>
    public bool Condition(string name)
    {
        if (_conditions.TryGetValue(name, out var known))
        {
            return known;
        }

        if (_template.Conditions[name] is not { } definition)
        {
            throw new TemplateException($"Template format error: Unresolved condition dependency {name}");
        }

        if (!_evaluating.Add(name))
        {
            throw new TemplateException($"Template error: circular condition dependency {name}");
        }

        var value = ConditionValue(definition, inConditions: true);
        _evaluating.Remove(name);
        _conditions[name] = value;
        return value;
    }

    /// <summary>Whether the resource is part of the stack (no condition, or its condition holds).</summary>
    public bool Includes(ResourceDeclaration resource) => resource.Condition is null || Condition(resource.Condition);

    /// <summary>Evaluates a value; the result is a new tree. Null stands for a removed value (<c>AWS::NoValue</c>).</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        var value = Eval(node, inConditions: false);
        return ReferenceEquals(value, NoValue) ? null : value;
    }

    /// <summary>The resource's resolved properties (an empty object when it has none).</summary>
    public JsonObject Properties(ResourceDeclaration resource) =>
        resource.Properties is null ? [] : Resolve(resource.Properties) as JsonObject ?? [];

    private bool ConditionValue(JsonNode? node, bool inConditions)
    {
        if (node is JsonObject { Count: 1 } o && o["Condition"] is { } named && Template.Text(named) is { } name)
        {
            return Condition(name);
        }

        var value = Eval(node, inConditions);
        return Template.Text(value) switch
        {
            "true" => true,
            "false" => false,
            _ => throw new TemplateException("Template error: every Fn::And, Fn::Or, Fn::Not and Fn::If condition must be a boolean"),
        };
    }

    private JsonNode? Eval(JsonNode? node, bool inConditions)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    var value = Eval(item, inConditions);
                    if (!ReferenceEquals(value, NoValue))
                    {
                        items.Add(value);
                    }
                }

                return items;
            case JsonObject o when o.Count == 1 && IsFunction(o.First().Key):
                return Function(o.First().Key, o.First().Value, inConditions);
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (key, child) in o)
                {
                    var value = Eval(child, inConditions);
                    if (!ReferenceEquals(value, NoValue))
                    {
                        result[key] = value;
                    }
                }

                return result;
            default:
                return node.DeepClone();
        }
    }

    private static bool IsFunction(string key) => key == "Ref" || key == "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal);

    private JsonNode? Function(string name, JsonNode? argument, bool inConditions)
    {
        switch (name)
        {
            case "Ref":
                return Ref(Template.Text(argument) ?? throw new TemplateException("Template format error: Every Ref object must have a single String value."), inConditions);
            case "Condition":
                // {"Condition": "Name"} outside a condition function is an ordinary member value.
                return inConditions ? JsonValue.Create(Condition(Template.Text(argument) ?? string.Empty)) : new JsonObject { ["Condition"] = argument?.DeepClone() };
            case "Fn::GetAtt":
                return GetAtt(argument, inConditions);
            case "Fn::Sub":
                return Sub(argument, inConditions);
            case "Fn::Join":
                {
                    var args = Args(name, argument, 2);
                    var delimiter = StringOf(Eval(args[0], inConditions), name);
                    var list = Eval(args[1], inConditions) as JsonArray ?? throw Invalid(name, "the second argument must be a list");
                    return JsonValue.Create(string.Join(delimiter, list.Select(i => StringOf(i, name))));
                }

            case "Fn::Select":
                {
                    var args = Args(name, argument, 2);
                    var indexText = StringOf(Eval(args[0], inConditions), name);
                    var list = Eval(args[1], inConditions) as JsonArray ?? throw Invalid(name, "the second argument must be a list");
                    if (!int.TryParse(indexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
                    {
                        throw Invalid(name, "the index must be a number");
                    }

                    return index >= 0 && index < list.Count
                        ? list[index]?.DeepClone()
                        : throw new TemplateException($"Template error: Fn::Select cannot select nonexistent value at index {index}");
                }

            case "Fn::Split":
                {
                    var args = Args(name, argument, 2);
                    var delimiter = StringOf(Eval(args[0], inConditions), name);
                    var source = StringOf(Eval(args[1], inConditions), name);
                    if (delimiter.Length == 0)
                    {
                        throw Invalid(name, "the delimiter must not be empty");
                    }

                    return new JsonArray([.. source.Split(delimiter).Select(s => (JsonNode)JsonValue.Create(s))]);
                }

            case "Fn::If":
                {
                    var args = Args(name, argument, 3);
                    var condition = Template.Text(args[0]) ?? throw Invalid(name, "the first argument must be a condition name");
                    if (_template.Conditions[condition] is null)
                    {
                        throw new TemplateException($"Template error: unresolved condition dependency {condition} in Fn::If");
                    }

                    return Eval(Condition(condition) ? args[1] : args[2], inConditions);
                }

            case "Fn::Equals":
                {
                    var args = Args(name, argument, 2);
                    var left = Eval(args[0], inConditions);
                    var right = Eval(args[1], inConditions);
                    return JsonValue.Create(Comparable(left) == Comparable(right));
                }

            case "Fn::And":
            case "Fn::Or":
                {
                    var list = argument as JsonArray;
                    if (list is null || list.Count < 2 || list.Count > 10)
                    {
                        throw Invalid(name, "it takes 2 to 10 conditions");
                    }

                    var values = list.Select(c => ConditionValue(c, inConditions: true)).ToList();
                    return JsonValue.Create(name == "Fn::And" ? values.All(v => v) : values.Any(v => v));
                }

            case "Fn::Not":
                return JsonValue.Create(!ConditionValue(Args(name, argument, 1)[0], inConditions: true));
            case "Fn::FindInMap":
                return FindInMap(argument, inConditions);
            case "Fn::ImportValue":
                {
                    var exportName = StringOf(Eval(argument, inConditions), name);
                    return JsonValue.Create(_resources.ImportValue(exportName)
                        ?? throw new TemplateException($"No export named {exportName} found."));
                }

            case "Fn::Base64":
                return JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(StringOf(Eval(argument, inConditions), name))));
            case "Fn::GetAZs":
                {
                    var region = StringOf(Eval(argument, inConditions) ?? JsonValue.Create(string.Empty), name);
                    region = region.Length == 0 ? _pseudo.Region : region;
                    return new JsonArray([.. "abc".Select(c => (JsonNode)JsonValue.Create(region + c))]);
                }

            case "Fn::Length":
                return JsonValue.Create((Eval(argument, inConditions) as JsonArray ?? throw Invalid(name, "the argument must be a list")).Count);
            case "Fn::ToJsonString":
                return JsonValue.Create(Eval(argument, inConditions)?.ToJsonString() ?? "null");
            default:
                throw new TemplateException($"Template format error: Unrecognized function \"{name}\"");
        }
    }

    private JsonNode? Ref(string target, bool inConditions)
    {
        switch (target)
        {
            case "AWS::Region": return JsonValue.Create(_pseudo.Region);
            case "AWS::AccountId": return JsonValue.Create(_pseudo.AccountId);
            case "AWS::StackName": return JsonValue.Create(_pseudo.StackName);
            case "AWS::StackId": return JsonValue.Create(_pseudo.StackId);
            case "AWS::Partition": return JsonValue.Create(_pseudo.Partition);
            case "AWS::URLSuffix": return JsonValue.Create(_pseudo.UrlSuffix);
            case "AWS::NotificationARNs": return new JsonArray([.. _pseudo.NotificationArns.Select(a => (JsonNode)JsonValue.Create(a))]);
            case "AWS::NoValue": return NoValue;
        }

        if (_template.Parameter(target) is { } parameter)
        {
            return _parameters.TryGetValue(target, out var value)
                ? ParameterResolver.Value(parameter, value)
                : throw new TemplateException($"Parameters: [{target}] must have values");
        }

        if (inConditions || _template.Resource(target) is null)
        {
            throw new TemplateException(inConditions
                ? $"Template format error: Unresolved dependencies [{target}]. Cannot reference resources in the Conditions block of the template"
                : $"Template format error: Unresolved resource dependencies [{target}] in the Resources block of the template");
        }

        return _resources.Ref(target)?.DeepClone() ?? throw new UnresolvedValueException(target);
    }

    private JsonNode? GetAtt(JsonNode? argument, bool inConditions)
    {
        string logicalId;
        string attribute;
        if (Template.Text(argument) is { } dotted)
        {
            var dot = dotted.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0)
            {
                throw new TemplateException("Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute");
            }

            (logicalId, attribute) = (dotted[..dot], dotted[(dot + 1)..]);
        }
        else if (argument is JsonArray { Count: 2 } pair && Template.Text(pair[0]) is { } id)
        {
            logicalId = id;
            attribute = StringOf(Eval(pair[1], inConditions), "Fn::GetAtt");
        }
        else
        {
            throw new TemplateException("Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute");
        }

        if (inConditions || _template.Resource(logicalId) is null)
        {
            throw new TemplateException($"Template error: instance of Fn::GetAtt references undefined resource {logicalId}");
        }

        return _resources.GetAtt(logicalId, attribute)?.DeepClone() ?? throw new UnresolvedValueException(logicalId);
    }

    private JsonValue Sub(JsonNode? argument, bool inConditions)
    {
        string text;
        JsonObject? variables = null;
        if (Template.Text(argument) is { } s)
        {
            text = s;
        }
        else if (argument is JsonArray { Count: 2 } pair && Template.Text(pair[0]) is { } t && pair[1] is JsonObject vars)
        {
            text = t;
            variables = vars;
        }
        else
        {
            throw Invalid("Fn::Sub", "it takes a string, or a string and a map of variables");
        }

        var builder = new StringBuilder();
        foreach (var part in SubParts(text))
        {
            if (part.Variable is null)
            {
                builder.Append(part.Literal);
                continue;
            }

            var variable = part.Variable;
            JsonNode? value;
            if (variables is not null && variables.ContainsKey(variable))
            {
                value = Eval(variables[variable], inConditions);
            }
            else if (variable.Contains('.', StringComparison.Ordinal) && !IsPseudo(variable))
            {
                value = GetAtt(JsonValue.Create(variable), inConditions);
            }
            else
            {
                value = Ref(variable, inConditions);
            }

            builder.Append(StringOf(value, "Fn::Sub"));
        }

        return JsonValue.Create(builder.ToString());
    }

    /// <summary>The parts of an <c>Fn::Sub</c> string: literals and <c>${Name}</c> variables; <c>${!x}</c> is the literal
    /// <c>${x}</c>.</summary>
    public static IEnumerable<(string? Literal, string? Variable)> SubParts(string text)
    {
        var i = 0;
        var literal = new StringBuilder();
        while (i < text.Length)
        {
            var start = text.IndexOf("${", i, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf('}', start + 2);
            if (start < 0 || end < 0)
            {
                literal.Append(text, i, text.Length - i);
                break;
            }

            literal.Append(text, i, start - i);
            var inner = text[(start + 2)..end];
            if (inner.StartsWith('!'))
            {
                literal.Append("${").Append(inner, 1, inner.Length - 1).Append('}');
            }
            else
            {
                if (literal.Length > 0)
                {
                    yield return (literal.ToString(), null);
                    literal.Clear();
                }

                yield return (null, inner.Trim());
            }

            i = end + 1;
        }

        if (literal.Length > 0)
        {
            yield return (literal.ToString(), null);
        }
    }

    private JsonNode? FindInMap(JsonNode? argument, bool inConditions)
    {
        var args = argument as JsonArray;
        if (args is null || args.Count is < 3 or > 4)
        {
            throw Invalid("Fn::FindInMap", "it takes a map name, a top-level key and a second-level key");
        }

        var map = StringOf(Eval(args[0], inConditions), "Fn::FindInMap");
        var top = StringOf(Eval(args[1], inConditions), "Fn::FindInMap");
        var second = StringOf(Eval(args[2], inConditions), "Fn::FindInMap");
        if (_template.Mappings[map] is not JsonObject mapping)
        {
            throw new TemplateException($"Template error: Mapping named '{map}' is not present in the 'Mappings' section of template.");
        }

        if (mapping[top] is JsonObject level && level.ContainsKey(second))
        {
            return level[second]?.DeepClone();
        }

        if (args.Count == 4 && args[3] is JsonObject { } fallback && fallback.ContainsKey("DefaultValue"))
        {
            return Eval(fallback["DefaultValue"], inConditions);
        }

        throw new TemplateException($"Template error: Unable to get mapping for {map}::{top}::{second}");
    }

    private static JsonArray Args(string name, JsonNode? argument, int count) =>
        argument is JsonArray array && array.Count == count ? array : throw Invalid(name, $"it takes {count} arguments");

    private static string StringOf(JsonNode? node, string function) =>
        Template.Text(node) ?? throw Invalid(function, "a value that must be a string is not");

    private static string? Comparable(JsonNode? node) => node is JsonValue ? Template.Text(node) : node?.ToJsonString();

    private static TemplateException Invalid(string function, string detail) =>
        new($"Template error: every {function} object is invalid: {detail}");

    /// <summary>Whether the two resolved values are the same JSON (numbers and strings compared as CloudFormation
    /// passes them: as text).</summary>
    public static bool SameJson(JsonNode? a, JsonNode? b) => Canonical(a) == Canonical(b);

    public static string Canonical(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteCanonical(writer, node);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Template.Text(node) ?? node.ToJsonString());
                break;
        }
    }
}
