using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SamTransform.Internal;

/// <summary>AWS::Serverless::Function: the Lambda function, its generated role, event invoke config and event sources.</summary>
internal sealed partial class FunctionTranslator
{
    private const string Zip = "Zip";
    private const string Image = "Image";

    private static readonly PropertySpec[] Specs =
    [
        PropertySpec.Of("FunctionName", PropertySpec.StrOrDict),
        PropertySpec.Any("Handler"),
        PropertySpec.Any("Runtime"),
        PropertySpec.Any("CodeUri"),
        PropertySpec.Any("ImageUri"),
        PropertySpec.Any("PackageType"),
        PropertySpec.Any("InlineCode"),
        PropertySpec.Dict("DeadLetterQueue"),
        PropertySpec.Any("Description"),
        PropertySpec.Any("MemorySize"),
        PropertySpec.Any("Timeout"),
        PropertySpec.Any("VpcConfig"),
        PropertySpec.Str("Role"),
        PropertySpec.Dict("AssumeRolePolicyDocument"),
        PropertySpec.Of("Policies", v => PropertySpec.StrOrDict(v) || PropertySpec.ListOf(v, PropertySpec.StrOrDict)),
        PropertySpec.Any("RolePath"),
        PropertySpec.Str("PermissionsBoundary"),
        PropertySpec.Of("Environment", v => v is JsonObject o && o.All(p => p.Value is JsonObject)),
        PropertySpec.Of("Events", PropertySpec.DictOfDicts),
        PropertySpec.Dict("Tags"),
        PropertySpec.Bool("PropagateTags"),
        PropertySpec.Of("Tracing", PropertySpec.StrOrDict),
        PropertySpec.Any("KmsKeyArn"),
        PropertySpec.Dict("DeploymentPreference"),
        PropertySpec.Any("ReservedConcurrentExecutions"),
        PropertySpec.Of("Layers", v => PropertySpec.ListOf(v, PropertySpec.StrOrDict)),
        PropertySpec.Dict("EventInvokeConfig"),
        PropertySpec.Any("EphemeralStorage"),
        PropertySpec.Of("AutoPublishAlias", Json.IsStr),
        PropertySpec.Of("AutoPublishCodeSha256", Json.IsStr),
        new("AutoPublishAliasAllProperties", false, Json.IsBool, null, false),
        PropertySpec.Any("VersionDescription"),
        PropertySpec.Any("ProvisionedConcurrencyConfig"),
        PropertySpec.Any("FileSystemConfigs"),
        PropertySpec.Any("ImageConfig"),
        PropertySpec.Any("CodeSigningConfigArn"),
        PropertySpec.Any("Architectures"),
        PropertySpec.Dict("SnapStart"),
        PropertySpec.Dict("FunctionUrlConfig"),
        PropertySpec.Any("RuntimeManagementConfig"),
        PropertySpec.Any("LoggingConfig"),
        PropertySpec.Any("RecursiveLoop"),
        PropertySpec.Any("SourceKMSKeyArn"),
        PropertySpec.Dict("CapacityProviderConfig"),
        PropertySpec.Dict("FunctionScalingConfig"),
        new("VersionDeletionPolicy", false, v => Json.Str(v) is "Delete" or "Retain", "one of the strings: 'Delete' or 'Retain'", true),
        PropertySpec.Any("PublishToLatestPublished"),
        PropertySpec.Any("TenancyConfig"),
        PropertySpec.Dict("DurableConfig"),
    ];

    /// <summary>Properties SAM accepts that this transform does not implement; using one fails naming it.</summary>
    private static readonly string[] Unsupported =
    [
        "CapacityProviderConfig", "FunctionScalingConfig",
    ];

    private static readonly string[] PassThroughToFunction =
    [
        "Handler", "Runtime", "Description", "MemorySize", "Timeout", "VpcConfig", "Role", "Environment", "KmsKeyArn",
        "ReservedConcurrentExecutions", "Layers", "FileSystemConfigs", "ImageConfig", "PackageType", "Architectures",
        "SnapStart", "EphemeralStorage", "CodeSigningConfigArn", "RuntimeManagementConfig", "LoggingConfig",
        "TenancyConfig", "RecursiveLoop", "DurableConfig",
    ];

    private readonly Translator _translator;
    private readonly string _logicalId;
    private readonly JsonObject _resource;
    private JsonObject _properties = [];
    private readonly JsonObject _attributes = new();
    private JsonNode? _dependsOn;

    public FunctionTranslator(Translator translator, string logicalId, JsonObject resource)
    {
        _translator = translator;
        _logicalId = logicalId;
        _resource = resource;
    }

    private JsonNode? P(string name) => _properties.TryGetPropertyValue(name, out var v) ? v : null;

