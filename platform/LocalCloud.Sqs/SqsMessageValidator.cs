using System.Globalization;
using System.Text;
using LocalCloud.Sqs.Wire;

using LocalCloud.Sqs.Model;

namespace LocalCloud.Sqs;

internal static class SqsMessageValidator
{
    public const int MaxAttributes = 10;

    public static void ValidateBody(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            throw SqsErrors.MissingParameter("MessageBody");
        }

        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (char.IsHighSurrogate(c) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]))
            {
                i++;
                continue;
            }

            var valid = c == '\t' || c == '\n' || c == '\r' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');
            if (!valid)
            {
                throw SqsErrors.InvalidMessageContents(
                    "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
            }
        }
    }

    public static int DelaySeconds(int? requested, SqsQueue queue)
    {
        if (requested is null)
        {
            return queue.DelaySeconds;
        }

        return requested is >= 0 and <= 900
            ? requested.Value
            : throw SqsErrors.InvalidParameterValue($"Value {requested} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.");
    }

    public static Dictionary<string, StoredAttribute>? UserAttributes(Dictionary<string, MessageAttributeValue>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return null;
        }

        if (attributes.Count > MaxAttributes)
        {
            throw SqsErrors.InvalidParameterValue($"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [{MaxAttributes}].");
        }

        var result = new Dictionary<string, StoredAttribute>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            ValidateName(name);
            result[name] = Attribute(name, value, "(user)");
        }

        return result;
    }

    public static Dictionary<string, StoredAttribute>? SystemAttributes(Dictionary<string, MessageAttributeValue>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return null;
        }

        var result = new Dictionary<string, StoredAttribute>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            if (name != "AWSTraceHeader")
            {
                throw SqsErrors.InvalidParameterValue($"Message system attribute name '{name}' is invalid.");
            }

            var stored = Attribute(name, value, "system");
            if (stored.DataType != "String")
            {
                throw SqsErrors.InvalidParameterValue($"Message system attribute '{name}' must be of type String.");
            }

            result[name] = stored;
        }

        return result;
    }

    public static Dictionary<string, StoredAttribute>? FromTuples(IReadOnlyDictionary<string, (string DataType, string Value)>? attributes) =>
        attributes is null || attributes.Count == 0
            ? null
            : UserAttributes(attributes.ToDictionary(
                kv => kv.Key,
                kv => kv.Value.DataType.StartsWith("Binary", StringComparison.Ordinal)
                    ? new MessageAttributeValue { DataType = kv.Value.DataType, BinaryValue = Convert.FromBase64String(kv.Value.Value) }
                    : new MessageAttributeValue { DataType = kv.Value.DataType, StringValue = kv.Value.Value },
                StringComparer.Ordinal));

    public static int Size(string body, Dictionary<string, StoredAttribute>? attributes)
    {
        var size = Encoding.UTF8.GetByteCount(body);
        if (attributes is not null)
        {
            foreach (var (name, value) in attributes)
            {
                size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType ?? string.Empty);
                size += value.BinaryValue?.Length ?? Encoding.UTF8.GetByteCount(value.StringValue ?? string.Empty);
            }
        }

        return size;
    }

    public static void ValidateSize(int size, SqsQueue queue)
    {
        if (size > queue.MaximumMessageSize)
        {
            throw SqsErrors.InvalidParameterValue(
                $"One or more parameters are invalid. Reason: Message must be shorter than {queue.MaximumMessageSize.ToString(CultureInfo.InvariantCulture)} bytes.");
        }
    }

    private static void ValidateName(string name)
    {
        var valid = name.Length is > 0 and <= 256
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            && !name.StartsWith('.') && !name.EndsWith('.')
            && !name.Contains("..", StringComparison.Ordinal)
            && !name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase);
        if (!valid)
        {
            throw SqsErrors.InvalidParameterValue(
                $"Message (user) attribute name '{name}' is invalid. The attribute name can contain only alphanumeric characters, underscores (_), hyphens (-) and periods (.); it can't start or end with a period, contain consecutive periods, or start with AWS. or Amazon.; and it can be at most 256 characters long.");
        }
    }

    private static StoredAttribute Attribute(string name, MessageAttributeValue? value, string kind)
    {
        if (value is null || string.IsNullOrEmpty(value.DataType))
        {
            throw SqsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute type.");
        }

        if (value.StringListValues is { Count: > 0 } || value.BinaryListValues is { Count: > 0 })
        {
            throw SqsErrors.InvalidParameterValue($"Message attribute list values in SendMessage operation are not supported.");
        }

        var type = value.DataType;
        var dot = type.IndexOf('.', StringComparison.Ordinal);
        var baseType = dot < 0 ? type : type[..dot];
        if (type.Length > 256 || (dot >= 0 && dot == type.Length - 1))
        {
            throw SqsErrors.InvalidParameterValue($"The type of message {kind} attribute '{name}' is invalid.");
        }

        switch (baseType)
        {
            case "String":
            case "Number":
                if (string.IsNullOrEmpty(value.StringValue))
                {
                    throw SqsErrors.InvalidParameterValue($"The message {kind} attribute '{name}' must contain a non-empty message attribute value for message attribute type '{baseType}'.");
                }

                if (value.BinaryValue is not null)
                {
                    throw SqsErrors.InvalidParameterValue($"The message {kind} attribute '{name}' with type '{baseType}' must use field 'String'.");
                }

                if (baseType == "Number" && !IsNumber(value.StringValue))
                {
                    throw SqsErrors.InvalidParameterValue($"Can't cast the value of message {kind} attribute '{name}' to a number.");
                }

                ValidateBody(value.StringValue);
                return new StoredAttribute { DataType = type, StringValue = value.StringValue };
            case "Binary":
                if (value.BinaryValue is not { Length: > 0 })
                {
                    throw SqsErrors.InvalidParameterValue($"The message {kind} attribute '{name}' must contain a non-empty message attribute value for message attribute type 'Binary'.");
                }

                if (value.StringValue is not null)
                {
                    throw SqsErrors.InvalidParameterValue($"The message {kind} attribute '{name}' with type 'Binary' must use field 'Binary'.");
                }

                return new StoredAttribute { DataType = type, BinaryValue = value.BinaryValue };
            default:
                throw SqsErrors.InvalidParameterValue(
                    $"The type of message {kind} attribute '{name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
        }
    }

    private static bool IsNumber(string value) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d));
}
