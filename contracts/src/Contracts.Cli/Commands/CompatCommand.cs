using System.CommandLine;
using System.Text.Json.Nodes;
using Contracts.Cli.Compatibility;
using Contracts.Cli.Registry;
using Contracts.Cli.Schemas;

namespace Contracts.Cli.Commands;

internal static class CompatCommand
{
    private const string RegistryPrefix = "registry:";

    public static Command Create(CliConsole console, CliEnvironment environment)
    {
        var baseline = new Option<string>("--baseline")
        {
            Description = "The schemas to compare with: a directory laid out like contracts/schemas, or registry:NAME for a schema registry.",
            Required = true,
        };
        var schemas = new Option<string?>("--schemas") { Description = "The current schemas directory (default: the schemas built into this tool)." };
        var output = OutputOption.Create();
        var aws = new AwsOptions();
        var command = new Command("compat", "Compare every schema with its baseline and report breaking changes per field; exit 1 on any.")
        {
            baseline, schemas, output,
        };
        aws.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var baselineValue = parse.GetValue(baseline)!;
            IReadOnlyList<SchemaFile> old;
            if (baselineValue.StartsWith(RegistryPrefix, StringComparison.Ordinal))
            {
                var registry = baselineValue[RegistryPrefix.Length..];
                if (registry.Length == 0)
                {
                    throw new UsageException("--baseline registry:NAME needs a registry name.");
                }

                using var client = aws.CreateSchemas(parse, environment);
                old = await RegistrySchemas.LoadAsync(client, registry, null, null, ct);
            }
            else
            {
                old = LoadDirectory(baselineValue);
            }

            var currentDir = parse.GetValue(schemas);
            var current = currentDir is null ? SchemaDirectory.FromCatalog() : LoadDirectory(currentDir);
            var changes = SchemaCompatibility.Compare(old, current);
            var breaking = changes.Count(c => c.IsBreaking);
            if (parse.GetValue(output) == OutputFormat.Json)
            {
                var array = new JsonArray();
                foreach (var c in changes)
                {
                    array.Add(new JsonObject
                    {
                        ["detailType"] = c.DetailType,
                        ["path"] = c.Path,
                        ["kind"] = c.Kind,
                        ["breaking"] = c.IsBreaking,
                        ["message"] = c.Message,
                    });
                }

                await console.Out.WriteLineAsync(Json.Pretty(new JsonObject
                {
                    ["compatible"] = breaking == 0,
                    ["compared"] = old.Count,
                    ["breaking"] = breaking,
                    ["changes"] = array,
                }));
            }
            else
            {
                foreach (var c in changes.OrderBy(c => c.DetailType, StringComparer.Ordinal).ThenBy(c => c.Path, StringComparer.Ordinal))
                {
                    await console.Out.WriteLineAsync($"{(c.IsBreaking ? "BREAKING" : "ok      ")}  {c.DetailType}  {c.Path}: {c.Message}");
                }

                await console.Out.WriteLineAsync(breaking == 0
                    ? $"compatible: {old.Count} baseline schema(s), {changes.Count} non-breaking change(s)"
                    : $"incompatible: {breaking} breaking change(s); publish them as a new major version (detail-type .v<N+1>) beside the old one");
            }

            return breaking == 0 ? ExitCodes.Success : ExitCodes.Negative;
        });
        return command;
    }

    private static IReadOnlyList<SchemaFile> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"Directory '{directory}' does not exist.");
        }

        return SchemaDirectory.Load(directory);
    }
}
