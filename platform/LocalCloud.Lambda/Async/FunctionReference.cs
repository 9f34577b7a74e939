using System.Text.RegularExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Validation;

namespace LocalCloud.Lambda.Async;

/// <summary>A function as an API request names it (a name, a partial ARN <c>123456789012:function:name</c> or an
/// ARN, any of them with a <c>:qualifier</c>), resolved in the request's scope.</summary>
internal sealed partial record FunctionReference(string FunctionArn, string Name, string? Qualifier)
{
    public const string Latest = "$LATEST";

    private const string NamePattern =
        @"(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:|(((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?))(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?";

    private const string QualifierPattern = @"\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+";

    /// <summary>The qualifier, <c>$LATEST</c> when none was given.</summary>
    public string EffectiveQualifier => Qualifier ?? Latest;

    public string QualifiedArn => FunctionArn + ":" + EffectiveQualifier;

    /// <summary>The ARN to describe: unqualified for <c>$LATEST</c>, else with the version or alias.</summary>
    public string DescribeArn => EffectiveQualifier == Latest ? FunctionArn : QualifiedArn;

    public static FunctionReference Parse(ResourceScope scope, string functionName, string? qualifier)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        if (functionName.Length > 256)
        {
            throw ValidationMessages.MaxLength(functionName, "functionName", 256);
        }

        if (!FunctionNameRegex().IsMatch(functionName))
        {
            throw ValidationMessages.Pattern(functionName, "functionName", NamePattern);
        }

        if (qualifier is not null)
        {
            if (qualifier.Length is < 1 or > 128)
            {
                throw qualifier.Length < 1
                    ? ValidationMessages.MinLength(qualifier, "qualifier", 1)
                    : ValidationMessages.MaxLength(qualifier, "qualifier", 128);
            }

            if (!QualifierRegex().IsMatch(qualifier))
            {
                throw ValidationMessages.Pattern(qualifier, "qualifier", QualifierPattern);
            }
        }

        var account = scope.AccountId;
        var region = scope.Region;
        var parts = functionName.Split(':');
        string name;
        string? derived = null;
        if (parts[0] == "arn")
        {
            region = parts[3];
            account = parts[4];
            var index = parts[5] == "function" && parts.Length > 6 ? 6 : 5;
            name = parts[index];
            derived = parts.Length > index + 1 ? parts[index + 1] : null;
        }
        else
        {
            var index = 0;
            if (parts.Length > index + 1 && RegionRegex().IsMatch(parts[index]))
            {
                region = parts[index++];
            }

            if (parts.Length > index + 1 && AccountRegex().IsMatch(parts[index]))
            {
                account = parts[index++];
            }

            if (parts.Length > index + 1 && parts[index] == "function")
            {
                index++;
            }

            name = parts[index];
            derived = parts.Length > index + 1 ? parts[index + 1] : null;
        }

        if (region != scope.Region)
        {
            throw LambdaErrors.NotFound($"Functions from '{region}' are not reachable in this region ('{scope.Region}')");
        }

        if (derived is not null && qualifier is not null && derived != qualifier)
        {
            throw LambdaErrors.InvalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
        }

        return new FunctionReference(Arn.Build("lambda", region, account, "function:" + name), name, derived ?? qualifier);
    }

    /// <summary>The function and qualifier an invocation ARN names (unqualified means <c>$LATEST</c>).</summary>
    public static FunctionReference FromArn(string functionArn)
    {
        ArgumentNullException.ThrowIfNull(functionArn);
        var parts = functionArn.Split(':');
        if (parts.Length < 7)
        {
            return new FunctionReference(functionArn, functionArn, null);
        }

        var unqualified = string.Join(':', parts, 0, 7);
        return new FunctionReference(unqualified, parts[6], parts.Length > 7 ? parts[7] : null);
    }

    [GeneratedRegex("^(?:" + NamePattern + ")$")]
    private static partial Regex FunctionNameRegex();

    [GeneratedRegex("^(?:" + QualifierPattern + ")$")]
    private static partial Regex QualifierRegex();

    [GeneratedRegex(@"^(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}$")]
    private static partial Regex RegionRegex();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountRegex();
}