    public List<CfnResource> Translate()
    {
        ReadResource();
        var eventSources = ReadEvents();

        ValidateTenancyConfig();
        foreach (var name in Unsupported)
        {
            if (P(name) is not null)
            {
                throw new InvalidResourceError(_logicalId,
                    $"Property '{name}' is not supported by this SAM transform (AWS::Serverless::Function {_logicalId}, Resources.{_logicalId}.Properties.{name}).");
            }
        }

        if (P("DeadLetterQueue") is JsonObject dlq)
        {
            ValidateDeadLetterQueue(dlq);
        }

        if (P("VersionDeletionPolicy") is not null && P("AutoPublishAlias") is null)
        {
            throw new InvalidResourceError(_logicalId, "'VersionDeletionPolicy' requires 'AutoPublishAlias'.");
        }

        var resources = new List<CfnResource>();
        var function = ConstructFunction();
        resources.Add(function);

        if (Json.Truthy(P("ProvisionedConcurrencyConfig")) && !Json.Truthy(P("AutoPublishAlias")))
        {
            throw new InvalidResourceError(_logicalId, "To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function");
        }

        CfnResource? alias = null;
        var aliasName = "";
        if (Json.Truthy(P("AutoPublishAlias")))
        {
            aliasName = Json.Str(_translator.Parameters.Resolve(P("AutoPublishAlias")!.DeepClone()))
                ?? throw new InvalidResourceError(_logicalId, "'AutoPublishAlias' must be a string or a Ref to a template parameter");
            string? codeSha256 = null;
            if (Json.Truthy(P("AutoPublishCodeSha256")))
            {
                codeSha256 = Json.Str(_translator.Parameters.Resolve(P("AutoPublishCodeSha256")!.DeepClone()))
                    ?? throw new InvalidResourceError(_logicalId, "AutoPublishCodeSha256 must be a string");
                var description = _translator.Parameters.Resolve(P("Description")?.DeepClone());
                function["Description"] = !Json.Truthy(description) ? JsonValue.Create(codeSha256)
                    : Json.IsStr(description) ? JsonValue.Create(description!.GetValue<string>() + " " + codeSha256)
                    : Json.Obj(("Fn::Join", Json.Array(" ", Json.Array(description, codeSha256))));
            }

            var version = ConstructVersion(function, codeSha256);
            alias = ConstructAlias(aliasName, function, version);
            resources.Add(version);
            resources.Add(alias);
        }

        if (Json.Truthy(P("FunctionUrlConfig")))
        {
            resources.AddRange(ConstructFunctionUrl(function, alias, (JsonObject)P("FunctionUrlConfig")!));
        }

        AddDeploymentPreference(alias);

        var eventInvokePolicies = new List<JsonNode>();
        if (Json.Truthy(P("EventInvokeConfig")))
        {
            var (invokeResources, policies) = ConstructEventInvokeConfig(function, aliasName, alias);
            resources.AddRange(invokeResources);
            eventInvokePolicies = policies;
        }

        var role = ConstructRole(eventInvokePolicies);
        var functionRole = function["Role"];
        if (functionRole is null)
        {
            function["Role"] = role.RuntimeArn();
            resources.Add(role);
        }
        else if (Intrinsics.IsIf(functionRole))
        {
            MakeConditionalRole(function, role, resources);
        }

        try
        {
            foreach (var source in eventSources.OrderBy(e => e.SortKey, StringComparer.Ordinal))
            {
                resources.AddRange(source.ToCloudFormation(alias ?? function, role));
            }
        }
        catch (InvalidEventError e)
        {
            throw new InvalidResourceError(_logicalId, e.Message);
        }

        if (Json.IsTrue(P("PropagateTags")) && P("Tags") is JsonObject tags && tags.Count > 0)
        {
            foreach (var r in resources)
            {
                if (r.Type is "AWS::Lambda::Function" or "AWS::IAM::Role" or "AWS::SQS::Queue" or "AWS::SNS::Topic")
                {
                    r["Tags"] = TagList(tags);
                }
            }
        }

        _translator.References.AddReferable(_logicalId, resources,
            ("Alias", "AWS::Lambda::Alias"), ("Version", "AWS::Lambda::Version"),
            ("DestinationTopic", "AWS::SNS::Topic"), ("DestinationQueue", "AWS::SQS::Queue"));
        return resources;
    }

    private void ReadResource()
    {
        if (!ValidLogicalId().IsMatch(_logicalId))
        {
            throw new InvalidResourceError(_logicalId, "Logical ids must be alphanumeric.");
        }

        _properties = Translator.PropertiesOf(_resource);
        ResourcePolicies.ExpandTemplates(_logicalId, _properties);
        PropertySpec.ValidateAll(_logicalId, Translator.FunctionType, _properties, Specs);
        _dependsOn = _resource["DependsOn"]?.DeepClone();
        foreach (var attribute in CfnResource.SupportedAttributes)
        {
            if (_resource.TryGetPropertyValue(attribute, out var value))
            {
                _attributes[attribute] = value?.DeepClone();
            }
        }
    }

    private JsonObject PassThroughAttributes()
    {
        var o = new JsonObject();
        foreach (var name in CfnResource.PassThroughAttributes)
        {
            if (_attributes.TryGetPropertyValue(name, out var value))
            {
                o[name] = value?.DeepClone();
            }
        }

        return o;
    }

