using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Hosting;
using LocalCloud.Ses.Mail;
using LocalCloud.Ses.Mailbox;
using LocalCloud.Ses.Model;
using LocalCloud.Ses.Wire;

namespace LocalCloud.Ses;

/// <summary>
/// Amazon SES v2 (restJson1 under <c>/v2/email/</c>, signing name <c>ses</c>): <c>SendEmail</c> into the local
/// mailbox, email identities and email templates, as the botocore <c>sesv2</c> 2019-09-27 model describes them.
/// </summary>
internal sealed partial class SesService : IRestJsonService, IStatusContributor
{
    private const string IdentityPath = "/v2/email/identities/{EmailIdentity}";
    private const string TemplatePath = "/v2/email/templates/{TemplateName}";
    private const int MaxRecipients = 50;
    private const int MaxTemplateData = 262_144;
    private const int MaxTemplateBytes = 500 * 1024;
    private const int MaxTags = 50;

    private readonly SesStore _store;
    private readonly SesOptions _options;
    private readonly MailboxSignal _signal;
    private readonly ActivityFeed _activity;
    private readonly TimeProvider _time;

    public SesService(SesStore store, SesOptions options, MailboxSignal signal, ActivityFeed activity, TimeProvider time)
    {
        _store = store;
        _options = options;
        _signal = signal;
        _activity = activity;
        _time = time;
        Operations =
        [
            new RestOperation("SendEmail", "POST", "/v2/email/outbound-emails", SendEmailAsync),
            new RestOperation("CreateEmailIdentity", "POST", "/v2/email/identities", CreateEmailIdentityAsync),
            new RestOperation("ListEmailIdentities", "GET", "/v2/email/identities", ListEmailIdentitiesAsync),
            new RestOperation("GetEmailIdentity", "GET", IdentityPath, GetEmailIdentityAsync),
            new RestOperation("DeleteEmailIdentity", "DELETE", IdentityPath, DeleteEmailIdentityAsync),
            new RestOperation("CreateEmailTemplate", "POST", "/v2/email/templates", CreateEmailTemplateAsync),
            new RestOperation("ListEmailTemplates", "GET", "/v2/email/templates", ListEmailTemplatesAsync),
            new RestOperation("GetEmailTemplate", "GET", TemplatePath, GetEmailTemplateAsync),
            new RestOperation("UpdateEmailTemplate", "PUT", TemplatePath, UpdateEmailTemplateAsync),
            new RestOperation("DeleteEmailTemplate", "DELETE", TemplatePath, DeleteEmailTemplateAsync),
            new RestOperation("TestRenderEmailTemplate", "POST", TemplatePath + "/render", TestRenderEmailTemplateAsync),
        ];
        OperationNames = [.. Operations.Select(o => o.Name)];
    }

    public string Name => "ses";

    public string SigningName => "ses";

    public AwsProtocol Protocol => AwsProtocol.RestJson1;

    public string ErrorMessageKey => "message";

    public IReadOnlyList<RestOperation> Operations { get; }

