using System.Text.Json;

namespace EventPatterns.Tests;

/// <summary>The labelled (pattern, event) corpus: the shared dev file, or the file named by <c>EVENT_PATTERN_CASES</c>.</summary>
internal static class ConformanceCorpus
{
    public const string EnvironmentVariable = "EVENT_PATTERN_CASES";

    private static readonly Lazy<IReadOnlyDictionary<string, ConformanceCase>> Cases = new(Load);

    public static IReadOnlyDictionary<string, ConformanceCase> All => Cases.Value;

    public static string FilePath
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return Path.GetFullPath(fromEnvironment);
            }

            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
            {
                directory = directory.Parent;
            }

            if (directory?.Parent is null)
            {
                throw new InvalidOperationException("Microservices.sln not found above the test binaries.");
            }

            return Path.Combine(directory.Parent.FullName, "shared", "conformance", "event-patterns.dev.jsonl");
        }
    }

    private static Dictionary<string, ConformanceCase> Load()
    {
        var cases = new Dictionary<string, ConformanceCase>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(FilePath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var id = root.TryGetProperty("id", out var idElement) ? idElement.GetString()! : $"line-{lineNumber}";
            var expected = root.GetProperty("expected");
            var outcome = expected.ValueKind switch
            {
                JsonValueKind.True => Expectation.Match,
                JsonValueKind.False => Expectation.NoMatch,
                JsonValueKind.String when expected.GetString() == "invalid" => Expectation.Invalid,
                _ => throw new InvalidDataException($"{id}: unknown expected value {expected.GetRawText()}"),
            };
            cases[id] = new ConformanceCase(id, root.GetProperty("pattern").GetRawText(), root.GetProperty("event").GetRawText(), outcome);
        }

        return cases;
    }
}

internal enum Expectation
{
    Match,
    NoMatch,
    Invalid,
}

internal sealed record ConformanceCase(string Id, string Pattern, string Event, Expectation Expected);
