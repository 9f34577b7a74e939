namespace LocalCloud.Core.Ports;

/// <summary>
/// The Lambda functions of this local cloud, as other services reach them in process: HTTP API integrations and
/// authorizers, event-source mappings, asynchronous invocation, rule and schedule targets, Pipes enrichment.
/// Implemented by the Lambda service. A function is named by its ARN, unqualified or with a <c>:$LATEST</c>,
/// version or alias qualifier.
/// </summary>
public interface IFunctionPort
{
    /// <summary>The function as it is configured now, or null when there is no such function.</summary>
    FunctionDescription? Describe(string functionArn);

    /// <summary>Whether the function's resource-based policy lets <paramref name="principal"/> (a service principal
    /// such as <c>apigateway.amazonaws.com</c>, or an account id) invoke it from <paramref name="sourceArn"/>, as the
    /// policy's <c>AWS:SourceArn</c> and <c>AWS:SourceAccount</c> conditions say. A caller in the function's own
    /// account needs no policy statement.</summary>
    bool IsInvokeAllowed(string functionArn, string principal, string? sourceArn, string? sourceAccount);

    /// <summary>
    /// A synchronous (<c>RequestResponse</c>) invocation. Completes when the function answers, fails or times out;
    /// a function error is a result with <see cref="FunctionResult.FunctionError"/> set, not an exception. Throws
    /// <see cref="Hosting.ServiceException"/> as the <c>Invoke</c> API would answer: <c>ResourceNotFoundException</c>
    /// (404), <c>TooManyRequestsException</c> (429) when the function's concurrency is exhausted,
    /// <c>RequestTooLargeException</c> (413) for a payload over 6 MB.
    /// </summary>
    Task<FunctionResult> InvokeAsync(string functionArn, ReadOnlyMemory<byte> payload, FunctionInvokeOptions? options, CancellationToken cancellationToken);
}

public sealed record FunctionDescription(
    string FunctionArn,
    string FunctionName,
    string Account,
    string Region,
    int TimeoutSeconds,
    int MemorySizeMb,
    string? DeadLetterTargetArn);

public sealed record FunctionInvokeOptions
{
    /// <summary>Base64 of the JSON client context, as the <c>X-Amz-Client-Context</c> header carries it.</summary>
    public string? ClientContext { get; init; }

    /// <summary>The request id to use; a new one when null (asynchronous retries keep theirs).</summary>
    public string? RequestId { get; init; }

    /// <summary>Also return the last 4 KB of the invocation's log (<c>LogType: Tail</c>).</summary>
    public bool TailLog { get; init; }

    /// <summary>What invoked the function, for the log and the activity feed (<c>apigateway</c>, <c>sqs</c>, …).</summary>
    public string? Caller { get; init; }
}

/// <summary>
/// The outcome of one invocation. <see cref="FunctionError"/> is <c>Unhandled</c> when the function failed
/// (threw, timed out, exited, failed at init), and <see cref="Payload"/> is then Lambda's error document
/// (<c>errorMessage</c>, <c>errorType</c>, <c>stackTrace</c>).
/// </summary>
public sealed record FunctionResult(
    string RequestId,
    ReadOnlyMemory<byte> Payload,
    string? FunctionError,
    string ExecutedVersion,
    string? LogTail)
{
    public bool Succeeded => FunctionError is null;
}