    public IReadOnlyCollection<string> OperationNames { get; }

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var (identities, templates, messages) = _store.Counts();
        return ValueTask.FromResult<JsonNode?>(new JsonObject
        {
            ["identities"] = identities,
            ["templates"] = templates,
            ["messages"] = messages,
            ["sandbox"] = !_options.AllowAnySender,
        });
    }

    private async Task<RestResponse> SendEmailAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = Read(request, SesJsonContext.Default.SendEmailInput);
        var content = input.Content ?? throw SesErrors.BadRequest("Content is required.");
        var kinds = (content.Simple is null ? 0 : 1) + (content.Raw is null ? 0 : 1) + (content.Template is null ? 0 : 1);
        if (kinds != 1)
        {
            throw SesErrors.BadRequest("Exactly one of Simple, Raw or Template must be specified in Content.");
        }

        var scope = request.Context.Scope;
        var now = _time.GetUtcNow();
        var id = MessageId(now);
        var replyTo = Addresses(input.ReplyToAddresses, "ReplyToAddresses");
        var tags = Tags(input.EmailTags);
        AcceptedMessage message;
        if (content.Raw is { } raw)
        {
            message = FromRaw(id, scope, now, input, raw, replyTo, tags);
        }
        else
        {
            var from = Sender(input.FromEmailAddress ?? throw SesErrors.BadRequest("FromEmailAddress is required."));
            var to = Addresses(input.Destination?.ToAddresses, "ToAddresses");
            var cc = Addresses(input.Destination?.CcAddresses, "CcAddresses");
            var bcc = Addresses(input.Destination?.BccAddresses, "BccAddresses");
            CheckRecipientCount(to.Count + cc.Count + bcc.Count);
            message = content.Simple is { } simple
                ? FromSimple(id, scope, now, from, to, cc, bcc, replyTo, tags, simple)
                : FromTemplate(id, scope, now, from, to, cc, bcc, replyTo, tags, content.Template!);
        }

        CheckSender(scope, message.From);
        var sequence = await _store.AddMessageAsync(message);
        _signal.Notify();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["messageId"] = id,
            ["sequence"] = sequence.ToString(CultureInfo.InvariantCulture),
        };
        if (message.Status == DeliveryStatus.Delivered)
        {
            _activity.Publish("ses", "email.sent", $"{message.From} -> {string.Join(", ", message.To.Concat(message.Cc).Concat(message.Bcc))}: {message.Subject}", attributes);
        }
        else
        {
            attributes["reason"] = message.StatusReason ?? string.Empty;
            _activity.Publish("ses", "email.rendering-failure", $"{message.From}: template {message.Template} not delivered", attributes);
        }

        return Json(new SendEmailOutput(id), SesJsonContext.Default.SendEmailOutput);
    }

    private static AcceptedMessage FromSimple(
        string id, ResourceScope scope, DateTimeOffset now, string from, List<string> to, List<string> cc, List<string> bcc,
        List<string> replyTo, List<MailboxTag> tags, SimpleMessageInput simple)
    {
        var subject = simple.Subject ?? throw SesErrors.BadRequest("Simple.Subject is required.");
        var subjectText = subject.Data ?? throw SesErrors.BadRequest("Simple.Subject.Data is required.");
        var body = simple.Body ?? throw SesErrors.BadRequest("Simple.Body is required.");
        var text = body.Text is null ? null : body.Text.Data ?? throw SesErrors.BadRequest("Simple.Body.Text.Data is required.");
        var html = body.Html is null ? null : body.Html.Data ?? throw SesErrors.BadRequest("Simple.Body.Html.Data is required.");
        var parts = new MailParts(from, to, cc, replyTo, subjectText, subject.Charset, text, body.Text?.Charset, html, body.Html?.Charset, Headers(simple.Headers));
        return new AcceptedMessage(id, scope, now, from, to, cc, bcc, replyTo, subjectText, text, html, null, tags, DeliveryStatus.Delivered, null,
            MimeWriter.Write(parts, id, now));
    }

    private AcceptedMessage FromTemplate(
        string id, ResourceScope scope, DateTimeOffset now, string from, List<string> to, List<string> cc, List<string> bcc,
        List<string> replyTo, List<MailboxTag> tags, TemplateInput template)
    {
        var (name, content) = ResolveTemplate(scope, template);
        if (template.TemplateData is { Length: > MaxTemplateData })
        {
            throw SesErrors.BadRequest($"TemplateData must be at most {MaxTemplateData} characters long.");
        }

        if (!TemplateRenderer.TryParseData(template.TemplateData ?? "{}", out var data))
        {
            throw SesErrors.BadRequest("TemplateData is not a valid JSON object.");
        }

        try
        {
            var (subject, text, html) = Render(content, data);
            var parts = new MailParts(from, to, cc, replyTo, subject, null, text, null, html, null, Headers(template.Headers));
            return new AcceptedMessage(id, scope, now, from, to, cc, bcc, replyTo, subject, text, html, name, tags, DeliveryStatus.Delivered, null,
                MimeWriter.Write(parts, id, now));
        }
        catch (RenderingException ex)
        {
            return new AcceptedMessage(id, scope, now, from, to, cc, bcc, replyTo, content.Subject, null, null, name, tags, DeliveryStatus.RenderingFailure, ex.Message, []);
        }
    }

    private static AcceptedMessage FromRaw(
        string id, ResourceScope scope, DateTimeOffset now, SendEmailInput input, RawMessageInput raw, List<string> replyTo, List<MailboxTag> tags)
    {
        var data = raw.Data ?? throw SesErrors.BadRequest("Raw.Data is required.");
        if (data.Length == 0)
        {
            throw SesErrors.BadRequest("Raw.Data must not be empty.");
        }

        var parsed = MimeReader.Read(data);
        var fromText = input.FromEmailAddress ?? FirstAddress(parsed.Header("From")) ?? throw SesErrors.BadRequest("Missing required header 'From'.");
        var from = Sender(fromText);
        var destination = input.Destination;
        var explicitRecipients = destination is not null
            && (destination.ToAddresses?.Count > 0 || destination.CcAddresses?.Count > 0 || destination.BccAddresses?.Count > 0);
        var to = explicitRecipients ? Addresses(destination!.ToAddresses, "ToAddresses") : HeaderAddresses(parsed.Header("To"));
        var cc = explicitRecipients ? Addresses(destination!.CcAddresses, "CcAddresses") : HeaderAddresses(parsed.Header("Cc"));
        var bcc = explicitRecipients ? Addresses(destination!.BccAddresses, "BccAddresses") : HeaderAddresses(parsed.Header("Bcc"));
        CheckRecipientCount(to.Count + cc.Count + bcc.Count);
        var replies = replyTo.Count > 0 ? replyTo : HeaderAddresses(parsed.Header("Reply-To"));
        return new AcceptedMessage(id, scope, now, from, to, cc, bcc, replies, parsed.Header("Subject"), parsed.Text, parsed.Html, null, tags,
            DeliveryStatus.Delivered, null, data);
    }

    private (string? Name, TemplateContent Content) ResolveTemplate(ResourceScope scope, TemplateInput template)
    {
        if (template.TemplateContent is { } inline)
        {
            if (template.TemplateName is not null || template.TemplateArn is not null)
            {
                throw SesErrors.BadRequest("Template must name a template (TemplateName or TemplateArn) or carry TemplateContent, not both.");
            }

            return (null, Content(inline));
        }

        var name = template.TemplateName;
        if (template.TemplateArn is { } arnText)
        {
            if (!Arn.TryParse(arnText, out var arn) || arn.Service != "ses" || !arn.Resource.StartsWith("template/", StringComparison.Ordinal))
            {
                throw SesErrors.BadRequest($"Invalid TemplateArn {arnText}.");
            }

            var fromArn = arn.Resource["template/".Length..];
            if (name is not null && name != fromArn)
            {
                throw SesErrors.BadRequest("TemplateName and TemplateArn name different templates.");
            }

            if (arn.Region != scope.Region || arn.AccountId != scope.AccountId)
            {
                throw SesErrors.TemplateNotFound(fromArn);
            }

            name = fromArn;
        }

        if (string.IsNullOrEmpty(name))
        {
            throw SesErrors.BadRequest("Template must have a TemplateName, a TemplateArn or TemplateContent.");
        }

        var record = _store.GetTemplate(scope, name) ?? throw SesErrors.TemplateNotFound(name);
        return (name, record.Content);
    }

    private static (string Subject, string? Text, string? Html) Render(TemplateContent content, JsonElement data) =>
        (TemplateRenderer.Render(content.Subject ?? string.Empty, data, html: false),
         content.Text is null ? null : TemplateRenderer.Render(content.Text, data, html: false),
         content.Html is null ? null : TemplateRenderer.Render(content.Html, data, html: true));

    private void CheckSender(ResourceScope scope, string from)
    {
        if (_options.AllowAnySender)
        {
            return;
        }

        _ = EmailAddresses.TryParse(from, out var address, out _);
        if (!_store.IsVerifiedSender(scope, EmailAddresses.Key(address), EmailAddresses.Domain(address)))
        {
            throw SesErrors.NotVerified(scope.Region, from == address ? [from] : [from, address]);
        }
    }

    private async Task<RestResponse> CreateEmailIdentityAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = Read(request, SesJsonContext.Default.CreateEmailIdentityInput);
        var name = input.EmailIdentity ?? throw SesErrors.BadRequest("EmailIdentity is required.");
        var (key, type) = Identity(name);
        var identity = new EmailIdentityRecord(name, type, IdentityTags(input.Tags), input.ConfigurationSetName, _time.GetUtcNow());
        await _store.CreateIdentityAsync(request.Context.Scope, key, identity);
        var output = new CreateEmailIdentityOutput(TypeName(type), true, Dkim(request.Context.Scope, key, identity));
        return Json(output, SesJsonContext.Default.CreateEmailIdentityOutput);
    }

    private Task<RestResponse> GetEmailIdentityAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var name = request.Route("EmailIdentity");
        var key = LookupKey(name);
        var identity = _store.GetIdentity(request.Context.Scope, key) ?? throw SesErrors.IdentityNotFound(name);
        var output = new GetEmailIdentityOutput(
            TypeName(identity.Type),
            FeedbackForwardingStatus: true,
            VerifiedForSendingStatus: true,
            Dkim(request.Context.Scope, key, identity),
            new Dictionary<string, string>(),
            [.. identity.Tags.Select(t => new TagOutput(t.Key, t.Value))],
            identity.ConfigurationSetName,
            "SUCCESS");
        return Task.FromResult(Json(output, SesJsonContext.Default.GetEmailIdentityOutput));
    }

    private Task<RestResponse> ListEmailIdentitiesAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var page = _store.ListIdentities(request.Context.Scope, request.Query("NextToken"), PageSize(request, 1000));
        var output = new ListEmailIdentitiesOutput(
            [.. page.Items.Select(x => new IdentityInfoOutput(TypeName(x.Identity.Type), x.Identity.Name, true, "SUCCESS"))],
            page.NextToken);
        return Task.FromResult(Json(output, SesJsonContext.Default.ListEmailIdentitiesOutput));
    }

    private async Task<RestResponse> DeleteEmailIdentityAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var name = request.Route("EmailIdentity");
        await _store.DeleteIdentityAsync(request.Context.Scope, LookupKey(name), name);
        return Empty();
    }

    private async Task<RestResponse> CreateEmailTemplateAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = Read(request, SesJsonContext.Default.CreateEmailTemplateInput);
        var name = TemplateName(input.TemplateName ?? throw SesErrors.BadRequest("TemplateName is required."));
        var content = Content(input.TemplateContent ?? throw SesErrors.BadRequest("TemplateContent is required."));
        await _store.CreateTemplateAsync(request.Context.Scope, new EmailTemplateRecord(name, content, IdentityTags(input.Tags), _time.GetUtcNow()));
        return Empty();
    }

    private Task<RestResponse> GetEmailTemplateAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var name = request.Route("TemplateName");
        var template = _store.GetTemplate(request.Context.Scope, name) ?? throw SesErrors.TemplateNotFound(name);
        var output = new GetEmailTemplateOutput(
            template.Name,
            new TemplateContentOutput(template.Content.Subject, template.Content.Text, template.Content.Html),
            [.. template.Tags.Select(t => new TagOutput(t.Key, t.Value))]);
        return Task.FromResult(Json(output, SesJsonContext.Default.GetEmailTemplateOutput));
    }

    private Task<RestResponse> ListEmailTemplatesAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var page = _store.ListTemplates(request.Context.Scope, request.Query("NextToken"), PageSize(request, 100));
        var output = new ListEmailTemplatesOutput(
            [.. page.Items.Select(t => new EmailTemplateMetadataOutput(t.Name, Seconds(t.CreatedAt)))],
            page.NextToken);
        return Task.FromResult(Json(output, SesJsonContext.Default.ListEmailTemplatesOutput));
    }

    private async Task<RestResponse> UpdateEmailTemplateAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var name = request.Route("TemplateName");
        var input = Read(request, SesJsonContext.Default.UpdateEmailTemplateInput);
        var content = Content(input.TemplateContent ?? throw SesErrors.BadRequest("TemplateContent is required."));
        await _store.UpdateTemplateAsync(request.Context.Scope, name, content);
        return Empty();
    }

    private async Task<RestResponse> DeleteEmailTemplateAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var name = request.Route("TemplateName");
        await _store.DeleteTemplateAsync(request.Context.Scope, name);
        return Empty();
    }

    private Task<RestResponse> TestRenderEmailTemplateAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var name = request.Route("TemplateName");
        var input = Read(request, SesJsonContext.Default.TestRenderEmailTemplateInput);
        var dataText = input.TemplateData ?? throw SesErrors.BadRequest("TemplateData is required.");
        if (dataText.Length > MaxTemplateData)
        {
            throw SesErrors.BadRequest($"TemplateData must be at most {MaxTemplateData} characters long.");
        }

        if (!TemplateRenderer.TryParseData(dataText, out var data))
        {
            throw SesErrors.BadRequest("TemplateData is not a valid JSON object.");
        }

        var template = _store.GetTemplate(request.Context.Scope, name) ?? throw SesErrors.TemplateNotFound(name);
        try
        {
            var (subject, text, html) = Render(template.Content, data);
            var rendered = MimeWriter.Render(subject, text, html, Seed(name + dataText));
            return Task.FromResult(Json(new TestRenderEmailTemplateOutput(rendered), SesJsonContext.Default.TestRenderEmailTemplateOutput));
        }
        catch (RenderingException ex)
        {
            throw SesErrors.BadRequest(ex.Message);
        }
    }

    private static (string Key, IdentityType Type) Identity(string name)
    {
        if (name.Contains('@', StringComparison.Ordinal))
        {
            if (!EmailAddresses.TryParse(name, out var address, out _) || address != name.Trim())
            {
                throw SesErrors.BadRequest($"Invalid email address {name}.");
            }

            return (EmailAddresses.Key(address), IdentityType.EmailAddress);
        }

        if (name.Length is 0 or > 253 || !DomainPattern().IsMatch(name))
        {
            throw SesErrors.BadRequest($"Invalid domain name {name}.");
        }

        return (name.ToLowerInvariant(), IdentityType.Domain);
    }

    /// <summary>The store key of an identity named in a path; a name that is not a valid identity is simply unknown.</summary>
    private static string LookupKey(string name) =>
        EmailAddresses.TryParse(name, out var address, out _) && address == name.Trim() ? EmailAddresses.Key(address) : name.ToLowerInvariant();

    private static string TypeName(IdentityType type) => type == IdentityType.Domain ? "DOMAIN" : "EMAIL_ADDRESS";

    private static DkimAttributesOutput Dkim(ResourceScope scope, string key, EmailIdentityRecord identity)
    {
        if (identity.Type == IdentityType.EmailAddress)
        {
            return new DkimAttributesOutput(false, "NOT_STARTED", null, "AWS_SES", null, null, null);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}/{key}")));
        return new DkimAttributesOutput(
            true,
            "SUCCESS",
            [hash[..32], hash[32..], Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash)))[..32]],
            "AWS_SES",
            "RSA_2048_BIT",
            "RSA_2048_BIT",
            Seconds(identity.CreatedAt));
    }

    private static string TemplateName(string name) =>
        name.Length is 0 or > 64 || !TemplateNamePattern().IsMatch(name)
            ? throw SesErrors.BadRequest($"Invalid template name {name}: it must be 1 to 64 characters of letters, digits, '_' and '-'.")
            : name;

    private static TemplateContent Content(TemplateContentWire wire)
    {
        var size = Encoding.UTF8.GetByteCount(wire.Subject ?? string.Empty) + Encoding.UTF8.GetByteCount(wire.Text ?? string.Empty)
            + Encoding.UTF8.GetByteCount(wire.Html ?? string.Empty);
        return size > MaxTemplateBytes
            ? throw SesErrors.BadRequest($"The template is {size} bytes; its subject, text and HTML parts together may be at most {MaxTemplateBytes} bytes.")
            : new TemplateContent(wire.Subject, wire.Text, wire.Html);
    }

    private static string Sender(string text) =>
        EmailAddresses.TryParse(text, out _, out var error) ? text.Trim() : throw SesErrors.BadRequest(error);

    private static List<string> Addresses(List<string>? list, string member)
    {
        if (list is null)
        {
            return [];
        }

        var result = new List<string>(list.Count);
        foreach (var item in list)
        {
            if (item is null)
            {
                throw SesErrors.BadRequest($"{member} must not contain null.");
            }

            result.Add(EmailAddresses.TryParse(item, out _, out var error) ? item.Trim() : throw SesErrors.BadRequest(error));
        }

        return result;
    }

    private static List<string> HeaderAddresses(string? header) =>
        header is null ? [] : [.. EmailAddresses.SplitList(header).Select(a => EmailAddresses.TryParse(a, out _, out var error) ? a : throw SesErrors.BadRequest(error))];

    private static string? FirstAddress(string? header) => header is null ? null : EmailAddresses.SplitList(header).FirstOrDefault();

    private static void CheckRecipientCount(int count)
    {
        if (count == 0)
        {
            throw SesErrors.BadRequest("Missing required field: at least one recipient in Destination (ToAddresses, CcAddresses or BccAddresses).");
        }

        if (count > MaxRecipients)
        {
            throw SesErrors.BadRequest($"Recipient count exceeds {MaxRecipients}.");
        }
    }

    private static List<KeyValuePair<string, string>> Headers(List<MessageHeaderInput>? headers)
    {
        if (headers is null)
        {
            return [];
        }

        if (headers.Count > 15)
        {
            throw SesErrors.BadRequest("At most 15 headers can be added to a message.");
        }

        var result = new List<KeyValuePair<string, string>>();
        foreach (var header in headers)
        {
            var name = header?.Name;
            var value = header?.Value;
            if (name is null || name.Length is 0 or > 126 || !HeaderNamePattern().IsMatch(name))
            {
                throw SesErrors.BadRequest($"Invalid header name {name}.");
            }

            if (value is null || value.Length is 0 or > 995 || !HeaderValuePattern().IsMatch(value))
            {
                throw SesErrors.BadRequest($"Invalid value for header {name}.");
            }

            result.Add(new(name, value));
        }

        return result;
    }

    private static List<MailboxTag> Tags(List<MessageTagInput>? tags)
    {
        if (tags is null)
        {
            return [];
        }

        var result = new List<MailboxTag>();
        foreach (var tag in tags)
        {
            if (tag?.Name is not { Length: > 0 and <= 256 } name || !TagPattern().IsMatch(name) || tag.Value is not { Length: > 0 and <= 256 } value || !TagPattern().IsMatch(value))
            {
                throw SesErrors.BadRequest("Message tag names and values must be 1 to 256 characters of letters, digits, '_' and '-'.");
            }

            result.Add(new MailboxTag(name, value));
        }

        return result;
    }

    private static List<KeyValuePair<string, string>> IdentityTags(List<TagWire>? tags)
    {
        if (tags is null)
        {
            return [];
        }

        if (tags.Count > MaxTags)
        {
            throw SesErrors.BadRequest($"At most {MaxTags} tags can be added to a resource.");
        }

        var result = new List<KeyValuePair<string, string>>();
        foreach (var tag in tags)
        {
            if (tag?.Key is not { Length: > 0 and <= 128 } key || tag.Value is not { Length: <= 256 } value)
            {
                throw SesErrors.BadRequest("Tag keys must be 1 to 128 characters and tag values at most 256 characters.");
            }

            result.Add(new(key, value));
        }

        return result;
    }

    private static int PageSize(RestRequest request, int max)
    {
        var text = request.Query("PageSize");
        if (string.IsNullOrEmpty(text))
        {
            return 100;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size > max)
        {
            throw SesErrors.BadRequest($"Invalid PageSize {text}: it must be an integer from 1 to {max}.");
        }

        return size == 0 ? 100 : size;
    }

    private static string MessageId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now.ToUnixTimeMilliseconds():x16}-{Guid.NewGuid()}-000000");

    private static string Seed(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];

    private static double Seconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds() / 1000.0;

    private static T Read<T>(RestRequest request, JsonTypeInfo<T> typeInfo)
        where T : class, new()
    {
        var body = request.Body.Span;
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo) ?? throw SesErrors.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw SesErrors.BadRequest(ex.Path is { Length: > 1 } path
                ? $"The request body could not be read at {path}: the value has the wrong type or is malformed."
                : "The request body is not a valid JSON object.");
        }
        catch (InvalidOperationException)
        {
            throw SesErrors.BadRequest("The request body is not a valid JSON object.");
        }
    }

    private static RestResponse Empty() => new() { Body = "{}"u8.ToArray() };

    private static RestResponse Json<T>(T value, JsonTypeInfo<T> typeInfo) => RestResponse.Json(value, typeInfo);

    [GeneratedRegex("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TemplateNamePattern();

    [GeneratedRegex("^[!-9;-@A-~]+$")]
    private static partial Regex HeaderNamePattern();

    [GeneratedRegex("^[ -~]*$")]
    private static partial Regex HeaderValuePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TagPattern();
}