    private List<EventSource> ReadEvents()
    {
        var sources = new List<EventSource>();
        if (P("Events") is not JsonObject events || events.Count == 0)
        {
            return sources;
        }

        try
        {
            foreach (var (eventId, node) in events)
            {
                sources.Add(EventSource.Create(_translator, _logicalId, eventId, node));
            }
        }
        catch (InvalidEventError e)
        {
            throw new InvalidResourceError(_logicalId, e.Message);
        }

        return sources;
    }

    private void ValidateDeadLetterQueue(JsonObject dlq)
    {
        var type = dlq["Type"];
        if (!Json.Truthy(type) || !Json.Truthy(dlq["TargetArn"]))
        {
            throw new InvalidResourceError(_logicalId, "'DeadLetterQueue' requires Type and TargetArn properties to be specified.");
        }

        var t = Expect.String(type, _logicalId, "DeadLetterQueue.Type");
        if (t is not ("SQS" or "SNS"))
        {
            throw new InvalidResourceError(_logicalId, "'DeadLetterQueue' requires Type of ['SQS', 'SNS']");
        }
    }

    private void ValidateTenancyConfig()
    {
        if (!Json.Truthy(P("TenancyConfig")))
        {
            return;
        }

        if (Json.Truthy(P("ProvisionedConcurrencyConfig")))
        {
            throw new InvalidResourceError(_logicalId, "Provisioned concurrency is not supported for functions enabled with tenancy configuration.");
        }

        if (Json.Truthy(P("FunctionUrlConfig")))
        {
            throw new InvalidResourceError(_logicalId, "Function URL is not supported for functions enabled with tenancy configuration.");
        }

        if (Json.Truthy(P("SnapStart")))
        {
            throw new InvalidResourceError(_logicalId, "SnapStart is not supported for functions enabled with tenancy configuration.");
        }

        if (P("Events") is JsonObject events)
        {
            foreach (var (_, e) in events)
            {
                var type = Json.Str((e as JsonObject)?["Type"]);
                if (type is not ("Api" or "HttpApi"))
                {
                    throw new InvalidResourceError(_logicalId,
                        $"Event source '{type ?? "None"}' is not supported for functions enabled with tenancy configuration. Only Api and HttpApi event sources are supported.");
                }
            }
        }
    }

    private CfnResource ConstructFunction()
    {
        var function = new CfnResource(_logicalId, "AWS::Lambda::Function").WithAttributes(_attributes);
        function.DependsOn = _dependsOn;
        if (Json.Truthy(P("FunctionName")))
        {
            function["FunctionName"] = P("FunctionName");
        }

        foreach (var name in PassThroughToFunction)
        {
            function[name] = P(name);
        }

        function["Code"] = ConstructCode();
        function["Tags"] = TagList(P("Tags") as JsonObject);

        var tracing = P("Tracing");
        if (Json.Truthy(tracing) && !IsDisabled(tracing))
        {
            function["TracingConfig"] = Json.Obj(("Mode", tracing?.DeepClone()));
        }

        if (P("DeadLetterQueue") is JsonObject dlq)
        {
            function["DeadLetterConfig"] = Json.Obj(("TargetArn", dlq["TargetArn"]?.DeepClone()));
        }

        if (P("PublishToLatestPublished") is { } publish)
        {
            function["PublishToLatestPublished"] = publish;
        }

        ValidatePackageType(function);
        return function;
    }

    private bool IsDisabled(JsonNode? tracing) => Json.Str(_translator.Parameters.Resolve(tracing?.DeepClone())) == "Disabled";

    private JsonObject ConstructCode()
    {
        var packageType = P("PackageType") is { } pt && Json.Truthy(pt) ? pt : JsonValue.Create(Zip);
        var packageTypeText = Json.Str(packageType);
        if (packageTypeText is not (Zip or Image))
        {
            throw new InvalidResourceError(_logicalId, $"invalid 'PackageType' : {Json.PyStr(packageType)}");
        }

        JsonObject code;
        if (packageTypeText == Zip)
        {
            var inline = P("InlineCode");
            var codeUri = P("CodeUri");
            if (inline is not null)
            {
                code = Json.Obj(("ZipFile", inline.DeepClone()));
            }
            else if (codeUri is not null)
            {
                code = S3Location(codeUri, _logicalId, "CodeUri");
            }
            else
            {
                throw new InvalidResourceError(_logicalId, "Only one of 'InlineCode' or 'CodeUri' can be set.");
            }

            if (Json.Truthy(P("SourceKMSKeyArn")))
            {
                code["SourceKMSKeyArn"] = P("SourceKMSKeyArn")!.DeepClone();
            }
        }
        else
        {
            var imageUri = P("ImageUri") ?? throw new InvalidResourceError(_logicalId, "'ImageUri' must be set.");
            if (!Json.Truthy(imageUri))
            {
                throw new InvalidResourceError(_logicalId, "'ImageUri' requires that a image hosted at a registry be specified.");
            }

            code = Json.Obj(("ImageUri", imageUri.DeepClone()));
        }

        return code;
    }

