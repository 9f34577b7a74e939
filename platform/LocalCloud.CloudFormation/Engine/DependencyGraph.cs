using System.Text.Json.Nodes;

namespace LocalCloud.CloudFormation.Engine;

/// <summary>
/// The resources a template creates (those whose condition holds) and what each depends on: <c>Ref</c>,
/// <c>Fn::GetAtt</c>, <c>Fn::Sub</c> references and <c>DependsOn</c>, in the branches <c>Fn::If</c> takes. Built with
/// CloudFormation's validation: unknown references and cycles are template errors.
/// </summary>
internal sealed class DependencyGraph
{
    private DependencyGraph(IReadOnlyList<ResourceDeclaration> resources, Dictionary<string, HashSet<string>> dependencies)
    {
        Resources = resources;
        Dependencies = dependencies;
    }

    /// <summary>The included resources, in template order.</summary>
    public IReadOnlyList<ResourceDeclaration> Resources { get; }

    /// <summary>For each included resource, the included resources it depends on.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Dependencies { get; }

    public bool Contains(string logicalId) => Dependencies.ContainsKey(logicalId);

    public static DependencyGraph Build(Evaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        var template = evaluator.Template;
        foreach (var name in template.Conditions.Select(c => c.Key))
        {
            evaluator.Condition(name);
        }

        var included = template.Resources.Where(r =>
        {
            if (r.Condition is { } c && template.Conditions[c] is null)
            {
                throw new TemplateException($"Template format error: Unresolved dependencies [{c}]. Cannot reference resources in the Conditions block of the template");
            }

            return evaluator.Includes(r);
        }).ToList();
        var names = included.Select(r => r.LogicalId).ToHashSet(StringComparer.Ordinal);
        var dependencies = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var resource in included)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            References(evaluator, resource.Properties, found, names, "Resources");
            foreach (var d in resource.DependsOn)
            {
                if (!names.Contains(d))
                {
                    throw Unresolved(d, "Resources");
                }

                found.Add(d);
            }

            dependencies[resource.LogicalId] = found;
        }

        foreach (var (_, output) in template.Outputs)
        {
            if (output is JsonObject o && (Template.Text(o["Condition"]) is not { } condition || evaluator.Condition(condition)))
            {
                References(evaluator, o["Value"], [], names, "Outputs");
                References(evaluator, o["Export"], [], names, "Outputs");
            }
        }

        var graph = new DependencyGraph(included, dependencies);
        graph.CheckCycles();
        return graph;
    }

    /// <summary>The logical ids that reference <paramref name="logicalId"/>.</summary>
    public IEnumerable<string> Dependents(string logicalId) =>
        Dependencies.Where(d => d.Value.Contains(logicalId)).Select(d => d.Key);

    /// <summary>The included resources in an order where each comes after what it depends on.</summary>
    public List<string> Order()
    {
        var order = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (order.Count < Resources.Count)
        {
            foreach (var r in Resources)
            {
                if (!done.Contains(r.LogicalId) && Dependencies[r.LogicalId].All(done.Contains))
                {
                    done.Add(r.LogicalId);
                    order.Add(r.LogicalId);
                }
            }
        }

        return order;
    }

    private void CheckCycles()
    {
        var remaining = Dependencies.ToDictionary(d => d.Key, d => new HashSet<string>(d.Value), StringComparer.Ordinal);
        bool progress;
        do
        {
            progress = false;
            foreach (var key in remaining.Where(r => r.Value.Count == 0).Select(r => r.Key).ToList())
            {
                remaining.Remove(key);
                foreach (var deps in remaining.Values)
                {
                    deps.Remove(key);
                }

                progress = true;
            }
        }
        while (progress);

        if (remaining.Count > 0)
        {
            // Only resources on a cycle, not those that merely depend on one.
            var onCycle = remaining.Keys.Where(k => Reaches(remaining, k, k)).ToList();
            var inOrder = Resources.Select(r => r.LogicalId).Where(onCycle.Contains);
            throw new TemplateException($"Circular dependency between resources: [{string.Join(", ", inOrder)}]");
        }
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> graph, string from, string target)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(graph[from]);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (next == target)
            {
                return true;
            }

            if (seen.Add(next) && graph.TryGetValue(next, out var more))
            {
                foreach (var m in more)
                {
                    stack.Push(m);
                }
            }
        }

        return false;
    }

    /// <summary>Collects the resources <paramref name="node"/> references into <paramref name="found"/>.</summary>
    public static void References(Evaluator evaluator, JsonNode? node, HashSet<string> found, IReadOnlySet<string> names, string block)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(names);
        var template = evaluator.Template;
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    References(evaluator, item, found, names, block);
                }

                break;
            case JsonObject o when o.Count == 1 && o.First().Key == "Ref":
                if (Template.Text(o["Ref"]) is { } target && !Evaluator.IsPseudo(target) && template.Parameter(target) is null)
                {
                    found.Add(names.Contains(target) ? target : throw Unresolved(target, block));
                }

                break;
            case JsonObject o when o.Count == 1 && o.First().Key == "Fn::GetAtt":
                var getAtt = o["Fn::GetAtt"];
                var id = Template.Text(getAtt) is { } dotted ? dotted.Split('.')[0] : getAtt is JsonArray { Count: > 0 } a ? Template.Text(a[0]) : null;
                if (id is not null)
                {
                    found.Add(names.Contains(id) ? id : throw new TemplateException($"Template error: instance of Fn::GetAtt references undefined resource {id}"));
                }

                if (getAtt is JsonArray { Count: 2 } args)
                {
                    References(evaluator, args[1], found, names, block);
                }

                break;
            case JsonObject o when o.Count == 1 && o.First().Key == "Fn::Sub":
                var sub = o["Fn::Sub"];
                var text = Template.Text(sub) ?? (sub is JsonArray { Count: > 0 } s ? Template.Text(s[0]) : null);
                var variables = sub is JsonArray { Count: 2 } withVars ? withVars[1] as JsonObject : null;
                if (variables is not null)
                {
                    References(evaluator, variables, found, names, block);
                }

                foreach (var (_, variable) in Evaluator.SubParts(text ?? string.Empty))
                {
                    if (variable is null || (variables?.ContainsKey(variable) ?? false) || Evaluator.IsPseudo(variable))
                    {
                        continue;
                    }

                    var resource = variable.Split('.')[0];
                    if (!variable.Contains('.', StringComparison.Ordinal) && template.Parameter(variable) is not null)
                    {
                        continue;
                    }

                    if (!names.Contains(resource))
                    {
                        throw variable.Contains('.', StringComparison.Ordinal)
                            ? new TemplateException($"Template error: instance of Fn::GetAtt references undefined resource {resource}")
                            : Unresolved(variable, block);
                    }

                    found.Add(resource);
                }

                break;
            case JsonObject o when o.Count == 1 && o.First().Key == "Fn::If" && o["Fn::If"] is JsonArray { Count: 3 } branches:
                var condition = Template.Text(branches[0]);
                if (condition is null || template.Conditions[condition] is null)
                {
                    throw new TemplateException($"Template error: unresolved condition dependency {condition} in Fn::If");
                }

                References(evaluator, evaluator.Condition(condition) ? branches[1] : branches[2], found, names, block);
                break;
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    References(evaluator, child, found, names, block);
                }

                break;
        }
    }

    private static TemplateException Unresolved(string name, string block) =>
        new($"Template format error: Unresolved resource dependencies [{name}] in the {block} block of the template");
}
