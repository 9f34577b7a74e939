using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>SAM's gradual deployments: each function's DeploymentPreference, and the CodeDeploy resources the stack gets for them.</summary>
internal sealed class DeploymentPreferences
{
    public const string ApplicationLogicalId = "ServerlessDeploymentApplication";
    private const string ServiceRoleLogicalId = "CodeDeployServiceRole";
    private const string ConditionName = "ServerlessCodeDeployCondition";

    private static readonly string[] PredefinedConfigurations =
    [
        "Canary10Percent5Minutes", "Canary10Percent10Minutes", "Canary10Percent15Minutes", "Canary10Percent30Minutes",
        "Linear10PercentEvery1Minute", "Linear10PercentEvery2Minutes", "Linear10PercentEvery3Minutes",
        "Linear10PercentEvery10Minutes", "AllAtOnce",
    ];

    private readonly List<(string LogicalId, Preference Preference)> _preferences = [];

    internal sealed record Preference(
        bool Enabled, JsonNode? Type, JsonNode? PreTraffic, JsonNode? PostTraffic, JsonNode? Alarms, JsonNode? Role,
        JsonNode? TriggerConfigurations, string? Condition, JsonObject? Tags, bool PropagateTags);

    public Preference Add(string logicalId, JsonObject config, string? condition, JsonObject? tags, bool propagateTags)
    {
        var enabledNode = config.TryGetPropertyValue("Enabled", out var e) ? e : JsonValue.Create(true);
        var enabled = Json.Str(enabledNode) is not ("false" or "False") && Json.Truthy(enabledNode);
        Preference preference;
        if (!enabled)
        {
            preference = new Preference(false, null, null, null, null, null, null, null, null, false);
        }
        else
        {
            if (!config.ContainsKey("Type"))
            {
                throw new InvalidResourceError(logicalId, "'DeploymentPreference' is missing required Property 'Type'");
            }

            var hooks = config.TryGetPropertyValue("Hooks", out var h) ? h : new JsonObject();
            if (hooks is not JsonObject hookMap)
            {
                throw new InvalidResourceError(logicalId, "'Hooks' property of 'DeploymentPreference' must be a dictionary");
            }

            var passthroughCondition = Json.IsTrue(config["PassthroughCondition"]);
            preference = new Preference(
                true, config["Type"]?.DeepClone(), hookMap["PreTraffic"]?.DeepClone(), hookMap["PostTraffic"]?.DeepClone(),
                config["Alarms"]?.DeepClone(), config["Role"]?.DeepClone(), config["TriggerConfigurations"]?.DeepClone(),
                passthroughCondition ? condition : null, propagateTags && tags is { Count: > 0 } ? tags : null, propagateTags);
        }

        _preferences.Add((logicalId, preference));
        return preference;
    }

    public static JsonObject UpdatePolicy(string functionLogicalId, Preference preference)
    {
        var update = Json.Obj(
            ("ApplicationName", Intrinsics.Ref(ApplicationLogicalId)),
            ("DeploymentGroupName", Intrinsics.Ref(functionLogicalId + "DeploymentGroup")));
        if (preference.PreTraffic is not null)
        {
            update["BeforeAllowTrafficHook"] = preference.PreTraffic.DeepClone();
        }

        if (preference.PostTraffic is not null)
        {
            update["AfterAllowTrafficHook"] = preference.PostTraffic.DeepClone();
        }

        return Json.Obj(("CodeDeployLambdaAliasUpdate", update));
    }

