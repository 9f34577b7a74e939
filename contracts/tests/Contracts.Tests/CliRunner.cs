using Contracts.Cli;

namespace Contracts.Tests;

internal sealed record CliResult(int ExitCode, string Out, string Error);

internal static class CliRunner
{
    public static Task<CliResult> RunWithInputAsync(string? stdin, params string[] args) => RunInAsync(null, stdin, args);

    public static async Task<CliResult> RunInAsync(CliEnvironment? environment, string? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin ?? string.Empty);
        var code = await ContractCli.RunAsync(args, new CliConsole(output, error, input), environment);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);
}
