using System.CommandLine;

namespace LocalCloud.Cli;

internal static class LocalCloudCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("The local cloud: AWS wire protocols (EventBridge, SQS, Schemas, DynamoDB, SES, Lambda, HTTP APIs, ...) on one loopback port, state in SQLite.")
        {
            UpCommand.Create(),
            StatusCommand.Create(),
            TailCommand.Create(),
            MailCommand.Create(),
            LogsCommand.Create(),
            ApisCommand.Create(),
            ClockCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }

    internal static Option<string> EndpointOption() => new("--endpoint")
    {
        Description = "The local cloud's endpoint (default: $AWS_ENDPOINT_URL, else http://127.0.0.1:4566).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:4566",
    };

    internal static Uri? ParseEndpoint(string? value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        Console.Error.WriteLine($"error: --endpoint must be an absolute http(s) URL, got '{value}'.");
        return null;
    }

    internal static Option<string> OutputOption() => new("--output", "-o")
    {
        Description = "Output format: text or json.",
        DefaultValueFactory = _ => "text",
    };
}
