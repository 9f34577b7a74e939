using DynamoDbExpressions.Internal;

namespace DynamoDbExpressions;

/// <summary>A validated ProjectionExpression.</summary>
public sealed class ProjectionExpression
{
    private readonly List<DocumentPath> _paths;

    internal ProjectionExpression(List<DocumentPath> paths) => _paths = paths;

    public IReadOnlyList<DocumentPath> Paths => _paths;

    /// <summary>The item reduced to the projected paths, nested as in the item; paths that do not resolve are omitted.</summary>
    public Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Projector.Project(_paths, item);
    }
}
