using System.CommandLine;
using Contracts.Cli.Commands;

namespace Contracts.Cli;

internal static class ContractCli
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CliEnvironment? environment = null, CancellationToken cancellationToken = default)
    {
        environment ??= CliEnvironment.Default;
        var root = new Command("contract", "Event contracts: list, show, produce, validate and test events, check compatibility, publish to and generate code from the EventBridge Schema Registry.")
        {
            ListCommand.Create(console),
            ShowCommand.Create(console, environment),
            ExampleCommand.Create(console, environment),
            ValidateCommand.Create(console),
            PutEventsCommand.Create(console, environment),
            TestPatternCommand.Create(console),
            CompatCommand.Create(console, environment),
            RegistryCommand.Create(console, environment),
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parseResult.Errors)
            {
                await console.Error.WriteLineAsync(error.Message);
            }

            await console.Error.WriteLineAsync("Run 'contract --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            };
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        catch (UsageException ex)
        {
            await console.Error.WriteLineAsync("error: " + ex.Message);
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException or UnauthorizedAccessException or Aws.AwsServiceException)
        {
            await console.Error.WriteLineAsync("error: " + ex.Message);
            return ExitCodes.Negative;
        }
    }

    public static ContractDescriptor RequireContract(string detailType) =>
        ContractCatalog.Find(detailType)
        ?? throw new UsageException($"Unknown detail-type '{detailType}'. Known: {string.Join(", ", ContractCatalog.All.Select(c => c.DetailType))}.");

    public static async Task<string> ReadInputAsync(string? file, CliConsole console, CancellationToken cancellationToken)
    {
        if (file is null || file == "-")
        {
            return await console.In.ReadToEndAsync(cancellationToken);
        }

        if (!File.Exists(file))
        {
            throw new UsageException($"File '{file}' does not exist.");
        }

        return await File.ReadAllTextAsync(file, cancellationToken);
    }
}
