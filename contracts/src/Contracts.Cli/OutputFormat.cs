using System.CommandLine;

namespace Contracts.Cli;

internal enum OutputFormat
{
    Text,
    Json,
}

internal static class OutputOption
{
    public static Option<OutputFormat> Create() => new("--output", "-o")
    {
        Description = "Output format: text or json.",
        HelpName = "text|json",
        DefaultValueFactory = _ => OutputFormat.Text,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "text";
            switch (token.ToUpperInvariant())
            {
                case "TEXT":
                    return OutputFormat.Text;
                case "JSON":
                    return OutputFormat.Json;
                default:
                    result.AddError($"--output must be 'text' or 'json', not '{token}'.");
                    return OutputFormat.Text;
            }
        },
    };
}
