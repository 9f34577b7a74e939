namespace DynamoDbExpressions.Internal;

/// <summary>
/// Applies a bound update expression the way DynamoDB does: every SET value is computed from the item as it
/// was, list indexes refer to the original positions (SET first, in index order so appends past the end keep
/// that order, then REMOVE from the highest index down), and a missing parent is an invalid path.
/// </summary>
internal static class UpdateApplier
{
    public static Dictionary<string, AttributeValue> Apply(IReadOnlyList<BoundUpdateAction> actions, IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var result = item is null
            ? new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            : new Dictionary<string, AttributeValue>(item, StringComparer.Ordinal);

        // Values are computed against the original item before anything changes.
        var planned = new List<(BoundUpdateAction Action, AttributeValue? Value)>(actions.Count);
        foreach (var action in actions)
        {
            var value = action.Section == UpdateSection.Remove ? null : UpdateErrors.Require(action.Value!.Evaluate(item));
            planned.Add((action, value));
        }

        var writes = planned.Where(p => p.Action.Section != UpdateSection.Remove).OrderBy(p => FinalIndex(p.Action.Path)).ToList();
        foreach (var (action, value) in writes)
        {
            switch (action.Section)
            {
                case UpdateSection.Set:
                    Modify(result, action.Path, _ => value, isRemove: false);
                    break;
                case UpdateSection.Add:
                    Modify(result, action.Path, existing => Add(existing, value!), isRemove: false);
                    break;
                case UpdateSection.Delete:
                    Modify(result, action.Path, existing => existing is null ? null : Delete(existing, value!), isRemove: false);
                    break;
            }
        }

        var removes = planned.Where(p => p.Action.Section == UpdateSection.Remove).OrderByDescending(p => FinalIndex(p.Action.Path)).ToList();
        foreach (var (action, _) in removes)
        {
            if (item is null)
            {
                // DynamoDB ignores REMOVE of any path when the item does not exist yet.
                continue;
            }

            Modify(result, action.Path, _ => null, isRemove: true);
        }

        return result;
    }

    private static int FinalIndex(DocumentPath path)
    {
        var last = path.ElementArray[^1];
        return last.IsIndex ? last.Index : -1;
    }

    private static void Modify(Dictionary<string, AttributeValue> item, DocumentPath path, Func<AttributeValue?, AttributeValue?> change, bool isRemove)
    {
        var elements = path.ElementArray;
        var name = elements[0].Name!;
        item.TryGetValue(name, out var top);
        if (elements.Length == 1)
        {
            var updated = change(top);
            if (updated is null)
            {
                item.Remove(name);
            }
            else
            {
                item[name] = updated;
            }

            return;
        }

        if (top is null)
        {
            throw new DynamoDbValidationException(UpdateErrors.InvalidPath);
        }

        item[name] = ModifyIn(top, elements, 1, change, isRemove);
    }

    private static AttributeValue ModifyIn(AttributeValue container, PathElement[] elements, int depth, Func<AttributeValue?, AttributeValue?> change, bool isRemove)
    {
        var element = elements[depth];
        var last = depth == elements.Length - 1;
        if (element.IsIndex)
        {
            if (container.Type != AttributeValueType.L)
            {
                throw new DynamoDbValidationException(UpdateErrors.InvalidPath);
            }

            var list = container.ListArray;
            var index = element.Index;
            if (!last)
            {
                if (index >= list.Length)
                {
                    throw new DynamoDbValidationException(UpdateErrors.InvalidPath);
                }

                var copy = (AttributeValue[])list.Clone();
                copy[index] = ModifyIn(list[index], elements, depth + 1, change, isRemove);
                return AttributeValue.FromOwnedList(copy);
            }

            var existing = index < list.Length ? list[index] : null;
            var updated = change(existing);
            if (updated is null)
            {
                if (existing is null)
                {
                    return container;
                }

                var shorter = new AttributeValue[list.Length - 1];
                Array.Copy(list, 0, shorter, 0, index);
                Array.Copy(list, index + 1, shorter, index, list.Length - index - 1);
                return AttributeValue.FromOwnedList(shorter);
            }

            if (existing is null)
            {
                // Past the end: DynamoDB appends.
                return AttributeValue.FromOwnedList([.. list, updated]);
            }

            var replaced = (AttributeValue[])list.Clone();
            replaced[index] = updated;
            return AttributeValue.FromOwnedList(replaced);
        }

        if (container.Type != AttributeValueType.M)
        {
            throw new DynamoDbValidationException(UpdateErrors.InvalidPath);
        }

        var map = container.M;
        map.TryGetValue(element.Name!, out var child);
        AttributeValue? newChild;
        if (last)
        {
            newChild = change(child);
            if (newChild is null && child is null)
            {
                return container;
            }
        }
        else
        {
            if (child is null)
            {
                throw new DynamoDbValidationException(UpdateErrors.InvalidPath);
            }

            newChild = ModifyIn(child, elements, depth + 1, change, isRemove);
        }

        var entries = new Dictionary<string, AttributeValue>(map, StringComparer.Ordinal);
        if (newChild is null)
        {
            entries.Remove(element.Name!);
        }
        else
        {
            entries[element.Name!] = newChild;
        }

        return AttributeValue.FromOwnedMap(entries);
    }

    private static AttributeValue Add(AttributeValue? existing, AttributeValue value)
    {
        if (existing is null)
        {
            return value;
        }

        if (existing.Type != value.Type)
        {
            throw new DynamoDbValidationException(UpdateErrors.IncorrectDataType);
        }

        if (value.Type == AttributeValueType.N)
        {
            return AttributeValue.FromN(existing.N.Add(value.N));
        }

        return SetAlgebra.IsSet(value.Type) ? SetAlgebra.Union(existing, value) : throw new DynamoDbValidationException(UpdateErrors.IncorrectDataType);
    }

    private static AttributeValue? Delete(AttributeValue existing, AttributeValue value)
    {
        if (existing.Type != value.Type)
        {
            throw new DynamoDbValidationException(UpdateErrors.IncorrectDataType);
        }

        return SetAlgebra.IsSet(value.Type) ? SetAlgebra.Difference(existing, value) : throw new DynamoDbValidationException(UpdateErrors.IncorrectDataType);
    }
}
