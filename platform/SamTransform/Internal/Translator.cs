using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>Runs the transform over one template: validation, the template plugins, then each SAM resource in SAM's order.</summary>
internal sealed class Translator
{
    public const string FunctionType = "AWS::Serverless::Function";
    public const string HttpApiType = "AWS::Serverless::HttpApi";
    public const string SimpleTableType = "AWS::Serverless::SimpleTable";

    /// <summary>SAM's own resource types (its <c>SamResourceType</c>); the ones this transform does not cover are rejected by name.</summary>
    public static readonly string[] SamResourceTypes =
    [
        "AWS::Serverless::Api", FunctionType, SimpleTableType, "AWS::Serverless::Application", "AWS::Serverless::LayerVersion",
        HttpApiType, "AWS::Serverless::WebSocketApi", "AWS::Serverless::StateMachine", "AWS::Serverless::CapacityProvider",
    ];

    private static readonly string[] OtherSamMacroTypes = ["AWS::Serverless::Connector", "AWS::Serverless::GraphQLApi"];

    private readonly SamTransformOptions _options;

    public Translator(SamTransformOptions options)
    {
        _options = options;
        Partition = options.Partition ?? PartitionOf(options.Region);
    }

    public string Partition { get; }

    public ParameterResolver Parameters { get; private set; } = new(new Dictionary<string, JsonNode?>());

    public JsonObject SamTemplate { get; private set; } = [];

    public JsonObject OutputTemplate { get; private set; } = [];

    public ResourceReferences References { get; } = new();

    /// <summary>Logical ids SAM changes (layer versions get a hash suffix); references to the old ids are rewritten.</summary>
    public Dictionary<string, string> ChangedLogicalIds { get; } = new(StringComparer.Ordinal);

    public DeploymentPreferences DeploymentPreferences { get; } = new();

    /// <summary>Route 53 record set groups shared by the APIs' custom domains, by logical id.</summary>
    public Dictionary<string, CfnResource> RecordSetGroups { get; } = new(StringComparer.Ordinal);

    public static string PartitionOf(string region)
    {
        var r = region.ToLowerInvariant();
        (string Prefix, string Partition)[] map =
        [
            ("cn-", "aws-cn"), ("us-iso-", "aws-iso"), ("us-isob", "aws-iso-b"), ("us-gov", "aws-us-gov"),
            ("eu-isoe", "aws-iso-e"), ("us-isof", "aws-iso-f"), ("eusc-", "aws-eusc"),
        ];
        foreach (var (prefix, partition) in map)
        {
            if (r.StartsWith(prefix, StringComparison.Ordinal))
            {
                return partition;
            }
        }

        return "aws";
    }

    public string ManagedPolicyArn(string name) => "arn:" + Partition + ":iam::aws:policy/" + name;

    /// <summary>SAM's managed policy lookup: the bundled map, then an ARN as is, then the caller's map, then the name as written.</summary>
    public string ResolveManagedPolicy(string name)
    {
        if (ManagedPolicies.Lookup(Partition, name) is { } arn)
        {
            return arn;
        }

        if (name.StartsWith("arn:", StringComparison.Ordinal))
        {
            return name;
        }

        return _options.ManagedPolicyArns.TryGetValue(name, out var mapped) && mapped.Length > 0 ? mapped : name;
    }

    /// <summary>The template's Conditions section, created on first use.</summary>
    public JsonObject Conditions
    {
        get
        {
            if (OutputTemplate["Conditions"] is not JsonObject conditions)
            {
                conditions = [];
                OutputTemplate["Conditions"] = conditions;
            }

            return conditions;
        }
    }

