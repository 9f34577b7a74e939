using System.Text;

namespace DynamoDbExpressions.Internal;

// Expressions after validation: names and values resolved, every check done, ready to evaluate.

internal abstract class BoundOperand
{
    /// <summary>The value, or null when a path does not resolve in the item.</summary>
    public abstract AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue>? item);
}

internal sealed class BoundPath(DocumentPath path) : BoundOperand
{
    public DocumentPath Path { get; } = path;

    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => Resolve(item, Path.ElementArray);

    public static AttributeValue? Resolve(IReadOnlyDictionary<string, AttributeValue>? item, PathElement[] elements)
    {
        if (item is null || !item.TryGetValue(elements[0].Name!, out var current))
        {
            return null;
        }

        for (var i = 1; i < elements.Length; i++)
        {
            var element = elements[i];
            if (element.IsIndex)
            {
                if (current.Type != AttributeValueType.L)
                {
                    return null;
                }

                var list = current.ListArray;
                if (element.Index >= list.Length)
                {
                    return null;
                }

                current = list[element.Index];
            }
            else
            {
                if (current.Type != AttributeValueType.M || !current.M.TryGetValue(element.Name!, out var next))
                {
                    return null;
                }

                current = next;
            }
        }

        return current;
    }
}

internal sealed class BoundConstant(AttributeValue value) : BoundOperand
{
    public AttributeValue Value { get; } = value;

    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => Value;
}

internal sealed class BoundSize(BoundOperand argument) : BoundOperand
{
    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var value = argument.Evaluate(item);
        if (value is null)
        {
            return null;
        }

        var size = SizeOf(value);
        return size < 0 ? null : AttributeValue.FromN(DynamoNumber.FromInt64(size));
    }

    /// <summary>Length of a string (UTF-8 bytes) or binary, element count of a set, list or map; -1 for other types.</summary>
    public static int SizeOf(AttributeValue value) => value.Type switch
    {
        AttributeValueType.S => Encoding.UTF8.GetByteCount(value.S),
        AttributeValueType.B => value.BinaryArray.Length,
        AttributeValueType.SS or AttributeValueType.NS or AttributeValueType.BS or AttributeValueType.L or AttributeValueType.M => value.Count,
        _ => -1,
    };
}

/// <summary>Update-expression operands whose failures are DynamoDB runtime validation errors.</summary>
internal sealed class BoundIfNotExists(BoundPath path, BoundOperand fallback) : BoundOperand
{
    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) =>
        path.Evaluate(item) ?? fallback.Evaluate(item);
}

internal sealed class BoundListAppend(BoundOperand first, BoundOperand second) : BoundOperand
{
    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var a = UpdateErrors.Require(first.Evaluate(item));
        var b = UpdateErrors.Require(second.Evaluate(item));
        if (a.Type != AttributeValueType.L || b.Type != AttributeValueType.L)
        {
            throw new DynamoDbValidationException(UpdateErrors.IncorrectDataType);
        }

        return AttributeValue.FromOwnedList([.. a.ListArray, .. b.ListArray]);
    }
}

internal sealed class BoundArithmetic(bool isPlus, BoundOperand left, BoundOperand right) : BoundOperand
{
    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var a = UpdateErrors.Require(left.Evaluate(item));
        var b = UpdateErrors.Require(right.Evaluate(item));
        if (a.Type != AttributeValueType.N || b.Type != AttributeValueType.N)
        {
            throw new DynamoDbValidationException(UpdateErrors.IncorrectDataType);
        }

        return AttributeValue.FromN(isPlus ? a.N.Add(b.N) : a.N.Subtract(b.N));
    }
}

internal static class UpdateErrors
{
    public const string IncorrectDataType = "An operand in the update expression has an incorrect data type";
    public const string MissingAttribute = "The provided expression refers to an attribute that does not exist in the item";
    public const string InvalidPath = "The document path provided in the update expression is invalid for update";

    public static AttributeValue Require(AttributeValue? value) => value ?? throw new DynamoDbValidationException(MissingAttribute);
}

internal abstract class BoundCondition
{
    public abstract bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item);
}

internal sealed class BoundComparison(Comparator comparator, BoundOperand left, BoundOperand right) : BoundCondition
{
    public Comparator Comparator { get; } = comparator;

    public BoundOperand Left { get; } = left;

    public BoundOperand Right { get; } = right;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var a = Left.Evaluate(item);
        var b = Right.Evaluate(item);
        switch (Comparator)
        {
            case Comparator.Equal:
                return a is not null && b is not null && AttributeValueComparer.ValuesEqual(a, b);
            case Comparator.NotEqual:
                return a is null || b is null || !AttributeValueComparer.ValuesEqual(a, b);
        }

