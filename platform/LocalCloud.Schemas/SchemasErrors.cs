using LocalCloud.Core.Hosting;

namespace LocalCloud.Schemas;

/// <summary>The Schema Registry's AWS error codes (restJson, with the status each one carries).</summary>
internal static class SchemasErrors
{
    public static ServiceException BadRequest(string message) => new("BadRequestException", message, 400);

    public static ServiceException NotFound(string message) => new("NotFoundException", message, 404);

    public static ServiceException Conflict(string message) => new("ConflictException", message, 409);
}
