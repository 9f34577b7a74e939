namespace DynamoDbExpressions.Internal;

/// <summary>
/// Projects an item onto document paths: the result keeps the nesting of each path, list elements picked by
/// index keep their relative order, and paths that do not resolve are left out.
/// </summary>
internal static class Projector
{
    public static Dictionary<string, AttributeValue> Project(IReadOnlyList<DocumentPath> paths, IReadOnlyDictionary<string, AttributeValue> item)
    {
        var root = new Node();
        foreach (var path in paths)
        {
            var elements = path.ElementArray;
            if (BoundPath.Resolve(item, elements) is null)
            {
                continue;
            }

            var node = root;
            for (var i = 0; i < elements.Length; i++)
            {
                node = node.Child(elements[i]);
            }

            node.Whole = true;
        }

        var result = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (element, child) in root.Children)
        {
            if (item.TryGetValue(element.Name!, out var value))
            {
                result[element.Name!] = Build(child, value);
            }
        }

        return result;
    }

    private static AttributeValue Build(Node node, AttributeValue value)
    {
        if (node.Whole)
        {
            return value;
        }

        if (value.Type == AttributeValueType.M)
        {
            var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach (var (element, child) in node.Children)
            {
                if (!element.IsIndex && value.M.TryGetValue(element.Name!, out var inner))
                {
                    map[element.Name!] = Build(child, inner);
                }
            }

            return AttributeValue.FromOwnedMap(map);
        }

        var list = value.ListArray;
        var picked = new List<AttributeValue>();
        foreach (var (element, child) in node.Children.Where(c => c.Key.IsIndex).OrderBy(c => c.Key.Index))
        {
            if (element.Index < list.Length)
            {
                picked.Add(Build(child, list[element.Index]));
            }
        }

        return AttributeValue.FromOwnedList([.. picked]);
    }

    private sealed class Node
    {
        public bool Whole { get; set; }

        public List<KeyValuePair<PathElement, Node>> Children { get; } = [];

        public Node Child(PathElement element)
        {
            foreach (var (key, value) in Children)
            {
                if (key == element)
                {
                    return value;
                }
            }

            var node = new Node();
            Children.Add(new KeyValuePair<PathElement, Node>(element, node));
            return node;
        }
    }
}
