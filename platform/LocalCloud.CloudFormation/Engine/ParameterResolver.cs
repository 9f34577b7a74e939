using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LocalCloud.CloudFormation.Engine;

/// <summary>A parameter value given by the caller (<c>UsePreviousValue</c> takes the stack's current value).</summary>
internal sealed record SuppliedParameter(string Key, string? Value, bool UsePreviousValue);

/// <summary>Turns the caller's parameters into the stack's values: defaults applied, previous values taken, each value
/// checked against its declaration with CloudFormation's messages.</summary>
internal static class ParameterResolver
{
    public static Dictionary<string, string> Resolve(
        Template template,
        IReadOnlyList<SuppliedParameter> supplied,
        IReadOnlyDictionary<string, string>? previous)
    {
        var undeclared = supplied.Select(s => s.Key).Where(k => template.Parameter(k) is null).Distinct().ToList();
        if (undeclared.Count > 0)
        {
            throw new TemplateException($"Parameters: [{string.Join(", ", undeclared)}] do not exist in the template");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var declaration in template.Parameters)
        {
            var given = supplied.LastOrDefault(s => s.Key == declaration.Name);
            string? value;
            if (given is { UsePreviousValue: true })
            {
                value = previous is not null && previous.TryGetValue(declaration.Name, out var old)
                    ? old
                    : throw new TemplateException($"Invalid input for parameter key {declaration.Name}. Cannot specify usePreviousValue as true for a parameter key not in the previous template");
            }
            else
            {
                value = given?.Value ?? declaration.Default;
            }

            if (value is null)
            {
                missing.Add(declaration.Name);
                continue;
            }

            Check(declaration, value);
            values[declaration.Name] = value;
        }

        if (missing.Count > 0)
        {
            throw new TemplateException($"Parameters: [{string.Join(", ", missing)}] must have values");
        }

        return values;
    }

    /// <summary>What <c>Ref</c> of the parameter returns: a string, or a list of strings for list types.</summary>
    public static JsonNode Value(ParameterDeclaration declaration, string value) =>
        declaration.IsList ? new JsonArray([.. Items(value).Select(i => (JsonNode)JsonValue.Create(i))]) : JsonValue.Create(value);

    private static string[] Items(string value) =>
        value.Length == 0 ? [] : [.. value.Split(',').Select(i => i.Trim())];

    private static void Check(ParameterDeclaration p, string value)
    {
        if (p.Type == "Number")
        {
            CheckNumber(p, value);
        }
        else if (p.Type == "List<Number>")
        {
            foreach (var item in Items(value))
            {
                CheckNumber(p, item);
            }
        }
        else if (p.IsList)
        {
            foreach (var item in Items(value))
            {
                CheckString(p, item);
            }
        }
        else
        {
            CheckString(p, value);
        }
    }

    private static void CheckNumber(ParameterDeclaration p, string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new TemplateException($"Parameter '{p.Name}' must be a number.");
        }

        CheckAllowed(p, value);
        if (p.MinValue is { } min && number < min)
        {
            throw Failed(p, $"Parameter '{p.Name}' must be a number not less than {Format(min)}");
        }

        if (p.MaxValue is { } max && number > max)
        {
            throw Failed(p, $"Parameter '{p.Name}' must be a number not greater than {Format(max)}");
        }
    }

    private static void CheckString(ParameterDeclaration p, string value)
    {
        CheckAllowed(p, value);
        if (p.MinLength is { } min && value.Length < min)
        {
            throw Failed(p, $"Parameter '{p.Name}' must contain at least {Format(min)} characters");
        }

        if (p.MaxLength is { } max && value.Length > max)
        {
            throw Failed(p, $"Parameter '{p.Name}' must contain at most {Format(max)} characters");
        }

        if (p.AllowedPattern is { } pattern)
        {
            bool matches;
            try
            {
                matches = Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                throw new TemplateException($"Template format error: Parameter '{p.Name}' AllowedPattern {pattern} is not a valid regular expression");
            }

            if (!matches)
            {
                throw new TemplateException(p.ConstraintDescription is { } description
                    ? $"Malformed input-Parameter {p.Name} {description}"
                    : $"Malformed input-Parameter {p.Name} must match pattern {pattern}");
            }
        }
    }

    private static void CheckAllowed(ParameterDeclaration p, string value)
    {
        if (p.AllowedValues is { } allowed && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw Failed(p, $"Parameter '{p.Name}' must be one of AllowedValues");
        }
    }

    private static TemplateException Failed(ParameterDeclaration p, string message) =>
        new(p.ConstraintDescription is { } description ? $"Parameter '{p.Name}' failed to satisfy constraint: {description}" : message);

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
