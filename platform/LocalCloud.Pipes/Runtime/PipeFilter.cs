using System.Globalization;
using EventPatterns;

namespace LocalCloud.Pipes.Runtime;

/// <summary>A pipe's <c>FilterCriteria</c> compiled once: a record passes when any pattern matches its view (an SQS
/// body as JSON when it parses), and every record passes when there are no patterns.</summary>
internal sealed class PipeFilter
{
    private readonly PatternMatcher? _matcher;

    public PipeFilter(IReadOnlyList<string> patterns)
    {
        if (patterns.Count > 0)
        {
            _matcher = PatternMatcher.Create(patterns.Select((p, i) => KeyValuePair.Create(i.ToString(CultureInfo.InvariantCulture), p)));
        }
    }

    public bool Passes(SourceRecord record)
    {
        if (_matcher is null)
        {
            return true;
        }

        try
        {
            return _matcher.Match(record.ViewUtf8).Count > 0;
        }
        catch (MalformedEventException)
        {
            return false;
        }
    }
}
