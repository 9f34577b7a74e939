using EventPatterns.Internal;

namespace EventPatterns;

/// <summary>
/// A set of named event patterns compiled into one matcher. Matching is safe from any number of threads while
/// patterns are added or removed: each change is applied to a new immutable snapshot, built lazily on the next
/// match, so a burst of <c>Add</c> calls costs one rebuild.
/// </summary>
public sealed class PatternMatcher
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CompiledPattern> _patterns = new(StringComparer.Ordinal);
    private volatile MatcherSnapshot? _snapshot;

    public PatternMatcher()
    {
    }

    /// <summary>Number of named patterns in the set.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _patterns.Count;
            }
        }
    }

    /// <summary>Compiles a set of named patterns at once; a later pattern with the same name replaces an earlier one.</summary>
    public static PatternMatcher Create(IEnumerable<KeyValuePair<string, string>> namedPatterns)
    {
        ArgumentNullException.ThrowIfNull(namedPatterns);
        var matcher = new PatternMatcher();
        foreach (var (name, pattern) in namedPatterns)
        {
            matcher.AddCompiled(name, PatternCompiler.Compile(pattern));
        }

        return matcher;
    }

    /// <summary>Adds a pattern, replacing any pattern of the same name. Throws <see cref="InvalidEventPatternException"/> when it is not valid.</summary>
    public void Add(string name, string patternJson)
    {
        ArgumentNullException.ThrowIfNull(name);
        AddCompiled(name, PatternCompiler.Compile(patternJson));
    }

    /// <summary>Adds a pattern given as UTF-8 JSON, replacing any pattern of the same name.</summary>
    public void Add(string name, ReadOnlySpan<byte> patternUtf8)
    {
        ArgumentNullException.ThrowIfNull(name);
        AddCompiled(name, PatternCompiler.Compile(patternUtf8));
    }

    /// <summary>Removes the pattern of that name; false when there was none.</summary>
    public bool Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            if (!_patterns.Remove(name))
            {
                return false;
            }

            _snapshot = null;
            return true;
        }
    }

    /// <summary>The names of the patterns that match the event (each name once).</summary>
    public IReadOnlyList<string> Match(ReadOnlySpan<byte> eventUtf8)
    {
        var matches = new List<string>();
        Match(eventUtf8, matches);
        return matches;
    }

    /// <summary>Clears <paramref name="matches"/> and fills it with the names of the matching patterns.</summary>
    public void Match(ReadOnlySpan<byte> eventUtf8, List<string> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        GetSnapshot().Match(eventUtf8, matches);
    }

    private void AddCompiled(string name, CompiledPattern pattern)
    {
        lock (_gate)
        {
            _patterns[name] = pattern;
            _snapshot = null;
        }
    }

    private MatcherSnapshot GetSnapshot()
    {
        var snapshot = _snapshot;
        if (snapshot is not null)
        {
            return snapshot;
        }

        lock (_gate)
        {
            snapshot = _snapshot;
            if (snapshot is null)
            {
                var patterns = _patterns.ToList();
                snapshot = new MatcherSnapshot(patterns);
                _snapshot = snapshot;
            }

            return snapshot;
        }
    }
}
