using System.Text.Json.Nodes;
using Contracts.Cli.Schemas;

namespace Contracts.Tests;

public sealed class CatalogTests
{
    [Fact]
    public void Catalog_ListsEverySchemaFileOnce()
    {
        var files = SchemaDirectory.Load(RepoPaths.Schemas).Select(f => f.RelativePath).Order(StringComparer.Ordinal);
        Assert.Equal(files, ContractCatalog.All.Select(c => c.SchemaPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Catalog_AgreesWithSchemaFiles()
    {
        foreach (var contract in ContractCatalog.All)
        {
            var file = Path.Combine(RepoPaths.Schemas, contract.Source, contract.DetailType + ".json");
            var text = File.ReadAllText(file);
            Assert.Equal(text, contract.SchemaText);
            var schema = JsonNode.Parse(text)!;
            Assert.Equal("http://json-schema.org/draft-04/schema#", (string)schema["$schema"]!);
            Assert.Equal((string)schema["x-producer"]!, contract.Producer);
            Assert.Equal(schema["x-consumers"]!.AsArray().Select(c => (string)c!), contract.Consumers);
            Assert.Equal((string)schema["title"]!, contract.DetailClrType.Name);
            Assert.EndsWith(".v" + contract.MajorVersion, contract.DetailType, StringComparison.Ordinal);
            Assert.Equal(SchemaDirectory.NamespaceFor(contract.Source, contract.MajorVersion), contract.DetailClrType.Namespace);
            Assert.Equal(contract.DetailClrType, contract.JsonTypeInfo.Type);
            Assert.Equal(contract.Source, contract.DetailClrType.GetField("Source")!.GetRawConstantValue());
            Assert.Equal(contract.DetailType, contract.DetailClrType.GetField("DetailType")!.GetRawConstantValue());
            var examples = Directory.GetFiles(Path.Combine(RepoPaths.Schemas, contract.Source, "examples", contract.DetailType), "*.json");
            Assert.Equal(examples.Length, contract.Examples.Count);
        }
    }

    [Fact]
    public void Catalog_CoversTheDesignEventCatalogue()
    {
        Assert.Equal(
            [
                "com.example.notifications notification.error.delivery-failed.v1",
                "com.example.notifications notification.sent.v1",
                "com.example.orders order.cancelled.v1",
                "com.example.orders order.paid.v1",
                "com.example.orders order.placed.v1",
                "com.example.orders payment.deadline-reached.v1",
            ],
            ContractCatalog.All.Select(c => $"{c.Source} {c.DetailType}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EverySchemaField_IsDocumented()
    {
        foreach (var contract in ContractCatalog.All)
        {
            var schema = JsonNode.Parse(contract.SchemaText)!.AsObject();
            foreach (var (path, node) in Properties(schema, "$"))
            {
                Assert.True(node["description"] is not null, $"{contract.DetailType} {path} has no description");
                Assert.False(node["additionalProperties"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.False, $"{contract.DetailType} {path} forbids unknown fields");
            }
        }
    }

    private static IEnumerable<(string Path, JsonObject Node)> Properties(JsonObject schema, string path)
    {
        if (schema["properties"] is JsonObject props)
        {
            foreach (var (name, value) in props)
            {
                var child = value!.AsObject();
                yield return ($"{path}.{name}", child);
                foreach (var nested in Properties(child, $"{path}.{name}"))
                {
                    yield return nested;
                }
            }
        }

        if (schema["items"] is JsonObject items)
        {
            foreach (var nested in Properties(items, path + "[]"))
            {
                yield return nested;
            }
        }

        if (schema["definitions"] is JsonObject definitions)
        {
            foreach (var (name, value) in definitions)
            {
                yield return ($"#/definitions/{name}", value!.AsObject());
                foreach (var nested in Properties(value!.AsObject(), $"#/definitions/{name}"))
                {
                    yield return nested;
                }
            }
        }
    }
}
