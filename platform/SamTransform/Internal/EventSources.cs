using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SamTransform.Internal;

/// <summary>An event source of a function (SAM's push and pull event sources and ScheduleV2).</summary>
internal abstract partial class EventSource
{
    private static readonly string[] KnownTypes =
    [
        "Kinesis", "DynamoDB", "SQS", "MSK", "MQ", "SelfManagedKafka", "DocumentDB", "Schedule", "CloudWatchEvent",
        "EventBridgeRule", "S3", "SNS", "Api", "AlexaSkill", "IoTRule", "Cognito", "HttpApi", "CloudWatchLogs", "ScheduleV2",
    ];

    protected EventSource(Translator translator, string functionId, string eventId, JsonObject properties)
    {
        Translator = translator;
        FunctionId = functionId;
        RelativeId = eventId;
        LogicalId = functionId + eventId;
        Properties = properties;
    }

    protected Translator Translator { get; }

    protected string FunctionId { get; }

    /// <summary>The event's own id (its key under Events).</summary>
    public string RelativeId { get; }

    /// <summary>Function id + event id: the logical id of the main generated resource.</summary>
    public string LogicalId { get; }

    protected JsonObject Properties { get; }

    /// <summary>SAM evaluates events sorted by their Path (HttpApi) or else their id.</summary>
    public virtual string SortKey => RelativeId;

    protected JsonNode? P(string name) => Properties.TryGetPropertyValue(name, out var v) ? v : null;

    public abstract IEnumerable<CfnResource> ToCloudFormation(CfnResource function, CfnResource role);

    public static EventSource Create(Translator translator, string functionId, string eventId, JsonNode? node)
    {
        if (node is not JsonObject eventDict)
        {
            throw new InvalidEventError(eventId, $"'{Json.PyTypeName(node)}' object has no attribute 'get'");
        }

        var type = Json.Str(eventDict["Type"]);
        if (type is null || !KnownTypes.Contains(type))
        {
            throw new InvalidEventError(eventId,
                $"Resource dict has missing or invalid value for key Type. Event Type is: {Json.PyStr(eventDict["Type"])}.");
        }

        var logicalId = functionId + eventId;
        if (!FunctionTranslator.ValidLogicalId().IsMatch(logicalId))
        {
            throw new InvalidResourceError(logicalId, "Logical ids must be alphanumeric.");
        }

        if (eventDict.TryGetPropertyValue("Properties", out var p) && p is not JsonObject)
        {
            throw new InvalidResourceError(logicalId, "Properties of a resource must be an object.");
        }

        if (p is not JsonObject properties)
        {
            properties = [];
        }

        EventSource source = type switch
        {
            "CloudWatchEvent" or "EventBridgeRule" => new EventRuleSource(translator, functionId, eventId, properties),
            "Schedule" => new ScheduleSource(translator, functionId, eventId, properties),
            "ScheduleV2" => new SchedulerSource(translator, functionId, eventId, properties),
            "SQS" or "DynamoDB" or "Kinesis" or "MSK" or "SelfManagedKafka" or "MQ" or "DocumentDB" => new PullSource(translator, functionId, eventId, properties, type),
            "HttpApi" => new HttpApiSource(translator, functionId, eventId, properties),
            "SNS" => new SnsSource(translator, functionId, eventId, properties),
            "S3" => new S3Source(translator, functionId, eventId, properties),
            "Cognito" => new CognitoSource(translator, functionId, eventId, properties),
            "AlexaSkill" or "IoTRule" or "CloudWatchLogs" => new SimplePushSource(translator, functionId, eventId, properties, type),
            _ => throw new InvalidEventError(eventId,
                $"Event type '{type}' is not supported by this SAM transform (AWS::Serverless::Function {functionId}, Resources.{functionId}.Properties.Events.{eventId}.Type). Supported: EventBridgeRule, CloudWatchEvent, Schedule, ScheduleV2, SQS, DynamoDB, Kinesis, MSK, SelfManagedKafka, MQ, DocumentDB, SNS, S3, Cognito, AlexaSkill, IoTRule, CloudWatchLogs, HttpApi."),
        };
        PropertySpec.ValidateAll(logicalId, type, properties, source.Specs);
        source.Link();
        return source;
    }

    protected abstract IReadOnlyList<PropertySpec> Specs { get; }

    /// <summary>SAM's <c>resources_to_link</c>: what the event needs from other resources, read before any is translated.</summary>
    protected virtual void Link()
    {
    }

    protected CfnResource Permission(CfnResource function, string principal, JsonNode sourceArn)
    {
        var permission = new CfnResource(LogicalId + "Permission", "AWS::Lambda::Permission").WithAttributes(function.PassThrough());
        permission["Action"] = "lambda:InvokeFunction";
        permission["FunctionName"] = function.RuntimeRef();
        permission["Principal"] = principal;
        permission["SourceArn"] = sourceArn;
        return permission;
    }

    /// <summary>EventBridge target ids are at most 64 characters: SAM truncates the id and keeps the suffix.</summary>
    protected static string TargetId(string logicalId, string suffix) =>
        logicalId.Length + suffix.Length <= 64 ? logicalId + suffix : logicalId[..(64 - suffix.Length)] + suffix;

    protected static void ValidateDeadLetterConfig(string logicalId, JsonObject config)
    {
        var hasArn = config.ContainsKey("Arn");
        var hasType = config.ContainsKey("Type");
        if (hasArn && hasType)
        {
            throw new InvalidEventError(logicalId, "You can either define 'Arn' or 'Type' property of DeadLetterConfig.");
        }

        if (hasType && Json.Str(config["Type"]) != "SQS")
        {
            throw new InvalidEventError(logicalId, "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.");
        }

        if (!hasArn && !hasType)
        {
            throw new InvalidEventError(logicalId, "No 'Arn' or 'Type' property provided for DeadLetterConfig.");
        }
    }

    /// <summary>The dead-letter queue ARN, creating the queue (and, for rules, its policy) when only <c>Type: SQS</c> is given.</summary>
    protected (JsonNode Arn, List<CfnResource> Resources) DeadLetterQueue(JsonObject config, JsonObject attributes, JsonNode? ruleArn)
    {
        if (config["Arn"] is { } arn)
        {
            return (arn.DeepClone(), []);
        }

        var queueLogicalId = config["QueueLogicalId"];
        if (queueLogicalId is not null && !Json.IsStr(queueLogicalId))
        {
            throw new InvalidEventError(LogicalId, "QueueLogicalId must be a string");
        }

        var queueId = Json.Str(queueLogicalId) is { Length: > 0 } q ? q : LogicalId + "Queue";
        var queue = new CfnResource(queueId, "AWS::SQS::Queue").WithAttributes(attributes);
        var resources = new List<CfnResource> { queue };
        if (ruleArn is not null)
        {
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
            resources.Add(policy);
        }

        return (queue.RuntimeArn(), resources);
    }

