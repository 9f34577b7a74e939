using DynamoDbExpressions.Internal;

namespace DynamoDbExpressions;

/// <summary>A validated ConditionExpression or FilterExpression, ready to evaluate against items.</summary>
public sealed class ConditionExpression
{
    private readonly BoundCondition _condition;

    internal ConditionExpression(BoundCondition condition, IReadOnlyCollection<string>? attributeNames = null)
    {
        _condition = condition;
        AttributeNames = attributeNames ?? [];
    }

    /// <summary>The top-level attributes the expression's document paths name (empty for the legacy parameters).</summary>
    public IReadOnlyCollection<string> AttributeNames { get; }

    /// <summary>
    /// True when the item satisfies the condition. A missing item (null) has no attributes. Comparing values of
    /// different types is false, never an error.
    /// </summary>
    public bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => _condition.Evaluate(item);
}
