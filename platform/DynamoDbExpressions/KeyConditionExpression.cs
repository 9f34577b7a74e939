using DynamoDbExpressions.Internal;

namespace DynamoDbExpressions;

/// <summary>The comparisons a key condition may use.</summary>
public enum KeyComparison
{
    Equal,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Between,
    BeginsWith,
}

/// <summary>An element of a table or index key schema: its name and scalar type (S, N or B).</summary>
public readonly record struct KeySchemaElement(string Name, AttributeValueType Type);

/// <summary>One condition on one key attribute, with its attribute on the left (<c>:v &lt; k</c> is stored as <c>k &gt; :v</c>).</summary>
public sealed class KeyConstraint
{
    internal KeyConstraint(string attributeName, KeyComparison comparison, AttributeValue[] values)
    {
        AttributeName = attributeName;
        Comparison = comparison;
        Values = values;
    }

    public string AttributeName { get; }

    public KeyComparison Comparison { get; }

    /// <summary>One value, or the lower and upper bounds of <see cref="KeyComparison.Between"/>.</summary>
    public IReadOnlyList<AttributeValue> Values { get; }

    public bool Matches(AttributeValue? value)
    {
        var first = Values[0];
        if (value is null || value.Type != first.Type)
        {
            return false;
        }

        var order = AttributeValueComparer.CompareKeys(value, first);
        return Comparison switch
        {
            KeyComparison.Equal => order == 0,
            KeyComparison.Less => order < 0,
            KeyComparison.LessOrEqual => order <= 0,
            KeyComparison.Greater => order > 0,
            KeyComparison.GreaterOrEqual => order >= 0,
            KeyComparison.Between => order >= 0 && AttributeValueComparer.CompareKeys(value, Values[1]) <= 0,
            _ => value.Type == AttributeValueType.S
                ? value.S.StartsWith(first.S, StringComparison.Ordinal)
                : value.BinaryArray.AsSpan().StartsWith(first.BinaryArray),
        };
    }
}

/// <summary>A key condition bound to a key schema: the partition key value and the optional sort key condition.</summary>
public sealed class KeyQuery
{
    internal KeyQuery(KeyConstraint partitionKey, KeyConstraint? sortKey)
    {
        PartitionKey = partitionKey;
        SortKey = sortKey;
    }

    public KeyConstraint PartitionKey { get; }

    public KeyConstraint? SortKey { get; }

    public AttributeValue PartitionKeyValue => PartitionKey.Values[0];

    public bool Matches(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.TryGetValue(PartitionKey.AttributeName, out var partition);
        if (!PartitionKey.Matches(partition))
        {
            return false;
        }

        if (SortKey is null)
        {
            return true;
        }

        item.TryGetValue(SortKey.AttributeName, out var sort);
        return SortKey.Matches(sort);
    }
}

/// <summary>A validated KeyConditionExpression: one or two key constraints, checked against a key schema by <see cref="ForKeySchema"/>.</summary>
public sealed class KeyConditionExpression
{
    private readonly List<KeyConstraint> _constraints;

    internal KeyConditionExpression(List<KeyConstraint> constraints) => _constraints = constraints;

    public IReadOnlyList<KeyConstraint> Constraints => _constraints;

    /// <summary>Checks the conditions against the table's or index's key schema, with DynamoDB's messages.</summary>
    public KeyQuery ForKeySchema(KeySchemaElement partitionKey, KeySchemaElement? sortKey)
    {
        var keyCount = sortKey is null ? 1 : 2;
        if (_constraints.Count > keyCount)
        {
            throw new DynamoDbValidationException($"The number of query conditions ({_constraints.Count}) exceeds the number of key attributes defined in the schema ({keyCount})");
        }

        var partition = Find(partitionKey.Name) ?? throw new DynamoDbValidationException("Query condition missed key schema element: " + partitionKey.Name);
        CheckType(partition, partitionKey.Type);
        if (partition.Comparison != KeyComparison.Equal)
        {
            throw new DynamoDbValidationException("Query key condition not supported");
        }

        KeyConstraint? sort = null;
        if (sortKey is { } sortAttribute)
        {
            sort = Find(sortAttribute.Name);
            if (sort is null && _constraints.Count > 1)
            {
                throw new DynamoDbValidationException("Query condition missed key schema element: " + sortAttribute.Name);
            }

            if (sort is not null)
            {
                CheckType(sort, sortAttribute.Type);
            }
        }

        return new KeyQuery(partition, sort);
    }

    internal static KeyConditionExpression Create(ConditionSyntax syntax, IReadOnlyDictionary<string, string> names, IReadOnlyDictionary<string, AttributeValue> values)
    {
        var constraints = new List<KeyConstraint>();
        var error = Collect(syntax, names, values, constraints);
        if (error is not null)
        {
            throw new DynamoDbValidationException("Invalid KeyConditionExpression: " + error);
        }

        // Operand types were checked with the expression; a value of the wrong key type fails ForKeySchema.
        return new KeyConditionExpression(constraints);
    }

