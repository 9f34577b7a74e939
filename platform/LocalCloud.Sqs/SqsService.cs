using System.Globalization;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Paging;
using LocalCloud.Sqs.Model;
using LocalCloud.Sqs.Wire;

namespace LocalCloud.Sqs;

/// <summary>
/// The SQS wire adapter (awsJson1_0, and awsQuery through <see cref="SqsQueryProtocol"/>): the operation table,
/// request validation and mapping to and from the wire shapes. The queues themselves are <see cref="SqsQueues"/>.
/// </summary>
internal sealed class SqsService(SqsQueues queues) : AwsJsonService
{
    public override string Name => "sqs";

    public override string SigningName => "sqs";

    public override AwsProtocol Protocol => AwsProtocol.AwsJson10;

    public override string TargetPrefix => "AmazonSQS";

    protected override IEnumerable<AwsJsonOperation> DefineOperations() =>
    [
        AwsJsonOperation.Of("CreateQueue", SqsJsonContext.Default.CreateQueueRequest, CreateQueueAsync),
        AwsJsonOperation.Of("GetQueueUrl", SqsJsonContext.Default.GetQueueUrlRequest, GetQueueUrl),
        AwsJsonOperation.Of("ListQueues", SqsJsonContext.Default.ListQueuesRequest, ListQueues),
        AwsJsonOperation.Of("DeleteQueue", SqsJsonContext.Default.QueueUrlRequest, DeleteQueueAsync),
        AwsJsonOperation.Of("GetQueueAttributes", SqsJsonContext.Default.GetQueueAttributesRequest, GetQueueAttributes),
        AwsJsonOperation.Of("SetQueueAttributes", SqsJsonContext.Default.SetQueueAttributesRequest, SetQueueAttributesAsync),
        AwsJsonOperation.Of("SendMessage", SqsJsonContext.Default.SendMessageRequest, SendMessageAsync),
        AwsJsonOperation.Of("SendMessageBatch", SqsJsonContext.Default.SendMessageBatchRequest, SendMessageBatchAsync),
        AwsJsonOperation.Of("ReceiveMessage", SqsJsonContext.Default.ReceiveMessageRequest, ReceiveMessageAsync),
        AwsJsonOperation.Of("DeleteMessage", SqsJsonContext.Default.DeleteMessageRequest, DeleteMessageAsync),
        AwsJsonOperation.Of("DeleteMessageBatch", SqsJsonContext.Default.ReceiptBatchRequest, DeleteMessageBatchAsync),
        AwsJsonOperation.Of("ChangeMessageVisibility", SqsJsonContext.Default.ChangeMessageVisibilityRequest, ChangeMessageVisibilityAsync),
        AwsJsonOperation.Of("ChangeMessageVisibilityBatch", SqsJsonContext.Default.ReceiptBatchRequest, ChangeMessageVisibilityBatchAsync),
        AwsJsonOperation.Of("PurgeQueue", SqsJsonContext.Default.QueueUrlRequest, PurgeQueueAsync),
        AwsJsonOperation.Of("TagQueue", SqsJsonContext.Default.TagQueueRequest, TagQueueAsync),
        AwsJsonOperation.Of("UntagQueue", SqsJsonContext.Default.UntagQueueRequest, UntagQueueAsync),
        AwsJsonOperation.Of("ListQueueTags", SqsJsonContext.Default.QueueUrlRequest, ListQueueTags),
        AwsJsonOperation.Of("ListDeadLetterSourceQueues", SqsJsonContext.Default.ListDeadLetterSourceQueuesRequest, ListDeadLetterSourceQueues),
    ];

    private static string ArnFor(RequestContext context, string accountId, string name) => Arn.Build("sqs", context.Region, accountId, name);