    /// <summary>SAM's <c>construct_s3_location_object</c> (CodeUri, DefinitionUri): a dict with Bucket/Key/Version or an <c>s3://</c> URI.</summary>
    public static JsonObject S3Location(JsonNode location, string logicalId, string propertyName)
    {
        JsonNode? bucket;
        JsonNode? key;
        JsonNode? version = null;
        if (location is JsonObject o)
        {
            if (!Json.Truthy(o["Bucket"]) || !Json.Truthy(o["Key"]))
            {
                throw new InvalidResourceError(logicalId, $"'{propertyName}' requires Bucket and Key properties to be specified.");
            }

            bucket = o["Bucket"];
            key = o["Key"];
            if (o.TryGetPropertyValue("Version", out var v))
            {
                version = v;
                return Json.Obj(("S3Bucket", bucket?.DeepClone()), ("S3Key", key?.DeepClone()), ("S3ObjectVersion", version?.DeepClone()));
            }
        }
        else if (Json.Str(location) is { } uri)
        {
            var ssm = SsmReference().Match(uri);
            if (ssm.Success && ssm.Value.Contains('/', StringComparison.Ordinal))
            {
                throw new InvalidResourceError(logicalId,
                    $"Unsupported dynamic reference detected in '{propertyName}'. Please consider using alternative 'FunctionCode' object format.");
            }

            var pointer = S3Uri.Parse(uri) ?? throw new InvalidResourceError(logicalId,
                $"'{propertyName}' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.");
            bucket = pointer.Bucket;
            key = pointer.Key;
            if (pointer.Version is not null)
            {
                version = pointer.Version;
            }
        }
        else
        {
            throw new InvalidResourceError(logicalId, $"'{propertyName}' must be of type dict or string.");
        }

        var code = Json.Obj(("S3Bucket", bucket?.DeepClone()), ("S3Key", key?.DeepClone()));
        if (version is not null)
        {
            code["S3ObjectVersion"] = version.DeepClone();
        }

        return code;
    }

    private void ValidatePackageType(CfnResource function)
    {
        var packageType = Json.Truthy(function["PackageType"]) ? Json.Str(function["PackageType"]) : Zip;
        if (packageType is not (Zip or Image))
        {
            throw new InvalidResourceError(_logicalId, "PackageType needs to be `Zip` or `Image`");
        }

        var code = (JsonObject)function["Code"]!;
        if (packageType == Zip)
        {
            if (!Json.Truthy(function["Runtime"]) || !Json.Truthy(function["Handler"]))
            {
                throw new InvalidResourceError(_logicalId, "Runtime and Handler needs to be present when PackageType is of type `Zip`");
            }

            if (Json.Truthy(code["ImageUri"]) || Json.Truthy(function["ImageConfig"]))
            {
                throw new InvalidResourceError(_logicalId, "ImageUri or ImageConfig cannot be present when PackageType is of type `Zip`");
            }
        }
        else
        {
            if (Json.Truthy(function["Handler"]) || Json.Truthy(function["Runtime"]) || Json.Truthy(function["Layers"]))
            {
                throw new InvalidResourceError(_logicalId, "Runtime, Handler, Layers cannot be present when PackageType is of type `Image`");
            }

            if (!Json.Truthy(code["ImageUri"]))
            {
                throw new InvalidResourceError(_logicalId, "ImageUri needs to be present when PackageType is of type `Image`");
            }
        }
    }

    /// <summary>SAM's tag list: its own <c>lambda:createdBy: SAM</c> first, then the user's tags (reserved keys rejected).</summary>
    private JsonArray TagList(JsonObject? tags)
    {
        tags ??= [];
        foreach (var reserved in new[] { "lambda:createdBy", "serverlessrepo:applicationId", "serverlessrepo:semanticVersion" })
        {
            if (tags.ContainsKey(reserved))
            {
                throw new InvalidResourceError(_logicalId,
                    $"{reserved} is a reserved Tag key name and cannot be set on your resource. Please change the tag key in the input.");
            }
        }

        var list = new JsonArray(Json.Obj(("Key", "lambda:createdBy"), ("Value", "SAM")));
        foreach (var item in Tags.List(tags))
        {
            list.Add(item!.DeepClone());
        }

        return list;
    }

