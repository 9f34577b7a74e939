using DynamoDbExpressions.Internal;

namespace DynamoDbExpressions;

/// <summary>A legacy condition (<c>QueryFilter</c>, <c>ScanFilter</c>, <c>KeyConditions</c> entry): an operator and its values.</summary>
public sealed record LegacyCondition(string ComparisonOperator, IReadOnlyList<AttributeValue>? AttributeValueList = null);

/// <summary>A legacy <c>Expected</c> entry: <c>Value</c>/<c>Exists</c>, or <c>ComparisonOperator</c> with <c>AttributeValueList</c>.</summary>
public sealed record LegacyExpected(
    AttributeValue? Value = null,
    bool? Exists = null,
    string? ComparisonOperator = null,
    IReadOnlyList<AttributeValue>? AttributeValueList = null);

/// <summary>A legacy <c>AttributeUpdates</c> entry; <c>Action</c> is PUT (the default), ADD or DELETE.</summary>
public sealed record LegacyAttributeUpdate(string? Action = null, AttributeValue? Value = null);

/// <summary>
/// The parameters that predate expressions, turned into the same compiled forms, with DynamoDB's validation
/// messages. A request that mixes them with expressions is rejected by <see cref="CompiledExpressions.Compile"/>.
/// </summary>
public static class LegacyParameters
{
    private const string Invalid = "One or more parameter values were invalid: ";

    /// <summary><c>Expected</c> with <c>ConditionalOperator</c> (AND when null) as a condition.</summary>
    public static ConditionExpression Expected(IReadOnlyDictionary<string, LegacyExpected> expected, string? conditionalOperator = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var conditions = new List<BoundCondition>();
        foreach (var (name, entry) in expected)
        {
            if (entry.AttributeValueList is not null && entry.Value is not null)
            {
                throw Error(Invalid + "Value and AttributeValueList cannot be used together for Attribute: " + name);
            }

            var path = Path(name);
            if (entry.ComparisonOperator is { } op)
            {
                if (entry.Exists is not null)
                {
                    throw Error(Invalid + "Exists and ComparisonOperator cannot be used together for Attribute: " + name);
                }

                if (op is not ("NULL" or "NOT_NULL") && entry.AttributeValueList is null && entry.Value is null)
                {
                    throw Error(Invalid + "Value or AttributeValueList must be used with ComparisonOperator: " + op + " for Attribute: " + name);
                }

                var values = entry.AttributeValueList ?? (entry.Value is null ? [] : [entry.Value]);
                if (!ValidCount(op, values.Count))
                {
                    throw Error(Invalid + "Invalid number of argument(s) for the " + op + " ComparisonOperator");
                }

                CheckSameTypeAndRange(op, values);
                conditions.Add(Build(op, path, values));
            }
            else if (entry.AttributeValueList is not null)
            {
                throw Error(Invalid + "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + name);
            }
            else
            {
                var exists = entry.Exists ?? true;
                if (exists && entry.Value is null)
                {
                    throw Error(Invalid + "Value must be provided when Exists is " + (entry.Exists is null ? "null" : "true") + " for Attribute: " + name);
                }

                if (!exists && entry.Value is not null)
                {
                    throw Error(Invalid + "Value cannot be used when Exists is false for Attribute: " + name);
                }

                conditions.Add(entry.Value is null ? new BoundExists(path, exists: false) : new BoundComparison(Comparator.Equal, path, new BoundConstant(entry.Value)));
            }
        }

        return new ConditionExpression(Combine(conditions, conditionalOperator));
    }

    /// <summary><c>QueryFilter</c> or <c>ScanFilter</c> with <c>ConditionalOperator</c> (AND when null) as a filter.</summary>
    public static ConditionExpression Filter(IReadOnlyDictionary<string, LegacyCondition> conditions, string? conditionalOperator = null)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var bound = new List<BoundCondition>();
        foreach (var (name, condition) in conditions)
        {
            var values = Checked(condition);
            bound.Add(Build(condition.ComparisonOperator, Path(name), values));
        }

        return new ConditionExpression(Combine(bound, conditionalOperator));
    }

