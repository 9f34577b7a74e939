using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aws.Schemas;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Contracts.Tests;

public sealed class RegistryTests(ContractsCloudFixture cloud) : IClassFixture<ContractsCloudFixture>
{
    private static string UniqueRegistry() => "contracts-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Push_PublishesEveryContractOnceAndSkipsUnchangedSchemas()
    {
        var registry = UniqueRegistry();

        var first = await RunAsync("registry", "push", "--registry", registry);
        var second = await RunAsync("registry", "push", "--registry", registry, "--output", "json");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("created    com.example.orders@order.placed.v1  version 1", first.Out, StringComparison.Ordinal);
        Assert.Contains($"registry {registry}: 6 created, 0 updated, 0 unchanged", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        var outcomes = JsonNode.Parse(second.Out)!["schemas"]!.AsArray();
        Assert.Equal(6, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(("unchanged", "1"), ((string)o!["outcome"]!, (string)o["version"]!)));

        using var client = cloud.CreateSchemasClient();
        var described = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "com.example.orders@order.placed.v1" });
        Assert.Equal(SchemaType.JsonSchemaDraft4, described.Type);
        var content = JsonNode.Parse(described.Content!)!;
        Assert.Equal("com.example.orders", (string)content["x-amazon-events-source"]!);
        Assert.Equal("order.placed.v1", (string)content["x-amazon-events-detail-type"]!);
        Assert.Equal("#/definitions/OrderPlaced", (string)content["properties"]!["detail"]!["$ref"]!);
        Assert.NotNull(content["definitions"]!["OrderPlaced"]!["properties"]!["data"]);
        Assert.NotNull(content["definitions"]!["Money"]);
        Assert.Equal(9, content["required"]!.AsArray().Count);
        var versions = new List<SchemaVersionSummary>();
        await foreach (var v in client.ListAllSchemaVersionsAsync(registry, "com.example.orders@order.placed.v1"))
        {
            versions.Add(v);
        }

        Assert.Single(versions);
    }

    [Fact]
    public async Task Push_ChangedSchema_MakesOneNewVersion()
    {
        var registry = UniqueRegistry();
        using var dir = TempSchemas.Copy();
        dir.Edit("com.example.orders/order.paid.v1.json", s =>
            s["properties"]!["data"]!["properties"]!["method"] = new JsonObject { ["type"] = "string", ["description"] = "Payment method." });
        Assert.Equal(0, (await RunAsync("registry", "push", "--registry", registry)).ExitCode);

        var result = await RunAsync("registry", "push", "--registry", registry, "--schemas", dir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("updated    com.example.orders@order.paid.v1  version 2", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 updated, 5 unchanged", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compat_AgainstRegistryBaseline_FindsBreakingChanges()
    {
        var registry = UniqueRegistry();
        using var dir = TempSchemas.Copy();
        dir.Edit("com.example.orders/order.placed.v1.json", s =>
        {
            s["properties"]!["data"]!["properties"]!["channel"] = new JsonObject { ["type"] = "string", ["description"] = "Sales channel." };
            s["properties"]!["data"]!["required"]!.AsArray().Add("channel");
        });
        Assert.Equal(0, (await RunAsync("registry", "push", "--registry", registry)).ExitCode);

        var same = await RunAsync("compat", "--baseline", "registry:" + registry);
        var pushedBreaking = await RunAsync("registry", "push", "--registry", registry, "--schemas", dir.Path);
        var broken = await RunAsync("compat", "--baseline", "registry:" + registry);

        Assert.Equal(0, same.ExitCode);
        Assert.Contains("compatible: 6 baseline schema(s)", same.Out, StringComparison.Ordinal);
        Assert.Equal(0, pushedBreaking.ExitCode);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("BREAKING  order.placed.v1  $.data.channel: field removed", broken.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compat_UnknownRegistry_Fails()
    {
        var result = await RunAsync("compat", "--baseline", "registry:" + UniqueRegistry());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Codegen_FromRegistry_CompilesAndReadsEveryExample()
    {
        var registry = UniqueRegistry();
        Assert.Equal(0, (await RunAsync("registry", "push", "--registry", registry)).ExitCode);
        var outDir = Directory.CreateTempSubdirectory("contract-codegen-");
        try
        {
            var result = await RunAsync("registry", "codegen", "--registry", registry, "--namespace", "Consumer.Events", "--out", outDir.FullName);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("for 6 schema(s) in namespace Consumer.Events", result.Out, StringComparison.Ordinal);
            var assembly = Compile(Directory.GetFiles(outDir.FullName, "*.cs"));
            var options = new JsonSerializerOptions();
            foreach (var contract in ContractCatalog.All)
            {
                var type = assembly.GetType("Consumer.Events." + contract.DetailClrType.Name, throwOnError: true)!;
                Assert.Equal(contract.DetailType, type.GetField("DetailType")!.GetRawConstantValue());
                Assert.Equal(contract.Source, type.GetField("Source")!.GetRawConstantValue());
                foreach (var example in contract.Examples.Where(e => e.IsValid))
                {
                    var value = JsonSerializer.Deserialize(example.Json, type, options);
                    Assert.NotNull(value);
                    var written = JsonNode.Parse(JsonSerializer.Serialize(value, type, options))!;
                    var original = JsonNode.Parse(example.Json)!;
                    Assert.Equal(
                        Guid.Parse((string)original["metadata"]!["eventId"]!),
                        Guid.Parse((string)written["metadata"]!["eventId"]!));
                    Assert.Equal(
                        Guid.Parse((string)original["data"]!["orderId"]!),
                        Guid.Parse((string)written["data"]!["orderId"]!));
                }
            }
        }
        finally
        {
            outDir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Codegen_OneSchemaVersion_WritesItsTypes()
    {
        var registry = UniqueRegistry();
        Assert.Equal(0, (await RunAsync("registry", "push", "--registry", registry)).ExitCode);
        var outDir = Directory.CreateTempSubdirectory("contract-codegen-");
        try
        {
            var result = await RunAsync(
                "registry", "codegen", "--registry", registry, "--schema", "com.example.orders@order.cancelled.v1", "--version", "1",
                "--namespace", "Billing.Inbound", "--out", outDir.FullName);
            var missing = await RunAsync(
                "registry", "codegen", "--registry", registry, "--schema", "com.example.orders@order.cancelled.v1", "--version", "7",
                "--namespace", "Billing.Inbound", "--out", outDir.FullName);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(
                ["EventMetadata.g.cs", "OrderCancelled.g.cs", "OrderCancelledData.g.cs", "OrderCancelledDataReason.g.cs"],
                Directory.GetFiles(outDir.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("version 7 does not exist", missing.Error, StringComparison.Ordinal);
        }
        finally
        {
            outDir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Codegen_WithoutNamespace_IsBadUsage()
    {
        var result = await RunAsync("registry", "codegen", "--registry", "x", "--out", "y");

        Assert.Equal(2, result.ExitCode);
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunInAsync(cloud.Environment, null, args);

    private static Assembly Compile(IEnumerable<string> files)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f)).ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "Consumer.Events",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext("codegen-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(stream);
    }
}
