using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Storage;
using LocalCloud.Sqs.Model;
using Microsoft.Data.Sqlite;

namespace LocalCloud.Sqs;

/// <summary>
/// The queues of the local cloud: the registry of queues (kept in memory, written through to <see cref="SqsStore"/>),
/// their messages, and the long-poll wake-ups. <see cref="SqsService"/> maps the wire onto it, and other services
/// reach it in process as the <see cref="IQueuePort"/>.
/// </summary>
internal sealed class SqsQueues : IQueuePort, IStatusContributor, IDisposable
{
    private const string Service = "sqs";
    private const int MaxTags = 50;
    private static readonly TimeSpan NameReuseDelay = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromSeconds(60);

    private readonly SqliteStore _store;
    private readonly CloudContext _cloud;
    private readonly ActivityFeed _activity;
    private readonly TimeProvider _time;
    private readonly SqsSendCoalescer _sends;
    private readonly SemaphoreSlim _metadataLock = new(1, 1);
    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _deletedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _purgedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SqsQueue> _queues;

    public SqsQueues(SqliteStore store, CloudContext cloud, ActivityFeed activity)
    {
        _store = store;
        _cloud = cloud;
        _activity = activity;
        _time = cloud.TimeProvider;
        _sends = new SqsSendCoalescer(store, AfterSend);
        _queues = new ConcurrentDictionary<string, SqsQueue>(
            _store.Read(SqsStore.LoadQueues).Select(q => KeyValuePair.Create(q.Arn, q)),
            StringComparer.Ordinal);
    }

    public string Name => Service;

    public void Dispose() => _metadataLock.Dispose();

    public bool Exists(string queueArn) => ByArn(queueArn) is not null;

    public string? GetQueueUrl(string queueArn) => ByArn(queueArn) is { } queue ? UrlFor(_cloud.Endpoint, queue.AccountId, queue.Name) : null;

    public async Task<string> SendAsync(
        string queueArn,
        string body,
        IReadOnlyDictionary<string, (string DataType, string Value)>? attributes,
        CancellationToken cancellationToken)
    {
        var queue = ByArn(queueArn) ?? throw SqsErrors.NonExistentQueue();
        var message = Prepare(queue, body, null, SqsMessageValidator.FromTuples(attributes), null, queue.AccountId);
        await _sends.SendAsync(queue, message, cancellationToken);
        return message.Id;
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queueArn, int maxMessages, TimeSpan wait, CancellationToken cancellationToken)
    {
        var queue = ByArn(queueArn) ?? throw SqsErrors.NonExistentQueue();
        var (current, messages) = await ReceiveAsync(queue, maxMessages, queue.VisibilityTimeout, wait, cancellationToken);
        return [.. messages.Select(m => ToPort(current, m))];
    }

