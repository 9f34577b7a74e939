using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>An explicit HttpApi without DefinitionBody or DefinitionUri gets a skeleton body that SAM manages.</summary>
internal static class DefaultDefinitionBody
{
    public static void Apply(JsonObject resources)
    {
        foreach (var (_, api) in Translator.SamResources(resources, Translator.HttpApiType))
        {
            var properties = Translator.PropertiesOf(api);
            if (Json.Truthy(properties["DefinitionBody"]) || Json.Truthy(properties["DefinitionUri"]))
            {
                continue;
            }

            properties["DefinitionBody"] = OpenApiEditor.Skeleton();
            properties["__MANAGE_SWAGGER"] = true;
        }
    }
}

/// <summary>SAM's implicit HTTP API: HttpApi events without an ApiId attach to a generated <c>ServerlessHttpApi</c>.</summary>
internal static class ImplicitHttpApi
{
    public const string LogicalId = "ServerlessHttpApi";
    private const string CombinedCondition = "ServerlessHttpApiCondition";

    public static void Apply(JsonObject template)
    {
        var resources = (JsonObject)template["Resources"]!;
        var existing = resources[LogicalId]?.DeepClone();
        resources[LogicalId] = Json.Obj(("Type", Translator.HttpApiType), ("Properties", Json.Obj(
            ("DefinitionBody", OpenApiEditor.Skeleton()),
            ("__MANAGE_SWAGGER", true))));

        var state = new State();
        var errors = new List<SamError>();
        foreach (var (logicalId, function) in Translator.SamResources(resources, Translator.FunctionType, "AWS::Serverless::StateMachine"))
        {
            var events = ApiEvents(function);
            if (events.Count == 0)
            {
                continue;
            }

            try
            {
                ProcessEvents(template, function, events, state);
            }
            catch (InvalidEventError e)
            {
                errors.Add(new InvalidResourceError(logicalId, e.Message));
            }
        }

        AddConditionToImplicitApi(template, state);
        AddPolicyToImplicitApi(resources, "DeletionPolicy", state.DeletionPolicies, ["Retain", "Delete"]);
        AddPolicyToImplicitApi(resources, "UpdateReplacePolicy", state.UpdateReplacePolicies, ["Retain", "Snapshot", "Delete"]);
        AddConditionsToPaths(template, state);
        if (resources[LogicalId] is JsonObject implicitApi
            && implicitApi["Properties"]?["DefinitionBody"]?["paths"] is JsonObject paths && paths.Count == 0)
        {
            if (existing is not null)
            {
                resources[LogicalId] = existing;
            }
            else
            {
                resources.Remove(LogicalId);
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidDocumentError(errors);
        }
    }

    private sealed class State
    {
        public Dictionary<string, Dictionary<string, Dictionary<string, string?>>> Conditions { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string?>> DeletionPolicies { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string?>> UpdateReplacePolicies { get; } = new(StringComparer.Ordinal);
    }

    private static List<(string Id, JsonObject Event)> ApiEvents(JsonObject function)
    {
        var result = new List<(string, JsonObject)>();
        if (function["Properties"] is not JsonObject properties || properties["Events"] is not JsonObject events)
        {
            return result;
        }

        foreach (var (id, e) in events)
        {
            if (e is JsonObject eventObject && eventObject.Count > 0 && Json.Str(eventObject["Type"]) == "HttpApi")
            {
                result.Add((id, eventObject));
            }
        }

        return result;
    }

    private static void ProcessEvents(JsonObject template, JsonObject function, List<(string Id, JsonObject Event)> events, State state)
    {
        var resources = (JsonObject)template["Resources"]!;
        var condition = Json.Str(function["Condition"]);
        var deletionPolicy = Json.Str(function["DeletionPolicy"]);
        var updateReplacePolicy = Json.Str(function["UpdateReplacePolicy"]);
        foreach (var (eventId, e) in events)
        {
            var propertiesNode = e.TryGetPropertyValue("Properties", out var p) ? p : new JsonObject();
            var properties = Expect.Map(propertiesNode, eventId, "", isEvent: true, message: "Properties should be a map.");
            if (properties.Parent is null)
            {
                e["Properties"] = properties;
            }

            AddTagsToImplicitApi(template, function, properties);
            if (!properties.ContainsKey("ApiId"))
            {
                properties["ApiId"] = Intrinsics.Ref(LogicalId);
            }

            var path = properties["Path"] ?? JsonValue.Create("");
            var method = properties["Method"] ?? JsonValue.Create("");
            if (!Json.Truthy(path) && !Json.Truthy(method))
            {
                properties["Path"] = OpenApiEditor.DefaultPath;
                properties["Method"] = OpenApiEditor.AnyMethod;
            }

            var apiIdNode = ApiIdOf(properties);
            Expect.NotNone(properties["Path"], eventId, "Path", isEvent: true);
            Expect.NotNone(properties["Method"], eventId, "Method", isEvent: true);
            var apiId = Expect.String(apiIdNode, eventId, "ApiId", isEvent: true);
            var pathText = Expect.String(properties["Path"], eventId, "Path", isEvent: true);
            var methodText = Expect.String(properties["Method"], eventId, "Method", isEvent: true);

            if (!state.Conditions.TryGetValue(apiId, out var apiConditions))
            {
                apiConditions = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal);
                state.Conditions[apiId] = apiConditions;
            }

            if (!apiConditions.TryGetValue(pathText, out var methodConditions))
            {
                methodConditions = new Dictionary<string, string?>(StringComparer.Ordinal);
                apiConditions[pathText] = methodConditions;
            }

            methodConditions[methodText] = condition;
            Append(state.DeletionPolicies, apiId, deletionPolicy);
            Append(state.UpdateReplacePolicies, apiId, updateReplacePolicy);

            AddApiToDefinition(resources, eventId, properties);
            if (properties.ContainsKey("RouteSettings"))
            {
                AddRouteSettings(resources, eventId, properties, condition);
            }
        }
    }

    private static void Append(Dictionary<string, List<string?>> map, string key, string? value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(value);
    }

    private static JsonNode? ApiIdOf(JsonObject properties)
    {
        var apiId = properties["ApiId"];
        return apiId is JsonObject o && o.ContainsKey("Ref") ? o["Ref"] : apiId;
    }

    private static void AddTagsToImplicitApi(JsonObject template, JsonObject function, JsonObject eventProperties)
    {
        if (eventProperties.ContainsKey("ApiId"))
        {
            return;
        }

        var resources = (JsonObject)template["Resources"]!;
        if (resources[LogicalId] is not JsonObject implicitApi)
        {
            return;
        }

        var globals = (template["Globals"] as JsonObject)?["Function"] as JsonObject ?? [];
        var functionProperties = function["Properties"] as JsonObject ?? [];
        var propagate = Json.Truthy(functionProperties["PropagateTags"]) ? functionProperties["PropagateTags"] : globals["PropagateTags"];
        var tags = Json.Truthy(functionProperties["Tags"]) ? functionProperties["Tags"] : globals["Tags"];
        if (Json.Truthy(tags) && Json.Truthy(propagate))
        {
            var apiProperties = Translator.PropertiesOf(implicitApi);
            if (apiProperties["Tags"] is not JsonObject apiTags)
            {
                apiTags = [];
                apiProperties["Tags"] = apiTags;
            }

            foreach (var (key, value) in (JsonObject)tags!)
            {
                apiTags[key] = value?.DeepClone();
            }

            apiProperties["PropagateTags"] = true;
        }
    }

    private static void AddApiToDefinition(JsonObject resources, string eventId, JsonObject properties)
    {
        var apiId = ApiIdOf(properties);
        var target = Json.Str(apiId) is { } id ? resources[id] as JsonObject : null;
        if (apiId is JsonObject || target is null)
        {
            throw new InvalidEventError(eventId, $"ApiId must be a valid reference to an '{Translator.HttpApiType}' resource in same template.");
        }

        if (target["Properties"] is not JsonObject apiProperties || !OpenApiEditor.IsValid(apiProperties["DefinitionBody"]))
        {
            return;
        }

        if (!Json.Truthy(apiProperties["__MANAGE_SWAGGER"]))
        {
            return;
        }

        var editor = new OpenApiEditor(apiProperties["DefinitionBody"]);
        editor.AddPath(Json.Str(properties["Path"])!, Json.Str(properties["Method"]));
        apiProperties["DefinitionBody"] = editor.Document;
    }

    private static void AddRouteSettings(JsonObject resources, string eventId, JsonObject properties, string? condition)
    {
        var apiId = Json.Str(ApiIdOf(properties))!;
        var api = (JsonObject)resources[apiId]!;
        var apiProperties = Translator.PropertiesOf(api);
        var path = Json.Str(properties["Path"])!;
        var method = Json.Str(properties["Method"])!;
        var route = method == OpenApiEditor.AnyMethod ? path : $"{method.ToUpperInvariant()} {path}";
        var apiRouteSettings = Expect.Map(apiProperties["RouteSettings"] ?? new JsonObject(), apiId, "RouteSettings");
        var eventRouteSettings = properties["RouteSettings"];
        if (condition is not null)
        {
            eventRouteSettings = Intrinsics.If(condition, properties["RouteSettings"]?.DeepClone());
        }

        var eventSettings = Expect.Map(eventRouteSettings, eventId, "RouteSettings", isEvent: true);
        if (apiRouteSettings[route] is not JsonObject routeSettings)
        {
            routeSettings = [];
            apiRouteSettings[route] = routeSettings;
        }

        foreach (var (key, value) in eventSettings)
        {
            routeSettings[key] = value?.DeepClone();
        }

        if (apiRouteSettings.Parent is null)
        {
            apiProperties["RouteSettings"] = apiRouteSettings;
        }
    }

    private static void AddConditionToImplicitApi(JsonObject template, State state)
    {
        if (!state.Conditions.TryGetValue(LogicalId, out var apiConditions) || apiConditions.Count == 0)
        {
            return;
        }

        var all = apiConditions.SelectMany(p => p.Value.Values).Distinct().ToList();
        if (all.Count > 0 && !all.Contains(null))
        {
            var implicitApi = (JsonObject)template["Resources"]![LogicalId]!;
            if (all.Count == 1)
            {
                implicitApi["Condition"] = all[0];
            }
            else
            {
                implicitApi["Condition"] = CombinedCondition;
                AddCombinedCondition(template, CombinedCondition, [.. all.Select(c => c!)]);
            }
        }
    }

    private static void AddPolicyToImplicitApi(JsonObject resources, string attribute, Dictionary<string, List<string?>> policies, string[] precedence)
    {
        if (!policies.TryGetValue(LogicalId, out var values) || values.Count == 0 || !values.Any(v => !string.IsNullOrEmpty(v)))
        {
            return;
        }

        var implicitApi = (JsonObject)resources[LogicalId]!;
        foreach (var value in precedence)
        {
            if (values.Contains(value))
            {
                implicitApi[attribute] = value;
                return;
            }
        }
    }

    private static void AddCombinedCondition(JsonObject template, string conditionName, List<string> conditions)
    {
        if (template["Conditions"] is not JsonObject templateConditions)
        {
            templateConditions = [];
            template["Conditions"] = templateConditions;
        }

        foreach (var (name, definition) in CombinedConditions(conditions.OrderBy(c => c, StringComparer.Ordinal).ToList(), conditionName))
        {
            templateConditions[name] = definition;
        }
    }

    /// <summary>SAM's <c>make_combined_condition</c>: Fn::Or takes at most 10 conditions, so longer lists chain numbered conditions.</summary>
    public static List<(string Name, JsonObject Definition)> CombinedConditions(List<string> conditions, string conditionName)
    {
        const int Max = 10;
        var result = new List<(string, JsonObject)>();
        if (conditions.Count < 2)
        {
            return result;
        }

        var remaining = 1 + ((conditions.Count - 2) / (Max - 1)) - 1;
        while (conditions.Count > 1)
        {
            var name = conditionName;
            if (remaining > 0)
            {
                name = conditionName + remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
                remaining--;
            }

            var content = Intrinsics.Or(conditions.Take(Max).Select(c => (JsonNode)Json.Obj(("Condition", c))));
            conditions = [.. conditions.Skip(Max), name];
            result.Add((name, content));
        }

        return result;
    }

    private static void AddConditionsToPaths(JsonObject template, State state)
    {
        var resources = (JsonObject)template["Resources"]!;
        foreach (var (apiId, api) in Translator.SamResources(resources, Translator.HttpApiType))
        {
            var properties = Translator.PropertiesOf(api);
            if (!Json.Truthy(properties["__MANAGE_SWAGGER"]))
            {
                continue;
            }

            var editor = new OpenApiEditor(properties["DefinitionBody"]);
            foreach (var path in editor.Paths)
            {
                var methodConditions = state.Conditions.TryGetValue(apiId, out var c) && c.TryGetValue(path, out var m) ? m : null;
                if (methodConditions is null)
                {
                    continue;
                }

                var all = methodConditions.Values.Distinct().ToList();
                if (all.Count == 0 || all.Contains(null))
                {
                    continue;
                }

                if (all.Count == 1)
                {
                    editor.MakePathConditional(path, all[0]!);
                }
                else
                {
                    var name = apiId + path.Replace("/", "SLASH", StringComparison.Ordinal).Replace("{", "OB", StringComparison.Ordinal).Replace("}", "CB", StringComparison.Ordinal) + "PathCondition";
                    AddCombinedCondition(template, name, [.. all.Select(x => x!)]);
                    editor.MakePathConditional(path, name);
                }
            }

            properties["DefinitionBody"] = editor.Document;
        }
    }
}
