using System.Globalization;
using System.Text.RegularExpressions;

namespace LocalCloud.DynamoDb;

/// <summary>
/// DynamoDB's model validation: every broken constraint of a request, up to ten, in one
/// "N validation errors detected: Value 'x' at 'member' failed to satisfy constraint: ..." message.
/// </summary>
internal sealed partial class Constraints
{
    private readonly List<string> _errors = [];

    public void Add(string? value, string member, string constraint)
    {
        if (_errors.Count < 10)
        {
            _errors.Add($"Value {(value is null ? "null" : $"'{value}'")} at '{member}' failed to satisfy constraint: {constraint}");
        }
    }

    public void NotNull(object? value, string member)
    {
        if (value is null)
        {
            Add(null, member, "Member must not be null");
        }
    }

    /// <summary>A table named by name (3 to 255 of [a-zA-Z0-9_.-]) or by ARN.</summary>
    public void TableName(string? value, string member, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                NotNull(value, member);
            }

            return;
        }

        if (value.StartsWith("arn:", StringComparison.Ordinal))
        {
            if (value.Length > 1024)
            {
                Add(value, member, "Member must have length less than or equal to 1024");
            }

            return;
        }

        Name(value, member);
    }

    /// <summary>A table or index name: 3 to 255 characters of [a-zA-Z0-9_.-].</summary>
    public void Name(string? value, string member)
    {
        if (value is null)
        {
            return;
        }

        if (!NamePattern().IsMatch(value))
        {
            Add(value, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }

        if (value.Length < 3)
        {
            Add(value, member, "Member must have length greater than or equal to 3");
        }
        else if (value.Length > 255)
        {
            Add(value, member, "Member must have length less than or equal to 255");
        }
    }

    public void Enum(string? value, string member, params string[] allowed)
    {
        if (value is not null && Array.IndexOf(allowed, value) < 0)
        {
            Add(value, member, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }
    }

    public void Min(long? value, string member, long min)
    {
        if (value is { } v && v < min)
        {
            Add(v.ToString(CultureInfo.InvariantCulture), member, $"Member must have value greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    public void Max(long? value, string member, long max)
    {
        if (value is { } v && v > max)
        {
            Add(v.ToString(CultureInfo.InvariantCulture), member, $"Member must have value less than or equal to {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    public void Length(string shown, int count, string member, int min, int max)
    {
        if (count < min)
        {
            Add(shown, member, $"Member must have length greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}");
        }
        else if (count > max)
        {
            Add(shown, member, $"Member must have length less than or equal to {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw DynamoDbErrors.Validation(
                $"{_errors.Count.ToString(CultureInfo.InvariantCulture)} validation error{(_errors.Count > 1 ? "s" : string.Empty)} detected: {string.Join("; ", _errors)}");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]+$")]
    private static partial Regex NamePattern();
}
