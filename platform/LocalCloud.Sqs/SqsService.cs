using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Storage;
using LocalCloud.Sqs.Wire;

using LocalCloud.Sqs.Model;

namespace LocalCloud.Sqs;

internal sealed class SqsService : AwsJsonService, IQueuePort, IStatusContributor, IDisposable
{
    private static readonly TimeSpan NameReuseDelay = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromSeconds(60);
    private const int MaxSendFlushers = 4;

    private readonly SqliteStore _store;
    private readonly CloudContext _cloud;
    private readonly ActivityFeed _activity;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _metadataLock = new(1, 1);
    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _deletedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _purgedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SqsQueue> _queues;
    private readonly Lock _sendLock = new();
    private List<PendingSend> _pendingSends = [];
    private int _sendFlushers;

    public SqsService(SqliteStore store, CloudContext cloud, ActivityFeed activity)
    {
        _store = store;
        _cloud = cloud;
        _activity = activity;
        _time = cloud.TimeProvider;
        _queues = new ConcurrentDictionary<string, SqsQueue>(
            _store.Read(SqsStore.LoadQueues).Select(q => KeyValuePair.Create(q.Arn, q)),
            StringComparer.Ordinal);
    }

    public override string Name => "sqs";

    public override string SigningName => "sqs";

    public override AwsProtocol Protocol => AwsProtocol.AwsJson10;

    public override string TargetPrefix => "AmazonSQS";

    private ConcurrentDictionary<string, SqsQueue> Queues => _queues;

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

    public void Dispose() => _metadataLock.Dispose();

    public bool Exists(string queueArn) => QueueByArn(queueArn) is not null;

    public string? GetQueueUrl(string queueArn) => QueueByArn(queueArn) is { } queue ? UrlFor(_cloud.Endpoint, queue) : null;

    public async Task<string> SendAsync(
        string queueArn,
        string body,
        IReadOnlyDictionary<string, (string DataType, string Value)>? attributes,
        CancellationToken cancellationToken)
    {
        var queue = QueueByArn(queueArn) ?? throw SqsErrors.NonExistentQueue();
        var message = Prepare(queue, body, null, SqsMessageValidator.FromTuples(attributes), null, queue.AccountId);
        var send = new PendingSend(queue, message, cancellationToken);
        bool startFlush;
        lock (_sendLock)
        {
            _pendingSends.Add(send);
            startFlush = _sendFlushers < MaxSendFlushers;
            if (startFlush)
            {
                _sendFlushers++;
            }
        }

        if (startFlush)
        {
            _ = Task.Run(FlushSendsAsync, CancellationToken.None);
        }

        await send.Completion.Task.WaitAsync(cancellationToken);
        return message.Id;
    }

    private async Task FlushSendsAsync()
    {
        while (true)
        {
            List<PendingSend> batch;
            lock (_sendLock)
            {
                if (_pendingSends.Count == 0)
                {
                    _sendFlushers--;
                    return;
                }

                batch = _pendingSends;
                _pendingSends = [];
            }

            await WriteSendsAsync(batch);
        }
    }