    /// <summary>The CodeDeploy application, service role and deployment groups, added once every resource is translated.</summary>
    public void AddResources(Translator translator, JsonObject outputResources, List<SamError> errors)
    {
        if (!_preferences.Any(p => p.Preference.Enabled))
        {
            return;
        }

        var needsCondition = _preferences.Count > 0 && !_preferences.Any(p => p.Preference.Condition is null && p.Preference.Enabled);
        var conditions = _preferences.Select(p => p.Preference.Condition).Where(c => c is not null).Select(c => c!).Distinct().ToList();
        var mergedTags = new JsonObject();
        foreach (var (_, p) in _preferences)
        {
            if (p.Enabled && p.PropagateTags && p.Tags is not null)
            {
                foreach (var (key, value) in p.Tags)
                {
                    mergedTags[key] = value?.DeepClone();
                }
            }
        }

        var conditionAttribute = needsCondition ? (conditions.Count <= 1 ? conditions.LastOrDefault() : ConditionName) : null;
        var application = new CfnResource(ApplicationLogicalId, "AWS::CodeDeploy::Application");
        application["ComputePlatform"] = "Lambda";
        if (mergedTags.Count > 0)
        {
            application["Tags"] = Tags.List(mergedTags);
        }

        if (conditionAttribute is not null)
        {
            application.Attributes["Condition"] = conditionAttribute;
        }

        outputResources[ApplicationLogicalId] = application.ToJson();
        if (needsCondition && translator.OutputTemplate["Conditions"] is JsonObject templateConditions)
        {
            foreach (var (name, definition) in ImplicitHttpApi.CombinedConditions(conditions, ConditionName))
            {
                templateConditions[name] = definition;
            }
        }

        if (!_preferences.All(p => Json.Truthy(p.Preference.Role) || !p.Preference.Enabled))
        {
            var role = new CfnResource(ServiceRoleLogicalId, "AWS::IAM::Role");
            role["AssumeRolePolicyDocument"] = FunctionTranslator.AssumeRolePolicy("codedeploy.amazonaws.com");
            role["ManagedPolicyArns"] = Json.Array(translator.ManagedPolicyArn(translator.Partition is "aws-iso" or "aws-iso-b"
                ? "service-role/AWSCodeDeployRoleForLambdaLimited"
                : "service-role/AWSCodeDeployRoleForLambda"));
            if (conditionAttribute is not null)
            {
                role.Attributes["Condition"] = conditionAttribute;
            }

            if (mergedTags.Count > 0)
            {
                role["Tags"] = Tags.List(mergedTags);
            }

            outputResources[ServiceRoleLogicalId] = role.ToJson();
        }

        foreach (var (logicalId, preference) in _preferences.Where(p => p.Preference.Enabled))
        {
            try
            {
                var group = DeploymentGroup(logicalId, preference);
                outputResources[group.LogicalId] = group.ToJson();
            }
            catch (InvalidResourceError e)
            {
                errors.Add(e);
            }
        }
    }

    private static CfnResource DeploymentGroup(string functionLogicalId, Preference preference)
    {
        var group = new CfnResource(functionLogicalId + "DeploymentGroup", "AWS::CodeDeploy::DeploymentGroup");
        group["AlarmConfiguration"] = Alarms(functionLogicalId, preference.Alarms);
        group["ApplicationName"] = Intrinsics.Ref(ApplicationLogicalId);
        group["AutoRollbackConfiguration"] = Json.Obj(
            ("Enabled", true),
            ("Events", Json.Array("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST")));
        group["DeploymentConfigName"] = ReplaceDeploymentTypes(preference.Type?.DeepClone(), null);
        group["DeploymentStyle"] = Json.Obj(("DeploymentType", "BLUE_GREEN"), ("DeploymentOption", "WITH_TRAFFIC_CONTROL"));
        group["ServiceRoleArn"] = Json.Truthy(preference.Role) ? preference.Role : Intrinsics.GetAtt(ServiceRoleLogicalId, "Arn");
        if (Json.Truthy(preference.TriggerConfigurations))
        {
            group["TriggerConfigurations"] = preference.TriggerConfigurations;
        }

        if (preference.Tags is not null)
        {
            group["Tags"] = Tags.List(preference.Tags);
        }

        if (preference.Condition is not null)
        {
            group.Attributes["Condition"] = preference.Condition;
        }

        return group;
    }

