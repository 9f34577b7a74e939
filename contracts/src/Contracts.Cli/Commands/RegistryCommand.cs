using System.CommandLine;
using System.Text.Json.Nodes;
using Contracts.Cli.Generation;
using Contracts.Cli.Registry;
using Contracts.Cli.Schemas;

namespace Contracts.Cli.Commands;

internal static class RegistryCommand
{
    public const string DefaultRegistry = "contracts";

    public static Command Create(CliConsole console, CliEnvironment environment) =>
        new("registry", "Publish the contracts to an EventBridge Schema Registry and generate C# from it.")
        {
            CreatePush(console, environment),
            CreateCodegen(console, environment),
        };

    private static Command CreatePush(CliConsole console, CliEnvironment environment)
    {
        var registry = new Option<string>("--registry")
        {
            Description = "Registry name; created when missing.",
            DefaultValueFactory = _ => DefaultRegistry,
        };
        var schemas = new Option<string?>("--schemas") { Description = "Publish the schemas of this directory (default: the schemas built into this tool)." };
        var output = OutputOption.Create();
        var aws = new AwsOptions();
        var command = new Command(
            "push",
            "Publish every schema as a JSONSchemaDraft4 event envelope named <source>@<detail-type>; unchanged schemas make no new version.")
        {
            registry, schemas, output,
        };
        aws.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var registryName = parse.GetValue(registry)!;
            var files = parse.GetValue(schemas) is { } dir
                ? (Directory.Exists(dir) ? SchemaDirectory.Load(dir) : throw new UsageException($"Directory '{dir}' does not exist."))
                : SchemaDirectory.FromCatalog();
            using var client = aws.CreateSchemas(parse, environment);
            await RegistrySchemas.EnsureRegistryAsync(client, registryName, ct);
            var results = new List<PushResult>();
            foreach (var file in files)
            {
                results.Add(await RegistrySchemas.PushAsync(client, registryName, file, ct));
            }

            if (parse.GetValue(output) == OutputFormat.Json)
            {
                var array = new JsonArray();
                foreach (var r in results)
                {
                    array.Add(new JsonObject { ["schemaName"] = r.SchemaName, ["outcome"] = r.Outcome, ["version"] = r.Version });
                }

                await console.Out.WriteLineAsync(Json.Pretty(new JsonObject { ["registry"] = registryName, ["schemas"] = array }));
            }
            else
            {
                foreach (var r in results)
                {
                    await console.Out.WriteLineAsync($"{r.Outcome,-10} {r.SchemaName}  version {r.Version}");
                }

                await console.Out.WriteLineAsync(
                    $"registry {registryName}: {results.Count(r => r.Outcome == "created")} created, {results.Count(r => r.Outcome == "updated")} updated, {results.Count(r => r.Outcome == "unchanged")} unchanged");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateCodegen(CliConsole console, CliEnvironment environment)
    {
        var registry = new Option<string>("--registry") { Description = "Registry to read.", Required = true };
        var schema = new Option<string?>("--schema") { Description = "Only this schema (default: every schema in the registry)." };
        var version = new Option<string?>("--version") { Description = "Schema version (default: the latest); needs --schema." };
        var ns = new Option<string>("--namespace") { Description = "C# namespace of the generated types.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Directory to write the .cs files to (created when missing).", Required = true };
        var aws = new AwsOptions();
        var command = new Command("codegen", "Fetch schemas from a registry and write C# types (System.Text.Json) that a consumer compiles against.")
        {
            registry, schema, version, ns, outDir,
        };
        aws.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(version) is not null && result.GetValue(schema) is null)
            {
                result.AddError("--version needs --schema.");
            }

            if (result.GetValue(ns) is { } value && !System.Text.RegularExpressions.Regex.IsMatch(value, "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"))
            {
                result.AddError($"--namespace '{value}' is not a C# namespace.");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            using var client = aws.CreateSchemas(parse, environment);
            var files = await RegistrySchemas.LoadAsync(client, parse.GetValue(registry)!, parse.GetValue(schema), parse.GetValue(version), ct);
            if (files.Count == 0)
            {
                await console.Error.WriteLineAsync($"Registry '{parse.GetValue(registry)}' has no schemas.");
                return ExitCodes.Negative;
            }

            var @namespace = parse.GetValue(ns)!;
            var written = await RegistryCodeWriter.WriteAsync(files, @namespace, parse.GetValue(outDir)!, ct);
            foreach (var path in written)
            {
                await console.Out.WriteLineAsync("wrote " + path);
            }

            await console.Out.WriteLineAsync($"{written.Count} file(s) for {files.Count} schema(s) in namespace {@namespace}");
            return ExitCodes.Success;
        });
        return command;
    }
}
