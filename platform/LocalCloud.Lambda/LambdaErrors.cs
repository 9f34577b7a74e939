using LocalCloud.Core.Hosting;

namespace LocalCloud.Lambda;

/// <summary>
/// Lambda's error codes and statuses (botocore <c>lambda</c> 2015-03-31). Lambda's error bodies carry
/// <c>Type</c> (<c>User</c> for the caller's faults, <c>Service</c> for Lambda's) and <c>message</c>, but <c>Message</c> for
/// <c>ResourceNotFoundException</c> (as AWS answers; the SDKs read either).
/// </summary>
internal static class LambdaErrors
{
    public static ServiceException Create(string code, string message, int status) =>
        new(code, message, status)
        {
            WriteExtraMembers = w => w.WriteString("Type", status < 500 ? "User" : "Service"),
        };

    public static ServiceException InvalidParameter(string message) => Create("InvalidParameterValueException", message, 400);

    public static ServiceException InvalidRequestContent(string message) => Create("InvalidRequestContentException", message, 400);

    public static ServiceException NotFound(string message) =>
        new("ResourceNotFoundException", message, 404) { MessageKey = "Message", WriteExtraMembers = w => w.WriteString("Type", "User") };

    public static ServiceException FunctionNotFound(string functionArn) => NotFound($"Function not found: {functionArn}");

    public static ServiceException Conflict(string message) => Create("ResourceConflictException", message, 409);

    public static ServiceException InUse(string message) => Create("ResourceInUseException", message, 400);

    public static ServiceException PreconditionFailed(string message) => Create("PreconditionFailedException", message, 412);

    public static ServiceException TooManyRequests(string message, string reason) =>
        new("TooManyRequestsException", message, 429)
        {
            WriteExtraMembers = w =>
            {
                w.WriteString("Type", "User");
                w.WriteString("Reason", reason);
            },
        };

    public static ServiceException RequestTooLarge(string message) => Create("RequestTooLargeException", message, 413);

    public static ServiceException Validation(string message) => Create("ValidationException", message, 400);
}
