using System.Text.Json.Serialization;

namespace LocalCloud.Ses.Wire;

// Wire shapes of SES v2 (botocore `sesv2` 2019-09-27). Timestamps are epoch seconds, as restJson1 writes them.

internal sealed class SendEmailInput
{
    public string? FromEmailAddress { get; set; }

    public string? FromEmailAddressIdentityArn { get; set; }

    public DestinationInput? Destination { get; set; }

    public List<string>? ReplyToAddresses { get; set; }

    public string? FeedbackForwardingEmailAddress { get; set; }

    public EmailContentInput? Content { get; set; }

    public List<MessageTagInput>? EmailTags { get; set; }

    public string? ConfigurationSetName { get; set; }
}

internal sealed class DestinationInput
{
    public List<string>? ToAddresses { get; set; }

    public List<string>? CcAddresses { get; set; }

    public List<string>? BccAddresses { get; set; }
}

internal sealed class EmailContentInput
{
    public SimpleMessageInput? Simple { get; set; }

    public RawMessageInput? Raw { get; set; }

    public TemplateInput? Template { get; set; }
}

internal sealed class SimpleMessageInput
{
    public ContentInput? Subject { get; set; }

    public BodyInput? Body { get; set; }

    public List<MessageHeaderInput>? Headers { get; set; }
}

internal sealed class ContentInput
{
    public string? Data { get; set; }

    public string? Charset { get; set; }
}

internal sealed class BodyInput
{
    public ContentInput? Text { get; set; }

    public ContentInput? Html { get; set; }
}

internal sealed class MessageHeaderInput
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}

internal sealed class RawMessageInput
{
    public byte[]? Data { get; set; }
}

internal sealed class TemplateInput
{
    public string? TemplateName { get; set; }

    public string? TemplateArn { get; set; }

    public TemplateContentWire? TemplateContent { get; set; }

    public string? TemplateData { get; set; }

    public List<MessageHeaderInput>? Headers { get; set; }
}

internal sealed class MessageTagInput
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}

internal sealed class TemplateContentWire
{
    public string? Subject { get; set; }

    public string? Text { get; set; }

    public string? Html { get; set; }
}

internal sealed class TagWire
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}

internal sealed class CreateEmailIdentityInput
{
    public string? EmailIdentity { get; set; }

    public List<TagWire>? Tags { get; set; }

    public string? ConfigurationSetName { get; set; }
}

internal sealed class CreateEmailTemplateInput
{
    public string? TemplateName { get; set; }

    public TemplateContentWire? TemplateContent { get; set; }

    public List<TagWire>? Tags { get; set; }
}

internal sealed class UpdateEmailTemplateInput
{
    public TemplateContentWire? TemplateContent { get; set; }
}

internal sealed class TestRenderEmailTemplateInput
{
    public string? TemplateData { get; set; }
}

internal sealed record SendEmailOutput(string MessageId);

internal sealed record DkimAttributesOutput(
    bool SigningEnabled,
    string Status,
    IReadOnlyList<string>? Tokens,
    string SigningAttributesOrigin,
    string? NextSigningKeyLength,
    string? CurrentSigningKeyLength,
    double? LastKeyGenerationTimestamp);

internal sealed record CreateEmailIdentityOutput(string IdentityType, bool VerifiedForSendingStatus, DkimAttributesOutput DkimAttributes);

internal sealed record TagOutput(string Key, string Value);

internal sealed record GetEmailIdentityOutput(
    string IdentityType,
    bool FeedbackForwardingStatus,
    bool VerifiedForSendingStatus,
    DkimAttributesOutput DkimAttributes,
    IReadOnlyDictionary<string, string> Policies,
    IReadOnlyList<TagOutput> Tags,
    string? ConfigurationSetName,
    string VerificationStatus);

internal sealed record IdentityInfoOutput(string IdentityType, string IdentityName, bool SendingEnabled, string VerificationStatus);

internal sealed record ListEmailIdentitiesOutput(IReadOnlyList<IdentityInfoOutput> EmailIdentities, string? NextToken);

internal sealed record TemplateContentOutput(string? Subject, string? Text, string? Html);

internal sealed record GetEmailTemplateOutput(string TemplateName, TemplateContentOutput TemplateContent, IReadOnlyList<TagOutput> Tags);

internal sealed record EmailTemplateMetadataOutput(string TemplateName, double CreatedTimestamp);

internal sealed record ListEmailTemplatesOutput(IReadOnlyList<EmailTemplateMetadataOutput> TemplatesMetadata, string? NextToken);

internal sealed record TestRenderEmailTemplateOutput(string RenderedTemplate);

internal sealed record EmptyOutput;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendEmailInput))]
[JsonSerializable(typeof(CreateEmailIdentityInput))]
[JsonSerializable(typeof(CreateEmailTemplateInput))]
[JsonSerializable(typeof(UpdateEmailTemplateInput))]
[JsonSerializable(typeof(TestRenderEmailTemplateInput))]
[JsonSerializable(typeof(SendEmailOutput))]
[JsonSerializable(typeof(CreateEmailIdentityOutput))]
[JsonSerializable(typeof(GetEmailIdentityOutput))]
[JsonSerializable(typeof(ListEmailIdentitiesOutput))]
[JsonSerializable(typeof(GetEmailTemplateOutput))]
[JsonSerializable(typeof(ListEmailTemplatesOutput))]
[JsonSerializable(typeof(TestRenderEmailTemplateOutput))]
[JsonSerializable(typeof(EmptyOutput))]
[JsonSerializable(typeof(List<KeyValuePair<string, string>>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class SesJsonContext : JsonSerializerContext;
