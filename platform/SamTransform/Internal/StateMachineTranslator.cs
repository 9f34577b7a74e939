using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SamTransform.Internal;

/// <summary>AWS::Serverless::StateMachine: the state machine (definition string with substitutions), its role, version/alias and events.</summary>
internal sealed partial class StateMachineTranslator(Translator translator, string logicalId, JsonObject resource)
{
    public const string Type = "AWS::Serverless::StateMachine";
    private static readonly string[] EventTypes = ["Schedule", "CloudWatchEvent", "EventBridgeRule", "Api", "ScheduleV2"];

    private static readonly PropertySpec[] Specs =
    [
        PropertySpec.Dict("Definition"), PropertySpec.Of("DefinitionUri", PropertySpec.StrOrDict), PropertySpec.Dict("Logging"),
        PropertySpec.Str("Role"), PropertySpec.Any("RolePath"), PropertySpec.Dict("DefinitionSubstitutions"),
        PropertySpec.Of("Events", PropertySpec.DictOfDicts), PropertySpec.Str("Name"), PropertySpec.Str("Type"),
        PropertySpec.Dict("Tags"), PropertySpec.Bool("PropagateTags"),
        PropertySpec.Of("Policies", v => Json.IsStr(v) || PropertySpec.ListOf(v, PropertySpec.StrOrDict)),
        PropertySpec.Dict("Tracing"), PropertySpec.Str("PermissionsBoundary"), PropertySpec.Any("AutoPublishAlias"),
        PropertySpec.Any("DeploymentPreference"), PropertySpec.BoolNoIntrinsics("UseAliasAsEventTarget"),
    ];

    private JsonObject _properties = [];
    private int _substitutionCounter = 1;

    private JsonNode? P(string name) => _properties.TryGetPropertyValue(name, out var v) ? v : null;