    /// <summary>A template resource an event modifies (S3 bucket, Cognito user pool), emitted again as SAM's <c>from_dict</c> reads it.</summary>
    protected static CfnResource ReEmit(string logicalId, JsonObject source, string type, string[] allowedProperties)
    {
        if (Json.Str(source["Type"]) != type)
        {
            throw new InvalidResourceError(logicalId, $"Resource has incorrect Type; expected '{type}', got '{Json.PyStr(source["Type"])}'");
        }

        var resource = new CfnResource(logicalId, type);
        if (source["Properties"] is JsonObject properties)
        {
            foreach (var (name, value) in properties)
            {
                if (!allowedProperties.Contains(name))
                {
                    throw new InvalidResourceError(logicalId, $"property {name} not defined for resource of type {type}");
                }

                resource[name] = value;
            }
        }

        resource.DependsOn = source["DependsOn"]?.DeepClone();
        foreach (var attribute in CfnResource.SupportedAttributes)
        {
            if (source.TryGetPropertyValue(attribute, out var value))
            {
                resource.Attributes[attribute] = value?.DeepClone();
            }
        }

        return resource;
    }

    [GeneratedRegex("{(.*?)}", RegexOptions.CultureInvariant)]
    protected static partial Regex PathParameter();
}

/// <summary>EventBridgeRule and CloudWatchEvent: an AWS::Events::Rule targeting the function, and its permission.</summary>
internal sealed class EventRuleSource(Translator translator, string functionId, string eventId, JsonObject properties)
    : EventSource(translator, functionId, eventId, properties)
{
    private static readonly PropertySpec[] RuleSpecs =
    [
        PropertySpec.Str("EventBusName"), PropertySpec.Str("RuleName"), PropertySpec.Dict("Pattern"),
        PropertySpec.Dict("DeadLetterConfig"), PropertySpec.Dict("RetryPolicy"), PropertySpec.Str("Input"),
        PropertySpec.Str("InputPath"), PropertySpec.Dict("Target"), PropertySpec.Bool("Enabled"), PropertySpec.Str("State"),
        PropertySpec.Dict("InputTransformer"),
    ];

    protected override IReadOnlyList<PropertySpec> Specs => RuleSpecs;

    public override IEnumerable<CfnResource> ToCloudFormation(CfnResource function, CfnResource role)
    {
        var resources = new List<CfnResource>();
        var attributes = function.PassThrough();
        var rule = new CfnResource(LogicalId, "AWS::Events::Rule").WithAttributes(attributes);
        rule["EventBusName"] = P("EventBusName");
        rule["EventPattern"] = P("Pattern");
        rule["Name"] = P("RuleName");
        var sourceArn = rule.RuntimeArn();

        JsonNode? dlqArn = null;
        if (P("DeadLetterConfig") is JsonObject dlq)
        {
            ValidateDeadLetterConfig(LogicalId, dlq);
            var (arn, dlqResources) = DeadLetterQueue(dlq, attributes, sourceArn);
            dlqArn = arn;
            resources.AddRange(dlqResources);
        }

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

        var target = new JsonObject
        {
            ["Arn"] = function.RuntimeArn(),
            ["Id"] = P("Target") is JsonObject t && t.ContainsKey("Id") ? t["Id"]?.DeepClone() : TargetId(LogicalId, "LambdaTarget"),
        };
        CopyIfPresent(target, "Input");
        CopyIfPresent(target, "InputPath");
        if (P("DeadLetterConfig") is not null)
        {
            target["DeadLetterConfig"] = Json.Obj(("Arn", dlqArn?.DeepClone()));
        }

        CopyIfPresent(target, "RetryPolicy");
        CopyIfPresent(target, "InputTransformer");
        rule["Targets"] = Json.Array(target);
        resources.Add(rule);
        resources.Add(Permission(function, "events.amazonaws.com", sourceArn));
        return resources;
    }

    private void CopyIfPresent(JsonObject target, string name)
    {
        if (P(name) is { } value)
        {
            target[name] = value.DeepClone();
        }
    }
}

/// <summary>Schedule: an AWS::Events::Rule with a schedule expression.</summary>
internal sealed class ScheduleSource(Translator translator, string functionId, string eventId, JsonObject properties)
    : EventSource(translator, functionId, eventId, properties)
{
    private static readonly PropertySpec[] ScheduleSpecs =
    [
        PropertySpec.Str("Schedule", required: true), PropertySpec.Str("RuleName"), PropertySpec.Str("Input"),
        PropertySpec.Bool("Enabled"), PropertySpec.Str("State"), PropertySpec.Str("Name"), PropertySpec.Str("Description"),
        PropertySpec.Dict("DeadLetterConfig"), PropertySpec.Dict("RetryPolicy"),
    ];

    protected override IReadOnlyList<PropertySpec> Specs => ScheduleSpecs;

    public override IEnumerable<CfnResource> ToCloudFormation(CfnResource function, CfnResource role)
    {
        var attributes = function.PassThrough();
        var rule = new CfnResource(LogicalId, "AWS::Events::Rule").WithAttributes(attributes);
        var resources = new List<CfnResource> { rule };
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
        var sourceArn = rule.RuntimeArn();
        JsonNode? dlqArn = null;
        if (P("DeadLetterConfig") is JsonObject dlq)
        {
            ValidateDeadLetterConfig(LogicalId, dlq);
            var (arn, dlqResources) = DeadLetterQueue(dlq, attributes, sourceArn);
            dlqArn = arn;
            resources.AddRange(dlqResources);
        }

        var target = new JsonObject
        {
            ["Arn"] = function.RuntimeArn(),
            ["Id"] = TargetId(LogicalId, "LambdaTarget"),
        };
        if (P("Input") is { } input)
        {
            target["Input"] = input.DeepClone();
        }

        if (P("DeadLetterConfig") is not null)
        {
            target["DeadLetterConfig"] = Json.Obj(("Arn", dlqArn?.DeepClone()));
        }

        if (P("RetryPolicy") is { } retry)
        {
            target["RetryPolicy"] = retry.DeepClone();
        }

        rule["Targets"] = Json.Array(target);
        resources.Add(Permission(function, "events.amazonaws.com", sourceArn));
        return resources;
    }
}

