using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>SAM's Globals section: properties merged into every resource of a type (local values win, lists concatenate, maps merge).</summary>
internal static class Globals
{
    private static readonly Dictionary<string, string[]> Supported = new(StringComparer.Ordinal)
    {
        ["AWS::Serverless::Function"] =
        [
            "Handler", "Runtime", "CodeUri", "DeadLetterQueue", "Description", "MemorySize", "Timeout", "VpcConfig", "Environment",
            "Tags", "PropagateTags", "Tracing", "KmsKeyArn", "AutoPublishAlias", "AutoPublishAliasAllProperties", "Layers",
            "DeploymentPreference", "RolePath", "PermissionsBoundary", "ReservedConcurrentExecutions", "ProvisionedConcurrencyConfig",
            "AssumeRolePolicyDocument", "EventInvokeConfig", "FileSystemConfigs", "CodeSigningConfigArn", "Architectures", "SnapStart",
            "EphemeralStorage", "FunctionUrlConfig", "RuntimeManagementConfig", "LoggingConfig", "RecursiveLoop", "SourceKMSKeyArn",
            "TenancyConfig", "DurableConfig", "CapacityProviderConfig", "FunctionScalingConfig", "PublishToLatestPublished",
            "VersionDeletionPolicy",
        ],
        ["AWS::Serverless::Api"] =
        [
            "Auth", "Name", "DefinitionUri", "CacheClusterEnabled", "CacheClusterSize", "MergeDefinitions", "Variables",
            "EndpointConfiguration", "MethodSettings", "BinaryMediaTypes", "MinimumCompressionSize", "Cors", "GatewayResponses",
            "AccessLogSetting", "CanarySetting", "TracingEnabled", "OpenApiVersion", "Domain", "AlwaysDeploy", "PropagateTags",
            "SecurityPolicy", "EndpointAccessMode",
        ],
        ["AWS::Serverless::HttpApi"] =
        [
            "Auth", "AccessLogSettings", "StageVariables", "Tags", "CorsConfiguration", "DefaultRouteSettings", "Domain",
            "RouteSettings", "FailOnWarnings", "PropagateTags",
        ],
        ["AWS::Serverless::SimpleTable"] = ["SSESpecification"],
        ["AWS::Serverless::StateMachine"] = ["PropagateTags"],
        ["AWS::Serverless::LayerVersion"] = ["PublishLambdaVersion"],
        ["AWS::Serverless::CapacityProvider"] =
        [
            "VpcConfig", "OperatorRole", "Tags", "InstanceRequirements", "ScalingConfig", "KmsKeyArn", "PropagateTags",
        ],
        ["AWS::Serverless::WebSocketApi"] =
        [
            "AccessLogSettings", "ApiKeySelectionExpression", "DefaultRouteSettings", "DisableExecuteApiEndpoint",
            "DisableSchemaValidation", "Domain", "FailOnWarnings", "IpAddressType", "PropagateTags", "RouteSelectionExpression",
            "RouteSettings", "StageVariables", "Tags",
        ],
    };

    public static void Apply(JsonObject template)
    {
        var globals = Parse(template);
        var resources = (JsonObject)template["Resources"]!;
        foreach (var (logicalId, resource) in Translator.SamResources(resources))
        {
            var type = Json.Str(resource["Type"])!;
            var properties = resource.TryGetPropertyValue("Properties", out var p) ? p : new JsonObject();
            if (globals.TryGetValue(type, out var global))
            {
                var ignore = resource["IgnoreGlobals"];
                global = ApplyIgnore(logicalId, global, ignore);
                properties = Merge(global, properties);
            }

            resource["Properties"] = properties?.Parent is null ? properties : properties.DeepClone();
        }

        template.Remove("Globals");
    }

    private static Dictionary<string, JsonObject> Parse(JsonObject template)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (!template.TryGetPropertyValue("Globals", out var section))
        {
            return result;
        }

        if (section is not JsonObject sections)
        {
            throw new InvalidDocumentError(new InvalidGlobalsError("It must be a non-empty dictionary"));
        }

        var names = Supported.Keys.Select(k => k["AWS::Serverless::".Length..]).OrderBy(n => n, StringComparer.Ordinal).ToList();
        foreach (var (sectionName, properties) in sections)
        {
            var type = "AWS::Serverless::" + sectionName;
            if (!Supported.TryGetValue(type, out var supported))
            {
                throw new InvalidDocumentError(new InvalidGlobalsError(
                    $"'{sectionName}' is not supported. Must be one of the following values - {Json.PyListRepr(names)}"));
            }

            if (properties is not JsonObject props)
            {
                throw new InvalidDocumentError(new InvalidGlobalsError("Value of ${section} must be a dictionary"));
            }

            foreach (var (key, _) in props)
            {
                if (!supported.Contains(key))
                {
                    throw new InvalidDocumentError(new InvalidGlobalsError(
                        $"'{key}' is not a supported property of '{sectionName}'. Must be one of the following values - {Json.PyListRepr(supported)}"));
                }
            }

            result[type] = props;
        }

        return result;
    }

    private static JsonObject ApplyIgnore(string logicalId, JsonObject global, JsonNode? ignore)
    {
        if (!Json.Truthy(ignore))
        {
            return global;
        }

        if (Json.Str(ignore) == "*")
        {
            return [];
        }

        if (ignore is JsonArray list)
        {
            var copy = (JsonObject)global.DeepClone();
            foreach (var item in list)
            {
                var key = Json.Str(item);
                if (key is null || !copy.ContainsKey(key))
                {
                    throw new InvalidDocumentError(new InvalidResourceError(logicalId,
                        $"Resource {logicalId} has invalid resource attribute 'IgnoreGlobals' on item '{Json.PyStr(item)}'."));
                }

                copy.Remove(key);
            }

            return copy;
        }

        throw new InvalidDocumentError(new InvalidResourceError(logicalId, $"Resource {logicalId} has invalid resource attribute 'IgnoreGlobals'."));
    }

    private enum Token
    {
        Primitive,
        Dict,
        List,
    }

    private static Token TokenOf(JsonNode? node) => node switch
    {
        JsonObject o => Intrinsics.IsIntrinsic(o) ? Token.Primitive : Token.Dict,
        JsonArray => Token.List,
        _ => Token.Primitive,
    };

    private static JsonNode? Merge(JsonNode? global, JsonNode? local)
    {
        var g = TokenOf(global);
        var l = TokenOf(local);
        if (g != l || g == Token.Primitive)
        {
            return local?.DeepClone();
        }

        if (g == Token.List)
        {
            return new JsonArray([.. ((JsonArray)global!).Select(x => x?.DeepClone()), .. ((JsonArray)local!).Select(x => x?.DeepClone())]);
        }

        var merged = (JsonObject)global!.DeepClone();
        foreach (var (key, value) in (JsonObject)local!)
        {
            merged[key] = merged.TryGetPropertyValue(key, out var existing) ? Merge(existing, value) : value?.DeepClone();
        }

        return merged;
    }
}
