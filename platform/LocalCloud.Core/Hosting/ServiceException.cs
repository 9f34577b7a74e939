using System.Text.Json;
using LocalCloud.Core.Validation;

namespace LocalCloud.Core.Hosting;

public sealed class ServiceException : Exception
{
    public ServiceException(string code, string message, int status = 400)
        : base(message)
    {
        Code = code;
        StatusCode = status;
    }

    public string Code { get; }

    public int StatusCode { get; }

    public string? QueryErrorCode { get; init; }

    /// <summary>The body member that carries the message, when this error names it differently from its service's
    /// other errors (Lambda writes <c>Message</c> for <c>ResourceNotFoundException</c>, <c>message</c> for the rest).</summary>
    public string? MessageKey { get; init; }

    /// <summary>Members an error body carries after its code and message, for the errors
    /// whose model has more (DynamoDB's <c>ConditionalCheckFailedException.Item</c>,
    /// <c>TransactionCanceledException.CancellationReasons</c>, Lambda's <c>Type</c>).</summary>
    public Action<Utf8JsonWriter>? WriteExtraMembers { get; init; }

    public bool IsSenderFault => StatusCode < 500;

    public static ServiceException Validation(string message) => new("ValidationException", message);

    public static ServiceException MissingParameter(string name) => ValidationMessages.NotNull(name);
}
