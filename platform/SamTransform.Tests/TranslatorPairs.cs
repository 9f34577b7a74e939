using System.Text.Json.Nodes;

namespace SamTransform.Tests;

/// <summary>
/// The translator pairs (<c>input/NAME.yaml</c> → <c>output/NAME.json</c>): the shared reference set, or the directory named by
/// <c>SAM_TRANSLATOR_PAIRS</c> (same layout, e.g. a checkout's <c>tests/translator</c>), optionally narrowed by
/// <c>SAM_TRANSLATOR_PAIRS_ONLY</c> (a file listing one pair name per line).
/// </summary>
internal static class TranslatorPairs
{
    public const string DirectoryVariable = "SAM_TRANSLATOR_PAIRS";
    public const string OnlyVariable = "SAM_TRANSLATOR_PAIRS_ONLY";

    public static string Root
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return Path.GetFullPath(fromEnvironment);
            }

            return Path.Combine(RepositoryPaths.Shared, "reference", "sam-translator");
        }
    }

    public static IEnumerable<string> Names
    {
        get
        {
            var names = Directory.EnumerateFiles(Path.Combine(Root, "input"), "*.yaml")
                .Select(Path.GetFileNameWithoutExtension)
                .Where(n => File.Exists(Path.Combine(Root, "output", n + ".json")))
                .Select(n => n!);
            var only = Environment.GetEnvironmentVariable(OnlyVariable);
            if (!string.IsNullOrWhiteSpace(only))
            {
                var selected = File.ReadAllLines(only).Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
                names = names.Where(selected.Contains);
            }

            return names.OrderBy(n => n, StringComparer.Ordinal).ToList();
        }
    }

    public static string Input(string name) => File.ReadAllText(Path.Combine(Root, "input", name + ".yaml"));

    public static JsonNode Output(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "output", name + ".json")))!;

    /// <summary>The options SAM's own translator test uses (its README): region ap-southeast-1, two parameters, a fixed policy map.</summary>
    public static SamTransformOptions Options { get; } = new()
    {
        Region = "ap-southeast-1",
        ParameterValues = new Dictionary<string, string> { ["param1"] = "value1", ["param2"] = "value2" },
        ManagedPolicyArns = new Dictionary<string, string>
        {
            ["AWSLambdaBasicExecutionRole"] = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            ["AmazonDynamoDBFullAccess"] = "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
            ["AmazonDynamoDBReadOnlyAccess"] = "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
            ["AWSLambdaRole"] = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
            ["AWSXrayWriteOnlyAccess"] = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
        },
    };
}

internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Microservices.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));
}
