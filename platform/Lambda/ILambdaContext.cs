using Microsoft.Extensions.Logging;

namespace Lambda;

public interface ILambdaContext
{
    string AwsRequestId { get; }

    DateTimeOffset Deadline { get; }

    TimeSpan RemainingTime { get; }

    string InvokedFunctionArn { get; }

    string FunctionName { get; }

    string FunctionVersion { get; }

    int MemoryLimitInMB { get; }

    string LogGroupName { get; }

    string LogStreamName { get; }

    string? TraceId { get; }

    string? ClientContext { get; }

    string? CognitoIdentity { get; }

    ILogger Logger { get; }
}
