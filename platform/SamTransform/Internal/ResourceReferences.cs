using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SamTransform.Internal;

/// <summary>References to generated resources through a SAM resource's property, e.g. <c>!Ref MyApi.Stage</c>, resolved at the end as SAM does.</summary>
internal sealed partial class ResourceReferences
{
    private readonly Dictionary<string, Dictionary<string, string>> _references = new(StringComparer.Ordinal);

    public void Add(string logicalId, string property, string generatedLogicalId)
    {
        if (!_references.TryGetValue(logicalId, out var properties))
        {
            properties = new Dictionary<string, string>(StringComparer.Ordinal);
            _references[logicalId] = properties;
        }

        properties[property] = generatedLogicalId;
    }

    /// <summary>Records the referable properties of a SAM resource from the resources it generated.</summary>
    public void AddReferable(string logicalId, IEnumerable<CfnResource> generated, params (string Property, string Type)[] referable)
    {
        var byType = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in generated)
        {
            byType[resource.Type] = resource.LogicalId;
        }

        foreach (var (property, type) in referable)
        {
            if (byType.TryGetValue(type, out var id))
            {
                Add(logicalId, property, id);
            }
        }
    }

    private string? Get(string logicalId, string property) =>
        _references.TryGetValue(logicalId, out var p) && p.TryGetValue(property, out var id) ? id : null;

    public JsonObject Resolve(JsonObject template)
    {
        if (_references.Count == 0)
        {
            return template;
        }

        return (JsonObject)Traverse(template)!;
    }

    private JsonNode? Traverse(JsonNode? node)
    {
        node = ResolveOne(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    var child = o[key];
                    var resolved = Traverse(child);
                    if (!ReferenceEquals(child, resolved))
                    {
                        o[key] = resolved;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var child = a[i];
                    var resolved = Traverse(child);
                    if (!ReferenceEquals(child, resolved))
                    {
                        a[i] = resolved;
                    }
                }

                break;
        }

        return node;
    }

    private JsonNode? ResolveOne(JsonNode? node)
    {
        if (node is not JsonObject o || o.Count != 1)
        {
            return node;
        }

        if (o.TryGetPropertyValue("Ref", out var r) && Json.Str(r) is { } refValue)
        {
            var parts = refValue.Split('.', 2);
            if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 && Get(parts[0], parts[1]) is { } id)
            {
                return Intrinsics.Ref(id);
            }

            return node;
        }

        if (o.TryGetPropertyValue("Fn::GetAtt", out var g) && g is JsonArray list && list.Count >= 2 && list.All(Json.IsStr))
        {
            var joined = string.Join('.', list.Select(x => x!.GetValue<string>()));
            var parts = joined.Split('.', 3);
            if (parts.Length == 3 && Get(parts[0], parts[1]) is { } id)
            {
                return Json.Obj(("Fn::GetAtt", Json.Array(id, parts[2])));
            }

            return node;
        }

        if (o.TryGetPropertyValue("Fn::Sub", out var s))
        {
            if (Json.IsStr(s))
            {
                o["Fn::Sub"] = SubstituteText(s!.GetValue<string>());
            }
            else if (s is JsonArray sl && sl.Count > 0 && Json.IsStr(sl[0]))
            {
                sl[0] = SubstituteText(sl[0]!.GetValue<string>());
            }
        }

        return node;
    }

    private string SubstituteText(string text) => SubReference().Replace(text, match =>
    {
        var parts = match.Groups[1].Value.Split('.');
        if (parts.Length < 2 || Get(parts[0], parts[1]) is not { } id)
        {
            return match.Value;
        }

        return "${" + string.Join('.', [id, .. parts[2..]]) + "}";
    });

    [GeneratedRegex(@"\$\{([A-Za-z0-9\.]+|AWS::[A-Z][A-Za-z]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex SubReference();
}
