using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LocalCloud.Core.Hosting;

namespace LocalCloud.CloudFormation.Engine;

/// <summary>Stack and change set names and ids as CloudFormation forms and checks them.</summary>
internal static partial class StackIds
{
    public const int MaxNameLength = 128;

    private const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string NewStackId(ResourceScope scope, string name) =>
        $"arn:{Partition(scope.Region)}:cloudformation:{scope.Region}:{scope.AccountId}:stack/{name}/{Guid.NewGuid()}";

    public static string NewChangeSetId(ResourceScope scope, string name) =>
        $"arn:{Partition(scope.Region)}:cloudformation:{scope.Region}:{scope.AccountId}:changeSet/{name}/{Guid.NewGuid()}";

    public static string Partition(string region) => region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";

    /// <summary>The stack name inside a stack id (<c>arn:…:stack/NAME/uuid</c>).</summary>
    public static string Name(string stackId)
    {
        var parts = stackId.Split('/');
        return parts.Length >= 3 ? parts[1] : stackId;
    }

    public static bool IsChangeSetArn(string value) => value.StartsWith("arn:", StringComparison.Ordinal) && value.Contains(":changeSet/", StringComparison.Ordinal);

    public static void CheckStackName(string? name, string member = "stackName")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw CloudFormationErrors.Validation("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
        }

        if (name.Length > MaxNameLength)
        {
            throw CloudFormationErrors.Constraint(name, member, $"Member must have length less than or equal to {MaxNameLength}");
        }

        if (!NamePattern().IsMatch(name))
        {
            throw CloudFormationErrors.Constraint(name, member, "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
        }
    }

    public static void CheckChangeSetName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw CloudFormationErrors.Validation("1 validation error detected: Value null at 'changeSetName' failed to satisfy constraint: Member must not be null");
        }

        if (name.Length > MaxNameLength)
        {
            throw CloudFormationErrors.Constraint(name, "changeSetName", $"Member must have length less than or equal to {MaxNameLength}");
        }

        if (!NamePattern().IsMatch(name))
        {
            throw CloudFormationErrors.Constraint(name, "changeSetName", "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
        }
    }

    /// <summary>13 random upper-case letters and digits: the suffix of CloudFormation's generated names.</summary>
    public static string NewSuffix() => RandomNumberGenerator.GetString(SuffixAlphabet, 13);

    /// <summary><c>stack-logical-SUFFIX</c>, the stack name and logical id shortened so the whole fits.</summary>
    public static string GeneratedName(string stackName, string logicalId, string suffix, int maxLength)
    {
        var full = $"{stackName}-{logicalId}-{suffix}";
        if (full.Length <= maxLength)
        {
            return full;
        }

        var room = Math.Max(maxLength - suffix.Length - 2, 2);
        var stackPart = Math.Min(stackName.Length, Math.Max(room / 2, room - logicalId.Length));
        var logicalPart = Math.Min(logicalId.Length, room - stackPart);
        var name = $"{stackName[..stackPart]}-{logicalId[..logicalPart]}-{suffix}";
        return name.Length <= maxLength ? name : name[..maxLength];
    }

    [GeneratedRegex("^[a-zA-Z][-a-zA-Z0-9]*$")]
    private static partial Regex NamePattern();
}
