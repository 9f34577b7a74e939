using System.Net;

namespace Aws;

/// <summary>An error answered by an AWS service (or the local cloud), or a call that failed after its retries.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException()
        : this("The AWS call failed.")
    {
    }

    public AwsServiceException(string message)
        : this(message, null)
    {
    }

    public AwsServiceException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = "UnknownError";
    }

    public AwsServiceException(string errorCode, string message, HttpStatusCode statusCode, string? requestId, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    /// <summary>The AWS error code without namespace prefix, e.g. <c>ResourceNotFoundException</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The HTTP status of the answer; 0 when no answer was received.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>x-amzn-RequestId</c> of the answer, when there was one.</summary>
    public string? RequestId { get; }
}
