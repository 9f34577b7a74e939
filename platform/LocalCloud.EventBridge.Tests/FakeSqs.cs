using System.Collections.Concurrent;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Targets;

namespace LocalCloud.EventBridge.Tests;

/// <summary>Stands in for SQS as the delivery engine's "sqs" target kind and dead-letter sink.</summary>
internal sealed class FakeSqs : IDeliveryTargetKind, IDeadLetterSink
{
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Queue, string Body, IReadOnlyDictionary<string, string>? Attributes)> Messages { get; } = new();

    public void FailNext(string queueArn, int times) => _failuresLeft[queueArn] = times;

    public int AttemptsOn(string queueArn) => _attempts.GetValueOrDefault(queueArn);

    public List<string> BodiesFor(string queueArn) => [.. Messages.Where(m => m.Queue == queueArn).Select(m => m.Body)];

    public string Kind => QueueTargetKind.KindName;

    public bool AttemptBeforeAcknowledging => true;

    public ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken) =>
        Send(delivery.TargetArn, delivery.Payload, null);

    public ValueTask<DeliveryOutcome> SendAsync(
        string deadLetterArn,
        string body,
        IReadOnlyDictionary<string, string> attributes,
        CancellationToken cancellationToken) =>
        Send(deadLetterArn, body, attributes);

    private ValueTask<DeliveryOutcome> Send(string queueArn, string body, IReadOnlyDictionary<string, string>? stringAttributes)
    {
        _attempts.AddOrUpdate(queueArn, 1, (_, n) => n + 1);
        if (_failuresLeft.TryGetValue(queueArn, out var left) && left > 0)
        {
            _failuresLeft[queueArn] = left == int.MaxValue ? left : left - 1;
            return ValueTask.FromResult(DeliveryOutcome.Retry(DeliveryErrorCodes.ConnectionFailure, "queue unavailable"));
        }

        Messages.Enqueue((queueArn, body, stringAttributes));
        return ValueTask.FromResult(DeliveryOutcome.Delivered);
    }
}
