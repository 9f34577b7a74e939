namespace SamTransform;

/// <summary>
/// The template is not a valid SAM document. <see cref="Exception.Message"/> is SAM's <c>errorMessage</c>
/// ("Invalid Serverless Application Specification document. Number of errors found: N. ..."); <see cref="Errors"/>
/// holds each error's own text in the same order.
/// </summary>
public sealed class InvalidSamDocumentException : Exception
{
    public InvalidSamDocumentException()
        : this("Invalid Serverless Application Specification document.")
    {
    }

    public InvalidSamDocumentException(string message)
        : this(message, [message])
    {
    }

    public InvalidSamDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public InvalidSamDocumentException(string message, IReadOnlyList<string> errors)
        : base(message)
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