/// <summary>ScheduleV2: an AWS::Scheduler::Schedule with its own execution role.</summary>
internal sealed class SchedulerSource(Translator translator, string functionId, string eventId, JsonObject properties)
    : EventSource(translator, functionId, eventId, properties)
{
    private static readonly PropertySpec[] SchedulerSpecs =
    [
        PropertySpec.Str("PermissionsBoundary"), PropertySpec.Str("ScheduleExpression", required: true),
        PropertySpec.Dict("FlexibleTimeWindow"), PropertySpec.Str("Name"), PropertySpec.Str("State"),
        PropertySpec.Str("Description"), PropertySpec.Str("StartDate"), PropertySpec.Str("EndDate"),
        PropertySpec.Str("ScheduleExpressionTimezone"), PropertySpec.Str("GroupName"), PropertySpec.Str("KmsKeyArn"),
        PropertySpec.Str("Input"), PropertySpec.Str("RoleArn"), PropertySpec.Dict("DeadLetterConfig"),
        PropertySpec.Dict("RetryPolicy"), PropertySpec.BoolNoIntrinsics("OmitName"),
    ];

    protected override IReadOnlyList<PropertySpec> Specs => SchedulerSpecs;

    public override IEnumerable<CfnResource> ToCloudFormation(CfnResource function, CfnResource role)
    {
        var attributes = function.PassThrough();
        var schedule = new CfnResource(LogicalId, "AWS::Scheduler::Schedule").WithAttributes(attributes);
        var resources = new List<CfnResource> { schedule };
        schedule["ScheduleExpression"] = P("ScheduleExpression");
        if (Json.Truthy(P("State")))
        {
            schedule["State"] = P("State");
        }

        if (Json.Truthy(P("OmitName")))
        {
            if (Json.Truthy(P("Name")))
            {
                throw new InvalidEventError(LogicalId, "Name cannot be set when OmitName is True");
            }
        }
        else
        {
            schedule["Name"] = Json.Truthy(P("Name")) ? P("Name") : JsonValue.Create(LogicalId);
        }

        schedule["Description"] = P("Description");
        schedule["FlexibleTimeWindow"] = Json.Truthy(P("FlexibleTimeWindow")) ? P("FlexibleTimeWindow") : Json.Obj(("Mode", "OFF"));
        foreach (var name in new[] { "StartDate", "EndDate", "ScheduleExpressionTimezone", "GroupName", "KmsKeyArn" })
        {
            schedule[name] = P(name);
        }

        JsonNode? dlqArn = null;
        if (P("DeadLetterConfig") is JsonObject dlq)
        {
            ValidateDeadLetterConfig(LogicalId, dlq);
            var (arn, dlqResources) = DeadLetterQueue(dlq, attributes, ruleArn: null);
            dlqArn = arn;
            resources.AddRange(dlqResources);
        }

        var roleArn = P("RoleArn");
        if (!Json.Truthy(roleArn))
        {
            var executionRole = new CfnResource(LogicalId + "Role", "AWS::IAM::Role").WithAttributes(attributes);
            executionRole["AssumeRolePolicyDocument"] = FunctionTranslator.AssumeRolePolicy("scheduler.amazonaws.com");
            var policies = new JsonArray(function.Type is "AWS::StepFunctions::StateMachine" or "AWS::StepFunctions::StateMachineAlias"
                ? RolePolicies.StartExecution(function.RuntimeArn(), LogicalId)
                : RolePolicies.InvokeFunction(function.RuntimeArn(), LogicalId));
            if (Json.Truthy(dlqArn))
            {
                policies.Add((JsonNode)RolePolicies.SqsSendMessage(dlqArn, LogicalId));
            }

            executionRole["Policies"] = policies;
            if (Json.Truthy(P("PermissionsBoundary")))
            {
                executionRole["PermissionsBoundary"] = P("PermissionsBoundary");
            }

            resources.Add(executionRole);
            roleArn = executionRole.RuntimeArn();
        }

        var target = new JsonObject
        {
            ["Arn"] = function.RuntimeArn(),
            ["RoleArn"] = roleArn?.DeepClone(),
        };
        if (P("Input") is { } input)
        {
            target["Input"] = input.DeepClone();
        }

        if (P("DeadLetterConfig") is not null)
        {
            target["DeadLetterConfig"] = Json.Obj(("Arn", dlqArn?.DeepClone()));
        }

        if (P("RetryPolicy") is { } retry)
        {
            target["RetryPolicy"] = retry.DeepClone();
        }

        schedule["Target"] = target;
        return resources;
    }
}

/// <summary>S3: a permission, and the function added to the bucket's notification configuration (the bucket is re-emitted).</summary>
internal sealed class S3Source(Translator translator, string functionId, string eventId, JsonObject properties)
    : EventSource(translator, functionId, eventId, properties)
{
    private static readonly string[] BucketProperties =
    [
        "AccessControl", "AccelerateConfiguration", "AnalyticsConfigurations", "BucketEncryption", "BucketName", "CorsConfiguration",
        "IntelligentTieringConfigurations", "InventoryConfigurations", "LifecycleConfiguration", "LoggingConfiguration",
        "MetricsConfigurations", "NotificationConfiguration", "ObjectLockConfiguration", "ObjectLockEnabled", "OwnershipControls",
        "PublicAccessBlockConfiguration", "ReplicationConfiguration", "Tags", "VersioningConfiguration", "WebsiteConfiguration",
    ];

    private static readonly PropertySpec[] S3Specs =
    [
        PropertySpec.Str("Bucket", required: true),
        new("Events", true, v => Json.IsStr(v) || PropertySpec.ListOf(v, Json.IsStr), null, false),
        PropertySpec.Of("Filter", PropertySpec.DictOfStrs),
    ];

    private JsonObject _bucket = [];
    private string _bucketId = "";

    protected override IReadOnlyList<PropertySpec> Specs => S3Specs;

    protected override void Link()
    {
        if (P("Bucket") is JsonObject b && b.TryGetPropertyValue("Ref", out var r))
        {
            var id = Json.Str(r) ?? throw new InvalidEventError(RelativeId, "'Ref' value in S3 events is not a valid string.");
            if (Translator.SamTemplate["Resources"]?[id] is JsonObject bucket)
            {
                _bucket = bucket;
                _bucketId = id;
                return;
            }
        }

        throw new InvalidEventError(RelativeId, "S3 events must reference an S3 bucket in the same template.");
    }

    public override IEnumerable<CfnResource> ToCloudFormation(CfnResource function, CfnResource role)
    {
        var permission = new CfnResource(LogicalId + "Permission", "AWS::Lambda::Permission").WithAttributes(function.PassThrough());
        permission["Action"] = "lambda:InvokeFunction";
        permission["FunctionName"] = function.RuntimeRef();
        permission["Principal"] = "s3.amazonaws.com";
        permission["SourceAccount"] = Intrinsics.Ref("AWS::AccountId");
        if (permission.Attributes["Condition"] is { } condition)
        {
            DependOnUsingTag(permission, condition);
        }
        else
        {
            DependOn(permission);
        }

        InjectNotification(function);
        return [permission, BucketResource()];
    }

    private void DependOn(CfnResource permission)
    {
        var dependsOn = _bucket.TryGetPropertyValue("DependsOn", out var given) ? given : new JsonArray();
        var list = Json.IsStr(dependsOn) ? [dependsOn!.GetValue<string>()]
            : dependsOn is JsonArray a && a.All(Json.IsStr) ? a.Select(x => x!.GetValue<string>()).ToList()
            : throw new InvalidResourceError(LogicalId, "Invalid type for field 'DependsOn'. Expected a string or list of strings.");
        if (!list.Contains(permission.LogicalId))
        {
            list.Add(permission.LogicalId);
        }

        _bucket["DependsOn"] = new JsonArray([.. list.Distinct().Select(x => (JsonNode)JsonValue.Create(x))]);
    }

    private void DependOnUsingTag(CfnResource permission, JsonNode condition)
    {
        if (_bucket["Properties"] is not JsonObject properties)
        {
            properties = [];
            _bucket["Properties"] = properties;
        }

        var tags = properties["Tags"] ?? new JsonArray();
        var list = Expect.List(tags, _bucketId, "Tags");
        var tag = Json.Obj(("Key", "sam:ConditionalDependsOn:" + permission.LogicalId),
            ("Value", Json.Obj(("Fn::If", Json.Array(condition.DeepClone(), Intrinsics.Ref(permission.LogicalId), "no dependency")))));
        properties["Tags"] = new JsonArray([.. list.Select(x => x?.DeepClone()), tag]);
    }

    private void InjectNotification(CfnResource function)
    {
        var events = P("Events") is JsonArray many ? many.Select(e => e!.GetValue<string>()).ToList() : [Json.Str(P("Events"))!];
        var mappings = new List<JsonNode>();
        foreach (var eventType in events)
        {
            JsonNode mapping = Json.Obj(("Function", function.RuntimeArn()));
            if (P("Filter") is { } filter)
            {
                mapping["Filter"] = filter.DeepClone();
            }

            mapping["Event"] = eventType;
            if (function.Attributes["Condition"] is { } condition)
            {
                mapping = Intrinsics.If(Json.Str(condition)!, mapping);
            }

            mappings.Add(mapping);
        }

        var properties = Expect.Map(_bucket["Properties"] ?? new JsonObject(), _bucketId, "", message: "Properties should be a map.");
        if (properties.Parent is null)
        {
            _bucket["Properties"] = properties;
        }

        if (properties["NotificationConfiguration"] is null)
        {
            properties["NotificationConfiguration"] = new JsonObject();
        }

        var notification = Expect.Map(properties["NotificationConfiguration"], _bucketId, "NotificationConfiguration");
        if (notification["LambdaConfigurations"] is null)
        {
            notification["LambdaConfigurations"] = new JsonArray();
        }

        if (notification["LambdaConfigurations"] is not JsonArray lambdaConfigurations)
        {
            throw new InvalidResourceError(_bucketId, "Invalid type for LambdaConfigurations. Must be a list.");
        }

        foreach (var mapping in mappings)
        {
            if (!Json.ListContains(lambdaConfigurations, mapping))
            {
                lambdaConfigurations.Add(mapping);
            }
        }
    }

    private CfnResource BucketResource() => ReEmit(_bucketId, _bucket, "AWS::S3::Bucket", BucketProperties);
}

