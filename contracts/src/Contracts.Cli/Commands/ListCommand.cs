using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Contracts.Cli.Commands;

internal static class ListCommand
{
    public static Command Create(CliConsole console)
    {
        var output = OutputOption.Create();
        var command = new Command("list", "List the event catalogue: source, detail-type, version, producer, consumers, schema file.") { output };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                var array = new JsonArray();
                foreach (var c in ContractCatalog.All)
                {
                    array.Add(new JsonObject
                    {
                        ["source"] = c.Source,
                        ["detailType"] = c.DetailType,
                        ["version"] = c.MajorVersion,
                        ["producer"] = c.Producer,
                        ["consumers"] = Json.Array(c.Consumers),
                        ["schema"] = "schemas/" + c.SchemaPath,
                        ["type"] = c.DetailClrType.FullName,
                    });
                }

                await console.Out.WriteLineAsync(Json.Pretty(array));
                return ExitCodes.Success;
            }

            var table = TextTable.Render(
                ["SOURCE", "DETAIL-TYPE", "VERSION", "PRODUCER", "CONSUMERS", "SCHEMA"],
                ContractCatalog.All.Select(c => (IReadOnlyList<string>)
                [
                    c.Source, c.DetailType, c.MajorVersion.ToString(CultureInfo.InvariantCulture), c.Producer,
                    string.Join(", ", c.Consumers), "schemas/" + c.SchemaPath,
                ]));
            await console.Out.WriteAsync(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
