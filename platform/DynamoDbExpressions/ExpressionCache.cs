using System.Collections.Concurrent;
using DynamoDbExpressions.Internal;

namespace DynamoDbExpressions;

/// <summary>
/// Parse results by expression text, shared across requests and threads: a request that repeats an expression
/// only pays for validation against its own names and values. Bounded: cleared when it reaches its capacity.
/// </summary>
public sealed class ExpressionCache(int capacity = 4096)
{
    private readonly ConcurrentDictionary<(ExpressionKind Kind, string Text), ParsedExpression> _entries = new();

    internal ParsedExpression GetOrParse(ExpressionKind kind, string text)
    {
        if (_entries.TryGetValue((kind, text), out var parsed))
        {
            return parsed;
        }

        parsed = ParsedExpression.Parse(kind, text);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[(kind, text)] = parsed;
        return parsed;
    }
}