/// <summary>AlexaSkill, IoTRule and CloudWatchLogs: a permission, plus the topic rule or subscription filter.</summary>
internal sealed class SimplePushSource(Translator translator, string functionId, string eventId, JsonObject properties, string type)
    : EventSource(translator, functionId, eventId, properties)
{
    protected override IReadOnlyList<PropertySpec> Specs { get; } = type switch
    {
        "AlexaSkill" => [PropertySpec.Str("SkillId")],
        "IoTRule" => [PropertySpec.Str("Sql", required: true), PropertySpec.Str("AwsIotSqlVersion")],
        _ => [PropertySpec.Str("LogGroupName", required: true), PropertySpec.Str("FilterPattern", required: true)],
    };

    public override IEnumerable<CfnResource> ToCloudFormation(CfnResource function, CfnResource role)
    {
        switch (type)
        {
            case "AlexaSkill":
                var alexa = BarePermission(function, "alexa-appkit.amazon.com");
                alexa["EventSourceToken"] = P("SkillId");
                return [alexa];
            case "IoTRule":
                var iot = BarePermission(function, "iot.amazonaws.com");
                iot["SourceArn"] = Intrinsics.Sub("arn:" + Translator.Partition + ":iot:${AWS::Region}:${AWS::AccountId}:rule/${RuleName}",
                    Json.Obj(("RuleName", Intrinsics.Ref(LogicalId))));
                iot["SourceAccount"] = Intrinsics.Sub("${AWS::AccountId}");
                var rule = new CfnResource(LogicalId, "AWS::IoT::TopicRule").WithAttributes(function.PassThrough());
                var payload = Json.Obj(
                    ("Sql", P("Sql")?.DeepClone()),
                    ("RuleDisabled", false),
                    ("Actions", Json.Array(Json.Obj(("Lambda", Json.Obj(("FunctionArn", function.RuntimeArn())))))));
                if (Json.Truthy(P("AwsIotSqlVersion")))
                {
                    payload["AwsIotSqlVersion"] = P("AwsIotSqlVersion")!.DeepClone();
                }

                rule["TopicRulePayload"] = payload;
                return [iot, rule];
            default:
                var logs = BarePermission(function, "logs.amazonaws.com");
                logs["SourceArn"] = Intrinsics.Sub("arn:" + Translator.Partition + ":logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*",
                    Json.Obj(("__LogGroupName__", P("LogGroupName")?.DeepClone())));
                var filter = new CfnResource(LogicalId, "AWS::Logs::SubscriptionFilter").WithAttributes(function.PassThrough());
                filter.DependsOn = Json.Array(logs.LogicalId);
                filter["LogGroupName"] = P("LogGroupName");
                filter["FilterPattern"] = P("FilterPattern");
                filter["DestinationArn"] = function.RuntimeArn();
                return [logs, filter];
        }
    }

    private CfnResource BarePermission(CfnResource function, string principal)
    {
        var permission = new CfnResource(LogicalId + "Permission", "AWS::Lambda::Permission").WithAttributes(function.PassThrough());
        permission["Action"] = "lambda:InvokeFunction";
        permission["FunctionName"] = function.RuntimeRef();
        permission["Principal"] = principal;
        return permission;
    }
}