    private static JsonObject? Alarms(string logicalId, JsonNode? alarms)
    {
        if (!Json.Truthy(alarms) || Intrinsics.IsNoValue(alarms))
        {
            return null;
        }

        if (Intrinsics.IsIf(alarms))
        {
            var copy = (JsonObject)alarms!.DeepClone();
            if (Intrinsics.IfItemsProblem(copy["Fn::If"]) is { } problem)
            {
                throw new InvalidResourceError(logicalId, problem);
            }

            var items = (JsonArray)copy["Fn::If"]!;
            items[1] = AlarmConfiguration(logicalId, items[1]);
            items[2] = AlarmConfiguration(logicalId, items[2]);
            return copy;
        }

        return AlarmConfiguration(logicalId, alarms);
    }

    private static JsonObject AlarmConfiguration(string logicalId, JsonNode? alarms)
    {
        if (alarms is not JsonArray list)
        {
            throw new InvalidResourceError(logicalId, "Alarms must be a list");
        }

        if (list.Count == 0 || Intrinsics.IsNoValue(list[0]))
        {
            return [];
        }

        return Json.Obj(("Enabled", true), ("Alarms", new JsonArray([.. list.Select(a => (JsonNode)Json.Obj(("Name", a?.DeepClone())))])));
    }

    private static JsonNode? ReplaceDeploymentTypes(JsonNode? value, string? key)
    {
        switch (value)
        {
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] = ReplaceDeploymentTypes(list[i]?.DeepClone(), null);
                }

                return list;
            case JsonObject o when Intrinsics.IsIntrinsic(o):
                foreach (var k in o.Select(p => p.Key).ToList())
                {
                    o[k] = ReplaceDeploymentTypes(o[k]?.DeepClone(), k);
                }

                return o;
        }

        if (Json.Str(value) is { } name && PredefinedConfigurations.Contains(name))
        {
            var variables = Json.Obj(("ConfigName", name));
            return key == "Fn::Sub"
                ? Json.Array("CodeDeployDefault.Lambda${ConfigName}", variables)
                : Intrinsics.Sub("CodeDeployDefault.Lambda${ConfigName}", variables);
        }

        return value;
    }
}

/// <summary>SAM's FindInMap resolution against the template's Mappings (used for DeploymentPreference values).</summary>
internal static class Mappings
{
    public static JsonNode? Resolve(JsonNode? input, JsonObject? mappings)
    {
        if (mappings is null || mappings.Count == 0)
        {
            return input;
        }

        input = ResolveOne(input, mappings);
        switch (input)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    var child = o[key];
                    var resolved = Resolve(child, mappings);
                    if (!ReferenceEquals(child, resolved))
                    {
                        o[key] = resolved?.Parent is null ? resolved : resolved.DeepClone();
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var child = a[i];
                    var resolved = Resolve(child, mappings);
                    if (!ReferenceEquals(child, resolved))
                    {
                        a[i] = resolved?.Parent is null ? resolved : resolved.DeepClone();
                    }
                }

                break;
        }

        return input;
    }

    private static JsonNode? ResolveOne(JsonNode? input, JsonObject mappings)
    {
        if (input is not JsonObject o || o.Count != 1 || !o.TryGetPropertyValue("Fn::FindInMap", out var value))
        {
            return input;
        }

        if (value is not JsonArray list || list.Count != 3)
        {
            throw new InvalidDocumentError(new InvalidTemplateError(
                $"Invalid FindInMap value {Json.PyRepr(value)}. FindInMap expects an array with 3 values."));
        }

        var keys = list.Select(k => Json.Str(ResolveOne(k, mappings))).ToList();
        if (keys.Any(k => k is null))
        {
            return input;
        }

        var notTwoLevel = new InvalidDocumentError(new InvalidTemplateError(
            $"Cannot use Fn::FindInMap on Mapping '{keys[0]}' which is not a a two-level map."));
        if (!mappings.TryGetPropertyValue(keys[0]!, out var map))
        {
            return input;
        }

        if (map is not JsonObject first)
        {
            throw notTwoLevel;
        }

        if (!first.TryGetPropertyValue(keys[1]!, out var second))
        {
            return input;
        }

        if (second is not JsonObject secondMap)
        {
            throw notTwoLevel;
        }

        return secondMap.TryGetPropertyValue(keys[2]!, out var result) ? result : input;
    }
}
