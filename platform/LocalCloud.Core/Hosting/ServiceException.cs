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

    public bool IsSenderFault => StatusCode < 500;

    public static ServiceException Validation(string message) => new("ValidationException", message);

    public static ServiceException MissingParameter(string name) => ValidationMessages.NotNull(name);
}