    private CfnResource ConstructRole(List<JsonNode> eventInvokePolicies)
    {
        var role = new CfnResource(_logicalId + "Role", "AWS::IAM::Role").WithAttributes(PassThroughAttributes());
        role["AssumeRolePolicyDocument"] = P("AssumeRolePolicyDocument")?.DeepClone() ?? LambdaAssumeRolePolicy();

        var managed = new JsonArray(JsonValue.Create(_translator.ManagedPolicyArn(Json.Truthy(P("DurableConfig"))
            ? "service-role/AWSLambdaBasicDurableExecutionRolePolicy"
            : "service-role/AWSLambdaBasicExecutionRole")));
        var tracing = P("Tracing");
        if (Json.Truthy(tracing) && !IsDisabled(tracing))
        {
            managed.Add((JsonNode)_translator.ManagedPolicyArn(_translator.Partition == "aws" ? "AWSXrayWriteOnlyAccess" : "AWSXRayDaemonWriteAccess"));
        }

        if (Json.Truthy(P("VpcConfig")))
        {
            managed.Add((JsonNode)_translator.ManagedPolicyArn("service-role/AWSLambdaVPCAccessExecutionRole"));
        }

        var documents = new JsonArray();
        if (P("DeadLetterQueue") is JsonObject dlq)
        {
            var action = Json.Str(dlq["Type"]) == "SQS" ? "sqs:SendMessage" : "sns:Publish";
            var statement = Json.Obj(("Action", action), ("Resource", dlq["TargetArn"]?.DeepClone()), ("Effect", "Allow"));
            var document = Json.Obj(("Version", "2012-10-17"), ("Statement", Json.Array(statement)));
            documents.Add((JsonNode)Json.Obj(("PolicyName", "DeadLetterQueuePolicy"), ("PolicyDocument", document)));
        }

        foreach (var policy in eventInvokePolicies)
        {
            documents.Add(policy.DeepClone());
        }

        RoleBuilder.AddPolicies(_translator, role, _logicalId, P("Policies"), managed, documents);
        role["ManagedPolicyArns"] = managed;
        role["Policies"] = documents.Count > 0 ? documents : null;
        role["Path"] = P("RolePath");
        role["PermissionsBoundary"] = P("PermissionsBoundary");
        role["Tags"] = TagList(P("Tags") as JsonObject);
        return role;
    }

    public static JsonObject LambdaAssumeRolePolicy() => AssumeRolePolicy("lambda.amazonaws.com");

    public static JsonObject AssumeRolePolicy(string service) => Json.Obj(
        ("Version", "2012-10-17"),
        ("Statement", Json.Array(Json.Obj(
            ("Action", Json.Array("sts:AssumeRole")),
            ("Effect", "Allow"),
            ("Principal", Json.Obj(("Service", Json.Array(service))))))));

    private void MakeConditionalRole(CfnResource function, CfnResource role, List<CfnResource> resources)
    {
        var resolved = _translator.Parameters.Resolve(function["Role"]!.DeepClone());
        var items = resolved?["Fn::If"];
        if (Intrinsics.IfItemsProblem(items) is { } problem)
        {
            throw new InvalidResourceError(_logicalId, $"Malformed 'Role' property: {problem}.");
        }

        var list = (JsonArray)items!;
        var condition = Json.Str(list[0]) ?? Json.PyStr(list[0]);
        var arn = role.RuntimeArn();
        JsonNode? value = null;
        if (Intrinsics.IsNoValue(list[1]) && Intrinsics.IsNoValue(list[2]))
        {
            value = arn;
        }
        else if (Intrinsics.IsNoValue(list[1]))
        {
            value = Intrinsics.If(condition, arn, list[2]?.DeepClone());
            role.Attributes["Condition"] = condition;
        }
        else if (Intrinsics.IsNoValue(list[2]))
        {
            value = Intrinsics.If(condition, list[1]?.DeepClone(), arn);
            role.Attributes["Condition"] = "NOT" + condition;
            _translator.Conditions["NOT" + condition] = Intrinsics.Not(condition);
        }

        if (value is not null)
        {
            function["Role"] = value;
            resources.Add(role);
        }
    }