        if (!Conditions.TryCompareScalars(a, b, out var order))
        {
            return false;
        }

        return Comparator switch
        {
            Comparator.Less => order < 0,
            Comparator.LessOrEqual => order <= 0,
            Comparator.Greater => order > 0,
            _ => order >= 0,
        };
    }
}

internal sealed class BoundBetween(BoundOperand value, BoundOperand lower, BoundOperand upper) : BoundCondition
{
    public BoundOperand Value { get; } = value;

    public BoundOperand Lower { get; } = lower;

    public BoundOperand Upper { get; } = upper;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var v = Value.Evaluate(item);
        return Conditions.TryCompareScalars(v, Lower.Evaluate(item), out var low) && low >= 0
            && Conditions.TryCompareScalars(v, Upper.Evaluate(item), out var high) && high <= 0;
    }
}

internal sealed class BoundIn(BoundOperand value, BoundOperand[] candidates) : BoundCondition
{
    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var v = value.Evaluate(item);
        if (v is null)
        {
            return false;
        }

        foreach (var candidate in candidates)
        {
            var c = candidate.Evaluate(item);
            if (c is not null && AttributeValueComparer.ValuesEqual(v, c))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class BoundExists(BoundPath path, bool exists) : BoundCondition
{
    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => (path.Evaluate(item) is not null) == exists;
}

internal sealed class BoundAttributeType(BoundOperand value, BoundOperand typeName) : BoundCondition
{
    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var v = value.Evaluate(item);
        var t = typeName.Evaluate(item);
        return v is not null && t is { Type: AttributeValueType.S } && string.Equals(v.Type.ToString(), t.S, StringComparison.Ordinal);
    }
}

internal sealed class BoundBeginsWith(BoundOperand value, BoundOperand prefix) : BoundCondition
{
    public BoundOperand Value { get; } = value;

    public BoundOperand Prefix { get; } = prefix;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var v = Value.Evaluate(item);
        var p = Prefix.Evaluate(item);
        if (v is null || p is null || v.Type != p.Type)
        {
            return false;
        }

        return v.Type switch
        {
            AttributeValueType.S => v.S.StartsWith(p.S, StringComparison.Ordinal),
            AttributeValueType.B => v.BinaryArray.AsSpan().StartsWith(p.BinaryArray),
            _ => false,
        };
    }
}

internal sealed class BoundContains(BoundOperand container, BoundOperand operand) : BoundCondition
{
    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        var c = container.Evaluate(item);
        var o = operand.Evaluate(item);
        if (c is null || o is null)
        {
            return false;
        }

        switch (c.Type)
        {
            case AttributeValueType.S:
                return o.Type == AttributeValueType.S && c.S.Contains(o.S, StringComparison.Ordinal);
            case AttributeValueType.B:
                return o.Type == AttributeValueType.B && c.BinaryArray.AsSpan().IndexOf(o.BinaryArray) >= 0;
            case AttributeValueType.SS:
                return o.Type == AttributeValueType.S && Array.IndexOf(c.StringSetArray, o.S) >= 0;
            case AttributeValueType.NS:
                return o.Type == AttributeValueType.N && Array.IndexOf(c.NumberSetArray, o.N) >= 0;
            case AttributeValueType.BS:
                return o.Type == AttributeValueType.B && c.BinarySetArray.Any(b => b.Span.SequenceEqual(o.BinaryArray));
            case AttributeValueType.L:
                foreach (var element in c.ListArray)
                {
                    if (AttributeValueComparer.ValuesEqual(element, o))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}

internal sealed class BoundLogical(bool isAnd, BoundCondition left, BoundCondition right) : BoundCondition
{
    public bool IsAnd { get; } = isAnd;

    public BoundCondition Left { get; } = left;

    public BoundCondition Right { get; } = right;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) =>
        IsAnd ? Left.Evaluate(item) && Right.Evaluate(item) : Left.Evaluate(item) || Right.Evaluate(item);
}

internal sealed class BoundNot(BoundCondition operand) : BoundCondition
{
    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => !operand.Evaluate(item);
}

internal sealed class BoundFalse : BoundCondition
{
    public static readonly BoundFalse Instance = new();

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => false;
}

internal static class Conditions
{
    /// <summary>Orders two values of the same scalar type (S, N or B); false for anything else, which DynamoDB treats as a failed comparison.</summary>
    public static bool TryCompareScalars(AttributeValue? a, AttributeValue? b, out int order)
    {
        order = 0;
        if (a is null || b is null || a.Type != b.Type || a.Type is not (AttributeValueType.S or AttributeValueType.N or AttributeValueType.B))
        {
            return false;
        }

        order = AttributeValueComparer.CompareKeys(a, b);
        return true;
    }
}