    /// <summary>The operator/type rules of the legacy KeyConditions parameter.</summary>
    internal static void CheckConstraints(List<KeyConstraint> constraints)
    {
        foreach (var constraint in constraints)
        {
            var allowed = constraint.Comparison switch
            {
                KeyComparison.Equal => new[] { AttributeValueType.S, AttributeValueType.N, AttributeValueType.B, AttributeValueType.SS, AttributeValueType.NS, AttributeValueType.BS },
                KeyComparison.BeginsWith => [AttributeValueType.S, AttributeValueType.B],
                _ => [AttributeValueType.S, AttributeValueType.N, AttributeValueType.B],
            };
            foreach (var value in constraint.Values)
            {
                if (Array.IndexOf(allowed, value.Type) < 0)
                {
                    throw new DynamoDbValidationException($"One or more parameter values were invalid: ComparisonOperator {OperatorName(constraint.Comparison)} is not valid for {value.Type} AttributeValue type");
                }
            }
        }
    }

    private KeyConstraint? Find(string name) => _constraints.FirstOrDefault(c => string.Equals(c.AttributeName, name, StringComparison.Ordinal));

    private static void CheckType(KeyConstraint constraint, AttributeValueType type)
    {
        if (constraint.Values.Any(v => v.Type != type))
        {
            throw new DynamoDbValidationException("One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
    }

    private static string OperatorName(KeyComparison comparison) => comparison switch
    {
        KeyComparison.Equal => "EQ",
        KeyComparison.Less => "LT",
        KeyComparison.LessOrEqual => "LE",
        KeyComparison.Greater => "GT",
        KeyComparison.GreaterOrEqual => "GE",
        KeyComparison.Between => "BETWEEN",
        _ => "BEGINS_WITH",
    };

    // The rules DynamoDB applies to the shape of a key condition, in the order it applies them.
    private static string? Collect(ConditionSyntax syntax, IReadOnlyDictionary<string, string> names, IReadOnlyDictionary<string, AttributeValue> values, List<KeyConstraint> constraints)
    {
        switch (syntax)
        {
            case LogicalSyntax { IsAnd: false }:
                return "Invalid operator used in KeyConditionExpression: OR";
            case NotSyntax:
                return "Invalid operator used in KeyConditionExpression: NOT";
            case InSyntax:
                return "Invalid operator used in KeyConditionExpression: IN";
            case ComparisonSyntax { Comparator: Comparator.NotEqual }:
                return "Invalid operator used in KeyConditionExpression: <>";
            case FunctionConditionSyntax { Function.Name: "attribute_exists" or "attribute_not_exists" or "attribute_type" or "contains" } f:
                return "Invalid operator used in KeyConditionExpression: " + f.Function.Name;
            case LogicalSyntax and:
                return Collect(and.Left, names, values, constraints) ?? Collect(and.Right, names, values, constraints);
            case BetweenSyntax between when between.Value is not PathOperandSyntax:
                return "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand";
            case FunctionConditionSyntax { Function.Name: "begins_with" } f when f.Function.Arguments[0] is not PathOperandSyntax:
                return "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand";
        }

        var (operands, comparison) = syntax switch
        {
            ComparisonSyntax c => (new[] { c.Left, c.Right }, c.Comparator switch
            {
                Comparator.Equal => KeyComparison.Equal,
                Comparator.Less => KeyComparison.Less,
                Comparator.LessOrEqual => KeyComparison.LessOrEqual,
                Comparator.Greater => KeyComparison.Greater,
                _ => KeyComparison.GreaterOrEqual,
            }),
            BetweenSyntax b => ([b.Value, b.Lower, b.Upper], KeyComparison.Between),
            FunctionConditionSyntax f => (f.Function.Arguments, KeyComparison.BeginsWith),
            _ => throw new InvalidOperationException("Unknown key condition node."),
        };

        string? attribute = null;
        var attributeIndex = 0;
        var arguments = new List<AttributeValue>();
        for (var i = 0; i < operands.Length; i++)
        {
            switch (operands[i])
            {
                case PathOperandSyntax path:
                    if (attribute is not null)
                    {
                        return "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition";
                    }

                    if (path.Path.Elements.Length > 1)
                    {
                        return "KeyConditionExpressions cannot have conditions on nested attributes";
                    }

                    var element = path.Path.Elements[0];
                    attribute = element.IsPlaceholder ? names[element.Name!] : element.Name!;
                    attributeIndex = i;
                    break;
                case FunctionSyntax:
                    return "KeyConditionExpressions cannot contain nested operations";
                case ValueOperandSyntax value:
                    arguments.Add(values[value.Placeholder]);
                    break;
            }
        }

        if (attribute is null)
        {
            return "Invalid condition in KeyConditionExpression: No key attribute specified";
        }

        if (constraints.Any(c => string.Equals(c.AttributeName, attribute, StringComparison.Ordinal)))
        {
            return "KeyConditionExpressions must only contain one condition per key";
        }

        if (attributeIndex != 0)
        {
            comparison = comparison switch
            {
                KeyComparison.Less => KeyComparison.Greater,
                KeyComparison.LessOrEqual => KeyComparison.GreaterOrEqual,
                KeyComparison.Greater => KeyComparison.Less,
                KeyComparison.GreaterOrEqual => KeyComparison.LessOrEqual,
                _ => comparison,
            };
        }

        constraints.Add(new KeyConstraint(attribute, comparison, [.. arguments]));
        return null;
    }
}
