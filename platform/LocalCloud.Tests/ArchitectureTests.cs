using System.Text.RegularExpressions;
using System.Xml.Linq;
using LocalCloud.Testing;

namespace LocalCloud.Tests;

/// <summary>The layering of the local cloud: a service project references LocalCloud.Core (and pure
/// libraries), never another service; services reach each other through Core's ports.</summary>
public sealed partial class ArchitectureTests
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

    /// <summary>Reads of the system clock that are allowed, as "project/file" (each with its reason).</summary>
    private static readonly HashSet<string> ClockReadExemptions = new(StringComparer.Ordinal)
    {
        // The composition root: the host's default clock, which LocalCloudHost wraps in the MovableClock.
        "LocalCloud.Core/Hosting/LocalCloudOptions.cs",
        "LocalCloud.Core/Hosting/LocalCloudHost.cs",
    };

    /// <summary>
    /// Every service and Core reads time from the injected TimeProvider (the local cloud's movable clock), never from
    /// the system clock directly: <c>DateTime.UtcNow</c>, <c>DateTime.Now</c>, <c>DateTimeOffset.UtcNow</c>,
    /// <c>DateTimeOffset.Now</c>, <c>TimeProvider.System</c> (a Stopwatch measuring a duration is fine).
    /// </summary>
    [Fact]
    public void CoreAndServices_ReadNoSystemClock()
    {
        var offending = new List<string>();
        foreach (var project in ServiceProjectNames().Append("LocalCloud.Core"))
        {
            var root = Path.Combine(RepositoryPaths.Root, "platform", project);
            foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "platform"), file).Replace('\\', '/');
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal) || ClockReadExemptions.Contains(relative))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var line = lines[i].TrimStart();
                    if (!line.StartsWith("//", StringComparison.Ordinal) && !line.StartsWith("///", StringComparison.Ordinal) && SystemClockRead().IsMatch(line))
                    {
                        offending.Add($"{relative}:{i + 1}: {line}");
                    }
                }
            }
        }

        Assert.True(offending.Count == 0, "Read time from the injected TimeProvider:\n" + string.Join('\n', offending));
    }

    [GeneratedRegex(@"\b(DateTime|DateTimeOffset)\.(UtcNow|Now)\b|\bTimeProvider\.System\b")]
    private static partial Regex SystemClockRead();

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
