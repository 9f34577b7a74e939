using Microsoft.Extensions.Logging;

namespace Lambda.Logging;

public sealed record LambdaLogSettings(LambdaLogFormat Format, LogLevel MinimumLevel)
{
    public static LambdaLogSettings Default { get; } = new(LambdaLogFormat.Text, LogLevel.Information);

    public static LambdaLogSettings From(Func<string, string?> environment)
    {
        var format = string.Equals(environment("AWS_LAMBDA_LOG_FORMAT"), "JSON", StringComparison.OrdinalIgnoreCase)
            ? LambdaLogFormat.Json
            : LambdaLogFormat.Text;
        var level = ParseLevel(environment("AWS_LAMBDA_LOG_LEVEL")) ?? LogLevel.Information;
        return new LambdaLogSettings(format, level);
    }

    public static LogLevel? ParseLevel(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "CRITICAL" => LogLevel.Critical,
        _ => null,
    };

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => "INFO",
    };
}