    public JsonObject Translate(JsonObject samTemplate)
    {
        SamTemplate = samTemplate;
        Parameters = new ParameterResolver(ParameterValues(samTemplate));
        ValidateDataTypes(samTemplate);

        var resources = (JsonObject)samTemplate["Resources"]!;
        DefaultDefinitionBody.Apply(resources);
        ImplicitHttpApi.Apply(samTemplate);
        Globals.Apply(samTemplate);
        if (samTemplate.TryGetPropertyValue("Mappings", out var mappings) && mappings is not JsonObject)
        {
            throw new InvalidDocumentError(new InvalidTemplateError("'Mappings' or 'Parameters' is either null or not a valid dictionary."));
        }

        var errors = new List<SamError>();
        foreach (var (logicalId, node) in resources)
        {
            if (node is JsonObject r && r.ContainsKey("Connectors"))
            {
                errors.Add(new InvalidResourceError(logicalId,
                    $"Attribute 'Connectors' is not supported by this SAM transform (Resources.{logicalId}.Connectors)."));
            }
        }

        OutputTemplate = (JsonObject)samTemplate.DeepClone();
        var outputResources = (JsonObject)OutputTemplate["Resources"]!;
        foreach (var (logicalId, resource) in ResourcesInOrder(resources))
        {
            try
            {
                var generated = TranslateResource(logicalId, resource);
                outputResources.Remove(logicalId);
                foreach (var r in generated)
                {
                    if (IsUnique(r, resources))
                    {
                        outputResources[r.LogicalId] = r.ToJson();
                    }
                    else
                    {
                        errors.Add(new DuplicateLogicalIdError(logicalId, r.LogicalId, r.Type));
                    }
                }
            }
            catch (SamError e)
            {
                errors.Add(e);
            }
        }

        DeploymentPreferences.AddResources(this, outputResources, errors);
        OutputTemplate.Remove("Transform");
        if (errors.Count > 0)
        {
            throw new InvalidDocumentError(errors);
        }

        LogicalIdChanges.Apply(OutputTemplate, ChangedLogicalIds);
        return References.Resolve(OutputTemplate);
    }

