using System.Text.RegularExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Validation;

namespace LocalCloud.Lambda;

/// <summary>A function named as the Lambda API takes it: a name, a partial ARN (<c>123456789012:function:name</c>)
/// or a full ARN, each with an optional <c>:qualifier</c>.</summary>
internal readonly record struct FunctionRef(ResourceScope Scope, string Name, string? Qualifier)
{
    public string Arn => Scope.Arn("lambda", $"function:{Name}");

    public string QualifiedArn => Qualifier is null ? Arn : $"{Arn}:{Qualifier}";
}

internal static partial class FunctionNames
{
    public const string Latest = "$LATEST";

    private const string NamePattern = "(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";

    /// <summary>Resolves <paramref name="value"/> in <paramref name="scope"/> (the ARN's own account and region when
    /// it is an ARN); a qualifier in the name and one in <paramref name="qualifier"/> must agree.</summary>
    public static FunctionRef Resolve(ResourceScope scope, string value, string? qualifier = null, string member = "functionName")
    {
        if (value.Length is < 1 or > 170)
        {
            throw value.Length < 1 ? ValidationMessages.MinLength(value, member, 1) : ValidationMessages.MaxLength(value, member, 170);
        }

        var match = FullPattern().Match(value);
        if (!match.Success)
        {
            throw ValidationMessages.Pattern(value, member, NamePattern);
        }

        var region = match.Groups["region"].Success ? match.Groups["region"].Value : scope.Region;
        var account = match.Groups["account"].Success ? match.Groups["account"].Value : scope.AccountId;
        if (match.Groups["region"].Success && !match.Groups["arn"].Success)
        {
            throw LambdaErrors.InvalidParameter("FunctionName is not a valid ARN or function name.");
        }

        var name = match.Groups["name"].Value;
        if (name.Length > 64)
        {
            throw ValidationMessages.Pattern(value, member, NamePattern);
        }

        var inline = match.Groups["qualifier"].Success ? match.Groups["qualifier"].Value : null;
        if (qualifier is { Length: > 0 } && inline is not null && inline != qualifier)
        {
            throw LambdaErrors.InvalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
        }

        var resolved = inline ?? (qualifier is { Length: > 0 } ? qualifier : null);
        return new FunctionRef(new ResourceScope(account, region), name, resolved);
    }

    /// <summary>Resolves a function ARN another service holds (a rule target, a mapping, an integration).</summary>
    public static bool TryResolveArn(string arn, out FunctionRef function)
    {
        var match = FullPattern().Match(arn);
        if (!match.Success || !match.Groups["arn"].Success || !match.Groups["region"].Success || !match.Groups["account"].Success)
        {
            function = default;
            return false;
        }

        function = new FunctionRef(
            new ResourceScope(match.Groups["account"].Value, match.Groups["region"].Value),
            match.Groups["name"].Value,
            match.Groups["qualifier"].Success ? match.Groups["qualifier"].Value : null);
        return true;
    }

    [GeneratedRegex(@"^(?<arn>arn:aws[a-zA-Z-]*:lambda:)?(?:(?<region>(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(?<account>\d{12}):)?(?:function:)?(?<name>[a-zA-Z0-9_-]+)(?::(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$")]
    private static partial Regex FullPattern();
}
