using System.Globalization;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Core.Validation;

/// <summary>The model-constraint errors that AWS's request validation answers with ("1 validation error
/// detected: Value 'x' at 'member' failed to satisfy constraint: ..."), written once.</summary>
public static class ValidationMessages
{
    public static string Constraint(string? value, string member, string constraint) =>
        $"1 validation error detected: Value {Quote(value)} at '{member}' failed to satisfy constraint: {constraint}";

    public static ServiceException Violation(string? value, string member, string constraint) =>
        ServiceException.Validation(Constraint(value, member, constraint));

    /// <summary>A violation whose value AWS leaves out of the message (long texts).</summary>
    public static ServiceException ElidedViolation(string member, string constraint) =>
        ServiceException.Validation($"1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}");

    public static ServiceException NotNull(string member) => Violation(null, member, "Member must not be null");

    public static ServiceException Pattern(string value, string member, string pattern) =>
        Violation(value, member, "Member must satisfy regular expression pattern: " + pattern);

    public static ServiceException MaxLength(string value, string member, int max) =>
        Violation(value, member, "Member must have length less than or equal to " + max.ToString(CultureInfo.InvariantCulture));

    public static ServiceException MinLength(string value, string member, int min) =>
        Violation(value, member, "Member must have length greater than or equal to " + min.ToString(CultureInfo.InvariantCulture));

    /// <summary>A list outside its length bounds; AWS prints the list's value, shown here as <paramref name="shown"/>.</summary>
    public static ServiceException ListLength(string shown, string member, int count, int min, int max) =>
        Violation(shown, member, count < min
            ? "Member must have length greater than or equal to " + min.ToString(CultureInfo.InvariantCulture)
            : "Member must have length less than or equal to " + max.ToString(CultureInfo.InvariantCulture));

    public static ServiceException Range(long value, string member, long min, long max) =>
        Violation(value.ToString(CultureInfo.InvariantCulture), member, value < min
            ? "Member must have value greater than or equal to " + min.ToString(CultureInfo.InvariantCulture)
            : "Member must have value less than or equal to " + max.ToString(CultureInfo.InvariantCulture));

    public static ServiceException Enum(string value, string member, IEnumerable<string> allowed) =>
        Violation(value, member, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");

    private static string Quote(string? value) => value is null ? "null" : $"'{value}'";
}