    public List<CfnResource> Translate()
    {
        if (!FunctionTranslator.ValidLogicalId().IsMatch(logicalId))
        {
            throw new InvalidResourceError(logicalId, "Logical ids must be alphanumeric.");
        }

        _properties = Translator.PropertiesOf(resource);
        ResourcePolicies.ExpandTemplates(logicalId, _properties);
        PropertySpec.ValidateAll(logicalId, Type, _properties, Specs);
        var attributes = new JsonObject();
        foreach (var name in CfnResource.SupportedAttributes)
        {
            if (resource.TryGetPropertyValue(name, out var value))
            {
                attributes[name] = value?.DeepClone();
            }
        }

        var events = ReadEvents();
        var stateMachine = new CfnResource(logicalId, "AWS::StepFunctions::StateMachine") { IsAlias = true }.WithAttributes(attributes);
        stateMachine.DependsOn = resource["DependsOn"]?.DeepClone();
        var passThrough = stateMachine.PassThrough();
        var resources = new List<CfnResource> { stateMachine };
        if (Json.Truthy(P("DefinitionSubstitutions")))
        {
            stateMachine["DefinitionSubstitutions"] = P("DefinitionSubstitutions");
        }

        var definition = P("Definition");
        var definitionUri = P("DefinitionUri");
        if (Json.Truthy(definition) && Json.Truthy(definitionUri))
        {
            throw new InvalidResourceError(logicalId, "Specify either 'Definition' or 'DefinitionUri' property and not both.");
        }

        if (Json.Truthy(definition))
        {
            var processed = definition!.DeepClone();
            var substitutions = ReplaceDynamicValues(processed);
            if (substitutions.Count > 0)
            {
                if (stateMachine["DefinitionSubstitutions"] is not JsonObject existing)
                {
                    existing = [];
                    stateMachine["DefinitionSubstitutions"] = existing;
                }

                foreach (var (key, value) in substitutions)
                {
                    existing[key] = value?.DeepClone();
                }
            }

            stateMachine["DefinitionString"] = Json.Obj(("Fn::Join", Json.Array("\n", new JsonArray([.. PrettyJson(processed).Split('\n').Select(l => (JsonNode)JsonValue.Create(l))]))));
        }
        else if (Json.Truthy(definitionUri))
        {
            stateMachine["DefinitionS3Location"] = DefinitionS3Location(definitionUri!);
        }
        else
        {
            throw new InvalidResourceError(logicalId, "Either 'Definition' or 'DefinitionUri' property must be specified.");
        }

        if (Json.Truthy(P("Role")) && Json.Truthy(P("Policies")))
        {
            throw new InvalidResourceError(logicalId, "Specify either 'Role' or 'Policies' (but not both at the same time) or neither of them");
        }

        if (Json.Truthy(P("Role")))
        {
            stateMachine["RoleArn"] = P("Role");
        }
        else
        {
            var role = ConstructRole(passThrough);
            stateMachine["RoleArn"] = role.RuntimeArn();
            resources.Add(role);
        }

        stateMachine["StateMachineName"] = P("Name");
        stateMachine["StateMachineType"] = P("Type");
        stateMachine["LoggingConfiguration"] = P("Logging");
        stateMachine["TracingConfiguration"] = P("Tracing");
        stateMachine["Tags"] = TagList();

        CfnResource? alias = null;
        var autoPublishAlias = P("AutoPublishAlias");
        if (!Json.Truthy(autoPublishAlias) && Json.Truthy(P("UseAliasAsEventTarget")))
        {
            throw new InvalidResourceError(logicalId, "'UseAliasAsEventTarget' requires 'AutoPublishAlias' property to be specified.");
        }

        if (!Json.Truthy(autoPublishAlias) && Json.Truthy(P("DeploymentPreference")))
        {
            throw new InvalidResourceError(logicalId, "'DeploymentPreference' requires 'AutoPublishAlias' property to be specified.");
        }

        if (Json.Truthy(autoPublishAlias))
        {
            var versionAttributes = (JsonObject)passThrough.DeepClone();
            versionAttributes.TryAdd("DeletionPolicy", "Retain");
            versionAttributes.TryAdd("UpdateReplacePolicy", "Retain");
            var version = new CfnResource(logicalId + "Version", "AWS::StepFunctions::StateMachineVersion").WithAttributes(versionAttributes);
            version["StateMachineArn"] = stateMachine.RuntimeArn();
            version["StateMachineRevisionId"] = Intrinsics.GetAtt(logicalId, "StateMachineRevisionId");
            alias = new CfnResource(logicalId + "Alias" + Json.PyStr(autoPublishAlias), "AWS::StepFunctions::StateMachineAlias") { IsAlias = true }
                .WithAttributes(passThrough);
            alias["Name"] = autoPublishAlias;
            var preference = Json.Truthy(P("DeploymentPreference"))
                ? (JsonObject)Expect.Map(P("DeploymentPreference"), logicalId, "DeploymentPreference").DeepClone()
                : Json.Obj(("Type", "ALL_AT_ONCE"));
            preference["StateMachineVersionArn"] = version.RuntimeRef();
            alias["DeploymentPreference"] = preference;
            resources.Add(version);
            resources.Add(alias);
        }

        var target = Json.IsTrue(P("UseAliasAsEventTarget")) ? alias ?? stateMachine : stateMachine;
        foreach (var source in events)
        {
            resources.AddRange(source.ToCloudFormation(target, P("PermissionsBoundary")));
        }

        if (Json.IsTrue(P("PropagateTags")) && P("Tags") is JsonObject tags && tags.Count > 0)
        {
            foreach (var r in resources.Where(r => r.Type is "AWS::StepFunctions::StateMachine" or "AWS::IAM::Role" or "AWS::SQS::Queue"))
            {
                r["Tags"] = Tags.List(tags);
            }
        }

        return resources;
    }

    private List<SfnEventSource> ReadEvents()
    {
        var sources = new List<SfnEventSource>();
        if (P("Events") is not JsonObject events || events.Count == 0)
        {
            return sources;
        }

        foreach (var (eventId, node) in events)
        {
            var eventDict = node as JsonObject;
            var type = Json.Str(eventDict?["Type"]);
            if (eventDict is null || type is null || !EventTypes.Contains(type))
            {
                throw new InvalidResourceError(logicalId,
                    $"Event with id [{eventId}] is invalid. Resource dict has missing or invalid value for key Type. Event Type is: {Json.PyStr(eventDict?["Type"])}.");
            }

            if (type == "Api")
            {
                throw new InvalidResourceError(logicalId,
                    $"Event with id [{eventId}] is invalid. Event type 'Api' is not supported by this SAM transform (AWS::Serverless::StateMachine {logicalId}, Resources.{logicalId}.Properties.Events.{eventId}.Type).");
            }

            sources.Add(SfnEventSource.Create(translator, logicalId, eventId, type, eventDict));
        }

        return sources;
    }