    /// <summary>The queue a request names by URL (its path carries the owner's account) or by name, in the
    /// request's region.</summary>
    private SqsQueue ResolveQueue(string? queueUrl, RequestContext context)
    {
        if (string.IsNullOrEmpty(queueUrl))
        {
            throw SqsErrors.MissingParameter("QueueUrl");
        }

        string account;
        string name;
        if (Uri.TryCreate(queueUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var segments = uri.AbsolutePath.Trim('/').Split('/');
            if (segments.Length != 2 || !AccountIds.IsAccountId(segments[0]))
            {
                throw SqsErrors.NonExistentQueue();
            }

            account = segments[0];
            name = Uri.UnescapeDataString(segments[1]);
        }
        else
        {
            account = context.AccountId;
            name = queueUrl;
        }

        return queues.TryGet(ArnFor(context, account, name), out var queue) ? queue : throw SqsErrors.NonExistentQueue();
    }

    private IEnumerable<SqsQueue> QueuesOf(RequestContext context) => queues.InRegion(context.AccountId, context.Region);

    private static void ValidateQueueName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw SqsErrors.MissingParameter("QueueName");
        }

        if (name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw SqsErrors.UnsupportedOperation("FIFO queues are not supported by the local cloud; only standard queues are.");
        }

        if (name.Length > 80 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw SqsErrors.InvalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
    }

    private async Task<AwsJsonResponse> CreateQueueAsync(CreateQueueRequest request, RequestContext context)
    {
        ValidateQueueName(request.QueueName);
        var name = request.QueueName!;
        var arn = ArnFor(context, context.AccountId, name);
        var attributes = SqsAttributeValidator.Normalize(request.Attributes, queues.Exists, creating: true);
        await queues.CreateAsync(arn, name, attributes, request.Tags);
        return Url(context, context.AccountId, name);
    }

    private static AwsJsonResponse Url(RequestContext context, string accountId, string name) =>
        AwsJsonResponse.From(new QueueUrlResult { QueueUrl = SqsQueues.UrlFor(context.Endpoint, accountId, name) }, SqsJsonContext.Default.QueueUrlResult);

    private AwsJsonResponse GetQueueUrl(GetQueueUrlRequest request, RequestContext context)
    {
        if (string.IsNullOrEmpty(request.QueueName))
        {
            throw SqsErrors.MissingParameter("QueueName");
        }

        var owner = request.QueueOwnerAWSAccountId ?? context.AccountId;
        return queues.TryGet(ArnFor(context, owner, request.QueueName), out _)
            ? Url(context, owner, request.QueueName)
            : throw SqsErrors.NonExistentQueue();
    }

