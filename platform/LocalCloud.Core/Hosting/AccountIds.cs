namespace LocalCloud.Core.Hosting;

/// <summary>Which AWS account a request acts in: the account whose id is the access key id when that is
/// 12 digits (so a test can act in two accounts), else the local cloud's default account.</summary>
public static class AccountIds
{
    public static bool IsAccountId(string? value) =>
        value is { Length: 12 } && value.All(char.IsAsciiDigit);

    public static string FromAccessKey(string? accessKeyId, string defaultAccountId) =>
        IsAccountId(accessKeyId) ? accessKeyId! : defaultAccountId;
}
