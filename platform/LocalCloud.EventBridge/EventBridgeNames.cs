using LocalCloud.Core.Hosting;
using LocalCloud.EventBridge.Model;

namespace LocalCloud.EventBridge;

internal static class EventBridgeNames
{
    public const string SqsKind = "sqs";
    public const string EventBusKind = "events:event-bus";
    public const string LambdaKind = "lambda";

    /// <summary>The bus a request names (a name in the request's own account and region, or an ARN);
    /// none means the default bus.</summary>
    public static BusId ResolveBus(ResourceScope scope, string? nameOrArn)
    {
        if (string.IsNullOrEmpty(nameOrArn))
        {
            return BusId.Default(scope);
        }

        if (!nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return new BusId(scope, nameOrArn);
        }

        if (TryParseBusArn(nameOrArn, out var bus))
        {
            return bus;
        }

        throw ServiceException.Validation($"Parameter {nameOrArn} is not valid. Reason: Provided Arn is not in correct format.");
    }

    public static bool TryParseBusArn(string? value, out BusId bus)
    {
        bus = default;
        if (!Arn.TryParse(value, out var arn) || arn.Service != "events" || !arn.Resource.StartsWith("event-bus/", StringComparison.Ordinal)
            || arn.Resource.Length == "event-bus/".Length)
        {
            return false;
        }

        bus = new BusId(ResourceScope.Of(arn), arn.Resource["event-bus/".Length..]);
        return true;
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
