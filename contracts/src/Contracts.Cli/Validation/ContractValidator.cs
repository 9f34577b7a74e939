using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Contracts.Cli.Validation;

internal sealed record ValidationProblem(string Path, string Rule, string Message);

internal sealed record ValidationOutcome(ContractDescriptor? Contract, bool IsFullEvent, IReadOnlyList<ValidationProblem> Problems)
{
    public bool IsValid => Contract is not null && Problems.Count == 0;
}

internal static partial class ContractValidator
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);
    private static readonly string[] EnvelopeFields = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"];

    public static ValidationOutcome Validate(JsonNode document, string? detailType)
    {
        if (document is not JsonObject obj)
        {
            return new ValidationOutcome(null, false, [new ValidationProblem("$", "ObjectExpected", "An event or a detail must be a JSON object.")]);
        }

        var isFullEvent = obj.ContainsKey("detail") && (obj.ContainsKey("detail-type") || obj.ContainsKey("source"));
        var problems = new List<ValidationProblem>();
        ContractDescriptor? contract;
        JsonNode? detail;
        if (isFullEvent)
        {
            var source = StringField(obj, "source", problems);
            var eventDetailType = StringField(obj, "detail-type", problems);
            ValidateEnvelope(obj, problems);
            detail = obj["detail"];
            contract = detailType is not null ? ContractCatalog.Find(detailType) : null;
            if (detailType is null && source is not null && eventDetailType is not null)
            {
                contract = ContractCatalog.Find(source, eventDetailType);
                if (contract is null)
                {
                    problems.Add(new ValidationProblem("$", "UnknownContract", $"No contract for source '{source}' and detail-type '{eventDetailType}'."));
                }
            }
            else if (contract is not null)
            {
                if (source is not null && !string.Equals(source, contract.Source, StringComparison.Ordinal))
                {
                    problems.Add(new ValidationProblem("$.source", "ContractSource", $"Expected '{contract.Source}' for {contract.DetailType}."));
                }

                if (eventDetailType is not null && !string.Equals(eventDetailType, contract.DetailType, StringComparison.Ordinal))
                {
                    problems.Add(new ValidationProblem("$.detail-type", "ContractDetailType", $"Expected '{contract.DetailType}'."));
                }
            }
        }
        else
        {
            detail = obj;
            contract = detailType is null ? null : ContractCatalog.Find(detailType);
            if (detailType is null)
            {
                problems.Add(new ValidationProblem("$", "UnknownContract", "A bare detail needs --type <detail-type>."));
            }
        }

        if (detailType is not null && contract is null)
        {
            problems.Add(new ValidationProblem("$", "UnknownContract", $"No contract with detail-type '{detailType}'."));
        }

        if (contract is not null && detail is not null)
        {
            problems.AddRange(ValidateDetail(contract, detail, isFullEvent ? "$.detail" : "$"));
        }

        return new ValidationOutcome(contract, isFullEvent, problems);
    }

    public static IReadOnlyList<ValidationProblem> ValidateDetail(ContractDescriptor contract, JsonNode detail, string pathPrefix = "$")
    {
        var schema = Schemas.GetOrAdd(contract.DetailType, _ => JsonSchema.FromJsonAsync(contract.SchemaText).GetAwaiter().GetResult());
        var problems = ValidateAgainst(schema, detail.ToJsonString(), pathPrefix);
        if (detail["metadata"]?["schemaVersion"] is JsonValue version && version.GetValueKind() == JsonValueKind.String
            && SchemaVersionPattern().Match(version.GetValue<string>()) is { Success: true } match
            && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && major != contract.MajorVersion)
        {
            problems = [.. problems, new ValidationProblem(
                $"{pathPrefix}.metadata.schemaVersion",
                "majorVersion",
                $"Major version {major} does not match {contract.DetailType} (v{contract.MajorVersion}).")];
        }

        return problems;
    }

    public static IReadOnlyList<ValidationProblem> ValidateAgainst(JsonSchema schema, string json, string pathPrefix = "$")
    {
        var problems = new List<ValidationProblem>();
        foreach (var error in schema.Validate(json))
        {
            Flatten(error, pathPrefix, problems);
        }

        return [.. problems.OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Rule, StringComparer.Ordinal)];
    }

    private static void Flatten(ValidationError error, string prefix, List<ValidationProblem> problems)
    {
        if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
        {
            foreach (var inner in child.Errors.SelectMany(e => e.Value))
            {
                Flatten(inner, prefix, problems);
            }

            return;
        }

        var path = ToJsonPath(prefix, error.Path);
        if (error.Kind == ValidationErrorKind.PropertyRequired && error.Property is not null)
        {
            var parent = path.EndsWith("." + error.Property, StringComparison.Ordinal) ? path : $"{path}.{error.Property}";
            problems.Add(new ValidationProblem(parent, "required", $"Required property '{error.Property}' is missing."));
            return;
        }

        problems.Add(new ValidationProblem(path, RuleName(error), Describe(error)));
    }

    private static string ToJsonPath(string prefix, string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "#")
        {
            return prefix;
        }

        var relative = path.StartsWith("#/", StringComparison.Ordinal) ? path[2..] : path.TrimStart('#');
        return relative.Length == 0 ? prefix : relative.StartsWith('[') ? prefix + relative : $"{prefix}.{relative}";
    }

    private static string RuleName(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.StringExpected or ValidationErrorKind.NumberExpected or ValidationErrorKind.IntegerExpected
            or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected
            or ValidationErrorKind.NullExpected => "type",
        ValidationErrorKind.PatternMismatch => "pattern",
        ValidationErrorKind.StringTooShort => "minLength",
        ValidationErrorKind.StringTooLong => "maxLength",
        ValidationErrorKind.NumberTooSmall => error.Schema?.IsExclusiveMinimum == true || error.Schema?.ExclusiveMinimum is not null ? "exclusiveMinimum" : "minimum",
        ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig => "maximum",
        ValidationErrorKind.TooFewItems => "minItems",
        ValidationErrorKind.TooManyItems => "maxItems",
        ValidationErrorKind.NotInEnumeration => "enum",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => "additionalProperties",
        ValidationErrorKind.DateTimeExpected or ValidationErrorKind.DateExpected or ValidationErrorKind.TimeExpected
            or ValidationErrorKind.UriExpected or ValidationErrorKind.GuidExpected or ValidationErrorKind.UuidExpected
            or ValidationErrorKind.EmailExpected or ValidationErrorKind.HostnameExpected or ValidationErrorKind.IpV4Expected
            or ValidationErrorKind.IpV6Expected or ValidationErrorKind.Base64Expected or ValidationErrorKind.TimeSpanExpected => "format",
        _ => error.Kind.ToString(),
    };

    private static string Describe(ValidationError error)
    {
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PatternMismatch => $"Does not match the pattern {schema?.Pattern}.",
            ValidationErrorKind.StringTooShort => $"Shorter than {schema?.MinLength} characters.",
            ValidationErrorKind.StringTooLong => $"Longer than {schema?.MaxLength} characters.",
            ValidationErrorKind.NumberTooSmall => schema?.IsExclusiveMinimum == true
                ? $"Must be greater than {Format(schema.Minimum)}."
                : $"Must be at least {Format(schema?.Minimum ?? schema?.ExclusiveMinimum)}.",
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig => $"Must be at most {Format(schema?.Maximum)}.",
            ValidationErrorKind.TooFewItems => $"Needs at least {schema?.MinItems} items.",
            ValidationErrorKind.TooManyItems => $"Allows at most {schema?.MaxItems} items.",
            ValidationErrorKind.NotInEnumeration => $"Must be one of {string.Join(", ", schema?.Enumeration.Select(e => e?.ToString()) ?? [])}.",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "Unknown property is not allowed.",
            ValidationErrorKind.StringExpected => "Must be a string.",
            ValidationErrorKind.NumberExpected => "Must be a number.",
            ValidationErrorKind.IntegerExpected => "Must be an integer.",
            ValidationErrorKind.BooleanExpected => "Must be a boolean.",
            ValidationErrorKind.ObjectExpected => "Must be an object.",
            ValidationErrorKind.ArrayExpected => "Must be an array.",
            _ when RuleName(error) == "format" => $"Not a valid {schema?.Format}.",
            _ => error.Kind.ToString(),
        };
    }

    private static string Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static string? StringField(JsonObject obj, string name, List<ValidationProblem> problems)
    {
        var node = obj[name];
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (text.Length == 0)
            {
                problems.Add(new ValidationProblem($"$.{name}", "minLength", $"'{name}' must not be empty."));
            }

            return text;
        }

        problems.Add(new ValidationProblem($"$.{name}", node is null ? "required" : "type", $"'{name}' must be a string."));
        return null;
    }

    private static void ValidateEnvelope(JsonObject obj, List<ValidationProblem> problems)
    {
        if (obj["detail"] is not JsonObject)
        {
            problems.Add(new ValidationProblem("$.detail", "type", "'detail' must be a JSON object."));
        }

        if (obj["source"] is JsonValue s && s.GetValueKind() == JsonValueKind.String
            && s.GetValue<string>().StartsWith("aws.", StringComparison.Ordinal))
        {
            problems.Add(new ValidationProblem("$.source", "pattern", "Custom sources must not start with 'aws.'."));
        }

        if (obj["detail-type"] is JsonValue dt && dt.GetValueKind() == JsonValueKind.String && dt.GetValue<string>().Length > 128)
        {
            problems.Add(new ValidationProblem("$.detail-type", "maxLength", "'detail-type' is longer than 128 characters."));
        }

        CheckOptional(obj, "version", v => v == "0", "enum", "'version' must be \"0\".", problems);
        CheckOptional(obj, "id", v => v.Length > 0, "minLength", "'id' must not be empty.", problems);
        CheckOptional(obj, "account", v => AccountPattern().IsMatch(v), "pattern", "'account' must be 12 digits.", problems);
        CheckOptional(obj, "region", v => v.Length > 0, "minLength", "'region' must not be empty.", problems);
        CheckOptional(obj, "time", v => DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
            "format", "'time' must be an ISO-8601 date-time.", problems);
        if (obj.TryGetPropertyValue("resources", out var resources)
            && (resources is not JsonArray array || array.Any(r => r is not JsonValue rv || rv.GetValueKind() != JsonValueKind.String)))
        {
            problems.Add(new ValidationProblem("$.resources", "type", "'resources' must be an array of strings."));
        }

        foreach (var name in obj.Select(p => p.Key).Where(k => !EnvelopeFields.Contains(k, StringComparer.Ordinal) && k != "replay-name"))
        {
            problems.Add(new ValidationProblem($"$.{name}", "additionalProperties", $"'{name}' is not an EventBridge envelope field."));
        }
    }

    private static void CheckOptional(JsonObject obj, string name, Func<string, bool> isValid, string rule, string message, List<ValidationProblem> problems)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            return;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || !isValid(value.GetValue<string>()))
        {
            problems.Add(new ValidationProblem($"$.{name}", rule, message));
        }
    }

    [GeneratedRegex("^([0-9]+)\\.[0-9]+$")]
    private static partial Regex SchemaVersionPattern();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountPattern();
}
