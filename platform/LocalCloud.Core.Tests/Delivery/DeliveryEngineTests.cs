using System.Collections.Concurrent;
using LocalCloud.Core.Delivery;
using LocalCloud.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalCloud.Core.Tests.Delivery;

public sealed class DeliveryEngineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task HealthyTarget_ReceivesPayloadAndQueueEmpties()
    {
        var target = new ScriptedTarget();
        var store = new InMemoryDeliveryStore();
        await using var engine = CreateEngine(store, target, new RecordingSink());
        await engine.StartAsync(CancellationToken.None);

        await engine.EnqueueAsync([Record("a")], CancellationToken.None);

        await WaitUntil(() => engine.PendingCount == 0 && store.Count == 0);
        Assert.Equal(["payload-a"], target.Received);
    }

    [Fact]
    public async Task LocalTarget_IsDeliveredBeforeEnqueueReturnsAndNeverRecorded()
    {
        var target = new ScriptedTarget { Local = true };
        var store = new InMemoryDeliveryStore();
        var observer = new RecordingObserver();
        await using var engine = CreateEngine(store, target, new RecordingSink(), observer);
        await engine.StartAsync(CancellationToken.None);

        await engine.EnqueueAsync([Record("a"), Record("b")], CancellationToken.None);

        Assert.Equal(["payload-a", "payload-b"], target.Received.Order());
        Assert.Equal(0, store.Count);
        Assert.Equal(0, engine.PendingCount);
        Assert.All(observer.Events, e => Assert.Equal(DeliveryEventKind.Delivered, e.Kind));
        Assert.Equal(2, observer.Events.Count);
        Assert.All(observer.Events, e => Assert.Equal(1, e.Delivery.Attempts));
    }

    [Fact]
    public async Task LocalTarget_FailedFirstAttemptIsRecordedCountedAndRetried()
    {
        var target = new ScriptedTarget { Local = true, FailuresBeforeSuccess = 1 };
        var store = new InMemoryDeliveryStore();
        var observer = new RecordingObserver();
        await using var engine = CreateEngine(store, target, new RecordingSink(), observer);
        await engine.StartAsync(CancellationToken.None);
        var record = Record("a");

        await engine.EnqueueAsync([record], CancellationToken.None);

        Assert.Empty(target.Received);
        Assert.Contains(observer.Events, e => e.Kind == DeliveryEventKind.RetryScheduled && e.ErrorCode == "CONNECTION_FAILURE");
        await WaitUntil(() => engine.PendingCount == 0 && store.Count == 0);
        Assert.Equal(["payload-a"], target.Received);
        Assert.Equal(2, target.Attempts);
        Assert.Equal(2, record.Attempts);
    }

    [Fact]
    public async Task LocalTarget_RetriesExhaustedCountsTheFirstAttempt()
    {
        var target = new ScriptedTarget { Local = true, FailuresBeforeSuccess = int.MaxValue };
        var sink = new RecordingSink();
        await using var engine = CreateEngine(new InMemoryDeliveryStore(), target, sink);
        await engine.StartAsync(CancellationToken.None);

        await engine.EnqueueAsync([Record("a", maxRetries: 2)], CancellationToken.None);

        await WaitUntil(() => sink.Messages.Count == 1 && engine.PendingCount == 0);
        Assert.Equal(3, target.Attempts);
        Assert.Equal("2", sink.Messages.Single().Attributes["RETRY_ATTEMPTS"]);
    }

    [Fact]
    public async Task LocalTarget_PermanentFailureIsDeadLetteredBeforeEnqueueReturns()
    {
        var target = new ScriptedTarget { Local = true, Permanent = true };
        var sink = new RecordingSink();
        var store = new InMemoryDeliveryStore();
        await using var engine = CreateEngine(store, target, sink);
        await engine.StartAsync(CancellationToken.None);

        await engine.EnqueueAsync([Record("a")], CancellationToken.None);

        Assert.Equal("NO_RESOURCE", Assert.Single(sink.Messages).Attributes["ERROR_CODE"]);
        Assert.Equal(1, target.Attempts);
        Assert.Equal(0, engine.PendingCount);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task FailingTargetThatRecovers_GetsEverythingWithoutDeadLetters()
    {
        var target = new ScriptedTarget { FailuresBeforeSuccess = 3 };
        var sink = new RecordingSink();
        await using var engine = CreateEngine(new InMemoryDeliveryStore(), target, sink);
        await engine.StartAsync(CancellationToken.None);

        await engine.EnqueueAsync([Record("a"), Record("b")], CancellationToken.None);

        await WaitUntil(() => engine.PendingCount == 0);
        Assert.Contains("payload-a", target.Delivered);
        Assert.Contains("payload-b", target.Delivered);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task RetriesExhausted_SendsOriginalToDeadLetterQueueWithAttributes()
    {
        var target = new ScriptedTarget { FailuresBeforeSuccess = int.MaxValue };
        var sink = new RecordingSink();
        await using var engine = CreateEngine(new InMemoryDeliveryStore(), target, sink);
        await engine.StartAsync(CancellationToken.None);

        var record = Record("a", maxRetries: 2);
        await engine.EnqueueAsync([record], CancellationToken.None);

        await WaitUntil(() => sink.Messages.Count == 1);
        var (arn, body, attributes) = sink.Messages.Single();
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:dlq", arn);
        Assert.Equal("original-a", body);
        Assert.Equal(3, target.Attempts);
        Assert.Equal("arn:rule", attributes["RULE_ARN"]);
        Assert.Equal("arn:target", attributes["TARGET_ARN"]);
        Assert.Equal("CONNECTION_FAILURE", attributes["ERROR_CODE"]);
        Assert.Equal("target down", attributes["ERROR_MESSAGE"]);
        Assert.Equal("2", attributes["RETRY_ATTEMPTS"]);
        Assert.Equal("MaximumRetryAttempts", attributes["EXHAUSTED_RETRY_CONDITION"]);
        Assert.DoesNotContain(attributes.Keys, k => k.Contains(':', StringComparison.Ordinal));
    }

    [Fact]
    public async Task NonRetryableError_GoesStraightToDeadLetterQueueWithoutExhaustedCondition()
    {
        var target = new ScriptedTarget { Permanent = true };
        var sink = new RecordingSink();
        await using var engine = CreateEngine(new InMemoryDeliveryStore(), target, sink);
        await engine.StartAsync(CancellationToken.None);

        await engine.EnqueueAsync([Record("a")], CancellationToken.None);

        await WaitUntil(() => sink.Messages.Count == 1);
        var attributes = sink.Messages.Single().Attributes;
        Assert.Equal(1, target.Attempts);
        Assert.Equal("NO_RESOURCE", attributes["ERROR_CODE"]);
        Assert.Equal("0", attributes["RETRY_ATTEMPTS"]);
        Assert.False(attributes.ContainsKey("EXHAUSTED_RETRY_CONDITION"));
    }

    [Fact]
    public async Task EventOlderThanMaximumAge_IsDeadLetteredAfterFailedAttempt()
    {
        var target = new ScriptedTarget { FailuresBeforeSuccess = int.MaxValue };
        var sink = new RecordingSink();
        await using var engine = CreateEngine(new InMemoryDeliveryStore(), target, sink);
        await engine.StartAsync(CancellationToken.None);

        var record = Record("a", maxAge: 60, createdAt: DateTimeOffset.UtcNow.AddSeconds(-61));
        await engine.EnqueueAsync([record], CancellationToken.None);

        await WaitUntil(() => sink.Messages.Count == 1);
        Assert.Equal("MaximumEventAgeInSeconds", sink.Messages.Single().Attributes["EXHAUSTED_RETRY_CONDITION"]);
        Assert.Equal(1, target.Attempts);
    }

    [Fact]
    public async Task MissingTargetKind_IsNonRetryableNoResource()
    {
        var sink = new RecordingSink();
        await using var engine = CreateEngine(new InMemoryDeliveryStore(), new ScriptedTarget(), sink);
        await engine.StartAsync(CancellationToken.None);

        await engine.EnqueueAsync([Record("a", kind: "lambda")], CancellationToken.None);

        await WaitUntil(() => sink.Messages.Count == 1);
        Assert.Equal("NO_RESOURCE", sink.Messages.Single().Attributes["ERROR_CODE"]);
    }

    [Fact]
    public async Task NoDeadLetterQueue_DropsAfterExhaustion()
    {
        var target = new ScriptedTarget { FailuresBeforeSuccess = int.MaxValue };
        var observer = new RecordingObserver();
        var store = new InMemoryDeliveryStore();
        await using var engine = CreateEngine(store, target, new RecordingSink(), observer);
        await engine.StartAsync(CancellationToken.None);

        var record = Record("a", maxRetries: 1, deadLetter: false);
        await engine.EnqueueAsync([record], CancellationToken.None);

        await WaitUntil(() => observer.Events.Any(e => e.Kind == DeliveryEventKind.Dropped) && store.Count == 0);
        Assert.Contains(observer.Events, e => e.Kind == DeliveryEventKind.RetryScheduled);
    }

    [Fact]
    public async Task PendingDeliveries_ResumeAfterRestart()
    {
        var store = new InMemoryDeliveryStore();
        var pending = Record("a");
        pending.NextAttemptAt = DateTimeOffset.UtcNow;
        pending.Attempts = 4;
        await store.AddAsync([pending], CancellationToken.None);
        var target = new ScriptedTarget();

        await using var engine = CreateEngine(store, target, new RecordingSink());
        await engine.StartAsync(CancellationToken.None);

        await WaitUntil(() => store.Count == 0);
        Assert.Equal(["payload-a"], target.Received);
    }

    [Fact]
    public void Backoff_IsFullJitterUnderExponentialCeiling()
    {
        var options = new DeliveryOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(100), MaximumRetryDelay = TimeSpan.FromSeconds(2) };
        var engine = new DeliveryEngine(new InMemoryDeliveryStore(), [], null, options, TimeProvider.System, NullLogger<DeliveryEngine>.Instance);
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var ceiling = Math.Min(2000, 100 * Math.Pow(2, attempt - 1));
            for (var i = 0; i < 50; i++)
            {
                var delay = engine.ComputeBackoff(attempt).TotalMilliseconds;
                Assert.InRange(delay, 0, ceiling);
            }
        }
    }

    private static DeliveryEngine CreateEngine(IDeliveryStore store, ScriptedTarget target, RecordingSink sink, IDeliveryObserver? observer = null) =>
        new(
            store,
            [target],
            sink,
            new DeliveryOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(5), MaximumRetryDelay = TimeSpan.FromMilliseconds(40), Concurrency = 4 },
            TimeProvider.System,
            NullLogger<DeliveryEngine>.Instance,
            observer);

    private static DeliveryRecord Record(
        string name,
        int maxRetries = 185,
        int maxAge = 86_400,
        DateTimeOffset? createdAt = null,
        string kind = "test",
        bool deadLetter = true) => new()
        {
            Id = Guid.NewGuid().ToString("N"),
            TargetKind = kind,
            TargetArn = "arn:target",
            Payload = "payload-" + name,
            DeadLetterBody = "original-" + name,
            DeadLetterArn = deadLetter ? "arn:aws:sqs:us-east-1:000000000000:dlq" : null,
            Policy = new DeliveryPolicy(maxRetries, maxAge),
            Metadata = new Dictionary<string, string> { ["RULE_ARN"] = "arn:rule", ["TARGET_ARN"] = "arn:target", ["internal:key"] = "x" },
            CreatedAt = createdAt ?? DateTimeOffset.UtcNow,
        };

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(10);
        }
    }

    private sealed class ScriptedTarget : IDeliveryTargetKind
    {
        private int _attempts;

        public int FailuresBeforeSuccess { get; init; }

        public bool Permanent { get; init; }

        public bool Local { get; init; }

        public bool AttemptBeforeAcknowledging => Local;

        public int Attempts => Volatile.Read(ref _attempts);

        public ConcurrentQueue<string> Delivered { get; } = new();

        public string[] Received => [.. Delivered];

        public string Kind => "test";

        public ValueTask<DeliveryOutcome> DeliverAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            if (Permanent)
            {
                return ValueTask.FromResult(DeliveryOutcome.Permanent("NO_RESOURCE", "gone"));
            }

            if (FailuresBeforeSuccess == int.MaxValue || attempt <= FailuresBeforeSuccess)
            {
                return ValueTask.FromResult(DeliveryOutcome.Retry("CONNECTION_FAILURE", "target down"));
            }

            Delivered.Enqueue(delivery.Payload);
            return ValueTask.FromResult(DeliveryOutcome.Delivered);
        }
    }

    private sealed class RecordingSink : IDeadLetterSink
    {
        public ConcurrentQueue<(string Arn, string Body, IReadOnlyDictionary<string, string> Attributes)> Messages { get; } = new();

        public ValueTask<DeliveryOutcome> SendAsync(string deadLetterArn, string body, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
        {
            Messages.Enqueue((deadLetterArn, body, attributes));
            return ValueTask.FromResult(DeliveryOutcome.Delivered);
        }
    }

    private sealed class RecordingObserver : IDeliveryObserver
    {
        public ConcurrentQueue<DeliveryEvent> Events { get; } = new();

        public void OnDeliveryEvent(DeliveryEvent deliveryEvent) => Events.Enqueue(deliveryEvent);
    }
}
