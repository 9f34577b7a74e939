using System.Text;
using LocalCloud.Core.Delivery;
using LocalCloud.Core.Ports;

namespace LocalCloud.Lambda.Async;

/// <summary>Lambda's internal queue for asynchronous invocations on the delivery engine: an accepted event is one
/// delivery of kind <see cref="KindName"/>, which <see cref="AsyncInvocationTargetKind"/> invokes and retries.</summary>
internal sealed class AsyncInvocations(DeliveryEngine engine, TimeProvider time) : IAsyncInvocations
{
    public const string KindName = "lambda-async";
    public const string RequestIdMetadata = "lambda:RequestId";

    /// <summary>The engine never gives up on an asynchronous event by itself: the target kind applies the
    /// function's own retry attempts and event age, and routes the outcome.</summary>
    public static DeliveryPolicy Policy { get; } = new(int.MaxValue, int.MaxValue);

    public Task EnqueueAsync(FunctionDescription function, ReadOnlyMemory<byte> payload, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var delivery = CreateDelivery(function.FunctionArn, Encoding.UTF8.GetString(payload.Span), requestId, time.GetUtcNow(), "lambda:invoke");
        return engine.EnqueueAsync([delivery], cancellationToken);
    }

    public static DeliveryRecord CreateDelivery(string functionArn, string payload, string requestId, DateTimeOffset acceptedAt, string origin) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        TargetKind = KindName,
        TargetArn = functionArn,
        Payload = payload,
        Policy = Policy,
        Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [RequestIdMetadata] = requestId },
        CreatedAt = acceptedAt,
        Origin = origin,
    };
}