    private CfnResource ConstructVersion(CfnResource function, string? codeSha256)
    {
        // SAM resolves parameter references in the Code dictionary in place before hashing it.
        var code = (JsonObject)function["Code"]!;
        foreach (var key in code.Select(p => p.Key).ToList())
        {
            var value = code[key];
            var resolved = _translator.Parameters.Resolve(value);
            if (!ReferenceEquals(value, resolved))
            {
                code[key] = resolved?.Parent is null ? resolved : resolved.DeepClone();
            }
        }

        JsonObject logical;
        if (Json.IsTrue(P("AutoPublishAliasAllProperties")))
        {
            logical = (JsonObject)function.Properties.DeepClone();
            if (function["Layers"] is JsonArray layers)
            {
                var templateResources = (JsonObject)_translator.SamTemplate["Resources"]!;
                foreach (var layer in layers)
                {
                    var layerId = layer is JsonObject lo && lo.Count == 1
                        ? Json.Str(lo["Ref"]) ?? (lo["Fn::GetAtt"] is JsonArray ga && ga.Count > 0 ? Json.Str(ga[0]) : null)
                        : null;
                    if (layerId is not null && templateResources[layerId] is JsonObject layerResource
                        && layerResource["Properties"] is JsonObject layerProperties && Json.Truthy(layerProperties["PublishLambdaVersion"]))
                    {
                        logical[layerId] = layerProperties.DeepClone();
                    }
                }
            }
        }
        else
        {
            logical = (JsonObject)code.DeepClone();
            if (function["Environment"] is JsonObject environment && environment.Count > 0)
            {
                foreach (var (key, value) in environment)
                {
                    logical[key] = value?.DeepClone();
                }
            }

            if (Json.Truthy(function["MemorySize"]))
            {
                logical["MemorySize"] = function["MemorySize"]!.DeepClone();
            }

            if (function["SnapStart"] is JsonObject snapStart && Json.Str(snapStart["ApplyOn"] ?? JsonValue.Create("None")) != "None")
            {
                logical["SnapStart"] = snapStart.DeepClone();
            }
        }

        var prefix = _logicalId + "Version";
        var logicalId = codeSha256 is { Length: > 0 } sha ? prefix + sha[..Math.Min(10, sha.Length)] : LogicalIdGenerator.Generate(prefix, logical);
        var attributes = PassThroughAttributes();
        if (!attributes.ContainsKey("DeletionPolicy"))
        {
            attributes["DeletionPolicy"] = P("VersionDeletionPolicy")?.DeepClone() ?? JsonValue.Create("Retain");
        }

        var version = new CfnResource(logicalId, "AWS::Lambda::Version").WithAttributes(attributes);
        version["FunctionName"] = function.RuntimeRef();
        version["Description"] = P("VersionDescription");
        return version;
    }

    private List<CfnResource> ConstructFunctionUrl(CfnResource function, CfnResource? alias, JsonObject config)
    {
        var isIntrinsic = Intrinsics.IsIntrinsic(config);
        var authType = config["AuthType"];
        if (!isIntrinsic && !(Json.Truthy(authType) && Intrinsics.IsIntrinsic(authType)) && Json.Str(authType) is not ("AWS_IAM" or "NONE"))
        {
            throw new InvalidResourceError(_logicalId,
                "AuthType is required to configure function property `FunctionUrlConfig`. Please provide either AWS_IAM or NONE.");
        }

        var cors = config["Cors"];
        if (!isIntrinsic && Json.Truthy(cors) && !Intrinsics.IsIntrinsic(cors))
        {
            var corsMap = Expect.Map(cors, _logicalId, "FunctionUrlConfig.Cors");
            (string Name, string Type, Func<JsonNode?, bool> Check)[] types =
            [
                ("AllowOrigins", "list", Json.IsList), ("AllowMethods", "list", Json.IsList), ("AllowCredentials", "bool", Json.IsBool),
                ("AllowHeaders", "list", Json.IsList), ("ExposeHeaders", "list", Json.IsList), ("MaxAge", "int", Json.IsInt),
            ];
            foreach (var (name, value) in corsMap)
            {
                var match = types.FirstOrDefault(t => t.Name == name);
                if (match.Name is null)
                {
                    throw new InvalidResourceError(_logicalId, $"{name} is not a valid property for configuring Cors.");
                }

                if (!Intrinsics.IsIntrinsic(value) && !match.Check(value))
                {
                    throw new InvalidResourceError(_logicalId, $"{name} must be of type {match.Type}.");
                }
            }
        }

        var target = alias?.RuntimeArn() ?? function.RuntimeRef();
        var url = new CfnResource(function.LogicalId + "Url", "AWS::Lambda::Url").WithAttributes(PassThroughAttributes());
        if (Json.Truthy(cors))
        {
            url["Cors"] = cors;
        }

        url["AuthType"] = authType;
        url["TargetFunctionArn"] = target;
        url["InvokeMode"] = config["InvokeMode"];
        var resources = new List<CfnResource> { url };
        if (Json.Str(authType) == "NONE" && !isIntrinsic)
        {
            var publicUrl = new CfnResource(function.LogicalId + "UrlPublicPermissions", "AWS::Lambda::Permission").WithAttributes(PassThroughAttributes());
            publicUrl["Action"] = "lambda:InvokeFunctionUrl";
            publicUrl["FunctionName"] = target.DeepClone();
            publicUrl["Principal"] = "*";
            publicUrl["FunctionUrlAuthType"] = authType;
            var invoke = new CfnResource(function.LogicalId + "URLInvokeAllowPublicAccess", "AWS::Lambda::Permission").WithAttributes(PassThroughAttributes());
            invoke["Action"] = "lambda:InvokeFunction";
            invoke["Principal"] = "*";
            invoke["FunctionName"] = target.DeepClone();
            invoke["InvokedViaFunctionUrl"] = true;
            resources.Add(publicUrl);
            resources.Add(invoke);
        }

        return resources;
    }

