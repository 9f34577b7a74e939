using System.CommandLine;
using Contracts.Cli.Validation;

namespace Contracts.Cli.Commands;

internal static class ExampleCommand
{
    public static Command Create(CliConsole console, CliEnvironment environment)
    {
        var detailType = new Argument<string>("detail-type") { Description = "The contract's detail-type, for example order.placed.v1." };
        var set = SetOption.Create();
        var command = new Command("example", "Print a complete, valid EventBridge event for a contract, with fresh metadata (eventId, correlationId, occurredAt).")
        {
            detailType, set,
        };
        command.SetAction(async (parse, ct) =>
        {
            var contract = ContractCli.RequireContract(parse.GetValue(detailType)!);
            var evt = contract.CreateExampleEvent(new EventEnvelopeOptions { TimeProvider = environment.TimeProvider });
            SetOption.Apply(evt["detail"]!.AsObject(), parse.GetValue(set) ?? []);
            var problems = ContractValidator.ValidateDetail(contract, evt["detail"]!, "$.detail");
            if (problems.Count > 0)
            {
                await ValidateCommand.WriteProblemsAsync(console.Error, contract.DetailType, problems);
                return ExitCodes.Negative;
            }

            await console.Out.WriteLineAsync(Json.Pretty(evt));
            return ExitCodes.Success;
        });
        return command;
    }
}
