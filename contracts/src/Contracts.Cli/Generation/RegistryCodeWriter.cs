using System.Text;
using Contracts.Cli.Schemas;

namespace Contracts.Cli.Generation;

internal static class RegistryCodeWriter
{
    public static async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyList<SchemaFile> files, string @namespace, string outDirectory, CancellationToken ct)
    {
        var roots = files.Select(f => (File: f, TypeName: SchemaDirectory.RootTypeName(f))).ToList();
        var types = await ContractCodeGenerator.GenerateTypesAsync(
            roots.Select(r => new SchemaToGenerate(r.TypeName, @namespace, r.File.Text)), ct);
        Directory.CreateDirectory(outDirectory);
        var written = new List<string>();
        foreach (var type in types)
        {
            var codes = new List<string> { type.Code };
            var root = roots.FirstOrDefault(r => r.TypeName == type.TypeName);
            if (root.File is not null)
            {
                codes.Add(Constants(root.TypeName, root.File));
            }

            var path = Path.Combine(outDirectory, type.TypeName + ".g.cs");
            await File.WriteAllTextAsync(path, ContractCodeGenerator.RenderFile(@namespace, codes), ct);
            written.Add(path);
        }

        return written;
    }

    private static string Constants(string typeName, SchemaFile file) =>
        new StringBuilder()
            .Append("public sealed partial class ").Append(typeName).Append('\n')
            .Append("{\n")
            .Append("    public const string Source = ").Append(ContractCodeGenerator.Literal(file.Source)).Append(";\n")
            .Append("    public const string DetailType = ").Append(ContractCodeGenerator.Literal(file.DetailType)).Append(";\n")
            .Append('}')
            .ToString();
}