    private void AddDeploymentPreference(CfnResource? alias)
    {
        if (!Json.Truthy(P("DeploymentPreference")) || P("DeploymentPreference") is not JsonObject preference)
        {
            return;
        }

        var mappings = _translator.OutputTemplate["Mappings"] as JsonObject;
        foreach (var name in new[] { "Enabled", "Type" })
        {
            if (preference.ContainsKey(name))
            {
                var resolved = Mappings.Resolve(_translator.Parameters.Resolve(preference[name]?.DeepClone()), mappings);
                preference[name] = resolved?.Parent is null ? resolved : resolved.DeepClone();
            }
        }

        if (preference.ContainsKey("PassthroughCondition"))
        {
            var value = Mappings.Resolve(_translator.Parameters.Resolve(preference["PassthroughCondition"]?.DeepClone()), mappings);
            preference["PassthroughCondition"] = Json.IsTrue(value) || Json.Str(value) is "true" or "True" ? true
                : Json.Bool(value) == false || Json.Str(value) is "false" or "False" ? false
                : Intrinsics.IsIntrinsic(value)
                    ? throw new InvalidResourceError(_logicalId, "Unsupported intrinsic: the only intrinsic functions supported for property PassthroughCondition are FindInMap and parameter Refs.")
                    : throw new InvalidResourceError(_logicalId, "Invalid value for property PassthroughCondition.");
        }
        else
        {
            preference["PassthroughCondition"] = false;
        }

        var added = _translator.DeploymentPreferences.Add(_logicalId, preference, Json.Str(_attributes["Condition"]),
            P("Tags") as JsonObject, Json.IsTrue(P("PropagateTags")));
        if (added.Enabled)
        {
            if (!Json.Truthy(P("AutoPublishAlias")) || alias is null)
            {
                throw new InvalidResourceError(_logicalId, "'DeploymentPreference' requires AutoPublishAlias property to be specified.");
            }

            alias.Attributes["UpdatePolicy"] = DeploymentPreferences.UpdatePolicy(_logicalId, added);
        }
    }

    private CfnResource ConstructAlias(string name, CfnResource function, CfnResource version)
    {
        if (name.Length == 0)
        {
            throw new InvalidResourceError(_logicalId, "Alias name is required to create an alias");
        }

        if (!AliasName().IsMatch(name))
        {
            throw new InvalidResourceError(_logicalId,
                $"AutoPublishAlias name ('{name}') must contain only alphanumeric characters, hyphens, or underscores matching (?!^[0-9]+$)([a-zA-Z0-9-_]+) pattern.");
        }

        var alias = new CfnResource(function.LogicalId + "Alias" + name.Replace("-", "D", StringComparison.Ordinal).Replace("_", "U", StringComparison.Ordinal), "AWS::Lambda::Alias")
        {
            IsAlias = true,
        }.WithAttributes(PassThroughAttributes());
        alias["Name"] = name;
        alias["FunctionName"] = function.RuntimeRef();
        alias["FunctionVersion"] = Intrinsics.GetAtt(version.LogicalId, "Version");
        if (Json.Truthy(P("ProvisionedConcurrencyConfig")))
        {
            alias["ProvisionedConcurrencyConfig"] = P("ProvisionedConcurrencyConfig");
        }

        return alias;
    }

