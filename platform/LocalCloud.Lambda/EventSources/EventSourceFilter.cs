using EventPatterns;

namespace LocalCloud.Lambda.EventSources;

/// <summary>The <c>FilterCriteria</c> of a mapping compiled once: a record passes when it matches any of the
/// patterns, and every record passes when there are none.</summary>
internal sealed class EventSourceFilter
{
    private readonly PatternMatcher? _matcher;

    public EventSourceFilter(IReadOnlyList<string>? patterns)
    {
        if (patterns is { Count: > 0 })
        {
            _matcher = PatternMatcher.Create(patterns.Select((p, i) => KeyValuePair.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture), p)));
        }
    }

    public bool IsEmpty => _matcher is null;

    /// <summary>Whether the record (UTF-8 JSON) passes; a record the engine cannot read matches nothing.</summary>
    public bool Passes(ReadOnlySpan<byte> record)
    {
        if (_matcher is null)
        {
            return true;
        }

        try
        {
            return _matcher.Match(record).Count > 0;
        }
        catch (MalformedEventException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="pattern"/> is a filter pattern Lambda accepts.</summary>
    public static bool IsValid(string? pattern) =>
        !string.IsNullOrWhiteSpace(pattern) && EventPattern.TryValidate(pattern, out _);
}