    private Dictionary<string, JsonNode?> ParameterValues(JsonObject template)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in _options.ParameterValues)
        {
            values[name] = JsonValue.Create(value);
        }

        if (template["Parameters"] is JsonObject definitions)
        {
            foreach (var (name, definition) in definitions)
            {
                if (!values.ContainsKey(name) && definition is JsonObject d && d.TryGetPropertyValue("Default", out var defaultValue))
                {
                    values[name] = defaultValue?.DeepClone();
                }
            }
        }

        values.TryAdd("AWS::Region", JsonValue.Create(_options.Region));
        values.TryAdd("AWS::Partition", JsonValue.Create(Partition));
        return values;
    }

    private static void ValidateDataTypes(JsonObject template)
    {
        if (template["Resources"] is not JsonObject resources || resources.Count == 0)
        {
            throw new InvalidDocumentError(new InvalidTemplateError("'Resources' section is required"));
        }

        if (resources.Any(r => r.Value is not JsonObject))
        {
            throw new InvalidDocumentError(new InvalidTemplateError(
                "All 'Resources' must be Objects. If you're using YAML, this may be an indentation issue."));
        }

        foreach (var (logicalId, resource) in SamResources(resources))
        {
            if (resource.TryGetPropertyValue("Properties", out var properties) && properties is not JsonObject)
            {
                throw new InvalidDocumentError(new InvalidResourceError(logicalId, "Attribute 'Properties' should be a map."));
            }
        }
    }

    /// <summary>SAM's <c>SamTemplate.iterate</c>: resources of SAM's own types, checking each Condition is a string.</summary>
    public static IEnumerable<(string LogicalId, JsonObject Resource)> SamResources(JsonObject resources, params string[] types)
    {
        foreach (var (logicalId, node) in resources.ToList())
        {
            if (node is not JsonObject resource)
            {
                continue;
            }

            if (resource.TryGetPropertyValue("Condition", out var condition) && Json.Truthy(condition) && !Json.IsStr(condition))
            {
                throw new InvalidDocumentError(new InvalidTemplateError("Every Condition member must be a string."));
            }

            var type = Json.Str(resource["Type"]);
            if (type is null || !SamResourceTypes.Contains(type))
            {
                continue;
            }

            if (types.Length == 0 || types.Contains(type))
            {
                yield return (logicalId, resource);
            }
        }
    }

    /// <summary>Properties of a SAM resource, created (and stored) when missing.</summary>
    public static JsonObject PropertiesOf(JsonObject resource)
    {
        if (resource["Properties"] is not JsonObject properties)
        {
            properties = [];
            resource["Properties"] = properties;
        }

        return properties;
    }

    private static List<(string, JsonObject)> ResourcesInOrder(JsonObject resources)
    {
        var functions = new List<(string, JsonObject)>();
        var stateMachines = new List<(string, JsonObject)>();
        var apis = new List<(string, JsonObject)>();
        var others = new List<(string, JsonObject)>();
        var connectors = new List<(string, JsonObject)>();
        foreach (var (logicalId, node) in resources)
        {
            if (node is not JsonObject resource || Json.Str(resource["Type"]) is not { } type)
            {
                continue;
            }

            if (!SamResourceTypes.Contains(type) && !OtherSamMacroTypes.Contains(type))
            {
                continue;
            }

            switch (type)
            {
                case FunctionType:
                    functions.Add((logicalId, resource));
                    break;
                case StateMachineTranslator.Type:
                    stateMachines.Add((logicalId, resource));
                    break;
                case "AWS::Serverless::Api" or HttpApiType or "AWS::Serverless::WebSocketApi":
                    apis.Add((logicalId, resource));
                    break;
                case "AWS::Serverless::Connector":
                    connectors.Add((logicalId, resource));
                    break;
                default:
                    others.Add((logicalId, resource));
                    break;
            }
        }

        return [.. functions, .. stateMachines, .. apis, .. others, .. connectors];
    }

    private List<CfnResource> TranslateResource(string logicalId, JsonObject resource)
    {
        var type = Json.Str(resource["Type"])!;
        return type switch
        {
            FunctionType => new FunctionTranslator(this, logicalId, resource).Translate(),
            HttpApiType => new HttpApiTranslator(this, logicalId, resource).Translate(),
            SimpleTableType => SimpleTableTranslator.Translate(logicalId, resource),
            LayerVersionTranslator.Type => LayerVersionTranslator.Translate(this, logicalId, resource),
            WebSocketApiTranslator.Type => new WebSocketApiTranslator(this, logicalId, resource).Translate(),
            StateMachineTranslator.Type => new StateMachineTranslator(this, logicalId, resource).Translate(),
            _ => throw new InvalidResourceError(logicalId,
                $"Resource type '{type}' is not supported by this SAM transform (Resources.{logicalId}.Type). Supported: {FunctionType}, {HttpApiType}, {SimpleTableType}, {LayerVersionTranslator.Type}, {WebSocketApiTranslator.Type}, {StateMachineTranslator.Type}."),
        };
    }

    private static readonly Dictionary<string, string[]> DoNotVerify = new(StringComparer.Ordinal)
    {
        ["AWS::Lambda::Function"] = [FunctionType],
        ["AWS::Lambda::LayerVersion"] = ["AWS::Serverless::LayerVersion"],
        ["AWS::Lambda::CapacityProvider"] = ["AWS::Serverless::CapacityProvider"],
        ["AWS::ApiGateway::RestApi"] = ["AWS::Serverless::Api"],
        ["AWS::ApiGatewayV2::Api"] = [HttpApiType, "AWS::Serverless::WebSocketApi"],
        ["AWS::S3::Bucket"] = ["AWS::S3::Bucket"],
        ["AWS::SNS::Topic"] = ["AWS::SNS::Topic"],
        ["AWS::DynamoDB::Table"] = [SimpleTableType],
        ["AWS::CloudFormation::Stack"] = ["AWS::Serverless::Application"],
        ["AWS::Cognito::UserPool"] = ["AWS::Cognito::UserPool"],
        ["AWS::StepFunctions::StateMachine"] = ["AWS::Serverless::StateMachine"],
    };

    private static bool IsUnique(CfnResource resource, JsonObject existing)
    {
        if (!existing.TryGetPropertyValue(resource.LogicalId, out var original))
        {
            return true;
        }

        return DoNotVerify.TryGetValue(resource.Type, out var types) && Json.Str(original?["Type"]) is { } t && types.Contains(t);
    }
}
