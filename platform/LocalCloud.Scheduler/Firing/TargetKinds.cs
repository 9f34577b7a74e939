using LocalCloud.Core.Hosting;

namespace LocalCloud.Scheduler.Firing;

internal enum TargetKind
{
    Unsupported,
    EventBus,
    Queue,
    Function,
    Universal,
}

/// <summary>What a target ARN names, and the ARNs behind universal targets' requests.</summary>
internal static class TargetKinds
{
    public const string UniversalPrefix = "arn:aws:scheduler:::aws-sdk:";

    /// <summary>The universal targets the local cloud has (<c>service:action</c>, compared case-insensitively).</summary>
    public static readonly string[] UniversalActions = ["sqs:sendMessage", "lambda:invoke", "eventbridge:putEvents"];

    public static TargetKind Of(string arn)
    {
        if (arn.StartsWith(UniversalPrefix, StringComparison.Ordinal))
        {
            return TargetKind.Universal;
        }

        if (!Arn.TryParse(arn, out var parsed))
        {
            return TargetKind.Unsupported;
        }

        return parsed.Service switch
        {
            "events" when parsed.Resource.StartsWith("event-bus/", StringComparison.Ordinal) => TargetKind.EventBus,
            "sqs" => TargetKind.Queue,
            "lambda" when parsed.Resource.StartsWith("function:", StringComparison.Ordinal) => TargetKind.Function,
            _ => TargetKind.Unsupported,
        };
    }

    /// <summary>The lower-case <c>service:action</c> of a universal target ARN.</summary>
    public static string UniversalAction(string arn) => arn[UniversalPrefix.Length..].ToLowerInvariant();

    public static bool IsSupportedUniversal(string arn) =>
        Array.Exists(UniversalActions, a => string.Equals(a, arn[UniversalPrefix.Length..], StringComparison.OrdinalIgnoreCase));

    /// <summary>A function ARN without a <c>$LATEST</c> qualifier (the local cloud has no versions).</summary>
    public static string FunctionArn(string arn) => arn.EndsWith(":$LATEST", StringComparison.Ordinal) ? arn[..^":$LATEST".Length] : arn;

    /// <summary>A function name, partial ARN (<c>account:function:name</c>) or ARN, as an ARN in <paramref name="scope"/>.</summary>
    public static string FunctionArnFromName(string name, ResourceScope scope)
    {
        if (name.StartsWith("arn:", StringComparison.Ordinal))
        {
            return FunctionArn(name);
        }

        return name.Contains(":function:", StringComparison.Ordinal)
            ? $"arn:aws:lambda:{scope.Region}:{name}"
            : scope.Arn("lambda", "function:" + name);
    }

    /// <summary>The queue ARN behind a queue URL: <c>http(s)://host/&lt;account&gt;/&lt;name&gt;</c>, in the region of
    /// an AWS host name (<c>sqs.&lt;region&gt;.amazonaws.com</c>), else in <paramref name="scope"/>'s region.</summary>
    public static string QueueArnFromUrl(string url, ResourceScope scope)
    {
        if (url.StartsWith("arn:", StringComparison.Ordinal) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length < 2)
        {
            return url;
        }

        var region = scope.Region;
        var host = uri.Host.Split('.');
        if (host.Length >= 4 && host[0] == "sqs")
        {
            region = host[1];
        }
        else if (host.Length >= 4 && host[1] == "queue")
        {
            region = host[0];
        }

        return Arn.Build("sqs", region, segments[^2], segments[^1]);
    }
}
