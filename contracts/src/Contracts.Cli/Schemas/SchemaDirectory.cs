using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Contracts.Cli.Schemas;

internal sealed record SchemaFile(string Source, string DetailType, string Text)
{
    public string RelativePath => $"{Source}/{DetailType}.json";

    public int MajorVersion => SchemaDirectory.MajorVersionOf(DetailType)
        ?? throw new InvalidOperationException($"Detail-type {DetailType} does not end in .v<major>.");
}

internal static partial class SchemaDirectory
{
    public static IReadOnlyList<SchemaFile> Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Schema directory {directory} does not exist.");
        }

        var files = new List<SchemaFile>();
        foreach (var sourceDir in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var source = Path.GetFileName(sourceDir);
            foreach (var file in Directory.EnumerateFiles(sourceDir, "*.json").Order(StringComparer.Ordinal))
            {
                files.Add(new SchemaFile(source, Path.GetFileNameWithoutExtension(file), File.ReadAllText(file)));
            }
        }

        return files;
    }

    public static IReadOnlyList<SchemaFile> FromCatalog() =>
        [.. ContractCatalog.All.Select(d => new SchemaFile(d.Source, d.DetailType, d.SchemaText))];

    public static int? MajorVersionOf(string detailType)
    {
        var match = MajorVersionPattern().Match(detailType);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    public static string NamespaceFor(string source, int majorVersion)
    {
        var lastSegment = source[(source.LastIndexOf('.') + 1)..];
        return $"Contracts.{Generation.ContractCodeGenerator.ToPascalCase(lastSegment)}.V{majorVersion.ToString(CultureInfo.InvariantCulture)}";
    }

    public static string RootTypeName(SchemaFile file)
    {
        var title = JsonNode.Parse(file.Text)?["title"]?.GetValue<string>();
        if (title is null || !IdentifierPattern().IsMatch(title))
        {
            throw new InvalidOperationException($"Schema {file.RelativePath} needs a title that is a C# identifier (the type name).");
        }

        return title;
    }

    [GeneratedRegex(@"\.v([0-9]+)$")]
    private static partial Regex MajorVersionPattern();

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex IdentifierPattern();
}
