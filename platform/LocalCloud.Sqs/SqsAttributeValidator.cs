using System.Globalization;
using System.Text.Json;

using LocalCloud.Core.Hosting;
using LocalCloud.Sqs.Wire;

using LocalCloud.Sqs.Model;

namespace LocalCloud.Sqs;

internal static class SqsAttributeValidator
{
    public static Dictionary<string, string> Normalize(IReadOnlyDictionary<string, string>? attributes, Func<string, bool> queueExistsByArn, bool creating)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (attributes is null)
        {
            return result;
        }

        foreach (var (name, rawValue) in attributes)
        {
            var value = rawValue ?? string.Empty;
            if (name == "FifoQueue" && creating)
            {
                if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    throw SqsErrors.UnsupportedOperation("FIFO queues are not supported by the local cloud; only standard queues are.");
                }

                if (!value.Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    throw InvalidValue(name);
                }

                continue;
            }

            if (!SqsQueue.Settable.Contains(name))
            {
                throw SqsErrors.InvalidAttributeName(name);
            }

            result[name] = name switch
            {
                "DelaySeconds" => Range(name, value, 0, 900),
                "MaximumMessageSize" => Range(name, value, 1024, 1048576),
                "MessageRetentionPeriod" => Range(name, value, 60, 1209600),
                "ReceiveMessageWaitTimeSeconds" => Range(name, value, 0, 20),
                "VisibilityTimeout" => Range(name, value, 0, SqsQueue.MaxVisibilityTimeout),
                "KmsDataKeyReusePeriodSeconds" => Range(name, value, 60, 86400),
                "SqsManagedSseEnabled" => Boolean(name, value),
                "RedrivePolicy" => Redrive(value, queueExistsByArn),
                "Policy" or "RedriveAllowPolicy" => JsonObjectOrEmpty(name, value),
                _ => value,
            };
        }

        return result;
    }

    private static string Range(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n.ToString(CultureInfo.InvariantCulture)
            : throw InvalidValue(name);

    private static string Boolean(string name, string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) ? "true"
        : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? "false"
        : throw InvalidValue(name);

    private static string JsonObjectOrEmpty(string name, string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object ? value : throw InvalidValue(name);
        }
        catch (JsonException)
        {
            throw InvalidValue(name);
        }
    }

    private static string Redrive(string value, Func<string, bool> queueExistsByArn)
    {
        if (value.Length == 0)
        {
            return value;
        }

        var parsed = SqsQueue.ParseRedrive(value)
            ?? throw SqsErrors.InvalidParameterValue($"Value {value} for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a dictionary containing deadLetterTargetArn and maxReceiveCount.");
        if (parsed.MaxReceiveCount is < 1 or > 1000)
        {
            throw SqsErrors.InvalidParameterValue($"Value {value} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: {parsed.MaxReceiveCount}, valid values are from 1 to 1000 both inclusive.");
        }

        if (!queueExistsByArn(parsed.DeadLetterTargetArn))
        {
            throw SqsErrors.InvalidParameterValue($"Value {value} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.");
        }

        return $"{{\"deadLetterTargetArn\":{JsonSerializer.Serialize(parsed.DeadLetterTargetArn, SqsJsonContext.Default.String)},\"maxReceiveCount\":{parsed.MaxReceiveCount.ToString(CultureInfo.InvariantCulture)}}}";
    }

    private static ServiceException InvalidValue(string name) =>
        SqsErrors.InvalidAttributeValue($"Invalid value for the parameter {name}.");
}
