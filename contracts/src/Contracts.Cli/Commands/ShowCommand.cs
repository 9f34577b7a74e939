using System.CommandLine;
using System.Text.Json.Nodes;

namespace Contracts.Cli.Commands;

internal static class ShowCommand
{
    public static Command Create(CliConsole console, CliEnvironment environment)
    {
        var detailType = new Argument<string>("detail-type") { Description = "The contract's detail-type, for example order.placed.v1." };
        var output = OutputOption.Create();
        var command = new Command("show", "Show a contract's schema and an example event.") { detailType, output };
        command.SetAction(async (parse, ct) =>
        {
            var contract = ContractCli.RequireContract(parse.GetValue(detailType)!);
            var example = contract.CreateExampleEvent(new EventEnvelopeOptions { TimeProvider = environment.TimeProvider });
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                var result = new JsonObject
                {
                    ["source"] = contract.Source,
                    ["detailType"] = contract.DetailType,
                    ["version"] = contract.MajorVersion,
                    ["producer"] = contract.Producer,
                    ["consumers"] = Json.Array(contract.Consumers),
                    ["type"] = contract.DetailClrType.FullName,
                    ["schema"] = JsonNode.Parse(contract.SchemaText),
                    ["example"] = example,
                };
                await console.Out.WriteLineAsync(Json.Pretty(result));
                return ExitCodes.Success;
            }

            await console.Out.WriteLineAsync($"{contract.DetailType} (source {contract.Source}, version {contract.MajorVersion})");
            await console.Out.WriteLineAsync(contract.Description);
            await console.Out.WriteLineAsync($"producer: {contract.Producer}; consumers: {string.Join(", ", contract.Consumers)}; C# type: {contract.DetailClrType.FullName}");
            await console.Out.WriteLineAsync();
            await console.Out.WriteLineAsync($"Schema (schemas/{contract.SchemaPath}):");
            await console.Out.WriteLineAsync(contract.SchemaText.TrimEnd());
            await console.Out.WriteLineAsync();
            await console.Out.WriteLineAsync($"Example event ({contract.DefaultExample.Name}, fresh metadata):");
            await console.Out.WriteLineAsync(Json.Pretty(example));
            return ExitCodes.Success;
        });
        return command;
    }
}
