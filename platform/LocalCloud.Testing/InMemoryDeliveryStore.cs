using System.Collections.Concurrent;
using LocalCloud.Core.Delivery;

namespace LocalCloud.Testing;

public sealed class InMemoryDeliveryStore : IDeliveryStore
{
    private readonly ConcurrentDictionary<string, DeliveryRecord> _records = new(StringComparer.Ordinal);

    public int Count => _records.Count;

    public Task AddAsync(IReadOnlyList<DeliveryRecord> deliveries, CancellationToken cancellationToken)
    {
        foreach (var delivery in deliveries)
        {
            _records[delivery.Id] = delivery;
        }

        return Task.CompletedTask;
    }

    public Task RescheduleAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        _records[delivery.Id] = delivery;
        return Task.CompletedTask;
    }

    public Task CompleteAsync(string id, CancellationToken cancellationToken)
    {
        _records.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryRecord>> LoadPendingAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DeliveryRecord>>([.. _records.Values.OrderBy(r => r.NextAttemptAt)]);
}
