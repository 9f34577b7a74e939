using System.Text.Json.Nodes;

namespace SamTransform.Internal;

internal static class Intrinsics
{
    public static bool IsIntrinsic(JsonNode? node)
    {
        if (node is JsonObject o && o.Count == 1)
        {
            var key = o.First().Key;
            return key is "Ref" or "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal);
        }

        return false;
    }

    public static bool IsIf(JsonNode? node) => IsIntrinsic(node) && ((JsonObject)node!).ContainsKey("Fn::If");

    public static bool IsNoValue(JsonNode? node) =>
        IsIntrinsic(node) && node is JsonObject o && o.TryGetPropertyValue("Ref", out var r) && Json.Str(r) == "AWS::NoValue";

    /// <summary>SAM's check that an <c>Fn::If</c> holds a condition name and two values.</summary>
    public static string? IfItemsProblem(JsonNode? items)
    {
        if (items is not JsonArray list || list.Count != 3)
        {
            return "Fn::If requires 3 arguments";
        }

        return null;
    }

    public static JsonObject Ref(string logicalId) => Json.Obj(("Ref", logicalId));

    public static JsonObject GetAtt(string logicalId, string attribute) => Json.Obj(("Fn::GetAtt", Json.Array(logicalId, attribute)));

    public static JsonObject Sub(string text) => Json.Obj(("Fn::Sub", text));

    public static JsonObject Sub(string text, JsonObject variables) => Json.Obj(("Fn::Sub", Json.Array(text, variables)));

    public static JsonObject If(string condition, JsonNode? whenTrue, JsonNode? whenFalse = null) =>
        Json.Obj(("Fn::If", Json.Array(condition, whenTrue, whenFalse ?? Ref("AWS::NoValue"))));

    public static JsonObject Not(string condition) => Json.Obj(("Fn::Not", Json.Array(Json.Obj(("Condition", condition)))));

    public static JsonObject And(params JsonNode[] conditions) => Json.Obj(("Fn::And", new JsonArray(conditions)));

    public static JsonObject Or(IEnumerable<JsonNode> conditions) => Json.Obj(("Fn::Or", new JsonArray([.. conditions])));

    /// <summary><c>make_shorthand</c>: <c>{"Fn::GetAtt": ["A", "Arn"]}</c> to <c>${A.Arn}</c>, <c>{"Ref": "A"}</c> to <c>${A}</c>.</summary>
    public static string Shorthand(JsonNode node)
    {
        var o = (JsonObject)node;
        if (o.TryGetPropertyValue("Ref", out var r))
        {
            return "${" + Json.Str(r) + "}";
        }

        var getAtt = (JsonArray)o["Fn::GetAtt"]!;
        return "${" + string.Join('.', getAtt.Select(x => Json.Str(x))) + "}";
    }
}

/// <summary>SAM's <c>resolve_parameter_refs</c>: inlines template parameter values in <c>Ref</c> and <c>Fn::Sub</c>, in place.</summary>
internal sealed class ParameterResolver(IReadOnlyDictionary<string, JsonNode?> parameters)
{
    private static readonly System.Text.RegularExpressions.Regex SubReference =
        new(@"\$\{([A-Za-z0-9\.]+|AWS::[A-Z][A-Za-z]*)\}", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public IReadOnlyDictionary<string, JsonNode?> Parameters { get; } = parameters;

    public JsonNode? Resolve(JsonNode? input)
    {
        if (Parameters.Count == 0)
        {
            return input;
        }

        input = ResolveOne(input);
        switch (input)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    var value = o[key];
                    var resolved = Resolve(value);
                    if (!ReferenceEquals(resolved, value))
                    {
                        o[key] = Detach(resolved);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var value = a[i];
                    var resolved = Resolve(value);
                    if (!ReferenceEquals(resolved, value))
                    {
                        a[i] = Detach(resolved);
                    }
                }

                break;
        }

        return input;
    }

    private static JsonNode? Detach(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();

    private JsonNode? ResolveOne(JsonNode? input)
    {
        if (input is not JsonObject o || o.Count != 1)
        {
            return input;
        }

        if (o.TryGetPropertyValue("Ref", out var refValue))
        {
            var name = Json.Str(refValue);
            if (name is not null && TryGet(name, out var value))
            {
                return value?.DeepClone();
            }

            return input;
        }

        if (o.TryGetPropertyValue("Fn::Sub", out var sub))
        {
            if (Json.IsStr(sub))
            {
                o["Fn::Sub"] = SubstituteText(sub!.GetValue<string>());
            }
            else if (sub is JsonArray list && list.Count > 0 && Json.IsStr(list[0]))
            {
                list[0] = SubstituteText(list[0]!.GetValue<string>());
            }
        }

        return input;
    }

    private bool TryGet(string name, out JsonNode? value)
    {
        if (Parameters.TryGetValue(name, out value))
        {
            if (Json.Str(value) is { } s && s.StartsWith("{{IntrinsicFunction:", StringComparison.Ordinal))
            {
                return false;
            }

            return true;
        }

        return false;
    }

    private string SubstituteText(string text)
    {
        var result = text;
        foreach (System.Text.RegularExpressions.Match match in SubReference.Matches(text))
        {
            if (!TryGet(match.Groups[1].Value, out var value))
            {
                continue;
            }

            if (!Json.IsStr(value))
            {
                throw new InvalidDocumentError(new InvalidTemplateError(
                    $"Invalid Fn::Sub variable value {Json.PyStr(value)}. Fn::Sub expects all variables to be strings."));
            }

            var index = result.IndexOf(match.Value, StringComparison.Ordinal);
            if (index >= 0)
            {
                result = string.Concat(result.AsSpan(0, index), value!.GetValue<string>(), result.AsSpan(index + match.Value.Length));
            }
        }

        return result;
    }
}
