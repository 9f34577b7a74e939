using System.Text.Json.Nodes;
using Contracts.Cli.Validation;

namespace Contracts.Tests;

public sealed class ExampleValidationTests
{
    public static TheoryData<string> ValidExamples() => [.. RepoPaths.ExampleFiles(valid: true).Select(f => Path.GetRelativePath(RepoPaths.Schemas, f))];

    public static TheoryData<string> InvalidExamples() => [.. RepoPaths.ExampleFiles(valid: false).Select(f => Path.GetRelativePath(RepoPaths.Schemas, f))];

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void ValidExample_PassesItsSchema(string example)
    {
        var (contract, detail) = Load(example);
        var problems = ContractValidator.ValidateDetail(contract, detail);
        Assert.True(problems.Count == 0, string.Join("; ", problems.Select(p => $"{p.Path} {p.Rule} {p.Message}")));
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public void InvalidExample_FailsItsSchema(string example)
    {
        var (contract, detail) = Load(example);
        Assert.NotEmpty(ContractValidator.ValidateDetail(contract, detail));
    }

    [Fact]
    public void EveryContract_HasValidAndInvalidExamples()
    {
        foreach (var contract in ContractCatalog.All)
        {
            Assert.Contains(contract.Examples, e => e.IsValid);
            Assert.Contains(contract.Examples, e => !e.IsValid);
        }
    }

    [Fact]
    public void InvalidExamples_ReportThePathAndRule()
    {
        var contract = ContractCatalog.Find("order.placed.v1")!;
        var expected = new Dictionary<string, (string Path, string Rule)>
        {
            ["invalid-missing-customer"] = ("$.data.customer", "required"),
            ["invalid-lowercase-currency"] = ("$.data.total.currency", "pattern"),
            ["invalid-zero-quantity"] = ("$.data.lines[0].quantity", "minimum"),
            ["invalid-negative-total"] = ("$.data.total.amount", "exclusiveMinimum"),
            ["invalid-no-lines"] = ("$.data.lines", "minItems"),
            ["invalid-event-id-not-uuid"] = ("$.metadata.eventId", "format"),
            ["invalid-local-time"] = ("$.metadata.occurredAt", "pattern"),
        };
        foreach (var (name, (path, rule)) in expected)
        {
            var example = contract.Examples.Single(e => e.Name == name);
            var problem = Assert.Single(ContractValidator.ValidateDetail(contract, JsonNode.Parse(example.Json)!));
            Assert.Equal((path, rule), (problem.Path, problem.Rule));
        }
    }

    private static (ContractDescriptor Contract, JsonNode Detail) Load(string relativePath)
    {
        var file = Path.Combine(RepoPaths.Schemas, relativePath);
        var contract = ContractCatalog.Find(RepoPaths.DetailTypeOfExample(file));
        Assert.NotNull(contract);
        return (contract, JsonNode.Parse(File.ReadAllText(file))!);
    }
}
