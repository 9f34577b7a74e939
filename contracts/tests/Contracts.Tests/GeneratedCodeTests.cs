using Contracts.Cli.Generation;
using Contracts.Cli.Schemas;

namespace Contracts.Tests;

public sealed class GeneratedCodeTests
{
    [Fact]
    public async Task CheckedInCode_MatchesSchemas()
    {
        var files = await ContractsProjectGenerator.GenerateAsync(SchemaDirectory.Load(RepoPaths.Schemas), CancellationToken.None);
        var generatedDir = Path.Combine(RepoPaths.ContractsProject, ContractsProjectGenerator.GeneratedFolder);
        if (Environment.GetEnvironmentVariable("CONTRACTS_REGENERATE") == "1")
        {
            if (Directory.Exists(generatedDir))
            {
                Directory.Delete(generatedDir, recursive: true);
            }

            foreach (var (path, content) in files)
            {
                var target = Path.Combine(RepoPaths.ContractsProject, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllTextAsync(target, content);
            }
        }

        var onDisk = Directory.EnumerateFiles(generatedDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.ContractsProject, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), onDisk);
        foreach (var (path, content) in files)
        {
            var actual = await File.ReadAllTextAsync(Path.Combine(RepoPaths.ContractsProject, path));
            Assert.True(
                string.Equals(content, actual, StringComparison.Ordinal),
                $"{path} drifted from the schemas; run the tests with CONTRACTS_REGENERATE=1 to regenerate it.");
        }
    }
}
