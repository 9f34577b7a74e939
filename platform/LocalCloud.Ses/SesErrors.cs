using LocalCloud.Core.Hosting;

namespace LocalCloud.Ses;

/// <summary>The SES v2 error codes (restJson1, with the status each one carries in the botocore model).</summary>
internal static class SesErrors
{
    public static ServiceException BadRequest(string message) => new("BadRequestException", message, 400);

    public static ServiceException NotFound(string message) => new("NotFoundException", message, 404);

    public static ServiceException AlreadyExists(string message) => new("AlreadyExistsException", message, 400);

    public static ServiceException LimitExceeded(string message) => new("LimitExceededException", message, 400);

    public static ServiceException MessageRejected(string message) => new("MessageRejected", message, 400);

    public static ServiceException NotVerified(string region, IEnumerable<string> identities) =>
        MessageRejected($"Email address is not verified. The following identities failed the check in region {region.ToUpperInvariant()}: {string.Join(", ", identities)}");

    public static ServiceException IdentityNotFound(string identity) => NotFound($"Email identity {identity} does not exist.");

    public static ServiceException TemplateNotFound(string name) => NotFound($"Template {name} does not exist.");

    public static ServiceException InvalidNextToken() => BadRequest("Invalid NextToken.");
}
