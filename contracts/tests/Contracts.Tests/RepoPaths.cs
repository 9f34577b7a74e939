namespace Contracts.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Schemas => Path.Combine(Root, "contracts", "schemas");

    public static string ContractsProject => Path.Combine(Root, "contracts", "src", "Contracts");

    public static IEnumerable<string> ExampleFiles(bool valid) =>
        Directory.EnumerateFiles(Schemas, (valid ? "valid-" : "invalid-") + "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal);

    public static string DetailTypeOfExample(string exampleFile) => Path.GetFileName(Path.GetDirectoryName(exampleFile)!);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Microservices.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Microservices.sln not found above " + AppContext.BaseDirectory);
    }
}
