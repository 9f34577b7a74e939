using System.Text;
using Contracts.Cli;

await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var exitCode = await ContractCli.RunAsync(args, new CliConsole(output, Console.Error, Console.In));
await output.FlushAsync();
return exitCode;
