using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Validation;

namespace LocalCloud.Pipes;

/// <summary>EventBridge Pipes' AWS error codes (restJson, <c>message</c> bodies), with the members the model gives
/// them: <c>fieldList</c> on <c>ValidationException</c>, <c>resourceId</c>/<c>resourceType</c> on <c>ConflictException</c>.</summary>
internal static class PipesErrors
{
    public static ServiceException Validation(string message, string? field = null) =>
        new("ValidationException", message, 400)
        {
            WriteExtraMembers = field is null ? null : writer => WriteFieldList(writer, field, message),
        };

    /// <summary>A model constraint ("1 validation error detected: Value ... at 'member' failed to satisfy constraint: ..."),
    /// with the member in <c>fieldList</c>.</summary>
    public static ServiceException Constraint(string? value, string member, string constraint) =>
        Validation(ValidationMessages.Constraint(value, member, constraint), member);

    public static ServiceException Required(string member) => Constraint(null, member, "Member must not be null");

    public static ServiceException Length(string value, string member, int min, int max) =>
        Constraint(value, member, value.Length < min
            ? $"Member must have length greater than or equal to {min}"
            : $"Member must have length less than or equal to {max}");

    public static ServiceException Pattern(string value, string member, string pattern) =>
        Constraint(value, member, "Member must satisfy regular expression pattern: " + pattern);

    public static ServiceException Range(long value, string member, long min, long max) =>
        Constraint(value.ToString(System.Globalization.CultureInfo.InvariantCulture), member, value < min
            ? $"Member must have value greater than or equal to {min}"
            : $"Member must have value less than or equal to {max}");

    public static ServiceException Enum(string value, string member, IEnumerable<string> allowed) =>
        Constraint(value, member, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");

    public static ServiceException NotFound(string message) => new("NotFoundException", message, 404);

    public static ServiceException PipeNotFound(string name) => NotFound($"Pipe {name} does not exist.");

    public static ServiceException Conflict(string message, string resourceId) =>
        new("ConflictException", message, 409)
        {
            WriteExtraMembers = writer =>
            {
                writer.WriteString("resourceId", resourceId);
                writer.WriteString("resourceType", "pipe");
            },
        };

    public static ServiceException InvalidNextToken() => Validation("The NextToken is not valid.", "NextToken");

    private static void WriteFieldList(Utf8JsonWriter writer, string field, string message)
    {
        writer.WriteStartArray("fieldList");
        writer.WriteStartObject();
        writer.WriteString("name", field);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }
}