/// <summary>Cognito: a permission, and the function set as the user pool's trigger(s) (the pool is re-emitted).</summary>
internal sealed class CognitoSource(Translator translator, string functionId, string eventId, JsonObject properties)
    : EventSource(translator, functionId, eventId, properties)
{
    private static readonly string[] UserPoolProperties =
    [
        "AccountRecoverySetting", "AdminCreateUserConfig", "AliasAttributes", "AutoVerifiedAttributes", "DeletionProtection",
        "DeviceConfiguration", "EmailAuthenticationMessage", "EmailAuthenticationSubject", "EmailConfiguration",
        "EmailVerificationMessage", "EmailVerificationSubject", "EnabledMfas", "LambdaConfig", "MfaConfiguration", "Policies",
        "Schema", "SmsAuthenticationMessage", "SmsConfiguration", "SmsVerificationMessage", "UserAttributeUpdateSettings",
        "UsernameAttributes", "UsernameConfiguration", "UserPoolAddOns", "UserPoolName", "UserPoolTags", "UserPoolTier",
        "VerificationMessageTemplate", "WebAuthnRelyingPartyID", "WebAuthnUserVerification",
    ];

    private static readonly PropertySpec[] CognitoSpecs =
    [
        PropertySpec.Str("UserPool", required: true),
        new("Trigger", true, v => Json.IsStr(v) || PropertySpec.ListOf(v, Json.IsStr), null, false),
    ];

    private JsonObject _pool = [];
    private string _poolId = "";

    protected override IReadOnlyList<PropertySpec> Specs => CognitoSpecs;

    protected override void Link()
    {
        if (P("UserPool") is JsonObject u && u.TryGetPropertyValue("Ref", out var r))
        {
            var id = Json.Str(r) ?? throw new InvalidEventError(LogicalId, "Ref in Userpool is not a string.");
            if (Translator.SamTemplate["Resources"]?[id] is JsonObject pool)
            {
                _pool = pool;
                _poolId = id;
                return;
            }
        }

        throw new InvalidEventError(RelativeId, "Cognito events must reference a Cognito UserPool in the same template.");
    }

    public override IEnumerable<CfnResource> ToCloudFormation(CfnResource function, CfnResource role)
    {
        var permission = new CfnResource(function.LogicalId + "CognitoPermission", "AWS::Lambda::Permission").WithAttributes(function.PassThrough());
        permission["Action"] = "lambda:InvokeFunction";
        permission["FunctionName"] = function.RuntimeRef();
        permission["Principal"] = "cognito-idp.amazonaws.com";
        permission["SourceArn"] = Intrinsics.GetAtt(_poolId, "Arn");

        var triggers = P("Trigger") is JsonArray many ? many.Select(t => t!.GetValue<string>()).ToList() : [Json.Str(P("Trigger"))!];
        if (_pool["Properties"] is not JsonObject properties)
        {
            properties = [];
            _pool["Properties"] = properties;
        }

        if (properties["LambdaConfig"] is null)
        {
            properties["LambdaConfig"] = new JsonObject();
        }

        var lambdaConfig = Expect.Map(properties["LambdaConfig"], _poolId, "LambdaConfig");
        foreach (var trigger in triggers)
        {
            if (lambdaConfig.ContainsKey(trigger))
            {
                throw new InvalidEventError(RelativeId, $"Cognito trigger \"{Json.PyStr(P("Trigger"))}\" defined multiple times.");
            }

            lambdaConfig[trigger] = function.RuntimeArn();
        }

        return [permission, ReEmit(_poolId, _pool, "AWS::Cognito::UserPool", UserPoolProperties)];
    }
}

