using LocalCloud.Core.Hosting;

namespace LocalCloud.EventBridge;

internal static class EventBridgeNames
{
    public const string DefaultBus = "default";
    public const string SqsKind = "sqs";
    public const string EventBusKind = "events:event-bus";
    public const string LambdaKind = "lambda";

    public static string BusArn(CloudContext cloud, string bus) => cloud.Arn("events", "event-bus/" + bus);

    public static string RuleArn(CloudContext cloud, string bus, string rule) =>
        cloud.Arn("events", bus == DefaultBus ? "rule/" + rule : $"rule/{bus}/{rule}");

    public static string ResolveBusName(string? nameOrArn)
    {
        if (string.IsNullOrEmpty(nameOrArn))
        {
            return DefaultBus;
        }

        if (!nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return nameOrArn;
        }

        if (Arn.TryParse(nameOrArn, out var arn) && arn.Service == "events" && arn.Resource.StartsWith("event-bus/", StringComparison.Ordinal))
        {
            return arn.Resource["event-bus/".Length..];
        }

        throw AwsServiceException.Validation($"Parameter {nameOrArn} is not valid. Reason: Provided Arn is not in correct format.");
    }

    public static string? TargetKind(string arnText)
    {
        if (!Arn.TryParse(arnText, out var arn))
        {
            return null;
        }

        return arn.Service switch
        {
            "sqs" => SqsKind,
            "lambda" when arn.Resource.StartsWith("function:", StringComparison.Ordinal) => LambdaKind,
            "events" => "events:" + arn.Resource.Split('/', 2)[0],
            _ => arn.Service,
        };
    }

    public static string? QueueName(string queueArn) =>
        Arn.TryParse(queueArn, out var arn) && arn.Service == "sqs" ? arn.Resource : null;

    public static bool IsValidName(string name, int maxLength, bool allowSlash)
    {
        if (name.Length == 0 || name.Length > maxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' || (allowSlash && c == '/')))
            {
                return false;
            }
        }

        return true;
    }
}
