using System.Text;

namespace DynamoDbExpressions;

/// <summary>One step of a document path: an attribute or map-key name, or a list index.</summary>
public readonly record struct PathElement(string? Name, int Index)
{
    public bool IsIndex => Name is null;

    public static PathElement Attribute(string name) => new(name, 0);

    public static PathElement ListIndex(int index) => new(null, index);
}

/// <summary>A resolved document path (placeholders replaced by their names), e.g. <c>a.b[2]</c>.</summary>
public sealed class DocumentPath : IEquatable<DocumentPath>
{
    private readonly PathElement[] _elements;

    public DocumentPath(IEnumerable<PathElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        _elements = [.. elements];
        if (_elements.Length == 0 || _elements[0].IsIndex)
        {
            throw new ArgumentException("A document path starts with an attribute name.", nameof(elements));
        }
    }

    internal DocumentPath(PathElement[] elements, bool owned)
    {
        _ = owned;
        _elements = elements;
    }

    public IReadOnlyList<PathElement> Elements => _elements;

    /// <summary>The top-level attribute the path starts from.</summary>
    public string AttributeName => _elements[0].Name!;

    public bool IsTopLevel => _elements.Length == 1;

    internal PathElement[] ElementArray => _elements;

    /// <summary>The path as DynamoDB prints it in messages: <c>[a, b, [2]]</c>.</summary>
    public string ToMessageString()
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < _elements.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            var element = _elements[i];
            if (element.IsIndex)
            {
                text.Append('[').Append(element.Index).Append(']');
            }
            else
            {
                text.Append(element.Name);
            }
        }

        return text.Append(']').ToString();
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var element in _elements)
        {
            if (element.IsIndex)
            {
                text.Append('[').Append(element.Index).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(element.Name);
            }
        }

        return text.ToString();
    }

    public bool Equals(DocumentPath? other) => other is not null && _elements.AsSpan().SequenceEqual(other._elements);

    public override bool Equals(object? obj) => Equals(obj as DocumentPath);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var element in _elements)
        {
            hash.Add(element);
        }

        return hash.ToHashCode();
    }
}
