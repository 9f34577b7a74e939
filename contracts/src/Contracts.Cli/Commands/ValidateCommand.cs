using System.CommandLine;
using System.Text.Json.Nodes;
using Contracts.Cli.Validation;

namespace Contracts.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string?>("file")
        {
            Description = "A JSON file holding a full event or a bare detail; '-' or nothing reads standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var type = new Option<string?>("--type") { Description = "Validate against this detail-type instead of the event's own (needed for a bare detail)." };
        var output = OutputOption.Create();
        var command = new Command("validate", "Validate a full event or a bare detail against its contract; errors name the JSON path and the rule.")
        {
            file, type, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var text = await ContractCli.ReadInputAsync(parse.GetValue(file), console, ct);
            var document = Json.Parse(text, "The input");
            var outcome = ContractValidator.Validate(document, parse.GetValue(type));
            var name = outcome.Contract?.DetailType ?? "unknown contract";
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                var errors = new JsonArray();
                foreach (var p in outcome.Problems)
                {
                    errors.Add(new JsonObject { ["path"] = p.Path, ["rule"] = p.Rule, ["message"] = p.Message });
                }

                await console.Out.WriteLineAsync(Json.Pretty(new JsonObject
                {
                    ["valid"] = outcome.IsValid,
                    ["detailType"] = outcome.Contract?.DetailType,
                    ["kind"] = outcome.IsFullEvent ? "event" : "detail",
                    ["errors"] = errors,
                }));
            }
            else if (outcome.IsValid)
            {
                await console.Out.WriteLineAsync($"valid: {(outcome.IsFullEvent ? "event" : "detail")} matches {name}");
            }
            else
            {
                await WriteProblemsAsync(console.Out, name, outcome.Problems);
            }

            return outcome.IsValid ? ExitCodes.Success : ExitCodes.Negative;
        });
        return command;
    }

    public static async Task WriteProblemsAsync(TextWriter writer, string contract, IReadOnlyList<ValidationProblem> problems)
    {
        await writer.WriteLineAsync($"invalid: {problems.Count} error(s) against {contract}");
        foreach (var p in problems)
        {
            await writer.WriteLineAsync($"  {p.Path}: [{p.Rule}] {p.Message}");
        }
    }
}
