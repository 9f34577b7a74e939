using System.Globalization;

namespace Lambda.Internal;

internal sealed record FunctionSettings(
    string FunctionName,
    string FunctionVersion,
    int MemoryLimitInMB,
    string LogGroupName,
    string LogStreamName)
{
    public static FunctionSettings From(Func<string, string?> environment)
    {
        var memory = int.TryParse(environment("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var mb)
            ? mb
            : 0;
        return new FunctionSettings(
            environment("AWS_LAMBDA_FUNCTION_NAME") ?? "",
            environment("AWS_LAMBDA_FUNCTION_VERSION") ?? "$LATEST",
            memory,
            environment("AWS_LAMBDA_LOG_GROUP_NAME") ?? "",
            environment("AWS_LAMBDA_LOG_STREAM_NAME") ?? "");
    }
}
