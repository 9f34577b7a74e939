using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>AWS::Serverless::SimpleTable: an AWS::DynamoDB::Table with a single hash key (default <c>id</c>, a string).</summary>
internal static class SimpleTableTranslator
{
    private static readonly PropertySpec[] Specs =
    [
        PropertySpec.Any("PointInTimeRecoverySpecification"),
        PropertySpec.Of("PrimaryKey", PropertySpec.DictOfStrs),
        PropertySpec.Of("ProvisionedThroughput", v => v is JsonObject o && o.All(p => Json.IsInt(p.Value) || Json.IsDict(p.Value))),
        PropertySpec.Of("TableName", PropertySpec.StrOrDict),
        PropertySpec.Dict("Tags"),
        PropertySpec.Dict("SSESpecification"),
    ];

    public static List<CfnResource> Translate(string logicalId, JsonObject resource)
    {
        if (!FunctionTranslator.ValidLogicalId().IsMatch(logicalId))
        {
            throw new InvalidResourceError(logicalId, "Logical ids must be alphanumeric.");
        }

        var properties = Translator.PropertiesOf(resource);
        PropertySpec.ValidateAll(logicalId, Translator.SimpleTableType, properties, Specs);
        var attributes = new JsonObject();
        foreach (var name in CfnResource.SupportedAttributes)
        {
            if (resource.TryGetPropertyValue(name, out var value))
            {
                attributes[name] = value?.DeepClone();
            }
        }

        var table = new CfnResource(logicalId, "AWS::DynamoDB::Table").WithAttributes(attributes);
        table.DependsOn = resource["DependsOn"]?.DeepClone();
        JsonObject primaryKey;
        if (properties["PrimaryKey"] is JsonObject key && key.Count > 0)
        {
            var name = Expect.NotNone(key["Name"], logicalId, "PrimaryKey.Name");
            var type = Expect.NotNone(key["Type"], logicalId, "PrimaryKey.Type");
            var attributeType = Json.Str(type) switch
            {
                "String" => "S",
                "Number" => "N",
                "Binary" => "B",
                _ => throw new InvalidResourceError(logicalId, $"Invalid 'Type' \"{Json.PyStr(type)}\"."),
            };
            primaryKey = Json.Obj(("AttributeName", name.DeepClone()), ("AttributeType", attributeType));
        }
        else
        {
            primaryKey = Json.Obj(("AttributeName", "id"), ("AttributeType", "S"));
        }

        table["AttributeDefinitions"] = Json.Array(primaryKey);
        table["KeySchema"] = Json.Array(Json.Obj(("AttributeName", primaryKey["AttributeName"]!.DeepClone()), ("KeyType", "HASH")));
        if (Json.Truthy(properties["PointInTimeRecoverySpecification"]))
        {
            table["PointInTimeRecoverySpecification"] = properties["PointInTimeRecoverySpecification"];
        }

        if (Json.Truthy(properties["ProvisionedThroughput"]))
        {
            table["ProvisionedThroughput"] = properties["ProvisionedThroughput"];
        }
        else
        {
            table["BillingMode"] = "PAY_PER_REQUEST";
        }

        if (Json.Truthy(properties["SSESpecification"]))
        {
            table["SSESpecification"] = properties["SSESpecification"];
        }

        if (Json.Truthy(properties["TableName"]))
        {
            table["TableName"] = properties["TableName"];
        }

        if (Json.Truthy(properties["Tags"]))
        {
            table["Tags"] = Tags.List((JsonObject)properties["Tags"]!);
        }

        return [table];
    }
}
