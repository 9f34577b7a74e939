using DynamoDbExpressions.Internal;

namespace DynamoDbExpressions;

/// <summary>A validated UpdateExpression (or legacy AttributeUpdates).</summary>
public sealed class UpdateExpression
{
    private readonly DocumentPath[] _paths;
    private readonly Func<IReadOnlyDictionary<string, AttributeValue>?, Dictionary<string, AttributeValue>> _apply;

    internal UpdateExpression(List<BoundUpdateAction> actions)
        : this([.. actions.Select(a => a.Path)], item => UpdateApplier.Apply(actions, item))
    {
    }

    internal UpdateExpression(DocumentPath[] paths, Func<IReadOnlyDictionary<string, AttributeValue>?, Dictionary<string, AttributeValue>> apply)
    {
        _paths = paths;
        _apply = apply;
    }

    /// <summary>The document paths the expression writes or removes, in the order written.</summary>
    public IReadOnlyList<DocumentPath> Paths => _paths;

    /// <summary>
    /// The item after the update; <paramref name="item"/> (null when the item does not exist) is not changed.
    /// </summary>
    /// <exception cref="DynamoDbValidationException">DynamoDB's runtime errors: a missing attribute in a value,
    /// an operand of the wrong type, an invalid document path, or a number out of range.</exception>
    public Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue>? item) => _apply(item);

    /// <summary>
    /// Refuses an update that writes or removes a key attribute (the table's key schema, in its order), with
    /// DynamoDB's message: "One or more parameter values were invalid: Cannot update attribute pk. This
    /// attribute is part of the key".
    /// </summary>
    public void CheckKeyAttributesUntouched(IEnumerable<string> keyAttributeNames)
    {
        ArgumentNullException.ThrowIfNull(keyAttributeNames);
        foreach (var key in keyAttributeNames)
        {
            if (_paths.Any(p => string.Equals(p.AttributeName, key, StringComparison.Ordinal)))
            {
                throw new DynamoDbValidationException("One or more parameter values were invalid: Cannot update attribute " + key + ". This attribute is part of the key");
            }
        }
    }

    /// <summary>
    /// The item reduced to the paths this update writes or removes, nested as in the item: ReturnValues
    /// UPDATED_OLD (on the item before) and UPDATED_NEW (on the item after).
    /// </summary>
    public Dictionary<string, AttributeValue> ProjectUpdated(IReadOnlyDictionary<string, AttributeValue>? item) =>
        item is null ? new Dictionary<string, AttributeValue>(StringComparer.Ordinal) : Projector.Project(_paths, item);
}