/// <summary>SNS: a subscription of the function, or of a queue (created or given) that the function polls.</summary>
internal sealed class SnsSource(Translator translator, string functionId, string eventId, JsonObject properties)
    : EventSource(translator, functionId, eventId, properties)
{
    private static readonly PropertySpec[] SnsSpecs =
    [
        PropertySpec.Str("Topic", required: true), PropertySpec.Str("Region"), PropertySpec.Any("FilterPolicy"),
        PropertySpec.Any("FilterPolicyScope"), PropertySpec.Of("SqsSubscription", v => Json.IsBool(v) || Json.IsDict(v)),
        PropertySpec.Dict("RedrivePolicy"),
    ];

    protected override IReadOnlyList<PropertySpec> Specs => SnsSpecs;

    public override IEnumerable<CfnResource> ToCloudFormation(CfnResource function, CfnResource role)
    {
        var topic = P("Topic");
        var sqsSubscription = P("SqsSubscription");
        if (!Json.Truthy(sqsSubscription))
        {
            return [Permission(function, "sns.amazonaws.com", topic!.DeepClone()), Subscription("lambda", function.RuntimeArn(), function)];
        }

        if (Json.IsBool(sqsSubscription))
        {
            var queue = new CfnResource(LogicalId + "Queue", "AWS::SQS::Queue").WithAttributes(function.PassThrough());
            if (FifoTopic() is { } fifo && Json.Truthy(fifo))
            {
                queue["FifoQueue"] = fifo;
            }

            var policy = QueuePolicy(queue.RuntimeArn(), queue.RuntimeRef(), function, null);
            var subscription = Subscription("sqs", queue.RuntimeArn(), function);
            var mappings = QueueMapping(function, role, queue.RuntimeArn(), null);
            return [.. mappings, queue, policy, subscription];
        }

        var config = Expect.Map(sqsSubscription, RelativeId, "SqsSubscription", isEvent: true);
        var queueArn = config["QueueArn"];
        var queueUrl = config["QueueUrl"];
        if (!Json.Truthy(queueArn) || !Json.Truthy(queueUrl))
        {
            throw new InvalidEventError(RelativeId, "No QueueARN or QueueURL provided.");
        }

        var givenPolicy = QueuePolicy(queueArn!, queueUrl!, function, Json.Str(config["QueuePolicyLogicalId"]));
        var givenSubscription = Subscription("sqs", queueArn!, function);
        return [.. QueueMapping(function, role, queueArn!, config["BatchSize"]), givenPolicy, givenSubscription];
    }

    private JsonNode? FifoTopic()
    {
        var topic = P("Topic");
        var topicId = topic is JsonObject o && o.Count == 1
            ? Json.Str(o["Ref"]) ?? (o["Fn::GetAtt"] is JsonArray g && g.Count > 0 ? Json.Str(g[0]) : null)
            : null;
        if (topicId is null || Translator.SamTemplate["Resources"]?[topicId]?["Properties"] is not JsonObject properties)
        {
            return null;
        }

        return Translator.Parameters.Resolve(properties["FifoTopic"]?.DeepClone());
    }

    private CfnResource Subscription(string protocol, JsonNode endpoint, CfnResource function)
    {
        var subscription = new CfnResource(LogicalId, "AWS::SNS::Subscription").WithAttributes(function.PassThrough());
        subscription["Protocol"] = protocol;
        subscription["Endpoint"] = endpoint.DeepClone();
        subscription["TopicArn"] = P("Topic");
        foreach (var name in new[] { "Region", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy" })
        {
            subscription[name] = P(name);
        }

        return subscription;
    }

    private CfnResource QueuePolicy(JsonNode queueArn, JsonNode queueUrl, CfnResource function, string? logicalId)
    {
        var policy = new CfnResource(logicalId ?? LogicalId + "QueuePolicy", "AWS::SQS::QueuePolicy").WithAttributes(function.PassThrough());
        policy["PolicyDocument"] = Json.Obj(
            ("Version", "2012-10-17"),
            ("Statement", Json.Array(Json.Obj(
                ("Action", "sqs:SendMessage"),
                ("Effect", "Allow"),
                ("Principal", "*"),
                ("Resource", queueArn.DeepClone()),
                ("Condition", Json.Obj(("ArnEquals", Json.Obj(("aws:SourceArn", P("Topic")?.DeepClone())))))))));
        policy["Queues"] = Json.Array(queueUrl.DeepClone());
        return policy;
    }

    private IEnumerable<CfnResource> QueueMapping(CfnResource function, CfnResource role, JsonNode queueArn, JsonNode? batchSize)
    {
        // SAM always enables the mapping, whatever SqsSubscription.Enabled says.
        var properties = Json.Obj(("Queue", queueArn.DeepClone()), ("BatchSize", Json.Truthy(batchSize) ? batchSize!.DeepClone() : JsonValue.Create(10)), ("Enabled", true));
        return new PullSource(Translator, FunctionId, RelativeId + "EventSourceMapping", properties, "SQS").ToCloudFormation(function, role);
    }
}

/// <summary>SQS and DynamoDB: an AWS::Lambda::EventSourceMapping, and the managed policy added to the generated role.</summary>
internal sealed class PullSource : EventSource
{
    private static readonly string[] FilteringTypes = ["DocumentDB", "DynamoDB", "Kinesis", "MQ", "MSK", "SelfManagedKafka", "SQS"];

    private readonly string _type;
    private readonly PropertySpec[] _specs;

    public PullSource(Translator translator, string functionId, string eventId, JsonObject properties, string type)
        : base(translator, functionId, eventId, properties)
    {
        _type = type;
        PropertySpec[] common =
        [
            PropertySpec.Int("BatchSize"), PropertySpec.Any("StartingPosition", required: type is "DynamoDB" or "Kinesis" or "MSK"), PropertySpec.Any("StartingPositionTimestamp"),
            PropertySpec.Bool("Enabled"), PropertySpec.Int("MaximumBatchingWindowInSeconds"), PropertySpec.Int("MaximumRetryAttempts"),
            PropertySpec.Bool("BisectBatchOnFunctionError"), PropertySpec.Int("MaximumRecordAgeInSeconds"),
            PropertySpec.Dict("DestinationConfig"), PropertySpec.Int("ParallelizationFactor"), PropertySpec.List("Topics"),
            PropertySpec.List("Queues"), PropertySpec.List("SourceAccessConfigurations"), PropertySpec.Str("SecretsManagerKmsKeyId"),
            PropertySpec.Int("TumblingWindowInSeconds"), PropertySpec.List("FunctionResponseTypes"), PropertySpec.List("KafkaBootstrapServers"),
            PropertySpec.Dict("FilterCriteria"), PropertySpec.Any("KmsKeyArn"), PropertySpec.Str("ConsumerGroupId"),
            PropertySpec.Dict("ScalingConfig"), PropertySpec.Dict("ProvisionedPollerConfig"), PropertySpec.Dict("SchemaRegistryConfig"),
            PropertySpec.Dict("MetricsConfig"), PropertySpec.Dict("LoggingConfig"),
        ];
        _specs = type switch
        {
            "SelfManagedKafka" => common,
            "MQ" => [.. common, PropertySpec.Any("Broker", required: true), PropertySpec.BoolNoIntrinsics("DynamicPolicyName")],
            "DocumentDB" =>
            [
                .. common, PropertySpec.Any("Cluster", required: true), PropertySpec.Any("DatabaseName", required: true),
                PropertySpec.Any("CollectionName"), PropertySpec.Any("FullDocument"),
            ],
            "SQS" => [.. common, PropertySpec.Any("Queue", required: true)],
            _ => [.. common, PropertySpec.Any("Stream", required: true)],
        };
    }

    protected override IReadOnlyList<PropertySpec> Specs => _specs;

    public override IEnumerable<CfnResource> ToCloudFormation(CfnResource function, CfnResource role)
    {
        var mapping = new CfnResource(LogicalId, "AWS::Lambda::EventSourceMapping").WithAttributes(function.PassThrough());
        mapping["FunctionName"] = function.RuntimeRef();
        mapping["EventSourceArn"] = _type switch
        {
            "SQS" => P("Queue"),
            "SelfManagedKafka" => null,
            "MQ" => P("Broker"),
            "DocumentDB" => P("Cluster"),
            _ => P("Stream"),
        };
        foreach (var name in new[]
        {
            "StartingPosition", "StartingPositionTimestamp", "BatchSize", "Enabled", "MaximumBatchingWindowInSeconds",
            "MaximumRetryAttempts", "BisectBatchOnFunctionError", "MaximumRecordAgeInSeconds", "ParallelizationFactor",
            "Topics", "Queues", "SourceAccessConfigurations", "TumblingWindowInSeconds", "FunctionResponseTypes",
            "FilterCriteria", "KmsKeyArn", "ScalingConfig", "ProvisionedPollerConfig", "MetricsConfig", "LoggingConfig",
        })
        {
            mapping[name] = P(name);
        }

        ValidateFilterCriteria();
        if (Json.Truthy(P("KafkaBootstrapServers")))
        {
            mapping["SelfManagedEventSource"] = Json.Obj(("Endpoints", Json.Obj(("KafkaBootstrapServers", P("KafkaBootstrapServers")!.DeepClone()))));
        }

        if (Json.Truthy(P("ConsumerGroupId")))
        {
            if (_type is not ("MSK" or "SelfManagedKafka"))
            {
                throw new InvalidEventError(LogicalId, $"Property ConsumerGroupId not defined for resource of type {_type}.");
            }

            mapping[_type == "MSK" ? "AmazonManagedKafkaEventSourceConfig" : "SelfManagedKafkaEventSourceConfig"] =
                Json.Obj(("ConsumerGroupId", P("ConsumerGroupId")!.DeepClone()));
        }

        if (Json.Truthy(P("SchemaRegistryConfig")))
        {
            throw new InvalidEventError(LogicalId,
                $"Property 'SchemaRegistryConfig' is not supported by this SAM transform (AWS::Serverless::Function {FunctionId}, Resources.{FunctionId}.Properties.Events.{RelativeId}.Properties.SchemaRegistryConfig).");
        }

        JsonObject? destinationPolicy = null;
        if (Json.Truthy(P("DestinationConfig")))
        {
            var destinationConfig = (JsonObject)P("DestinationConfig")!;
            var onFailure = Expect.Map(destinationConfig["OnFailure"], LogicalId, "DestinationConfig.OnFailure", isEvent: true);
            var destinationType = onFailure["Type"];
            if (Json.Truthy(destinationType))
            {
                onFailure.Remove("Type");
                var type = Json.Str(destinationType);
                if (type is not ("SQS" or "SNS" or "S3" or "Kafka"))
                {
                    throw new InvalidEventError(LogicalId, "The only valid values for 'Type' are 'SQS', 'SNS', 'S3', and 'Kafka'");
                }

                var destination = onFailure["Destination"];
                destinationPolicy = type switch
                {
                    "SQS" => RolePolicies.SqsSendMessage(destination, LogicalId),
                    "SNS" => RolePolicies.SnsPublish(destination, LogicalId),
                    "S3" => RolePolicies.S3SendEventPayload(destination, LogicalId),
                    _ => null,
                };
            }

            mapping["DestinationConfig"] = destinationConfig;
        }

        if (_type == "DocumentDB")
        {
            var config = Json.Obj(("DatabaseName", P("DatabaseName")?.DeepClone()));
            if (Json.Truthy(P("CollectionName")))
            {
                config["CollectionName"] = P("CollectionName")!.DeepClone();
            }

            if (Json.Truthy(P("FullDocument")))
            {
                config["FullDocument"] = P("FullDocument")!.DeepClone();
            }

            mapping["DocumentDBEventSourceConfig"] = config;
        }

        LinkPolicy(role, destinationPolicy);
        return [mapping];
    }

    private JsonObject DocumentDbPolicy()
    {
        var basicAuthUri = SourceAccessUri(["BASIC_AUTH"], "BASIC_AUTH");
        JsonObject Statement(string action, JsonNode? resource) => Json.Obj(("Action", Json.Array(action)), ("Effect", "Allow"), ("Resource", resource?.DeepClone()));
        var statements = Json.Array(
            Statement("secretsmanager:GetSecretValue", basicAuthUri),
            Statement("rds:DescribeDBClusterParameters", Intrinsics.Sub("arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-pg:*")),
            Statement("rds:DescribeDBSubnetGroups", Intrinsics.Sub("arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:subgrp:*")),
            Statement("rds:DescribeDBClusters", P("Cluster")),
            Json.Obj(
                ("Action", Json.Array("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                    "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups")),
                ("Effect", "Allow"),
                ("Resource", "*")));
        if (Json.Truthy(P("SecretsManagerKmsKeyId")))
        {
            var keyId = Expect.String(P("SecretsManagerKmsKeyId"), RelativeId, "SecretsManagerKmsKeyId", isEvent: true);
            statements.Add((JsonNode)Json.Obj(
                ("Action", Json.Array("kms:Decrypt")),
                ("Effect", "Allow"),
                ("Resource", Json.Obj(("Fn::Sub", "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/" + keyId)))));
        }

        return Json.Obj(("PolicyName", "SamAutoGeneratedDocumentDBPolicy"), ("PolicyDocument", Json.Obj(("Statement", statements))));
    }

    private JsonObject MqPolicy()
    {
        var basicAuthUri = SourceAccessUri(["BASIC_AUTH", "VIRTUAL_HOST"], "BASIC_AUTH");
        var statements = Json.Array(
            Json.Obj(("Action", Json.Array("secretsmanager:GetSecretValue")), ("Effect", "Allow"), ("Resource", basicAuthUri.DeepClone())),
            Json.Obj(("Action", Json.Array("mq:DescribeBroker")), ("Effect", "Allow"), ("Resource", P("Broker")?.DeepClone())));
        if (Json.Truthy(P("SecretsManagerKmsKeyId")))
        {
            var keyId = Expect.String(P("SecretsManagerKmsKeyId"), RelativeId, "SecretsManagerKmsKeyId", isEvent: true);
            statements.Add((JsonNode)Json.Obj(
                ("Action", "kms:Decrypt"),
                ("Effect", "Allow"),
                ("Resource", Json.Obj(("Fn::Sub", "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/" + keyId)))));
        }

        var name = Json.IsTrue(P("DynamicPolicyName")) ? LogicalId + "AMQPolicy" : "SamAutoGeneratedAMQPolicy";
        return Json.Obj(("PolicyName", name), ("PolicyDocument", Json.Obj(("Statement", statements))));
    }

    /// <summary>SAM's <c>_validate_source_access_configurations</c>: the URI of the one required entry.</summary>
    private JsonNode SourceAccessUri(string[] supported, string required)
    {
        if (!Json.Truthy(P("SourceAccessConfigurations")))
        {
            throw new InvalidEventError(RelativeId, $"No SourceAccessConfigurations for Amazon {_type} event provided.");
        }

        if (P("SourceAccessConfigurations") is not JsonArray configurations)
        {
            throw new InvalidEventError(RelativeId, "Provided SourceAccessConfigurations cannot be parsed into a list.");
        }

        JsonNode? uri = null;
        for (var index = 0; index < configurations.Count; index++)
        {
            var config = Expect.Map(configurations[index], RelativeId, $"SourceAccessConfigurations[{index}]", isEvent: true);
            var type = Expect.String(config["Type"], RelativeId, $"SourceAccessConfigurations[{index}].Type", isEvent: true);
            if (!supported.Contains(type))
            {
                throw new InvalidEventError(RelativeId,
                    $"Invalid property Type specified in SourceAccessConfigurations. The supported values are: {Json.PyListRepr(supported)}.");
            }

            if (type == required)
            {
                if (Json.Truthy(uri))
                {
                    throw new InvalidEventError(RelativeId, $"Multiple {required} properties specified in SourceAccessConfigurations.");
                }

                uri = config["URI"];
                if (!Json.Truthy(uri))
                {
                    throw new InvalidEventError(RelativeId, $"No {required} URI property specified in SourceAccessConfigurations.");
                }
            }
        }

        return Json.Truthy(uri) ? uri! : throw new InvalidEventError(RelativeId, $"No {required} property specified in SourceAccessConfigurations.");
    }

    private JsonObject SelfManagedKafkaPolicy()
    {
        if (!Json.Truthy(P("KafkaBootstrapServers")))
        {
            throw new InvalidEventError(RelativeId, "No KafkaBootstrapServers provided for self managed kafka as an event source");
        }

        if (!Json.Truthy(P("Topics")))
        {
            throw new InvalidEventError(RelativeId, "No Topics provided for self managed kafka as an event source");
        }

        if (Json.PyLen(P("Topics")) != 1)
        {
            throw new InvalidEventError(RelativeId, "Topics for self managed kafka only supports single configuration entry.");
        }

        if (!Json.Truthy(P("SourceAccessConfigurations")))
        {
            throw new InvalidEventError(RelativeId, "No SourceAccessConfigurations for self managed kafka event provided.");
        }

        string[] authMechanisms = ["SASL_SCRAM_256_AUTH", "SASL_SCRAM_512_AUTH", "BASIC_AUTH", "CLIENT_CERTIFICATE_TLS_AUTH"];
        JsonNode? authentication = null;
        JsonNode? rootCertificate = null;
        bool subnet = false, securityGroup = false;
        if (P("SourceAccessConfigurations") is not JsonArray configurations)
        {
            throw new InvalidEventError(RelativeId, "SourceAccessConfigurations for self managed kafka event should be a list.");
        }

        foreach (var item in configurations)
        {
            var config = Expect.Map(item, RelativeId, "SourceAccessConfigurations");
            var type = Json.Str(config["Type"]);
            if (type == "VPC_SUBNET")
            {
                ValidateKafkaUri(config["URI"], "VPC_SUBNET");
                subnet = true;
            }
            else if (type == "VPC_SECURITY_GROUP")
            {
                ValidateKafkaUri(config["URI"], "VPC_SECURITY_GROUP");
                securityGroup = true;
            }
            else if (type is not null && authMechanisms.Contains(type))
            {
                if (Json.Truthy(authentication))
                {
                    throw new InvalidEventError(RelativeId,
                        "Multiple auth mechanism properties specified in SourceAccessConfigurations for self managed kafka event.");
                }

                ValidateKafkaUri(config["URI"], "auth mechanism");
                authentication = config["URI"];
            }
            else if (type == "SERVER_ROOT_CA_CERTIFICATE")
            {
                ValidateKafkaUri(config["URI"], "SERVER_ROOT_CA_CERTIFICATE");
                rootCertificate = config["URI"];
            }
            else
            {
                throw new InvalidEventError(RelativeId, "Invalid SourceAccessConfigurations Type provided for self managed kafka event.");
            }
        }

        if (subnet != securityGroup)
        {
            throw new InvalidEventError(RelativeId,
                "VPC_SUBNET and VPC_SECURITY_GROUP in SourceAccessConfigurations for SelfManagedKafka must be both provided.");
        }

        var statements = new JsonArray();
        JsonObject Secret(JsonNode? uri) => Json.Obj(("Action", Json.Array("secretsmanager:GetSecretValue")), ("Effect", "Allow"), ("Resource", uri?.DeepClone()));
        if (Json.Truthy(authentication))
        {
            statements.Add((JsonNode)Secret(authentication));
        }

        if (Json.Truthy(rootCertificate))
        {
            // SAM grants the auth mechanism's secret here too, not the root CA certificate's.
            statements.Add((JsonNode)Secret(authentication));
        }

        if (subnet && securityGroup)
        {
            statements.Add((JsonNode)Json.Obj(
                ("Action", Json.Array("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                    "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups")),
                ("Effect", "Allow"),
                ("Resource", "*")));
        }

        if (Json.Truthy(P("SecretsManagerKmsKeyId")))
        {
            var keyId = Expect.String(P("SecretsManagerKmsKeyId"), RelativeId, "SecretsManagerKmsKeyId", isEvent: true);
            statements.Add((JsonNode)Json.Obj(
                ("Action", Json.Array("kms:Decrypt")),
                ("Effect", "Allow"),
                ("Resource", Json.Obj(("Fn::Sub", "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/" + keyId)))));
        }

        return Json.Obj(
            ("PolicyDocument", Json.Obj(("Statement", statements), ("Version", "2012-10-17"))),
            ("PolicyName", "SelfManagedKafkaExecutionRolePolicy"));
    }

    private void ValidateKafkaUri(JsonNode? uri, string what)
    {
        if (!Json.Truthy(uri))
        {
            throw new InvalidEventError(RelativeId, $"No {what} URI property specified in SourceAccessConfigurations for self managed kafka event.");
        }

        if (!Json.IsStr(uri) && !Intrinsics.IsIntrinsic(uri))
        {
            throw new InvalidEventError(RelativeId, $"Wrong Type for {what} URI property specified in SourceAccessConfigurations for self managed kafka event.");
        }
    }

    private JsonArray? MskStatements()
    {
        var statements = new JsonArray();
        if (P("SourceAccessConfigurations") is JsonArray configurations)
        {
            foreach (var configuration in configurations)
            {
                if (configuration is JsonObject c && Json.Str(c["Type"]) == "CLIENT_CERTIFICATE_TLS_AUTH" && Json.Truthy(c["URI"]))
                {
                    statements.Add((JsonNode)Json.Obj(
                        ("Action", Json.Array("secretsmanager:GetSecretValue")),
                        ("Effect", "Allow"),
                        ("Resource", c["URI"]!.DeepClone())));
                }
            }
        }

        return statements.Count > 0 ? statements : null;
    }

    private void ValidateFilterCriteria()
    {
        var filter = P("FilterCriteria");
        if (!Json.Truthy(filter) || Intrinsics.IsIntrinsic(filter))
        {
            return;
        }

        if (!FilteringTypes.Contains(_type))
        {
            throw new InvalidEventError(RelativeId, $"FilterCriteria is only available for {string.Join(", ", FilteringTypes)} events.");
        }

        var keys = ((JsonObject)filter!).Select(p => p.Key).ToList();
        if (!(keys.Count == 0 || (keys.Count == 1 && keys[0] == "Filters")))
        {
            throw new InvalidEventError(RelativeId, "FilterCriteria field has a wrong format");
        }
    }

    private void LinkPolicy(CfnResource role, JsonObject? destinationPolicy)
    {
        var policyName = _type switch
        {
            "SQS" => "service-role/AWSLambdaSQSQueueExecutionRole",
            "DynamoDB" => "service-role/AWSLambdaDynamoDBExecutionRole",
            "Kinesis" => "service-role/AWSLambdaKinesisExecutionRole",
            "MSK" => "service-role/AWSLambdaMSKExecutionRole",
            _ => null,
        };
        if (policyName is not null)
        {
            var policyArn = Translator.ManagedPolicyArn(policyName);
            if (role["ManagedPolicyArns"] is not JsonArray managed)
            {
                managed = [];
                role["ManagedPolicyArns"] = managed;
            }

            if (!Json.ListContains(managed, JsonValue.Create(policyArn)))
            {
                managed.Add((JsonNode)policyArn);
            }
        }

        var policy = _type switch
        {
            "MSK" => MskStatements() is { } statements
                ? Json.Obj(("PolicyName", "MSKExecutionRolePolicy"), ("PolicyDocument", Json.Obj(("Statement", statements))))
                : null,
            "SelfManagedKafka" => SelfManagedKafkaPolicy(),
            "MQ" => MqPolicy(),
            "DocumentDB" => DocumentDbPolicy(),
            _ => null,
        };
        if (policy is not null)
        {
            if (role["Policies"] is not JsonArray rolePolicies)
            {
                rolePolicies = [];
                role["Policies"] = rolePolicies;
            }

            if (!Json.ListContains(rolePolicies, policy) && !rolePolicies.Any(p => Json.PyEquals((p as JsonObject)?["PolicyDocument"], policy["PolicyDocument"])))
            {
                rolePolicies.Add((JsonNode)policy);
            }
        }

        if (destinationPolicy is null || destinationPolicy.Count == 0)
        {
            return;
        }

        if (role["Policies"] is not JsonArray policies)
        {
            role["Policies"] = Json.Array(destinationPolicy);
            return;
        }

        if (!Json.ListContains(policies, destinationPolicy)
            && !policies.Any(p => Json.PyEquals((p as JsonObject)?["PolicyDocument"] ?? new JsonObject(), destinationPolicy["PolicyDocument"])))
        {
            policies.Add((JsonNode)destinationPolicy);
        }
    }
}
