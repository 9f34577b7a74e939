using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SamTransform.Internal;

/// <summary>Rewrites DependsOn, Ref, Fn::GetAtt and Fn::Sub references to logical ids SAM changed.</summary>
internal static partial class LogicalIdChanges
{
    public static void Apply(JsonObject template, IReadOnlyDictionary<string, string> changes)
    {
        if (changes.Count > 0)
        {
            Traverse(template, changes);
        }
    }

    private static JsonNode? Traverse(JsonNode? node, IReadOnlyDictionary<string, string> changes)
    {
        switch (node)
        {
            case JsonObject o:
                if (o.TryGetPropertyValue("DependsOn", out var dependsOn))
                {
                    if (Json.Str(dependsOn) is { } single && changes.TryGetValue(single, out var changed))
                    {
                        o["DependsOn"] = changed;
                    }
                    else if (dependsOn is JsonArray list)
                    {
                        for (var i = 0; i < list.Count; i++)
                        {
                            if (Json.Str(list[i]) is { } id && changes.TryGetValue(id, out var c))
                            {
                                list[i] = c;
                            }
                        }
                    }
                }

                var replaced = Resolve(o, changes);
                if (!ReferenceEquals(replaced, o))
                {
                    return replaced;
                }

                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    var child = o[key];
                    var resolved = Traverse(child, changes);
                    if (!ReferenceEquals(child, resolved))
                    {
                        o[key] = resolved;
                    }
                }

                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var child = a[i];
                    var resolved = Traverse(child, changes);
                    if (!ReferenceEquals(child, resolved))
                    {
                        a[i] = resolved;
                    }
                }

                return a;
            default:
                return node;
        }
    }

    private static JsonObject Resolve(JsonObject o, IReadOnlyDictionary<string, string> changes)
    {
        if (o.Count != 1)
        {
            return o;
        }

        if (o.TryGetPropertyValue("Ref", out var r) && Json.Str(r) is { } id && !id.Contains('.', StringComparison.Ordinal)
            && changes.TryGetValue(id, out var changed))
        {
            return Intrinsics.Ref(changed);
        }

        if (o.TryGetPropertyValue("Fn::GetAtt", out var g) && g is JsonArray list && list.Count >= 2 && list.All(Json.IsStr))
        {
            var parts = string.Join('.', list.Select(x => x!.GetValue<string>())).Split('.', 2);
            if (parts.Length == 2 && changes.TryGetValue(parts[0], out var newId))
            {
                return Json.Obj(("Fn::GetAtt", Json.Array(newId, parts[1])));
            }
        }

        if (o.TryGetPropertyValue("Fn::Sub", out var s))
        {
            if (Json.IsStr(s))
            {
                o["Fn::Sub"] = Substitute(s!.GetValue<string>(), changes);
            }
            else if (s is JsonArray sl && sl.Count > 0 && Json.IsStr(sl[0]))
            {
                sl[0] = Substitute(sl[0]!.GetValue<string>(), changes);
            }
        }

        return o;
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, string> changes) => SubReference().Replace(text, match =>
    {
        var parts = match.Groups[1].Value.Split('.', 2);
        return changes.TryGetValue(parts[0], out var changed)
            ? "${" + changed + (parts.Length == 2 ? "." + parts[1] : "") + "}"
            : match.Value;
    });

    [GeneratedRegex(@"\$\{([A-Za-z0-9\.]+|AWS::[A-Z][A-Za-z]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex SubReference();
}
