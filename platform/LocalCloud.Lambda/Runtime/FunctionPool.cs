using LocalCloud.Lambda.Model;

namespace LocalCloud.Lambda.Runtime;

/// <summary>The sandboxes of one function: warm ones waiting (most recently used first) and a count of busy ones.
/// A sandbox started for an older configuration or code is never reused.</summary>
internal sealed class FunctionPool
{
    private readonly Lock _lock = new();
    private readonly List<Sandbox> _idle = [];
    private readonly HashSet<Sandbox> _busy = [];

    public int Busy
    {
        get
        {
            lock (_lock)
            {
                return _busy.Count;
            }
        }
    }

    public int Warm
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>A warm sandbox for <paramref name="function"/>'s current revision, else a new one (not started);
    /// null when <paramref name="limit"/> sandboxes are busy already.</summary>
    public Sandbox? TryAcquire(FunctionRecord function, int limit, Func<Sandbox> create, List<Sandbox> stale)
    {
        lock (_lock)
        {
            if (_busy.Count >= limit)
            {
                return null;
            }

            Sandbox? chosen = null;
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                var candidate = _idle[i];
                if (!candidate.IsAlive || candidate.Function.RevisionId != function.RevisionId)
                {
                    _idle.RemoveAt(i);
                    stale.Add(candidate);
                    continue;
                }

                if (chosen is null)
                {
                    chosen = candidate;
                    _idle.RemoveAt(i);
                }
            }

            chosen ??= create();
            _busy.Add(chosen);
            return chosen;
        }
    }

    /// <summary>Returns a sandbox after an invocation: warm again when it is alive and current, else it is stale.</summary>
    public bool Release(Sandbox sandbox, string currentRevision, DateTimeOffset now)
    {
        lock (_lock)
        {
            _busy.Remove(sandbox);
            if (!sandbox.IsAlive || sandbox.Function.RevisionId != currentRevision)
            {
                return false;
            }

            sandbox.IdleSince = now;
            _idle.Add(sandbox);
            return true;
        }
    }

    /// <summary>Takes out the warm sandboxes idle since before <paramref name="cutoff"/> (all of them when null).</summary>
    public List<Sandbox> TakeIdle(DateTimeOffset? cutoff)
    {
        lock (_lock)
        {
            var taken = _idle.Where(s => cutoff is null || s.IdleSince < cutoff || !s.IsAlive).ToList();
            _idle.RemoveAll(taken.Contains);
            return taken;
        }
    }

    public List<Sandbox> All()
    {
        lock (_lock)
        {
            return [.. _idle, .. _busy];
        }
    }

    public void Forget(Sandbox sandbox)
    {
        lock (_lock)
        {
            _idle.Remove(sandbox);
        }
    }
}
