namespace LocalCloud.Ses.Model;

internal enum IdentityType
{
    EmailAddress,
    Domain,
}

internal sealed record EmailIdentityRecord(
    string Name,
    IdentityType Type,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    string? ConfigurationSetName,
    DateTimeOffset CreatedAt);

internal sealed record TemplateContent(string? Subject, string? Text, string? Html);

internal sealed record EmailTemplateRecord(
    string Name,
    TemplateContent Content,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    DateTimeOffset CreatedAt);

internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);

/// <summary>Whether an accepted message reached the mailbox as mail, or failed as SES fails a template whose
/// data lacks a variable: accepted with a message id, then not delivered.</summary>
internal static class DeliveryStatus
{
    public const string Delivered = "Delivered";
    public const string RenderingFailure = "RenderingFailure";
}