    /// <summary><c>KeyConditions</c> as a key condition.</summary>
    public static KeyConditionExpression KeyConditions(IReadOnlyDictionary<string, LegacyCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var constraints = new List<KeyConstraint>();
        foreach (var (name, condition) in conditions)
        {
            var values = Checked(condition);
            var comparison = condition.ComparisonOperator switch
            {
                "EQ" => KeyComparison.Equal,
                "LT" => KeyComparison.Less,
                "LE" => KeyComparison.LessOrEqual,
                "GT" => KeyComparison.Greater,
                "GE" => KeyComparison.GreaterOrEqual,
                "BETWEEN" => KeyComparison.Between,
                "BEGINS_WITH" => KeyComparison.BeginsWith,
                _ => throw Error("Attempted conditional constraint is not an indexable operation"),
            };
            constraints.Add(new KeyConstraint(name, comparison, [.. values]));
        }

        KeyConditionExpression.CheckConstraints(constraints);
        return new KeyConditionExpression(constraints);
    }

    /// <summary><c>AttributesToGet</c> as a projection of top-level attributes.</summary>
    public static ProjectionExpression AttributesToGet(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                throw Error(Invalid + "Duplicate value in attribute name: " + name);
            }
        }

        return new ProjectionExpression([.. names.Select(n => new DocumentPath([PathElement.Attribute(n)], owned: true))]);
    }

    /// <summary><c>AttributeUpdates</c> as an update.</summary>
    public static UpdateExpression AttributeUpdates(IReadOnlyDictionary<string, LegacyAttributeUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        foreach (var (_, update) in updates)
        {
            var action = update.Action ?? "PUT";
            if (update.Value is null && action != "DELETE")
            {
                throw Error(Invalid + "Only DELETE action is allowed when no attribute value is specified");
            }

            if (update.Value is { } value && action == "DELETE" && value.Type is not (AttributeValueType.SS or AttributeValueType.NS or AttributeValueType.BS))
            {
                throw Error(Invalid + "DELETE action with value is not supported for the type " + value.Type);
            }

            if (update.Value is { } added && action == "ADD" && added.Type is not (AttributeValueType.L or AttributeValueType.SS or AttributeValueType.NS or AttributeValueType.BS or AttributeValueType.N))
            {
                throw Error(Invalid + "ADD action is not supported for the type " + added.Type);
            }
        }

        var entries = updates.ToArray();
        return new UpdateExpression(
            [.. entries.Select(e => new DocumentPath([PathElement.Attribute(e.Key)], owned: true))],
            item => ApplyAttributeUpdates(entries, item));
    }

    private static Dictionary<string, AttributeValue> ApplyAttributeUpdates(KeyValuePair<string, LegacyAttributeUpdate>[] updates, IReadOnlyDictionary<string, AttributeValue>? item)
    {
        const string Mismatch = "Type mismatch for attribute to update";
        var result = item is null ? new Dictionary<string, AttributeValue>(StringComparer.Ordinal) : new Dictionary<string, AttributeValue>(item, StringComparer.Ordinal);
        foreach (var (name, update) in updates)
        {
            result.TryGetValue(name, out var existing);
            switch (update.Action ?? "PUT")
            {
                case "PUT":
                    result[name] = update.Value!;
                    break;
                case "ADD":
                    {
                        var value = update.Value!;
                        if (existing is not null && existing.Type != value.Type)
                        {
                            throw Error(Mismatch);
                        }

                        result[name] = existing is null ? value : value.Type switch
                        {
                            AttributeValueType.N => AttributeValue.FromN(existing.N.Add(value.N)),
                            AttributeValueType.L => AttributeValue.FromOwnedList([.. existing.ListArray, .. value.ListArray]),
                            _ => SetAlgebra.Union(existing, value),
                        };
                        break;
                    }

                default:
                    if (update.Value is not { } removed)
                    {
                        result.Remove(name);
                    }
                    else if (existing is not null)
                    {
                        if (existing.Type != removed.Type)
                        {
                            throw Error(Mismatch);
                        }

                        var left = SetAlgebra.Difference(existing, removed);
                        if (left is null)
                        {
                            result.Remove(name);
                        }
                        else
                        {
                            result[name] = left;
                        }
                    }

                    break;
            }
        }

        return result;
    }

    private static IReadOnlyList<AttributeValue> Checked(LegacyCondition condition)
    {
        var op = condition.ComparisonOperator;
        var values = condition.AttributeValueList ?? [];
        if (!ValidCount(op, values.Count))
        {
            throw Error(Invalid + "Invalid number of argument(s) for the " + op + " ComparisonOperator");
        }

        if (values.Count > 0 && values.Any(v => v.Type != values[0].Type))
        {
            throw Error(Invalid + "AttributeValues inside AttributeValueList must be of same type");
        }

        var allowed = op switch
        {
            "EQ" or "NE" => new[] { AttributeValueType.S, AttributeValueType.N, AttributeValueType.B, AttributeValueType.SS, AttributeValueType.NS, AttributeValueType.BS },
            "BEGINS_WITH" => [AttributeValueType.S, AttributeValueType.B],
            "NULL" or "NOT_NULL" => [],
            _ => [AttributeValueType.S, AttributeValueType.N, AttributeValueType.B],
        };
        foreach (var value in values)
        {
            if (Array.IndexOf(allowed, value.Type) < 0)
            {
                throw Error(Invalid + "ComparisonOperator " + op + " is not valid for " + value.Type + " AttributeValue type");
            }
        }

        CheckSameTypeAndRange(op, values);
        return values;
    }

    private static void CheckSameTypeAndRange(string op, IReadOnlyList<AttributeValue> values)
    {
        if (values.Count > 0 && values.Any(v => v.Type != values[0].Type))
        {
            throw Error(Invalid + "AttributeValues inside AttributeValueList must be of same type");
        }

        if (op == "BETWEEN" && Conditions.TryCompareScalars(values[0], values[1], out var order) && order > 0)
        {
            throw Error("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        }
    }

    private static bool ValidCount(string op, int count) => op switch
    {
        "EQ" or "NE" or "LE" or "LT" or "GE" or "GT" or "CONTAINS" or "NOT_CONTAINS" or "BEGINS_WITH" => count == 1,
        "NULL" or "NOT_NULL" => count == 0,
        "IN" => count > 0,
        "BETWEEN" => count == 2,
        // The wire layer rejects operators outside the enum before a condition gets here.
        _ => throw new ArgumentException("Unknown ComparisonOperator " + op + ".", nameof(op)),
    };

    private static BoundCondition Build(string op, BoundPath path, IReadOnlyList<AttributeValue> values)
    {
        BoundOperand Value(int i) => new BoundConstant(values[i]);
        return op switch
        {
            "EQ" => new BoundComparison(Comparator.Equal, path, Value(0)),
            "NE" => new BoundComparison(Comparator.NotEqual, path, Value(0)),
            "LT" => new BoundComparison(Comparator.Less, path, Value(0)),
            "LE" => new BoundComparison(Comparator.LessOrEqual, path, Value(0)),
            "GT" => new BoundComparison(Comparator.Greater, path, Value(0)),
            "GE" => new BoundComparison(Comparator.GreaterOrEqual, path, Value(0)),
            "NULL" => new BoundExists(path, exists: false),
            "NOT_NULL" => new BoundExists(path, exists: true),
            "CONTAINS" => new BoundContains(path, Value(0)),
            "NOT_CONTAINS" => new BoundNot(new BoundContains(path, Value(0))),
            "BEGINS_WITH" => new BoundBeginsWith(path, Value(0)),
            "IN" => new BoundIn(path, [.. values.Select(v => (BoundOperand)new BoundConstant(v))]),
            _ => new BoundBetween(path, Value(0), Value(1)),
        };
    }

    private static BoundCondition Combine(List<BoundCondition> conditions, string? conditionalOperator)
    {
        if (conditions.Count == 0)
        {
            return new BoundNot(BoundFalse.Instance);
        }

        var isAnd = conditionalOperator is null or "AND";
        var combined = conditions[0];
        for (var i = 1; i < conditions.Count; i++)
        {
            combined = new BoundLogical(isAnd, combined, conditions[i]);
        }

        return combined;
    }

    private static BoundPath Path(string name) => new(new DocumentPath([PathElement.Attribute(name)], owned: true));

    private static DynamoDbValidationException Error(string message) => new(message);
}
