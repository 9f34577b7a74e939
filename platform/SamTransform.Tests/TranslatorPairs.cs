using System.Text.Json.Nodes;

namespace SamTransform.Tests;

/// <summary>
/// The translator pairs (<c>input/NAME.yaml</c> → <c>output/NAME.json</c>): the shared reference set, or the directory named by
/// <c>SAM_TRANSLATOR_PAIRS</c> (same layout, e.g. a checkout's <c>tests/translator</c>), optionally narrowed by
/// <c>SAM_TRANSLATOR_PAIRS_ONLY</c> (a file listing one pair name per line). <c>SAM_TRANSLATOR_REGION</c> (default
/// ap-southeast-1) picks the region; outside the <c>aws</c> partition the expected outputs are read from
/// <c>output/&lt;partition&gt;/</c>, as SAM's own test does for cn-north-1 and us-gov-west-1.
/// </summary>
internal static class TranslatorPairs
{
    public const string DirectoryVariable = "SAM_TRANSLATOR_PAIRS";
    public const string OnlyVariable = "SAM_TRANSLATOR_PAIRS_ONLY";
    public const string RegionVariable = "SAM_TRANSLATOR_REGION";

    public static string Region => Environment.GetEnvironmentVariable(RegionVariable) is { Length: > 0 } r ? r : "ap-southeast-1";

    public static string Partition => Region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : Region.StartsWith("us-gov", StringComparison.Ordinal) ? "aws-us-gov" : "aws";

    private static string OutputDirectory => Partition == "aws" ? Path.Combine(Root, "output") : Path.Combine(Root, "output", Partition);

    // SAM's own test reads the expected error of an error_ pair from output/ whatever the partition.
    private static string OutputFile(string name) =>
        Path.Combine(name.StartsWith("error_", StringComparison.Ordinal) ? Path.Combine(Root, "output") : OutputDirectory, name + ".json");

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
                .Where(n => File.Exists(OutputFile(n!)))
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

    public static JsonNode Output(string name) => JsonNode.Parse(File.ReadAllText(OutputFile(name)))!;

    /// <summary>The options SAM's own translator test uses (its README): region ap-southeast-1, two parameters, a fixed policy map.</summary>
    public static SamTransformOptions Options { get; } = CreateOptions();

    private static SamTransformOptions CreateOptions()
    {
        var partition = Partition;
        var policies = new Dictionary<string, string>
        {
            ["AWSLambdaBasicExecutionRole"] = $"arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            ["AmazonDynamoDBFullAccess"] = $"arn:{partition}:iam::aws:policy/AmazonDynamoDBFullAccess",
            ["AmazonDynamoDBReadOnlyAccess"] = $"arn:{partition}:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
            ["AWSLambdaRole"] = $"arn:{partition}:iam::aws:policy/service-role/AWSLambdaRole",
        };
        if (partition == "aws")
        {
            policies["AWSXrayWriteOnlyAccess"] = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess";
        }
        else
        {
            policies["AWSXRayDaemonWriteAccess"] = $"arn:{partition}:iam::aws:policy/AWSXRayDaemonWriteAccess";
        }

        return new SamTransformOptions
        {
            Region = Region,
            ParameterValues = new Dictionary<string, string> { ["param1"] = "value1", ["param2"] = "value2" },
            ManagedPolicyArns = policies,
        };
    }
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
