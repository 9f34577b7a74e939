using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>AWS::Serverless::LayerVersion: an AWS::Lambda::LayerVersion whose logical id carries a hash of the SAM resource, so every change publishes a new version.</summary>
internal static class LayerVersionTranslator
{
    public const string Type = "AWS::Serverless::LayerVersion";
    private static readonly string[] RetentionOptions = ["Retain", "Delete"];

    private static readonly PropertySpec[] Specs =
    [
        PropertySpec.Of("LayerName", PropertySpec.StrOrDict),
        PropertySpec.Str("Description"),
        PropertySpec.Bool("PublishLambdaVersion"),
        PropertySpec.Of("ContentUri", PropertySpec.StrOrDict) with { Required = true },
        PropertySpec.Of("CompatibleArchitectures", v => PropertySpec.ListOf(v, PropertySpec.StrOrDict)),
        PropertySpec.Of("CompatibleRuntimes", v => PropertySpec.ListOf(v, PropertySpec.StrOrDict)),
        PropertySpec.Str("LicenseInfo"),
        PropertySpec.Str("RetentionPolicy"),
    ];

    public static List<CfnResource> Translate(Translator translator, string logicalId, JsonObject resource)
    {
        if (!FunctionTranslator.ValidLogicalId().IsMatch(logicalId))
        {
            throw new InvalidResourceError(logicalId, "Logical ids must be alphanumeric.");
        }

        var properties = (JsonObject)Translator.PropertiesOf(resource).DeepClone();
        PropertySpec.ValidateAll(logicalId, Type, properties, Specs);
        var attributes = new JsonObject();
        foreach (var name in CfnResource.SupportedAttributes)
        {
            if (resource.TryGetPropertyValue(name, out var value))
            {
                attributes[name] = value?.DeepClone();
            }
        }

        foreach (var name in new[] { "LayerName", "LicenseInfo", "Description", "RetentionPolicy" })
        {
            var value = properties[name];
            if (!Json.Truthy(value))
            {
                continue;
            }

            var resolved = translator.Parameters.Resolve(value!.DeepClone());
            if (!Json.IsStr(resolved) && resolved is not JsonObject)
            {
                throw new InvalidResourceError(logicalId, $"Could not resolve parameter for '{name}' or parameter is not a String.");
            }

            properties[name] = resolved;
        }

        var retention = RetentionPolicy(logicalId, properties["RetentionPolicy"]);
        var layerAttributes = new JsonObject();
        foreach (var name in CfnResource.PassThroughAttributes)
        {
            if (attributes.TryGetPropertyValue(name, out var value))
            {
                layerAttributes[name] = value?.DeepClone();
            }
        }

        if (!layerAttributes.ContainsKey("DeletionPolicy"))
        {
            layerAttributes["DeletionPolicy"] = "Retain";
        }

        if (retention is not null)
        {
            layerAttributes["DeletionPolicy"] = retention;
        }

        var hashed = new JsonObject { ["Type"] = Type };
        var dependsOn = resource["DependsOn"];
        if (Json.Truthy(dependsOn))
        {
            hashed["DependsOn"] = dependsOn!.DeepClone();
        }

        foreach (var (name, value) in attributes)
        {
            if (name is not ("DeletionPolicy" or "UpdateReplacePolicy" or "Metadata"))
            {
                hashed[name] = value?.DeepClone();
            }
        }

        var hashedProperties = new JsonObject();
        foreach (var spec in Specs)
        {
            if (properties[spec.Name] is { } value)
            {
                hashedProperties[spec.Name] = value.DeepClone();
            }
        }

        hashed["Properties"] = hashedProperties;
        var newLogicalId = LogicalIdGenerator.Generate(logicalId, Json.Obj((logicalId, hashed)));
        translator.ChangedLogicalIds[logicalId] = newLogicalId;

        var layer = new CfnResource(newLogicalId, "AWS::Lambda::LayerVersion").WithAttributes(layerAttributes);
        layer.DependsOn = dependsOn?.DeepClone();
        layer["LayerName"] = Json.Truthy(properties["LayerName"]) ? properties["LayerName"] : JsonValue.Create(logicalId);
        layer["Description"] = properties["Description"];
        layer["Content"] = FunctionTranslator.S3Location(properties["ContentUri"]!, newLogicalId, "ContentUri");
        layer["CompatibleArchitectures"] = properties["CompatibleArchitectures"];
        var architectures = properties["CompatibleArchitectures"] as JsonArray;
        if (!Intrinsics.IsIntrinsic(properties["CompatibleArchitectures"]) && architectures is { Count: > 0 }
            && architectures.Any(a => !Intrinsics.IsIntrinsic(a) && Json.Str(a) is not ("x86_64" or "arm64")))
        {
            throw new InvalidResourceError(newLogicalId, "CompatibleArchitectures needs to be a list of 'x86_64' or 'arm64'");
        }

        layer["CompatibleRuntimes"] = properties["CompatibleRuntimes"];
        layer["LicenseInfo"] = properties["LicenseInfo"];
        return [layer];
    }

    private static string? RetentionPolicy(string logicalId, JsonNode? value)
    {
        if (Intrinsics.IsIntrinsic(value))
        {
            throw new InvalidResourceError(logicalId,
                $"'RetentionPolicy' does not accept intrinsic functions, please use one of the following options: {Json.PyListRepr(RetentionOptions)}");
        }

        if (value is null)
        {
            return null;
        }

        var text = Json.Str(value) ?? throw new InvalidResourceError(logicalId,
            $"Invalid 'RetentionPolicy' type, please use one of the following options: {Json.PyListRepr(RetentionOptions)}");
        return RetentionOptions.FirstOrDefault(o => o.Equals(text, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidResourceError(logicalId, $"'RetentionPolicy' must be one of the following options: {Json.PyListRepr(RetentionOptions)}.");
    }
}