    private AwsJsonResponse ListQueues(ListQueuesRequest request, RequestContext context)
    {
        if (request.NextToken is not null && request.MaxResults is null)
        {
            throw SqsErrors.InvalidParameterValue("MaxResults is a mandatory parameter when you provide a value for NextToken.");
        }

        var names = QueuesOf(context).Select(q => q.Name)
            .Where(n => request.QueueNamePrefix is null || n.StartsWith(request.QueueNamePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var (page, next) = Page(names, request.NextToken, request.MaxResults);
        var result = new ListQueuesResult
        {
            QueueUrls = page.Count == 0 ? null : [.. page.Select(n => SqsQueues.UrlFor(context.Endpoint, context.AccountId, n))],
            NextToken = next,
        };
        return AwsJsonResponse.From(result, SqsJsonContext.Default.ListQueuesResult);
    }

    /// <summary>
    /// A page of queue names in ordinal order. <c>MaxResults</c> is 1 to 1,000, and SQS pages only when the request
    /// sets it: without it the answer is the first 1,000 and carries no <c>NextToken</c>.
    /// </summary>
    private static (List<string> Page, string? NextToken) Page(IEnumerable<string> ordered, string? nextToken, int? maxResults)
    {
        if (maxResults is { } max && max is < 1 or > 1000)
        {
            throw SqsErrors.InvalidParameterValue($"Value {max} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.");
        }

        var (page, next) = PageToken.Page(
            ordered,
            static n => n,
            nextToken,
            maxResults ?? 1000,
            static () => SqsErrors.InvalidParameterValue("Invalid NextToken value."));
        return (page, maxResults is null ? null : next);
    }

    private async Task<AwsJsonResponse> DeleteQueueAsync(QueueUrlRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        await queues.DeleteAsync(queue);
        return AwsJsonResponse.Empty;
    }

    private AwsJsonResponse GetQueueAttributes(GetQueueAttributesRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var requested = request.AttributeNames ?? [];
        foreach (var name in requested)
        {
            if (name != "All" && !SqsQueue.Settable.Contains(name) && !SqsQueue.Computed.Contains(name) && !SqsQueue.FifoOnly.Contains(name))
            {
                throw SqsErrors.InvalidAttributeName(name);
            }
        }

        var all = requested.Contains("All");
        bool Wants(string name) => all || requested.Contains(name);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Wants("QueueArn"))
        {
            result["QueueArn"] = queue.Arn;
        }

        if (Wants("ApproximateNumberOfMessages") || Wants("ApproximateNumberOfMessagesNotVisible") || Wants("ApproximateNumberOfMessagesDelayed"))
        {
            var counts = queues.Count(queue);
            AddIf("ApproximateNumberOfMessages", counts.Visible);
            AddIf("ApproximateNumberOfMessagesNotVisible", counts.NotVisible);
            AddIf("ApproximateNumberOfMessagesDelayed", counts.Delayed);
        }

        AddIf("CreatedTimestamp", queue.CreatedSeconds);
        AddIf("LastModifiedTimestamp", queue.ModifiedSeconds);
        foreach (var name in SqsQueue.Settable)
        {
            if (Wants(name) && queue.Effective(name) is { Length: > 0 } value)
            {
                result[name] = value;
            }
        }

        return AwsJsonResponse.From(new AttributesResult { Attributes = result.Count == 0 ? null : result }, SqsJsonContext.Default.AttributesResult);

        void AddIf(string name, long value)
        {
            if (Wants(name))
            {
                result[name] = value.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    private async Task<AwsJsonResponse> SetQueueAttributesAsync(SetQueueAttributesRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        if (request.Attributes is null)
        {
            throw SqsErrors.MissingParameter("Attributes");
        }

        var changes = SqsAttributeValidator.Normalize(request.Attributes, queues.Exists, creating: false);
        await queues.SetAttributesAsync(queue, changes);
        return AwsJsonResponse.Empty;
    }

    private static void RejectFifoParameters(string? deduplicationId)
    {
        if (deduplicationId is not null)
        {
            throw SqsErrors.InvalidParameterValue("The request include parameter that is not valid for this queue type.");
        }
    }

    private async Task<AwsJsonResponse> SendMessageAsync(SendMessageRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        RejectFifoParameters(request.MessageDeduplicationId);
        var message = queues.Prepare(
            queue,
            request.MessageBody,
            request.DelaySeconds,
            SqsMessageValidator.UserAttributes(request.MessageAttributes),
            SqsMessageValidator.SystemAttributes(request.MessageSystemAttributes),
            context.AccessKeyId ?? context.AccountId);
        await queues.SendAsync(queue, [message], cancellationToken);
        return AwsJsonResponse.From(
            new SendMessageResult
            {
                MessageId = message.Id,
                MD5OfMessageBody = message.Md5OfBody,
                MD5OfMessageAttributes = message.Md5OfAttributes,
                MD5OfMessageSystemAttributes = SqsMd5.OfAttributes(message.SystemAttributes),
            },
            SqsJsonContext.Default.SendMessageResult);
    }

    private async Task<AwsJsonResponse> SendMessageBatchAsync(SendMessageBatchRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var entries = ValidateBatch(request.Entries, e => e?.Id, "SendMessageBatchRequestEntry");
        var result = new SendMessageBatchResult();
        var accepted = new List<(string Id, NewMessage Message)>();
        var totalSize = 0;
        foreach (var entry in entries)
        {
            try
            {
                RejectFifoParameters(entry.MessageDeduplicationId);
                var attributes = SqsMessageValidator.UserAttributes(entry.MessageAttributes);
                var message = queues.Prepare(queue, entry.MessageBody, entry.DelaySeconds, attributes, SqsMessageValidator.SystemAttributes(entry.MessageSystemAttributes), context.AccessKeyId ?? context.AccountId);
                totalSize += SqsMessageValidator.Size(message.Body, attributes);
                accepted.Add((entry.Id!, message));
            }
            catch (ServiceException error)
            {
                result.Failed.Add(Failure(entry.Id!, error));
            }
        }

        if (totalSize > queue.MaximumMessageSize)
        {
            throw SqsErrors.BatchRequestTooLong(totalSize, queue.MaximumMessageSize);
        }

        if (accepted.Count > 0)
        {
            List<NewMessage> messages = [.. accepted.Select(a => a.Message)];
            await queues.SendAsync(queue, messages, cancellationToken);
        }

        foreach (var (id, message) in accepted)
        {
            result.Successful.Add(new SendMessageBatchResultEntry
            {
                Id = id,
                MessageId = message.Id,
                MD5OfMessageBody = message.Md5OfBody,
                MD5OfMessageAttributes = message.Md5OfAttributes,
                MD5OfMessageSystemAttributes = SqsMd5.OfAttributes(message.SystemAttributes),
            });
        }

        return AwsJsonResponse.From(result, SqsJsonContext.Default.SendMessageBatchResult);
    }

    private static List<T> ValidateBatch<T>(List<T?>? entries, Func<T?, string?> id, string entryType)
        where T : class
    {
        if (entries is null || entries.Count == 0)
        {
            throw SqsErrors.EmptyBatch(entryType);
        }

        if (entries.Count > 10)
        {
            throw SqsErrors.TooManyEntries(entries.Count);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var entryId = id(entry);
            if (entry is null || string.IsNullOrEmpty(entryId) || entryId.Length > 80 || !entryId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw SqsErrors.InvalidBatchEntryId();
            }

            if (!seen.Add(entryId))
            {
                throw SqsErrors.IdsNotDistinct(entryId);
            }
        }

        return entries!;
    }

    private static BatchResultErrorEntry Failure(string id, ServiceException error) => new()
    {
        Id = id,
        SenderFault = error.IsSenderFault,
        Code = error.QueryErrorCode ?? error.Code,
        Message = error.Message,
    };

    private async Task<AwsJsonResponse> ReceiveMessageAsync(ReceiveMessageRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var max = request.MaxNumberOfMessages ?? 1;
        if (max is < 1 or > 10)
        {
            throw SqsErrors.InvalidParameterValue($"Value {max} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        }

        if (request.VisibilityTimeout is { } vt && vt is < 0 or > SqsQueue.MaxVisibilityTimeout)
        {
            throw SqsErrors.InvalidParameterValue($"Value {vt} for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.");
        }

        if (request.WaitTimeSeconds is { } w && w is < 0 or > 20)
        {
            throw SqsErrors.InvalidParameterValue($"Value {w} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
        }

        var systemNames = new HashSet<string>(StringComparer.Ordinal);
        systemNames.UnionWith(request.AttributeNames ?? []);
        systemNames.UnionWith(request.MessageSystemAttributeNames ?? []);
        foreach (var name in systemNames)
        {
            if (name is not ("All" or "SenderId" or "SentTimestamp" or "ApproximateReceiveCount" or "ApproximateFirstReceiveTimestamp" or "AWSTraceHeader"
                or "SequenceNumber" or "MessageDeduplicationId" or "MessageGroupId" or "DeadLetterQueueSourceArn"))
            {
                throw SqsErrors.InvalidAttributeName(name);
            }
        }

        var wait = TimeSpan.FromSeconds(request.WaitTimeSeconds ?? queue.ReceiveMessageWaitTimeSeconds);
        var visibility = request.VisibilityTimeout ?? queue.VisibilityTimeout;
        var (current, messages) = await queues.ReceiveAsync(queue, max, visibility, wait, cancellationToken);
        return messages.Count > 0
            ? Render(messages, current, systemNames, request.MessageAttributeNames)
            : AwsJsonResponse.FromString("{}");
    }

    private static AwsJsonResponse Render(IReadOnlyList<ReceivedMessage> messages, SqsQueue queue, HashSet<string> systemNames, List<string>? attributeNames)
    {
        var all = systemNames.Contains("All");
        var result = new ReceiveMessageResult { Messages = [] };
        foreach (var message in messages)
        {
            var system = new Dictionary<string, string>(StringComparer.Ordinal);
            if (all || systemNames.Contains("SenderId"))
            {
                system["SenderId"] = message.SenderId;
            }

            if (all || systemNames.Contains("SentTimestamp"))
            {
                system["SentTimestamp"] = message.SentMs.ToString(CultureInfo.InvariantCulture);
            }

            if (all || systemNames.Contains("ApproximateReceiveCount"))
            {
                system["ApproximateReceiveCount"] = message.ReceiveCount.ToString(CultureInfo.InvariantCulture);
            }

            if (all || systemNames.Contains("ApproximateFirstReceiveTimestamp"))
            {
                system["ApproximateFirstReceiveTimestamp"] = message.FirstReceiveMs.ToString(CultureInfo.InvariantCulture);
            }

            if ((all || systemNames.Contains("AWSTraceHeader")) && message.SystemAttributes?.GetValueOrDefault("AWSTraceHeader")?.StringValue is { } trace)
            {
                system["AWSTraceHeader"] = trace;
            }

            var selected = SelectAttributes(message.Attributes, attributeNames);
            result.Messages.Add(new SqsMessage
            {
                MessageId = message.Id,
                ReceiptHandle = ReceiptHandle.Encode(queue.Name, message.Seq, message.Nonce),
                MD5OfBody = message.Md5OfBody,
                Body = message.Body,
                Attributes = system.Count == 0 ? null : system,
                MD5OfMessageAttributes = SqsMd5.OfAttributes(selected),
                MessageAttributes = selected?.ToDictionary(
                    kv => kv.Key,
                    kv => new MessageAttributeValue { DataType = kv.Value.DataType, StringValue = kv.Value.StringValue, BinaryValue = kv.Value.BinaryValue },
                    StringComparer.Ordinal),
            });
        }

        return AwsJsonResponse.From(result, SqsJsonContext.Default.ReceiveMessageResult);
    }

    private static Dictionary<string, StoredAttribute>? SelectAttributes(Dictionary<string, StoredAttribute>? attributes, List<string>? names)
    {
        if (attributes is null || names is null || names.Count == 0)
        {
            return null;
        }

        var selected = new Dictionary<string, StoredAttribute>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            foreach (var wanted in names)
            {
                var match = wanted is "All" or ".*"
                    || wanted == name
                    || (wanted.EndsWith(".*", StringComparison.Ordinal) && name.StartsWith(wanted[..^1], StringComparison.Ordinal));
                if (match)
                {
                    selected[name] = value;
                    break;
                }
            }
        }

        return selected.Count == 0 ? null : selected;
    }

    private static (long Seq, string Nonce) ParseReceipt(SqsQueue queue, string? handle)
    {
        if (string.IsNullOrEmpty(handle))
        {
            throw SqsErrors.MissingParameter("ReceiptHandle");
        }

        return ReceiptHandle.TryDecode(handle, out var name, out var seq, out var nonce) && name == queue.Name
            ? (seq, nonce)
            : throw SqsErrors.ReceiptHandleIsInvalid(handle);
    }

    private async Task<AwsJsonResponse> DeleteMessageAsync(DeleteMessageRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var (seq, nonce) = ParseReceipt(queue, request.ReceiptHandle);
        await queues.DeleteMessagesAsync(queue, [(seq, nonce)]);
        return AwsJsonResponse.Empty;
    }

    private async Task<AwsJsonResponse> DeleteMessageBatchAsync(ReceiptBatchRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var entries = ValidateBatch(request.Entries, e => e?.Id, "DeleteMessageBatchRequestEntry");
        var result = new ReceiptBatchResult();
        var valid = new List<(string Id, long Seq, string Nonce)>();
        foreach (var entry in entries)
        {
            try
            {
                var (seq, nonce) = ParseReceipt(queue, entry.ReceiptHandle);
                valid.Add((entry.Id!, seq, nonce));
            }
            catch (ServiceException error)
            {
                result.Failed.Add(Failure(entry.Id!, error));
            }
        }

        if (valid.Count > 0)
        {
            await queues.DeleteMessagesAsync(queue, [.. valid.Select(v => (v.Seq, v.Nonce))]);
        }

        result.Successful.AddRange(valid.Select(v => new IdResultEntry { Id = v.Id }));
        return AwsJsonResponse.From(result, SqsJsonContext.Default.ReceiptBatchResult);
    }

    private async Task<AwsJsonResponse> ChangeMessageVisibilityAsync(ChangeMessageVisibilityRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var (seq, nonce) = ParseReceipt(queue, request.ReceiptHandle);
        var timeout = request.VisibilityTimeout ?? throw SqsErrors.MissingParameter("VisibilityTimeout");
        await queues.ChangeVisibilityAsync(queue, seq, nonce, timeout);
        return AwsJsonResponse.Empty;
    }

    private async Task<AwsJsonResponse> ChangeMessageVisibilityBatchAsync(ReceiptBatchRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var entries = ValidateBatch(request.Entries, e => e?.Id, "ChangeMessageVisibilityBatchRequestEntry");
        var outcomes = new List<(string Id, ServiceException? Error)>(entries.Count);
        var changes = new List<(long Seq, string Nonce, int Timeout)>(entries.Count);
        var changeOf = new List<int>(entries.Count);
        foreach (var entry in entries)
        {
            try
            {
                var (seq, nonce) = ParseReceipt(queue, entry.ReceiptHandle);
                var timeout = entry.VisibilityTimeout ?? throw SqsErrors.MissingParameter("VisibilityTimeout");
                changeOf.Add(outcomes.Count);
                changes.Add((seq, nonce, timeout));
                outcomes.Add((entry.Id!, null));
            }
            catch (ServiceException error)
            {
                outcomes.Add((entry.Id!, error));
            }
        }

        var errors = await queues.ChangeVisibilityAsync(queue, changes);
        for (var i = 0; i < errors.Length; i++)
        {
            if (errors[i] is { } error)
            {
                outcomes[changeOf[i]] = (outcomes[changeOf[i]].Id, error);
            }
        }

        var result = new ReceiptBatchResult();
        foreach (var (id, error) in outcomes)
        {
            if (error is null)
            {
                result.Successful.Add(new IdResultEntry { Id = id });
            }
            else
            {
                result.Failed.Add(Failure(id, error));
            }
        }

        return AwsJsonResponse.From(result, SqsJsonContext.Default.ReceiptBatchResult);
    }

    private async Task<AwsJsonResponse> PurgeQueueAsync(QueueUrlRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        await queues.PurgeAsync(queue, request.QueueUrl!);
        return AwsJsonResponse.Empty;
    }

    private async Task<AwsJsonResponse> TagQueueAsync(TagQueueRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var tags = SqsQueues.ValidTags(request.Tags) ?? throw SqsErrors.MissingParameter("Tags");
        await queues.UpdateTagsAsync(queue.Arn, current =>
        {
            foreach (var (key, value) in tags)
            {
                current[key] = value;
            }
        });
        return AwsJsonResponse.Empty;
    }

    private async Task<AwsJsonResponse> UntagQueueAsync(UntagQueueRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var keys = request.TagKeys ?? throw SqsErrors.MissingParameter("TagKeys");
        await queues.UpdateTagsAsync(queue.Arn, current =>
        {
            foreach (var key in keys)
            {
                current.Remove(key);
            }
        });
        return AwsJsonResponse.Empty;
    }

    private AwsJsonResponse ListQueueTags(QueueUrlRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        return AwsJsonResponse.From(
            new TagsResult { Tags = queue.Tags.Count == 0 ? null : new Dictionary<string, string>(queue.Tags, StringComparer.Ordinal) },
            SqsJsonContext.Default.TagsResult);
    }

    private AwsJsonResponse ListDeadLetterSourceQueues(ListDeadLetterSourceQueuesRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var sources = QueuesOf(context)
            .Where(q => q.Redrive is { } r && r.DeadLetterTargetArn == queue.Arn)
            .Select(q => q.Name)
            .Order(StringComparer.Ordinal);
        var (page, next) = Page(sources, request.NextToken, request.MaxResults);
        return AwsJsonResponse.From(
            new ListDeadLetterSourceQueuesResult
            {
                QueueUrls = [.. page.Select(n => SqsQueues.UrlFor(context.Endpoint, context.AccountId, n))],
                NextToken = next,
            },
            SqsJsonContext.Default.ListDeadLetterSourceQueuesResult);
    }
}
