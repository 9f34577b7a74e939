using System.Text.RegularExpressions;
using LocalCloud.Lambda.Wire;

namespace LocalCloud.Lambda.Runtime;

/// <summary>Evaluates a function's resource-based policy for an invocation by a service or account, as the
/// statements <c>AddPermission</c> writes: principal, action and the <c>AWS:SourceArn</c> (<c>ArnLike</c>) and
/// <c>AWS:SourceAccount</c> (<c>StringEquals</c>) conditions.</summary>
internal static class PolicyEvaluation
{
    public static bool Allows(PolicyDocument? policy, string principal, string? sourceArn, string? sourceAccount)
    {
        if (policy is null)
        {
            return false;
        }

        foreach (var statement in policy.Statement)
        {
            if (statement.Effect == "Allow"
                && ActionMatches(statement.Action)
                && PrincipalMatches(statement.Principal, principal)
                && ConditionsMatch(statement.Condition, sourceArn, sourceAccount))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ActionMatches(string? action) =>
        action is "lambda:InvokeFunction" or "lambda:*" or "*";

    private static bool PrincipalMatches(Dictionary<string, string>? statementPrincipal, string principal)
    {
        if (statementPrincipal is null)
        {
            return false;
        }

        foreach (var (kind, value) in statementPrincipal)
        {
            if (value == "*" || value == principal)
            {
                return true;
            }

            if (kind == "AWS" && principal.Length == 12 && value == $"arn:aws:iam::{principal}:root")
            {
                return true;
            }
        }

        return false;
    }

    private static bool ConditionsMatch(Dictionary<string, Dictionary<string, string>>? conditions, string? sourceArn, string? sourceAccount)
    {
        if (conditions is null)
        {
            return true;
        }

        foreach (var (op, entries) in conditions)
        {
            foreach (var (key, expected) in entries)
            {
                var actual = key.Equals("AWS:SourceArn", StringComparison.OrdinalIgnoreCase) ? sourceArn
                    : key.Equals("AWS:SourceAccount", StringComparison.OrdinalIgnoreCase) ? sourceAccount
                    : null;
                if (actual is null)
                {
                    return false;
                }

                var matches = op switch
                {
                    "ArnLike" or "StringLike" => Like(expected, actual),
                    _ => string.Equals(expected, actual, StringComparison.Ordinal),
                };
                if (!matches)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool Like(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
