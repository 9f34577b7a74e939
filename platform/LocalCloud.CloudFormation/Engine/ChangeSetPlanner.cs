using System.Text.Json.Nodes;
using LocalCloud.CloudFormation.Model;
using LocalCloud.CloudFormation.Wire;
using LocalCloud.Core.Resources;

namespace LocalCloud.CloudFormation.Engine;

/// <summary>
/// The changes a new template and parameters make to a stack, as a change set reports them: each resource added,
/// removed or modified, and for a modification which properties change, whether that needs a new physical resource
/// (<c>RequiresRecreation</c>, <c>Replacement</c>), whether the new value is known now (<c>Static</c>) or only once a
/// resource it references changes (<c>Dynamic</c>), and what caused it.
/// </summary>
internal static class ChangeSetPlanner
{
    public static List<Change> Plan(
        DependencyGraph graph,
        Evaluator evaluator,
        Template? oldTemplate,
        IReadOnlyDictionary<string, ResourceRecord> records,
        Func<string, IResourceProvider?> providers)
    {
        var changes = new List<Change>();
        var changing = new HashSet<string>(StringComparer.Ordinal);
        var template = evaluator.Template;
        foreach (var id in graph.Order())
        {
            var declaration = template.Resource(id)!;
            if (!records.TryGetValue(id, out var record) || record.Live is null)
            {
                changing.Add(id);
                changes.Add(Resource(new ResourceChange
                {
                    Action = "Add",
                    LogicalResourceId = id,
                    ResourceType = declaration.Type,
                    Scope = [],
                    Details = [],
                }));
                continue;
            }

            var live = record.Live;
            var provider = providers(declaration.Type);
            var details = new List<ResourceChangeDetail>();
            var oldRaw = oldTemplate?.Resource(id)?.Properties;
            var newRaw = declaration.Properties ?? [];
            var keys = newRaw.Select(p => p.Key).Union(live.Properties.Select(p => p.Key)).ToList();
            foreach (var key in keys)
            {
                var requires = provider?.Properties.GetValueOrDefault(key) == UpdateBehavior.Replacement ? "Always" : "Never";
                var references = new HashSet<string>(StringComparer.Ordinal);
                DependencyGraph.References(evaluator, newRaw[key], references, graph.Dependencies.Keys.ToHashSet(StringComparer.Ordinal), "Resources");
                var causing = references.FirstOrDefault(changing.Contains);
                JsonNode? value;
                try
                {
                    value = newRaw.ContainsKey(key) ? evaluator.Resolve(newRaw[key]) : null;
                }
                catch (UnresolvedValueException e)
                {
                    details.Add(Detail(key, requires, "Dynamic", ReferenceSource(newRaw[key]), e.LogicalId));
                    continue;
                }
                catch (TemplateException)
                {
                    details.Add(Detail(key, requires, "Dynamic", "DirectModification", null));
                    continue;
                }

                if (!Evaluator.SameJson(value, live.Properties[key]))
                {
                    var direct = !Evaluator.SameJson(oldRaw?[key], newRaw[key]);
                    var parameter = direct ? null : ParameterIn(template, newRaw[key]);
                    details.Add(Detail(key, requires, "Static",
                        direct ? "DirectModification" : parameter is not null ? "ParameterReference" : "ResourceReference",
                        direct ? null : parameter));
                }
                else if (causing is not null)
                {
                    details.Add(Detail(key, requires, "Dynamic", ReferenceSource(newRaw[key]), causing));
                }
            }

            if (details.Count == 0 && live.Type == declaration.Type)
            {
                continue;
            }

            var replacement = live.Type != declaration.Type || details.Any(d => d.Evaluation == "Static" && d.Target!.RequiresRecreation == "Always")
                ? "True"
                : details.Any(d => d.Target!.RequiresRecreation == "Always") ? "Conditional" : "False";
            if (replacement != "False")
            {
                changing.Add(id);
            }

            changes.Add(Resource(new ResourceChange
            {
                Action = "Modify",
                LogicalResourceId = id,
                PhysicalResourceId = live.PhysicalId,
                ResourceType = declaration.Type,
                Replacement = replacement,
                Scope = ["Properties"],
                Details = details,
            }));
        }

        foreach (var record in records.Values.Where(r => !graph.Contains(r.LogicalId)).OrderBy(r => r.LogicalId, StringComparer.Ordinal))
        {
            changes.Add(Resource(new ResourceChange
            {
                Action = "Remove",
                PolicyAction = record.DeletionPolicy is "Retain" or "RetainExceptOnCreate" ? "Retain" : "Delete",
                LogicalResourceId = record.LogicalId,
                PhysicalResourceId = record.Live?.PhysicalId,
                ResourceType = record.Type,
                Scope = [],
                Details = [],
            }));
        }

        return changes;
    }

    private static Change Resource(ResourceChange change) => new() { Type = "Resource", ResourceChange = change };

    private static ResourceChangeDetail Detail(string name, string requires, string evaluation, string source, string? causing) => new()
    {
        Target = new ResourceTargetDefinition { Attribute = "Properties", Name = name, RequiresRecreation = requires },
        Evaluation = evaluation,
        ChangeSource = source,
        CausingEntity = causing,
    };

    private static string ReferenceSource(JsonNode? node) =>
        node?.ToJsonString().Contains("\"Fn::GetAtt\"", StringComparison.Ordinal) == true ? "ResourceAttribute" : "ResourceReference";

    private static string? ParameterIn(Template template, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o when o.Count == 1 && o["Ref"] is { } r && Template.Text(r) is { } name && template.Parameter(name) is not null:
                return name;
            case JsonObject o when o.Count == 1 && o["Fn::Sub"] is { } sub:
                var text = Template.Text(sub) ?? (sub is JsonArray { Count: > 0 } first ? Template.Text(first[0]) : null) ?? string.Empty;
                return Evaluator.SubParts(text).Select(p => p.Variable).FirstOrDefault(v => v is not null && template.Parameter(v) is not null);
            case JsonObject o:
                return o.Select(p => ParameterIn(template, p.Value)).FirstOrDefault(p => p is not null);
            case JsonArray a:
                return a.Select(i => ParameterIn(template, i)).FirstOrDefault(p => p is not null);
            default:
                return null;
        }
    }
}