    private CfnResource ConstructRole(JsonObject passThrough)
    {
        var role = new CfnResource(logicalId + "Role", "AWS::IAM::Role").WithAttributes(passThrough);
        role["AssumeRolePolicyDocument"] = FunctionTranslator.AssumeRolePolicy("states.amazonaws.com");
        var policies = ResourcePolicies.Entries(P("Policies")).Select(p => p?.DeepClone()).ToList();
        if (P("Tracing") is JsonObject tracing && Json.IsTrue(tracing["Enabled"]))
        {
            policies.Add(translator.Partition == "aws" ? "AWSXrayWriteOnlyAccess" : "AWSXRayDaemonWriteAccess");
        }

        var managed = new JsonArray();
        var documents = new JsonArray();
        RoleBuilder.AddPolicies(translator, role, logicalId, new JsonArray([.. policies]), managed, documents);
        role["ManagedPolicyArns"] = managed;
        role["Policies"] = documents.Count > 0 ? documents : null;
        role["Path"] = P("RolePath");
        role["PermissionsBoundary"] = P("PermissionsBoundary");
        role["Tags"] = TagList();
        return role;
    }

    private JsonArray TagList()
    {
        var list = new JsonArray(Json.Obj(("Key", "stateMachine:createdBy"), ("Value", "SAM")));
        foreach (var tag in Tags.List(P("Tags") as JsonObject))
        {
            list.Add(tag!.DeepClone());
        }

        return list;
    }

    private JsonObject DefinitionS3Location(JsonNode uri)
    {
        JsonNode? bucket;
        JsonNode? key;
        JsonNode? version = null;
        if (uri is JsonObject o)
        {
            if (!Json.Truthy(o["Bucket"]) || !Json.Truthy(o["Key"]))
            {
                throw new InvalidResourceError(logicalId, "'DefinitionUri' requires Bucket and Key properties to be specified.");
            }

            bucket = o["Bucket"];
            key = o["Key"];
            if (o.TryGetPropertyValue("Version", out var v))
            {
                version = v;
                return Json.Obj(("Bucket", bucket?.DeepClone()), ("Key", key?.DeepClone()), ("Version", version?.DeepClone()));
            }
        }
        else
        {
            var pointer = (Json.Str(uri) is { } text ? S3Uri.Parse(text) : null) ?? throw new InvalidResourceError(logicalId,
                "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.");
            bucket = pointer.Bucket;
            key = pointer.Key;
            version = pointer.Version;
        }

        var location = Json.Obj(("Bucket", bucket?.DeepClone()), ("Key", key?.DeepClone()));
        if (version is not null)
        {
            location["Version"] = version.DeepClone();
        }

        return location;
    }

    /// <summary>Intrinsics and dynamic references in the definition become <c>${definition_substitution_N}</c>, in sorted key order.</summary>
    private JsonObject ReplaceDynamicValues(JsonNode definition)
    {
        var substitutions = new JsonObject();
        foreach (var path in PathsToDynamicValues(definition, []))
        {
            JsonNode location = definition;
            foreach (var step in path[..^1])
            {
                location = step is int i ? location[i]! : location[(string)step]!;
            }

            var name = "definition_substitution_" + _substitutionCounter.ToString(CultureInfo.InvariantCulture);
            var placeholder = "${" + name + "}";
            _substitutionCounter++;
            var last = path[^1];
            if (last is int index)
            {
                substitutions[name] = location[index]?.DeepClone();
                ((JsonArray)location)[index] = placeholder;
            }
            else
            {
                substitutions[name] = location[(string)last]?.DeepClone();
                ((JsonObject)location)[(string)last] = placeholder;
            }
        }

        return substitutions;
    }

    private static List<object[]> PathsToDynamicValues(JsonNode? node, object[] path)
    {
        var result = new List<object[]>();
        IEnumerable<(object Key, JsonNode? Value)> items = node switch
        {
            JsonObject o => o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ((object)p.Key, p.Value)),
            JsonArray a => a.Select((v, i) => ((object)i, v)),
            _ => [],
        };
        foreach (var (key, value) in items)
        {
            if (Intrinsics.IsIntrinsic(value) || (Json.Str(value) is { } s && DynamicReference().IsMatch(s)))
            {
                result.Add([.. path, key]);
            }
            else if (value is JsonObject or JsonArray)
            {
                result.AddRange(PathsToDynamicValues(value, [.. path, key]));
            }
        }

