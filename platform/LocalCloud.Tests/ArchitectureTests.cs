using System.Xml.Linq;
using LocalCloud.Testing;

namespace LocalCloud.Tests;

/// <summary>The layering of the local cloud: a service project references LocalCloud.Core (and pure
/// libraries), never another service; services reach each other through Core's ports.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] NotServices = ["LocalCloud", "LocalCloud.Core", "LocalCloud.Testing"];

    public static TheoryData<string> ServiceProjects() => new(ServiceProjectNames());

    [Fact]
    public void ServiceProjects_AreFound() =>
        Assert.Superset(new HashSet<string> { "LocalCloud.Sqs", "LocalCloud.EventBridge", "LocalCloud.Schemas" }, ServiceProjectNames().ToHashSet());

    [Theory]
    [MemberData(nameof(ServiceProjects))]
    public void ServiceProject_ReferencesNoOtherServiceOrTheExecutable(string project)
    {
        var references = ProjectReferences(project);

        Assert.Contains("LocalCloud.Core", references);
        var offending = references.Where(r => r.StartsWith("LocalCloud", StringComparison.Ordinal) && r != "LocalCloud.Core").ToList();
        Assert.True(offending.Count == 0, $"{project} references {string.Join(", ", offending)}; services reach each other through LocalCloud.Core's ports.");
    }

    [Fact]
    public void Core_ReferencesNoService()
    {
        var references = ProjectReferences("LocalCloud.Core");

        Assert.DoesNotContain(references, r => r.StartsWith("LocalCloud", StringComparison.Ordinal));
    }

    private static List<string> ServiceProjectNames() =>
        [.. Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "platform"), "LocalCloud*")
            .Select(path => Path.GetFileName(path))
            .Where(name => !NotServices.Contains(name) && !name.EndsWith(".Tests", StringComparison.Ordinal) && !name.EndsWith(".Benchmarks", StringComparison.Ordinal)
                && !name.EndsWith(".TestFunction", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private static List<string> ProjectReferences(string project)
    {
        var path = Path.Combine(RepositoryPaths.Root, "platform", project, project + ".csproj");
        return [.. XDocument.Load(path).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))];
    }
}
