using System.Text.Json.Serialization;

namespace LocalCloud.Ses.Mailbox;

/// <summary>One message SES accepted, as the local mailbox keeps it. <see cref="Raw"/> (the MIME message) is
/// filled only when one message is read by id.</summary>
public sealed record MailboxMessage(
    string Id,
    long Sequence,
    DateTimeOffset ReceivedAt,
    string AccountId,
    string Region,
    string From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    IReadOnlyList<string> Bcc,
    IReadOnlyList<string> ReplyTo,
    string? Subject,
    string? Text,
    string? Html,
    string? Template,
    IReadOnlyList<MailboxTag> Tags,
    string Status,
    string? StatusReason,
    string? Raw = null);

public sealed record MailboxTag(string Name, string Value);

/// <summary>A page of the mailbox in the order messages were accepted; <see cref="Last"/> is the sequence to
/// pass as <c>after</c> to read only newer messages.</summary>
public sealed record MailboxPage(IReadOnlyList<MailboxMessage> Messages, long Last);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MailboxMessage))]
[JsonSerializable(typeof(MailboxPage))]
[JsonSerializable(typeof(List<MailboxTag>))]
public sealed partial class MailboxJsonContext : JsonSerializerContext;