        return result;
    }

    /// <summary>Python's <c>json.dumps(value, sort_keys=True, indent=4, separators=(",", ": "))</c>.</summary>
    private static string PrettyJson(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(node, sb, 0);
        return sb.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder sb, int depth)
    {
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                sb.Append("{\n");
                var members = o.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
                for (var i = 0; i < members.Count; i++)
                {
                    sb.Append(' ', (depth + 1) * 4).Append(Json.DumpsSorted(JsonValue.Create(members[i].Key))).Append(": ");
                    Write(members[i].Value, sb, depth + 1);
                    sb.Append(i < members.Count - 1 ? ",\n" : "\n");
                }

                sb.Append(' ', depth * 4).Append('}');
                break;
            case JsonArray a when a.Count > 0:
                sb.Append("[\n");
                for (var i = 0; i < a.Count; i++)
                {
                    sb.Append(' ', (depth + 1) * 4);
                    Write(a[i], sb, depth + 1);
                    sb.Append(i < a.Count - 1 ? ",\n" : "\n");
                }

                sb.Append(' ', depth * 4).Append(']');
                break;
            default:
                sb.Append(Json.DumpsSorted(node));
                break;
        }
    }

    [GeneratedRegex("^{{resolve:([a-z-]+):(.+)}}$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex DynamicReference();
}

/// <summary>A state machine's event: Schedule, CloudWatchEvent/EventBridgeRule (a rule with a role to start executions) or ScheduleV2.</summary>
internal sealed class SfnEventSource
{
    private readonly string _type;
    private readonly JsonObject _properties;
    private readonly EventSource? _scheduler;

    private SfnEventSource(string logicalId, string relativeId, string type, JsonObject properties, EventSource? scheduler)
    {
        LogicalId = logicalId;
        RelativeId = relativeId;
        _type = type;
        _properties = properties;
        _scheduler = scheduler;
    }

    public string LogicalId { get; }

    public string RelativeId { get; }

    private JsonNode? P(string name) => _properties.TryGetPropertyValue(name, out var v) ? v : null;

    public static SfnEventSource Create(Translator translator, string stateMachineId, string eventId, string type, JsonObject eventDict)
    {
        var logicalId = stateMachineId + eventId;
        if (eventDict.TryGetPropertyValue("Properties", out var p) && p is not JsonObject)
        {
            throw new InvalidResourceError(logicalId, "Properties of a resource must be an object.");
        }

        var properties = p as JsonObject ?? [];
        if (type == "ScheduleV2")
        {
            var scheduler = EventSource.Create(translator, stateMachineId, eventId, eventDict);
            return new SfnEventSource(logicalId, eventId, type, properties, scheduler);
        }

        PropertySpec[] specs = type == "Schedule"
            ?
            [
                PropertySpec.Str("Schedule", required: true), PropertySpec.Str("Input"), PropertySpec.Bool("Enabled"), PropertySpec.Str("State"),
                PropertySpec.Str("Name"), PropertySpec.Str("Description"), PropertySpec.Dict("DeadLetterConfig"), PropertySpec.Dict("RetryPolicy"),
                new("Target", false, Json.IsDict, "map", false), new("RoleArn", false, Json.IsStr, "string", false),
            ]
            :
            [
                PropertySpec.Str("EventBusName"), PropertySpec.Str("RuleName"), PropertySpec.Dict("Pattern"), PropertySpec.Str("Input"),
                PropertySpec.Str("InputPath"), PropertySpec.Dict("DeadLetterConfig"), PropertySpec.Dict("RetryPolicy"), PropertySpec.Str("State"),
                new("Target", false, Json.IsDict, "map", false), PropertySpec.Dict("InputTransformer"),
            ];
        PropertySpec.ValidateAll(logicalId, type, properties, specs);
        return new SfnEventSource(logicalId, eventId, type, properties, null);
    }

    public IEnumerable<CfnResource> ToCloudFormation(CfnResource target, JsonNode? permissionsBoundary)
    {
        if (_scheduler is not null)
        {
            return _scheduler.ToCloudFormation(target, target);
        }

        var attributes = target.PassThrough();
        var rule = new CfnResource(LogicalId, "AWS::Events::Rule").WithAttributes(attributes);
        var resources = new List<CfnResource> { rule };
        JsonNode roleArn;
        if (_type == "Schedule")
        {
            rule["ScheduleExpression"] = P("Schedule");
            if (Json.Truthy(P("State")) && P("Enabled") is not null)
            {
                throw new InvalidEventError(RelativeId, "State and Enabled Properties cannot both be specified.");
            }

            if (Json.Truthy(P("State")))
            {
                rule["State"] = P("State");
            }

            if (P("Enabled") is { } enabled)
            {
                rule["State"] = Json.Truthy(enabled) ? "ENABLED" : "DISABLED";
            }

            rule["Name"] = P("Name");
            rule["Description"] = P("Description");
            if (P("RoleArn") is { } given)
            {
                roleArn = given.DeepClone();
            }
            else
            {
                var role = Role(target, permissionsBoundary);
                resources.Add(role);
                roleArn = role.RuntimeArn();
            }
        }
        else
        {
            rule["EventBusName"] = P("EventBusName");
            rule["EventPattern"] = P("Pattern");
            rule["Name"] = P("RuleName");
            if (Json.Truthy(P("State")))
            {
                rule["State"] = P("State");
            }

            var role = Role(target, permissionsBoundary);
            resources.Add(role);
            roleArn = role.RuntimeArn();
        }

        JsonNode? dlqArn = null;
        if (P("DeadLetterConfig") is JsonObject dlq)
        {
            var (arn, dlqResources) = DeadLetterQueue(dlq, attributes, rule.RuntimeArn());
            dlqArn = arn;
            resources.AddRange(dlqResources);
        }

        var targetDefinition = new JsonObject
        {
            ["Arn"] = target.RuntimeArn(),
            ["Id"] = P("Target") is JsonObject t && t.ContainsKey("Id") ? t["Id"]?.DeepClone() : TargetId(LogicalId, "StepFunctionsTarget"),
            ["RoleArn"] = roleArn,
        };
        foreach (var name in _type == "Schedule" ? new[] { "Input" } : ["Input", "InputPath"])
        {
            if (P(name) is { } value)
            {
                targetDefinition[name] = value.DeepClone();
            }
        }

        if (P("DeadLetterConfig") is not null)
        {
            targetDefinition["DeadLetterConfig"] = Json.Obj(("Arn", dlqArn?.DeepClone()));
        }

        if (P("RetryPolicy") is { } retry)
        {
            targetDefinition["RetryPolicy"] = retry.DeepClone();
        }

        if (_type != "Schedule" && P("InputTransformer") is { } transformer)
        {
            targetDefinition["InputTransformer"] = transformer.DeepClone();
        }

        rule["Targets"] = Json.Array(targetDefinition);
        return resources;
    }

    private CfnResource Role(CfnResource target, JsonNode? permissionsBoundary)
    {
        var roleId = LogicalId + "Role";
        var role = new CfnResource(roleId, "AWS::IAM::Role").WithAttributes(target.PassThrough());
        role["AssumeRolePolicyDocument"] = FunctionTranslator.AssumeRolePolicy("events.amazonaws.com");
        role["Policies"] = Json.Array(RolePolicies.StartExecution(target.RuntimeArn(), roleId));
        if (Json.Truthy(permissionsBoundary))
        {
            role["PermissionsBoundary"] = permissionsBoundary;
        }

        return role;
    }

    private static string TargetId(string logicalId, string suffix) =>
        logicalId.Length + suffix.Length <= 64 ? logicalId + suffix : logicalId[..(64 - suffix.Length)] + suffix;

    private (JsonNode Arn, List<CfnResource> Resources) DeadLetterQueue(JsonObject config, JsonObject attributes, JsonNode ruleArn)
    {
        var hasArn = config.ContainsKey("Arn");
        var hasType = config.ContainsKey("Type");
        if (hasArn && hasType)
        {
            throw new InvalidEventError(LogicalId, "You can either define 'Arn' or 'Type' property of DeadLetterConfig.");
        }

        if (hasType && Json.Str(config["Type"]) != "SQS")
        {
            throw new InvalidEventError(LogicalId, "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.");
        }

        if (!hasArn && !hasType)
        {
            throw new InvalidEventError(LogicalId, "No 'Arn' or 'Type' property provided for DeadLetterConfig.");
        }

        if (config["Arn"] is { } arn)
        {
            return (arn.DeepClone(), []);
        }

        var queueLogicalId = config["QueueLogicalId"];
        if (queueLogicalId is not null && !Json.IsStr(queueLogicalId))
        {
            throw new InvalidEventError(LogicalId, "QueueLogicalId must be a string");
        }

        var queue = new CfnResource(Json.Str(queueLogicalId) is { Length: > 0 } q ? q : LogicalId + "Queue", "AWS::SQS::Queue").WithAttributes(attributes);
        var policy = new CfnResource(LogicalId + "QueuePolicy", "AWS::SQS::QueuePolicy").WithAttributes(attributes);
        policy["PolicyDocument"] = Json.Obj(
            ("Version", "2012-10-17"),
            ("Statement", Json.Array(Json.Obj(
                ("Action", "sqs:SendMessage"),
                ("Effect", "Allow"),
                ("Principal", Json.Obj(("Service", "events.amazonaws.com"))),
                ("Resource", queue.RuntimeArn()),
                ("Condition", Json.Obj(("ArnEquals", Json.Obj(("aws:SourceArn", ruleArn.DeepClone())))))))));
        policy["Queues"] = Json.Array(queue.RuntimeRef());
        return (queue.RuntimeArn(), [queue, policy]);
    }
}