    public Task DeleteAsync(string queueArn, IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken)
    {
        var queue = ByArn(queueArn) ?? throw SqsErrors.NonExistentQueue();
        var receipts = new List<(long Seq, string Nonce)>(receiptHandles.Count);
        foreach (var handle in receiptHandles)
        {
            if (ReceiptHandle.TryDecode(handle, out var name, out var seq, out var nonce) && name == queue.Name)
            {
                receipts.Add((seq, nonce));
            }
        }

        return receipts.Count == 0 ? Task.CompletedTask : DeleteMessagesAsync(queue, receipts);
    }

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var queues = new JsonArray();
        foreach (var queue in _queues.Values.OrderBy(q => q.Name, StringComparer.Ordinal))
        {
            var counts = Count(queue);
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

    /// <summary>The queue with ARN <paramref name="arn"/>, or null when it is not an SQS ARN or names no queue.</summary>
    public SqsQueue? ByArn(string? arn)
    {
        if (!Arn.TryParse(arn, out var parsed) || parsed.Service != "sqs")
        {
            return null;
        }

        return _queues.TryGetValue(arn!, out var queue) ? queue : null;
    }

    public bool TryGet(string arn, out SqsQueue queue) => _queues.TryGetValue(arn, out queue!);

    public IEnumerable<SqsQueue> InRegion(string accountId, string region) =>
        _queues.Values.Where(q => q.AccountId == accountId && q.Region == region);

    public QueueCounts Count(SqsQueue queue)
    {
        var now = NowMs();
        return _store.Read(c => SqsStore.Count(c, queue, now));
    }

    /// <summary>The tags of a request, checked against SQS's limits; null when the request has none.</summary>
    public static Dictionary<string, string>? ValidTags(Dictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return null;
        }

        if (tags.Count > MaxTags)
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

    /// <summary>
    /// Creates the queue, or does nothing when it exists with the same values of the given attributes (SQS's
    /// idempotent CreateQueue); a name deleted less than 60 seconds ago cannot be reused yet.
    /// </summary>
    public async Task CreateAsync(string arn, string name, Dictionary<string, string> attributes, Dictionary<string, string>? tags)
    {
        await _metadataLock.WaitAsync();
        try
        {
            if (_queues.TryGetValue(arn, out var existing))
            {
                foreach (var (attribute, value) in attributes)
                {
                    if (existing.Effective(attribute) != value)
                    {
                        throw SqsErrors.QueueAlreadyExists(attribute);
                    }
                }

                return;
            }

            if (_deletedAt.TryGetValue(arn, out var deleted) && _time.GetUtcNow() - deleted < NameReuseDelay)
            {
                throw SqsErrors.QueueDeletedRecently();
            }

            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            var queue = new SqsQueue(name, arn, now, now, attributes, ValidTags(tags) ?? new Dictionary<string, string>(StringComparer.Ordinal));
            await _store.WriteAsync(c => SqsStore.InsertQueue(c, queue));
            _queues[arn] = queue;
            _activity.Publish(Service, "queue.created", name, new Dictionary<string, string> { ["arn"] = queue.Arn });
        }
        finally
        {
            _metadataLock.Release();
        }
    }

    /// <summary>Deletes the queue and its messages, and ends every long poll on it.</summary>
    public async Task DeleteAsync(SqsQueue queue)
    {
        await _metadataLock.WaitAsync();
        try
        {
            await _store.WriteAsync(c => SqsStore.DeleteQueue(c, queue.Arn));
            _queues.TryRemove(queue.Arn, out _);
            _deletedAt[queue.Arn] = _time.GetUtcNow();
            _purgedAt.TryRemove(queue.Arn, out _);
            if (_signals.TryRemove(queue.Arn, out var signal))
            {
                signal.PulseAll();
            }

            _activity.Publish(Service, "queue.deleted", queue.Name);
        }
        finally
        {
            _metadataLock.Release();
        }
    }

    /// <summary>Applies normalized attribute changes; an empty value removes an optional policy attribute.</summary>
    public async Task SetAttributesAsync(SqsQueue queue, Dictionary<string, string> changes)
    {
        await _metadataLock.WaitAsync();
        try
        {
            if (!_queues.TryGetValue(queue.Arn, out var current))
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
            _queues[queue.Arn] = updated;
        }
        finally
        {
            _metadataLock.Release();
        }
    }

    public async Task UpdateTagsAsync(string arn, Action<Dictionary<string, string>> change)
    {
        await _metadataLock.WaitAsync();
        try
        {
            if (!_queues.TryGetValue(arn, out var current))
            {
                throw SqsErrors.NonExistentQueue();
            }

            var tags = new Dictionary<string, string>(current.Tags, StringComparer.Ordinal);
            change(tags);
            if (tags.Count > MaxTags)
            {
                throw SqsErrors.InvalidParameterValue("Too many tags added for queue. Maximum 50 tags per queue.");
            }

            var updated = current with { Tags = tags };
            await _store.WriteAsync(c => SqsStore.UpdateQueue(c, updated));
            _queues[arn] = updated;
        }
        finally
        {
            _metadataLock.Release();
        }
    }

    /// <summary>Deletes every message of the queue; SQS allows one purge of a queue per 60 seconds.</summary>
    public async Task PurgeAsync(SqsQueue queue, string queueUrl)
    {
        var now = _time.GetUtcNow();
        if (_purgedAt.TryGetValue(queue.Arn, out var last) && now - last < PurgeInterval)
        {
            throw SqsErrors.PurgeInProgress(queueUrl);
        }

        _purgedAt[queue.Arn] = now;
        await _store.WriteAsync(c => SqsStore.Purge(c, queue.Arn));
        _activity.Publish(Service, "queue.purged", queue.Name);
    }

    /// <summary>A message to send to <paramref name="queue"/>, checked against the queue's limits.</summary>
    public NewMessage Prepare(
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

    /// <summary>Stores <paramref name="messages"/> in one write, all or none, and wakes a receiver.</summary>
    public async Task SendAsync(SqsQueue queue, IReadOnlyList<NewMessage> messages, CancellationToken cancellationToken)
    {
        await _store.WriteAsync(c => SqsStore.InsertAll(c, messages), cancellationToken);
        AfterSend(queue, messages);
    }

    /// <summary>
    /// Receives up to <paramref name="max"/> messages, waiting up to <paramref name="wait"/> for one to become
    /// visible (a long poll); messages past the redrive policy's receive count move to the dead-letter queue.
    /// Returns the queue as it was at the receive, and the messages (none when the wait ran out).
    /// </summary>
    public async Task<(SqsQueue Queue, IReadOnlyList<ReceivedMessage> Messages)> ReceiveAsync(
        SqsQueue queue,
        int max,
        int visibilityTimeout,
        TimeSpan wait,
        CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + wait;
        while (true)
        {
            var signal = Signal(queue.Arn);
            using var waiter = signal.Register();
            if (!_queues.TryGetValue(queue.Arn, out var current))
            {
                throw SqsErrors.NonExistentQueue();
            }

            var now = NowMs();
            var outcome = await _store.WriteAsync(c => SqsStore.Receive(c, current, ByArn, max, visibilityTimeout, now), cancellationToken);
            foreach (var target in outcome.MovedTo.Distinct(StringComparer.Ordinal))
            {
                Signal(target).Pulse();
                _activity.Publish(Service, "message.dead-lettered", $"{current.Name} -> {target}", new Dictionary<string, string> { ["queue"] = current.Name, ["deadLetterQueue"] = target });
            }

            if (outcome.Messages.Count > 0)
            {
                // A full batch may have left more behind, and a wake-up meant for this receiver would be lost with
                // its return: either way the next waiting receiver gets to look.
                if (outcome.Messages.Count == max || waiter.Woken)
                {
                    signal.Pulse();
                }

                return (current, outcome.Messages);
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                if (waiter.Woken)
                {
                    signal.Pulse();
                }

                return (current, []);
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

    /// <summary>Deletes the messages the receipts name; a stale receipt deletes nothing and is not an error.</summary>
    public Task DeleteMessagesAsync(SqsQueue queue, IReadOnlyList<(long Seq, string Nonce)> receipts) =>
        _store.WriteAsync(c =>
        {
            foreach (var (seq, nonce) in receipts)
            {
                SqsStore.Delete(c, queue.Arn, seq, nonce);
            }
        });

    public Task ChangeVisibilityAsync(SqsQueue queue, long seq, string nonce, int timeout) =>
        _store.WriteAsync(c => ChangeVisibility(c, queue, seq, nonce, timeout));

    /// <summary>Changes the visibility of each received message in one write; the error of each change, or null.</summary>
    public Task<ServiceException?[]> ChangeVisibilityAsync(SqsQueue queue, IReadOnlyList<(long Seq, string Nonce, int Timeout)> changes) =>
        _store.WriteAsync(c =>
        {
            var errors = new ServiceException?[changes.Count];
            for (var i = 0; i < changes.Count; i++)
            {
                try
                {
                    ChangeVisibility(c, queue, changes[i].Seq, changes[i].Nonce, changes[i].Timeout);
                }
                catch (ServiceException error)
                {
                    errors[i] = error;
                }
            }

            return errors;
        });

    private bool ChangeVisibility(SqliteConnection connection, SqsQueue queue, long seq, string nonce, int timeout)
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

    private static QueueMessage ToPort(SqsQueue queue, ReceivedMessage message)
    {
        var attributes = message.Attributes is { Count: > 0 } stored
            ? stored.ToDictionary(
                a => a.Key,
                a => new QueueMessageAttributeValue(a.Value.DataType ?? "String", a.Value.StringValue, a.Value.BinaryValue is { } binary ? new ReadOnlyMemory<byte>(binary) : null),
                StringComparer.Ordinal)
            : new Dictionary<string, QueueMessageAttributeValue>(StringComparer.Ordinal);
        var system = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in message.SystemAttributes ?? [])
        {
            if (value.StringValue is { } text)
            {
                system[name] = text;
            }
        }

        return new QueueMessage(
            message.Id,
            ReceiptHandle.Encode(queue.Name, message.Seq, message.Nonce),
            message.Body,
            message.Md5OfBody,
            attributes,
            SqsMd5.OfAttributes(message.Attributes),
            message.ReceiveCount,
            message.SentMs,
            message.SenderId,
            message.FirstReceiveMs,
            system);
    }

    private void AfterSend(SqsQueue queue, IReadOnlyList<NewMessage> messages)
    {
        Signal(queue.Arn).Pulse();
        foreach (var message in messages)
        {
            _activity.Publish(Service, "message.sent", $"{queue.Name} {message.Id}", new Dictionary<string, string> { ["queue"] = queue.Name, ["messageId"] = message.Id });
        }
    }

    private QueueSignal Signal(string queue) => _signals.GetOrAdd(queue, static _ => new QueueSignal());

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
