using System.Text;
using EventPatterns.Internal;

namespace EventPatterns;

/// <summary>One-shot pattern operations, for tests and <c>TestEventPattern</c>.</summary>
public static class EventPattern
{
    private const string Name = "pattern";

    /// <summary>True when the event matches the pattern. Throws <see cref="InvalidEventPatternException"/> or <see cref="MalformedEventException"/>.</summary>
    public static bool Matches(string patternJson, string eventJson)
    {
        ArgumentNullException.ThrowIfNull(patternJson);
        ArgumentNullException.ThrowIfNull(eventJson);
        return Matches(Encoding.UTF8.GetBytes(patternJson), Encoding.UTF8.GetBytes(eventJson));
    }

    public static bool Matches(ReadOnlySpan<byte> patternUtf8, ReadOnlySpan<byte> eventUtf8)
    {
        var pattern = PatternCompiler.Compile(patternUtf8);
        var snapshot = new MatcherSnapshot([new KeyValuePair<string, CompiledPattern>(Name, pattern)]);
        var matches = new List<string>(1);
        snapshot.Match(eventUtf8, matches);
        return matches.Count > 0;
    }

    /// <summary>Throws <see cref="InvalidEventPatternException"/> when the pattern is not valid.</summary>
    public static void Validate(string patternJson) => PatternCompiler.Compile(patternJson);

    public static bool TryValidate(string patternJson, out string? error)
    {
        try
        {
            PatternCompiler.Compile(patternJson);
            error = null;
            return true;
        }
        catch (InvalidEventPatternException e)
        {
            error = e.Message;
            return false;
        }
    }
}