    [GeneratedRegex(@"^(?!^[0-9]+$)([a-zA-Z0-9\-_]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasName();

    private (List<CfnResource> Resources, List<JsonNode> Policies) ConstructEventInvokeConfig(CfnResource function, string aliasName, CfnResource? alias)
    {
        var resources = new List<CfnResource>();
        var policies = new List<JsonNode>();
        var resolved = _translator.Parameters.Resolve(P("EventInvokeConfig")!.DeepClone()) as JsonObject ?? [];
        var logicalId = _logicalId + "EventInvokeConfig";
        var config = new CfnResource(logicalId, "AWS::Lambda::EventInvokeConfig").WithAttributes(_attributes);
        if (alias is not null)
        {
            config.DependsOn = Json.Array(alias.LogicalId);
        }

        var destinationConfig = new JsonObject();
        if (resolved["DestinationConfig"] is { } input && Json.Truthy(input))
        {
            var inputConfig = Expect.Map(input, _logicalId, "EventInvokeConfig.DestinationConfig");
            foreach (var name in new[] { "OnSuccess", "OnFailure" })
            {
                if (inputConfig[name] is not { } value)
                {
                    continue;
                }

                var map = Expect.Map(value, _logicalId, $"EventInvokeConfig.DestinationConfig.{name}");
                var (resource, destination, policy) = InjectDestination(map, name, logicalId);
                destinationConfig[name] = Json.Obj(("Destination", destination?.DeepClone()));
                if (resource is not null)
                {
                    resources.Add(resource);
                }

                if (policy is not null)
                {
                    policies.Add(policy);
                }
            }
        }

        config["FunctionName"] = Intrinsics.Ref(function.LogicalId);
        config["Qualifier"] = aliasName.Length > 0 ? aliasName : "$LATEST";
        config["DestinationConfig"] = destinationConfig;
        config["MaximumEventAgeInSeconds"] = resolved["MaximumEventAgeInSeconds"];
        config["MaximumRetryAttempts"] = resolved["MaximumRetryAttempts"];
        resources.Add(config);
        return (resources, policies);
    }

    private (CfnResource? Resource, JsonNode? Destination, JsonNode? Policy) InjectDestination(JsonObject destConfig, string eventName, string logicalId)
    {
        string[] accepted = ["SQS", "SNS", "EventBridge", "Lambda", "S3Bucket"];
        var type = Json.Str(destConfig["Type"]);
        if (type is null || !accepted.Contains(type))
        {
            throw new InvalidResourceError(_logicalId, $"'Type: {Json.PyStr(destConfig["Type"])}' must be one of {Json.PyListRepr(accepted)}");
        }

        var destination = destConfig["Destination"];
        var resourceLogicalId = logicalId + eventName;
        var (propertyCondition, destinationArn) = GetOrMakeCondition(destination, logicalId);
        CfnResource? resource = null;
        JsonNode? policy = null;
        if (destination is null || propertyCondition is not null)
        {
            var combined = MakeAndConditions(Json.Str(_attributes["Condition"]), propertyCondition);
            if (type is "SQS" or "SNS")
            {
                resource = type == "SQS"
                    ? new CfnResource(resourceLogicalId + "Queue", "AWS::SQS::Queue").WithAttributes(PassThroughAttributes())
                    : new CfnResource(resourceLogicalId + "Topic", "AWS::SNS::Topic").WithAttributes(PassThroughAttributes());
                if (combined is not null)
                {
                    resource.Attributes["Condition"] = combined;
                }

                var arn = type == "SQS" ? resource.RuntimeArn() : resource.RuntimeRef();
                destination = propertyCondition is not null ? Intrinsics.If(propertyCondition, arn, destinationArn?.DeepClone()) : arn;
                policy = DestinationPolicy(type, resourceLogicalId, destination);
            }
            else
            {
                throw new InvalidResourceError(_logicalId, "Destination is required if Type is not ['SQS', 'SNS']");
            }
        }

        if (destConfig["Destination"] is not null && propertyCondition is null)
        {
            policy = DestinationPolicy(type, resourceLogicalId, destConfig["Destination"]);
        }

        return (resource, destination, policy);
    }

    private static JsonObject? DestinationPolicy(string type, string logicalId, JsonNode? arn) => type switch
    {
        "SQS" => RolePolicies.SqsSendMessage(arn, logicalId),
        "SNS" => RolePolicies.SnsPublish(arn, logicalId),
        "EventBridge" => RolePolicies.PutEvents(arn, logicalId),
        "Lambda" => RolePolicies.InvokeFunction(arn, logicalId),
        "S3Bucket" => RolePolicies.S3SendEventPayload(arn, logicalId),
        _ => null,
    };

    private string? MakeAndConditions(string? resourceCondition, string? propertyCondition)
    {
        if (resourceCondition is null)
        {
            return propertyCondition;
        }

        if (propertyCondition is null)
        {
            return resourceCondition;
        }

        var name = GeneratedConditionName(resourceCondition + "AND" + propertyCondition, _logicalId);
        // SAM wraps each operand twice ({"Condition": {"Condition": name}}); kept for identical output.
        _translator.Conditions[name] = Intrinsics.And(
            Json.Obj(("Condition", Json.Obj(("Condition", resourceCondition)))),
            Json.Obj(("Condition", Json.Obj(("Condition", propertyCondition)))));
        return name;
    }

    private (string? Condition, JsonNode? Arn) GetOrMakeCondition(JsonNode? destination, string logicalId)
    {
        if (destination is null || !Intrinsics.IsIf(destination))
        {
            return (null, null);
        }

        var items = destination["Fn::If"];
        if (Intrinsics.IfItemsProblem(items) is { } problem)
        {
            throw new InvalidResourceError(logicalId, $"Malformed 'Destination' property: {problem}.");
        }

        var list = (JsonArray)items!;
        if (Intrinsics.IsNoValue(list[1]) && Intrinsics.IsNoValue(list[2]))
        {
            return (null, null);
        }

        if (Intrinsics.IsNoValue(list[1]))
        {
            return (Json.Str(list[0]), list[2]);
        }

        if (Intrinsics.IsNoValue(list[2]))
        {
            var condition = Json.Str(list[0]) ?? "";
            var notCondition = GeneratedConditionName("NOT" + condition, logicalId);
            _translator.Conditions[notCondition] = Intrinsics.Not(condition);
            return (notCondition, list[1]);
        }

        return (null, null);
    }

    private static string GeneratedConditionName(string name, string hashInput)
    {
        var generated = name + LogicalIdGenerator.Hash(JsonValue.Create(hashInput));
        return generated.Length > 255 ? generated[..255] : generated;
    }

    [GeneratedRegex("^[A-Za-z0-9]+$", RegexOptions.CultureInvariant)]
    public static partial Regex ValidLogicalId();

    [GeneratedRegex(@"{{resolve:(ssm|ssm-secure|secretsmanager):[a-zA-Z0-9_.\-/]+(:\d+)?}}", RegexOptions.CultureInvariant)]
    private static partial Regex SsmReference();
}
