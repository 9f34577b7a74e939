using System.Collections.Concurrent;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Lambda.EventSources;

/// <summary>
/// The event-source mappings of the local cloud, kept in memory and written through to
/// <see cref="EventSourceMappingStore"/>; the pollers report each batch's result here.
/// </summary>
internal sealed class EventSourceMappings : IDisposable
{
    private readonly EventSourceMappingStore _store;
    private readonly ConcurrentDictionary<string, EventSourceMapping> _byUuid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _results = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);

    public EventSourceMappings(EventSourceMappingStore store)
    {
        _store = store;
        foreach (var stored in store.LoadAll())
        {
            _byUuid[stored.Mapping.Uuid] = stored.Mapping;
            _results[stored.Mapping.Uuid] = stored.LastProcessingResult;
        }
    }

    public EventSourceMappingStore Store => _store;

    public IEnumerable<EventSourceMapping> All => _byUuid.Values.OrderBy(m => m.CreatedMs).ThenBy(m => m.Uuid, StringComparer.Ordinal);

    public IEnumerable<EventSourceMapping> InScope(ResourceScope scope) =>
        All.Where(m => m.Account == scope.AccountId && m.Region == scope.Region);

    public EventSourceMapping? Find(ResourceScope scope, string uuid) =>
        _byUuid.TryGetValue(uuid, out var mapping) && mapping.Account == scope.AccountId && mapping.Region == scope.Region ? mapping : null;

    public EventSourceMapping? Find(string uuid) => _byUuid.GetValueOrDefault(uuid);

    public string LastProcessingResult(string uuid) => _results.GetValueOrDefault(uuid, EventSourceMappingStore.NoRecordsProcessed);

    public void Dispose() => _lock.Dispose();

    /// <summary>Runs <paramref name="change"/> alone among changes to mappings, so checks such as "one mapping per
    /// source and function" hold.</summary>
    public async Task<T> ChangeAsync<T>(Func<Task<T>> change)
    {
        await _lock.WaitAsync();
        try
        {
            return await change();
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task AddAsync(EventSourceMapping mapping, string? position)
    {
        await _store.InsertAsync(mapping, position);
        _byUuid[mapping.Uuid] = mapping;
        _results[mapping.Uuid] = EventSourceMappingStore.NoRecordsProcessed;
    }

    public async Task ReplaceAsync(EventSourceMapping mapping)
    {
        await _store.UpdateAsync(mapping);
        _byUuid[mapping.Uuid] = mapping;
    }

    public async Task RemoveAsync(string uuid)
    {
        await _store.DeleteAsync(uuid);
        _byUuid.TryRemove(uuid, out _);
        _results.TryRemove(uuid, out _);
    }

    /// <summary>Records a batch's result and, for streams, the new checkpoint, durably.</summary>
    public async Task ReportAsync(string uuid, string result, string? position, bool movePosition)
    {
        await _store.SaveProgressAsync(uuid, result, position, movePosition);
        if (_byUuid.ContainsKey(uuid))
        {
            _results[uuid] = result;
        }
    }
}