    private async Task WriteSendsAsync(List<PendingSend> batch)
    {
        var live = new List<PendingSend>(batch.Count);
        foreach (var send in batch)
        {
            if (send.CancellationToken.IsCancellationRequested)
            {
                send.Completion.TrySetCanceled(send.CancellationToken);
            }
            else
            {
                live.Add(send);
            }
        }

        if (live.Count == 0)
        {
            return;
        }

        try
        {
            var messages = live.ConvertAll(s => s.Message);
            var errors = await _store.WriteAsync(c => SqsStore.InsertMessages(c, messages));
            var sent = new List<PendingSend>(live.Count);
            for (var i = 0; i < live.Count; i++)
            {
                if (errors?[i] is { } error)
                {
                    live[i].Completion.TrySetException(error);
                }
                else
                {
                    sent.Add(live[i]);
                }
            }

            foreach (var group in sent.GroupBy(s => s.Queue.Arn, StringComparer.Ordinal))
            {
                AfterSend(group.First().Queue, [.. group.Select(s => s.Message)]);
            }

            foreach (var send in sent)
            {
                send.Completion.TrySetResult();
            }
        }
#pragma warning disable CA1031 // the failure is handed to every caller whose message was in this write
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var send in live)
            {
                send.Completion.TrySetException(ex);
            }
        }
    }

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var now = NowMs();
        var queues = new JsonArray();
        foreach (var queue in Queues.Values.OrderBy(q => q.Name, StringComparer.Ordinal))
        {
            var counts = _store.Read(c => SqsStore.Count(c, queue, now));
            var entry = new JsonObject
            {
                ["name"] = queue.Name,
                ["messages"] = counts.Visible,
                ["inFlight"] = counts.NotVisible,
                ["delayed"] = counts.Delayed,
            };
            if (queue.Redrive is { } redrive)
            {
                entry["deadLetterQueue"] = redrive.DeadLetterTargetArn;
                entry["maxReceiveCount"] = redrive.MaxReceiveCount;
            }

            queues.Add(entry);
        }

        return ValueTask.FromResult<JsonNode?>(new JsonObject { ["queues"] = queues });
    }

    internal static string UrlFor(Uri endpoint, string accountId, string name) =>
        $"{endpoint.GetLeftPart(UriPartial.Authority)}/{accountId}/{name}";

    private static string UrlFor(Uri endpoint, SqsQueue queue) => UrlFor(endpoint, queue.AccountId, queue.Name);

    private static string ArnFor(RequestContext context, string accountId, string name) => Arn.Build("sqs", context.Region, accountId, name);

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private SqsQueue? QueueByArn(string? arn)
    {
        if (!Arn.TryParse(arn, out var parsed) || parsed.Service != "sqs")
        {
            return null;
        }

        return Queues.TryGetValue(arn!, out var queue) ? queue : null;
    }

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

        return Queues.TryGetValue(ArnFor(context, account, name), out var queue) ? queue : throw SqsErrors.NonExistentQueue();
    }

    private IEnumerable<SqsQueue> QueuesOf(RequestContext context) =>
        Queues.Values.Where(q => q.AccountId == context.AccountId && q.Region == context.Region);

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
        var attributes = SqsAttributeValidator.Normalize(request.Attributes, Exists, creating: true);
        await _metadataLock.WaitAsync();
        try
        {
            if (Queues.TryGetValue(arn, out var existing))
            {
                foreach (var (attribute, value) in attributes)
                {
                    if (existing.Effective(attribute) != value)
                    {
                        throw SqsErrors.QueueAlreadyExists(attribute);
                    }
                }

                return Url(context, context.AccountId, name);
            }

            if (_deletedAt.TryGetValue(arn, out var deleted) && _time.GetUtcNow() - deleted < NameReuseDelay)
            {
                throw SqsErrors.QueueDeletedRecently();
            }

            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            var queue = new SqsQueue(name, arn, now, now, attributes, ValidTags(request.Tags) ?? new Dictionary<string, string>(StringComparer.Ordinal));
            await _store.WriteAsync(c => SqsStore.InsertQueue(c, queue));
            Queues[arn] = queue;
            _activity.Publish(Name, "queue.created", name, new Dictionary<string, string> { ["arn"] = queue.Arn });
            return Url(context, context.AccountId, name);
        }
        finally
        {
            _metadataLock.Release();
        }
    }

    private static AwsJsonResponse Url(RequestContext context, string accountId, string name) =>
        AwsJsonResponse.From(new QueueUrlResult { QueueUrl = UrlFor(context.Endpoint, accountId, name) }, SqsJsonContext.Default.QueueUrlResult);

    private AwsJsonResponse GetQueueUrl(GetQueueUrlRequest request, RequestContext context)
    {
        if (string.IsNullOrEmpty(request.QueueName))
        {
            throw SqsErrors.MissingParameter("QueueName");
        }

        var owner = request.QueueOwnerAWSAccountId ?? context.AccountId;
        return Queues.ContainsKey(ArnFor(context, owner, request.QueueName))
            ? Url(context, owner, request.QueueName)
            : throw SqsErrors.NonExistentQueue();
    }

    private AwsJsonResponse ListQueues(ListQueuesRequest request, RequestContext context)
    {
        if (request.MaxResults is { } max && max is < 1 or > 1000)
        {
            throw SqsErrors.InvalidParameterValue($"Value {max} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.");
        }

        if (request.NextToken is not null && request.MaxResults is null)
        {
            throw SqsErrors.InvalidParameterValue("MaxResults is a mandatory parameter when you provide a value for NextToken.");
        }

        var after = request.NextToken is { } token ? DecodeToken(token) : null;
        var names = QueuesOf(context).Select(q => q.Name)
            .Where(n => request.QueueNamePrefix is null || n.StartsWith(request.QueueNamePrefix, StringComparison.Ordinal))
            .Where(n => after is null || string.CompareOrdinal(n, after) > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var limit = request.MaxResults ?? 1000;
        var page = names.Take(limit).ToList();
        var result = new ListQueuesResult
        {
            QueueUrls = page.Count == 0 ? null : [.. page.Select(n => UrlFor(context.Endpoint, context.AccountId, n))],
            NextToken = request.MaxResults is not null && names.Count > limit ? EncodeToken(page[^1]) : null,
        };
        return AwsJsonResponse.From(result, SqsJsonContext.Default.ListQueuesResult);
    }

    private static string EncodeToken(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes("q:" + value));

    private static string DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("q:", StringComparison.Ordinal) ? text[2..] : throw new FormatException();
        }
        catch (FormatException)
        {
            throw SqsErrors.InvalidParameterValue("Invalid NextToken value.");
        }
    }

    private async Task<AwsJsonResponse> DeleteQueueAsync(QueueUrlRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        await _metadataLock.WaitAsync();
        try
        {
            await _store.WriteAsync(c => SqsStore.DeleteQueue(c, queue.Arn));
            Queues.TryRemove(queue.Arn, out _);
            _deletedAt[queue.Arn] = _time.GetUtcNow();
            _purgedAt.TryRemove(queue.Arn, out _);
            if (_signals.TryRemove(queue.Arn, out var signal))
            {
                signal.PulseAll();
            }

            _activity.Publish(Name, "queue.deleted", queue.Name);
            return AwsJsonResponse.Empty;
        }
        finally
        {
            _metadataLock.Release();
        }
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
            var counts = _store.Read(c => SqsStore.Count(c, queue, NowMs()));
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

        var changes = SqsAttributeValidator.Normalize(request.Attributes, Exists, creating: false);
        await _metadataLock.WaitAsync();
        try
        {
            if (!Queues.TryGetValue(queue.Arn, out var current))
            {
                throw SqsErrors.NonExistentQueue();
            }

            var merged = new Dictionary<string, string>(current.Attributes, StringComparer.Ordinal);
            foreach (var (name, value) in changes)
            {
                if (value.Length == 0 && name is "RedrivePolicy" or "Policy" or "RedriveAllowPolicy" or "KmsMasterKeyId")
                {
                    merged.Remove(name);
                }
                else
                {
                    merged[name] = value;
                }
            }

            var updated = current with { Attributes = merged, ModifiedSeconds = _time.GetUtcNow().ToUnixTimeSeconds() };
            await _store.WriteAsync(c => SqsStore.UpdateQueue(c, updated));
            Queues[queue.Arn] = updated;
            return AwsJsonResponse.Empty;
        }
        finally
        {
            _metadataLock.Release();
        }
    }

    private NewMessage Prepare(
        SqsQueue queue,
        string? body,
        int? delaySeconds,
        Dictionary<string, StoredAttribute>? attributes,
        Dictionary<string, StoredAttribute>? systemAttributes,
        string senderId)
    {
        SqsMessageValidator.ValidateBody(body);
        var delay = SqsMessageValidator.DelaySeconds(delaySeconds, queue);
        SqsMessageValidator.ValidateSize(SqsMessageValidator.Size(body!, attributes), queue);
        var now = NowMs();
        return new NewMessage(
            queue.Arn,
            Guid.NewGuid().ToString(),
            body!,
            SqsMd5.OfBody(body!),
            attributes,
            SqsMd5.OfAttributes(attributes),
            systemAttributes,
            senderId,
            now,
            now + (delay * 1000L));
    }

    private void AfterSend(SqsQueue queue, IReadOnlyList<NewMessage> messages)
    {
        Signal(queue.Arn).Pulse();
        foreach (var message in messages)
        {
            _activity.Publish(Name, "message.sent", $"{queue.Name} {message.Id}", new Dictionary<string, string> { ["queue"] = queue.Name, ["messageId"] = message.Id });
        }
    }

    private QueueSignal Signal(string queue) => _signals.GetOrAdd(queue, static _ => new QueueSignal());

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
        var message = Prepare(
            queue,
            request.MessageBody,
            request.DelaySeconds,
            SqsMessageValidator.UserAttributes(request.MessageAttributes),
            SqsMessageValidator.SystemAttributes(request.MessageSystemAttributes),
            context.AccessKeyId ?? context.AccountId);
        await _store.WriteAsync(c => SqsStore.InsertAll(c, [message]), cancellationToken);
        AfterSend(queue, [message]);
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
                var message = Prepare(queue, entry.MessageBody, entry.DelaySeconds, attributes, SqsMessageValidator.SystemAttributes(entry.MessageSystemAttributes), context.AccessKeyId ?? context.AccountId);
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
            await _store.WriteAsync(c => SqsStore.InsertAll(c, messages), cancellationToken);
            AfterSend(queue, messages);
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
        var deadline = _time.GetUtcNow() + wait;
        var visibility = request.VisibilityTimeout ?? queue.VisibilityTimeout;
        while (true)
        {
            var signal = Signal(queue.Arn);
            using var waiter = signal.Register();
            if (!Queues.TryGetValue(queue.Arn, out var current))
            {
                throw SqsErrors.NonExistentQueue();
            }

            var now = NowMs();
            var outcome = await _store.WriteAsync(c => SqsStore.Receive(c, current, QueueByArn, max, visibility, now), cancellationToken);
            foreach (var target in outcome.MovedTo.Distinct(StringComparer.Ordinal))
            {
                Signal(target).Pulse();
                _activity.Publish(Name, "message.dead-lettered", $"{current.Name} -> {target}", new Dictionary<string, string> { ["queue"] = current.Name, ["deadLetterQueue"] = target });
            }

            if (outcome.Messages.Count > 0)
            {
                // A full batch may have left more behind, and a wake-up meant for this receiver would be lost with
                // its return: either way the next waiting receiver gets to look.
                if (outcome.Messages.Count == max || waiter.Woken)
                {
                    signal.Pulse();
                }

                return Render(outcome.Messages, current, systemNames, request.MessageAttributeNames);
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                if (waiter.Woken)
                {
                    signal.Pulse();
                }

                return AwsJsonResponse.FromString("{}");
            }

            if (outcome.NextVisibleMs is { } next)
            {
                var untilVisible = TimeSpan.FromMilliseconds(Math.Max(1, next - NowMs()));
                remaining = untilVisible < remaining ? untilVisible : remaining;
            }

            await Task.WhenAny(waiter.Task, Task.Delay(remaining, _time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
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
        await _store.WriteAsync(c => SqsStore.Delete(c, queue.Arn, seq, nonce));
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
            await _store.WriteAsync(c =>
            {
                foreach (var (_, seq, nonce) in valid)
                {
                    SqsStore.Delete(c, queue.Arn, seq, nonce);
                }
            });
        }

        result.Successful.AddRange(valid.Select(v => new IdResultEntry { Id = v.Id }));
        return AwsJsonResponse.From(result, SqsJsonContext.Default.ReceiptBatchResult);
    }

    private async Task<AwsJsonResponse> ChangeMessageVisibilityAsync(ChangeMessageVisibilityRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var (seq, nonce) = ParseReceipt(queue, request.ReceiptHandle);
        var timeout = request.VisibilityTimeout ?? throw SqsErrors.MissingParameter("VisibilityTimeout");
        await _store.WriteAsync(c => ChangeVisibility(c, queue, seq, nonce, timeout));
        return AwsJsonResponse.Empty;
    }

    private async Task<AwsJsonResponse> ChangeMessageVisibilityBatchAsync(ReceiptBatchRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var entries = ValidateBatch(request.Entries, e => e?.Id, "ChangeMessageVisibilityBatchRequestEntry");
        var outcomes = await _store.WriteAsync(c =>
        {
            var list = new List<(string Id, ServiceException? Error)>();
            foreach (var entry in entries)
            {
                try
                {
                    var (seq, nonce) = ParseReceipt(queue, entry.ReceiptHandle);
                    var timeout = entry.VisibilityTimeout ?? throw SqsErrors.MissingParameter("VisibilityTimeout");
                    ChangeVisibility(c, queue, seq, nonce, timeout);
                    list.Add((entry.Id!, null));
                }
                catch (ServiceException error)
                {
                    list.Add((entry.Id!, error));
                }
            }

            return list;
        });
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

    private bool ChangeVisibility(Microsoft.Data.Sqlite.SqliteConnection connection, SqsQueue queue, long seq, string nonce, int timeout)
    {
        if (timeout is < 0 or > SqsQueue.MaxVisibilityTimeout)
        {
            throw SqsErrors.InvalidParameterValue($"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.");
        }

        var now = NowMs();
        var (found, inFlight, lastReceive) = SqsStore.FindReceipt(connection, queue.Arn, seq, nonce, now);
        if (!found)
        {
            throw SqsErrors.ReceiptHandleIsInvalid(ReceiptHandle.Encode(queue.Name, seq, nonce));
        }

        if (!inFlight)
        {
            throw SqsErrors.MessageNotInflight();
        }

        var visible = now + (timeout * 1000L);
        if (visible > lastReceive + (SqsQueue.MaxVisibilityTimeout * 1000L))
        {
            throw SqsErrors.InvalidParameterValue(
                $"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]");
        }

        SqsStore.SetVisible(connection, seq, visible);
        if (timeout == 0)
        {
            Signal(queue.Arn).Pulse();
        }

        return true;
    }

    private async Task<AwsJsonResponse> PurgeQueueAsync(QueueUrlRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var now = _time.GetUtcNow();
        if (_purgedAt.TryGetValue(queue.Arn, out var last) && now - last < PurgeInterval)
        {
            throw SqsErrors.PurgeInProgress(request.QueueUrl!);
        }

        _purgedAt[queue.Arn] = now;
        await _store.WriteAsync(c => SqsStore.Purge(c, queue.Arn));
        _activity.Publish(Name, "queue.purged", queue.Name);
        return AwsJsonResponse.Empty;
    }

    private static Dictionary<string, string>? ValidTags(Dictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return null;
        }

        if (tags.Count > 50)
        {
            throw SqsErrors.InvalidParameterValue("Too many tags added for queue. Maximum 50 tags per queue.");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || (value?.Length ?? 0) > 256)
            {
                throw SqsErrors.InvalidParameterValue("Tag keys must be 1 to 128 characters and tag values at most 256 characters.");
            }
        }

        return new Dictionary<string, string>(tags, StringComparer.Ordinal);
    }

    private async Task<AwsJsonResponse> TagQueueAsync(TagQueueRequest request, RequestContext context)
    {
        var queue = ResolveQueue(request.QueueUrl, context);
        var tags = ValidTags(request.Tags) ?? throw SqsErrors.MissingParameter("Tags");
        await UpdateTagsAsync(queue.Arn, current =>
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
        await UpdateTagsAsync(queue.Arn, current =>
        {
            foreach (var key in keys)
            {
                current.Remove(key);
            }
        });
        return AwsJsonResponse.Empty;
    }

    private async Task UpdateTagsAsync(string arn, Action<Dictionary<string, string>> change)
    {
        await _metadataLock.WaitAsync();
        try
        {
            if (!Queues.TryGetValue(arn, out var current))
            {
                throw SqsErrors.NonExistentQueue();
            }

            var tags = new Dictionary<string, string>(current.Tags, StringComparer.Ordinal);
            change(tags);
            if (tags.Count > 50)
            {
                throw SqsErrors.InvalidParameterValue("Too many tags added for queue. Maximum 50 tags per queue.");
            }

            var updated = current with { Tags = tags };
            await _store.WriteAsync(c => SqsStore.UpdateQueue(c, updated));
            Queues[arn] = updated;
        }
        finally
        {
            _metadataLock.Release();
        }
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
        if (request.MaxResults is { } max && max is < 1 or > 1000)
        {
            throw SqsErrors.InvalidParameterValue($"Value {max} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.");
        }

        var after = request.NextToken is { } token ? DecodeToken(token) : null;
        var sources = QueuesOf(context)
            .Where(q => q.Redrive is { } r && r.DeadLetterTargetArn == queue.Arn)
            .Select(q => q.Name)
            .Where(n => after is null || string.CompareOrdinal(n, after) > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var limit = request.MaxResults ?? 1000;
        var page = sources.Take(limit).ToList();
        return AwsJsonResponse.From(
            new ListDeadLetterSourceQueuesResult
            {
                QueueUrls = [.. page.Select(n => UrlFor(context.Endpoint, context.AccountId, n))],
                NextToken = request.MaxResults is not null && sources.Count > limit ? EncodeToken(page[^1]) : null,
            },
            SqsJsonContext.Default.ListDeadLetterSourceQueuesResult);
    }

    /// <summary>
    /// The long-polling receivers of one queue. New messages wake one receiver, not all of them: the woken receiver
    /// makes a receive attempt and passes the wake-up on when it took a full batch (more may be left) or returns
    /// without using it, so no wake-up is lost and a few messages do not stampede every idle receiver.
    /// </summary>
    private sealed class QueueSignal
    {
        private readonly Lock _gate = new();
        private readonly LinkedList<TaskCompletionSource> _waiters = new();

        public Waiter Register()
        {
            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                return new Waiter(this, _waiters.AddLast(completion));
            }
        }

        public void Pulse()
        {
            lock (_gate)
            {
                while (_waiters.First is { } first)
                {
                    _waiters.RemoveFirst();
                    if (first.Value.TrySetResult())
                    {
                        return;
                    }
                }
            }
        }

        public void PulseAll()
        {
            lock (_gate)
            {
                foreach (var waiter in _waiters)
                {
                    waiter.TrySetResult();
                }

                _waiters.Clear();
            }
        }

        private void Remove(LinkedListNode<TaskCompletionSource> node)
        {
            lock (_gate)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                }
            }
        }

        public readonly struct Waiter(QueueSignal signal, LinkedListNode<TaskCompletionSource> node) : IDisposable
        {
            public Task Task => node.Value.Task;

            public bool Woken => node.Value.Task.IsCompleted;

            public void Dispose() => signal.Remove(node);
        }
    }

    private sealed class PendingSend(SqsQueue queue, NewMessage message, CancellationToken cancellationToken)
    {
        public SqsQueue Queue { get; } = queue;

        public NewMessage Message { get; } = message;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
