namespace DynamoDbExpressions.Internal;

/// <summary>
/// Validates parsed expressions against a request's ExpressionAttributeNames and ExpressionAttributeValues
/// and resolves them. DynamoDB reports one error per expression, choosing by category (redundant
/// parentheses before unknown functions before reserved words, and so on); each category keeps the first
/// occurrence in the text, so the walk records every category and the priority picks the message.
/// </summary>
internal sealed class Binder
{
    private const int MaxInOperands = 100;
    private const string UnknownType = "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";
    private const string ValidTypes = "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}";

    private readonly IReadOnlyDictionary<string, string> _names;
    private readonly IReadOnlyDictionary<string, AttributeValue> _values;
    private readonly HashSet<string> _usedNames;
    private readonly HashSet<string> _usedValues;
    private readonly string?[] _errors = new string?[(int)ErrorCategory.Count];
    private readonly string?[] _leafErrors = new string?[LeafOrder.Length];
    private bool _update;
    private bool _inLeaf;

    /// <summary>The top-level attribute of every document path bound so far, in binding order.</summary>
    public List<string> PathAttributes { get; } = [];

    public Binder(IReadOnlyDictionary<string, string> names, IReadOnlyDictionary<string, AttributeValue> values, HashSet<string> usedNames, HashSet<string> usedValues)
    {
        _names = names;
        _values = values;
        _usedNames = usedNames;
        _usedValues = usedValues;
    }

    private enum ErrorCategory
    {
        Parentheses,
        UnknownFunction,
        MisusedFunction,
        Reserved,
        Section,
        Name,
        Value,
        NameOrValue,
        PathOverlap,
        PathConflict,
        UpdateOperand,
        OperandCount,
        Distinct,
        FunctionType,
        Leaf,
        Count,
    }

    private static readonly ErrorCategory[] ConditionOrder =
    [
        ErrorCategory.Parentheses, ErrorCategory.UnknownFunction, ErrorCategory.MisusedFunction, ErrorCategory.Reserved,
        ErrorCategory.Leaf,
    ];

    // Within one comparison or function of a condition, the order DynamoDB checks in; across them, text order.
    private static readonly ErrorCategory[] LeafOrder =
    [
        ErrorCategory.NameOrValue, ErrorCategory.OperandCount, ErrorCategory.Distinct, ErrorCategory.FunctionType,
    ];

    private static readonly ErrorCategory[] UpdateOrder =
    [
        ErrorCategory.Parentheses, ErrorCategory.Reserved, ErrorCategory.UnknownFunction, ErrorCategory.MisusedFunction,
        ErrorCategory.Section, ErrorCategory.Name, ErrorCategory.Value, ErrorCategory.PathOverlap, ErrorCategory.PathConflict,
        ErrorCategory.UpdateOperand, ErrorCategory.OperandCount, ErrorCategory.FunctionType,
    ];

    private static readonly ErrorCategory[] ProjectionOrder =
    [
        ErrorCategory.Reserved, ErrorCategory.Name, ErrorCategory.PathOverlap, ErrorCategory.PathConflict,
    ];

    /// <summary>Binds a condition (ConditionExpression, FilterExpression or KeyConditionExpression); returns the error text or null.</summary>
    public string? BindCondition(ConditionSyntax syntax, bool redundantParentheses, out BoundCondition? bound)
    {
        Array.Clear(_errors);
        _update = false;
        _inLeaf = false;
        if (redundantParentheses)
        {
            Record(ErrorCategory.Parentheses, "The expression has redundant parentheses;");
        }

        bound = BindConditionNode(syntax);
        var error = FirstError(ConditionOrder);
        if (error is not null)
        {
            bound = null;
        }

        return error;
    }

    public string? BindUpdate(UpdateSyntax syntax, bool redundantParentheses, out List<BoundUpdateAction>? actions)
    {
        Array.Clear(_errors);
        _update = true;
        if (redundantParentheses)
        {
            Record(ErrorCategory.Parentheses, "The expression has redundant parentheses;");
        }

        actions = new List<BoundUpdateAction>(syntax.Actions.Length);
        var paths = new List<DocumentPath>();
        foreach (var action in syntax.Actions)
        {
            var path = BindPath(action.Path);
            BoundOperand? value = null;
            AttributeValueType? valueType = null;
            switch (action.Section)
            {
                case UpdateSection.Set:
                    value = BindOperand(action.Value!, out valueType);
                    break;
                case UpdateSection.Add:
                case UpdateSection.Delete:
                    value = BindOperand(action.Value!, out valueType);
                    CheckAddDelete(action.Section, valueType);
                    break;
            }

            if (syntax.RepeatedSection is { } repeated && ReferenceEquals(action, syntax.Actions[^1]))
            {
                Record(ErrorCategory.Section, $"The \"{SectionName(repeated)}\" section can only be used once in an update expression;");
            }

            if (path is not null)
            {
                CheckOverlap(paths, path);
                paths.Add(path);
            }

            if (path is not null)
            {
                actions.Add(new BoundUpdateAction(action.Section, path, value));
            }
        }

        var error = FirstError(UpdateOrder);
        if (error is not null)
        {
            actions = null;
        }

        return error;
    }

    public string? BindProjection(PathSyntax[] syntax, out List<DocumentPath>? paths)
    {
        Array.Clear(_errors);
        _update = false;
        paths = new List<DocumentPath>(syntax.Length);
        foreach (var pathSyntax in syntax)
        {
            var path = BindPath(pathSyntax);
            if (path is not null)
            {
                CheckOverlap(paths, path);
                paths.Add(path);
            }
        }

        var error = FirstError(ProjectionOrder);
        if (error is not null)
        {
            paths = null;
        }

        return error;
    }

    private string? FirstError(ErrorCategory[] order)
    {
        foreach (var category in order)
        {
            if (_errors[(int)category] is { } message)
            {
                return message;
            }
        }

        return null;
    }

    private void Record(ErrorCategory category, string message)
    {
        if (_inLeaf && Array.IndexOf(LeafOrder, category) is var leafIndex and >= 0)
        {
            _leafErrors[leafIndex] ??= message;
            return;
        }

        _errors[(int)category] ??= message;
    }

    private void BeginLeaf()
    {
        Array.Clear(_leafErrors);
        _inLeaf = true;
    }

    private BoundCondition EndLeaf(BoundCondition bound)
    {
        _inLeaf = false;
        foreach (var message in _leafErrors)
        {
            if (message is not null)
            {
                _errors[(int)ErrorCategory.Leaf] ??= message;
                break;
            }
        }

        return bound;
    }

    private static string SectionName(UpdateSection section) => section switch
    {
        UpdateSection.Set => "SET",
        UpdateSection.Remove => "REMOVE",
        UpdateSection.Add => "ADD",
        _ => "DELETE",
    };

    private BoundCondition BindConditionNode(ConditionSyntax syntax)
    {
        switch (syntax)
        {
            case LogicalSyntax logical:
                return new BoundLogical(logical.IsAnd, BindConditionNode(logical.Left), BindConditionNode(logical.Right));
            case NotSyntax not:
                return new BoundNot(BindConditionNode(not.Operand));
            case ComparisonSyntax comparison:
                BeginLeaf();
                return EndLeaf(BindComparison(comparison));
            case BetweenSyntax between:
                BeginLeaf();
                return EndLeaf(BindBetween(between));
            case InSyntax inSyntax:
                BeginLeaf();
                return EndLeaf(BindIn(inSyntax));
            case FunctionConditionSyntax functionCondition:
                BeginLeaf();
                return EndLeaf(BindConditionFunction(functionCondition.Function));
            default:
                throw new InvalidOperationException("Unknown condition node.");
        }
    }

    private BoundComparison BindComparison(ComparisonSyntax comparison)
    {
        CheckNotConditionFunction(comparison.Left);
        CheckNotConditionFunction(comparison.Right);
        var left = BindOperand(comparison.Left, out var leftType);
        var right = BindOperand(comparison.Right, out var rightType);
        CheckDistinct(ComparatorText(comparison.Comparator), left, right);
        if (comparison.Comparator is not (Comparator.Equal or Comparator.NotEqual))
        {
            CheckOrderable(ComparatorText(comparison.Comparator), leftType);
            CheckOrderable(ComparatorText(comparison.Comparator), rightType);
        }

        return new BoundComparison(comparison.Comparator, left, right);
    }

    private BoundBetween BindBetween(BetweenSyntax between)
    {
        CheckNotConditionFunction(between.Value);
        CheckNotConditionFunction(between.Lower);
        CheckNotConditionFunction(between.Upper);
        var value = BindOperand(between.Value, out var valueType);
        var lower = BindOperand(between.Lower, out var lowerType);
        var upper = BindOperand(between.Upper, out var upperType);
        CheckOrderable("BETWEEN", valueType);
        CheckOrderable("BETWEEN", lowerType);
        CheckOrderable("BETWEEN", upperType);
        CheckBetweenBounds(lower, upper);
        return new BoundBetween(value, lower, upper);
    }

    private BoundIn BindIn(InSyntax inSyntax)
    {
        CheckNotConditionFunction(inSyntax.Value);
        foreach (var candidate in inSyntax.Candidates)
        {
            CheckNotConditionFunction(candidate);
        }

        var value = BindOperand(inSyntax.Value, out _);
        var candidates = inSyntax.Candidates.Select(c => BindOperand(c, out _)).ToArray();
        if (candidates.Length > MaxInOperands)
        {
            Record(ErrorCategory.OperandCount, "The IN operator is provided with too many operands; number of operands: " + candidates.Length);
        }

        return new BoundIn(value, candidates);
    }

    private static string ComparatorText(Comparator comparator) => comparator switch
    {
        Comparator.Equal => "=",
        Comparator.NotEqual => "<>",
        Comparator.Less => "<",
        Comparator.LessOrEqual => "<=",
        Comparator.Greater => ">",
        _ => ">=",
    };

    private static bool IsConditionFunction(string name) =>
        name is "attribute_exists" or "attribute_not_exists" or "attribute_type" or "begins_with" or "contains";

    private static bool IsUpdateFunction(string name) => name is "if_not_exists" or "list_append";

    /// <summary>A boolean function used where a value is needed ("attribute_exists(a) = :v").</summary>
    private void CheckNotConditionFunction(OperandSyntax operand)
    {
        if (operand is FunctionSyntax function && IsConditionFunction(function.Name))
        {
            Record(ErrorCategory.MisusedFunction, "The function is not allowed to be used this way in an expression; function: " + function.Name);
        }
    }

    private BoundCondition BindConditionFunction(FunctionSyntax function)
    {
        if (function.Name == "size" || IsUpdateFunction(function.Name))
        {
            Record(ErrorCategory.MisusedFunction, "The function is not allowed to be used this way in an expression; function: " + function.Name);
            BindOperand(function, out _);
            return Placeholder();
        }

        if (!IsConditionFunction(function.Name))
        {
            Record(ErrorCategory.UnknownFunction, "Invalid function name; function: " + function.Name);
        }

        foreach (var argument in function.Arguments)
        {
            CheckNotConditionFunction(argument);
        }

        var arguments = new BoundOperand[function.Arguments.Length];
        var types = new AttributeValueType?[function.Arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = BindOperand(function.Arguments[i], out types[i]);
        }

        var expected = function.Name switch
        {
            "attribute_exists" or "attribute_not_exists" => 1,
            "attribute_type" or "begins_with" or "contains" => 2,
            _ => arguments.Length,
        };
        if (arguments.Length != expected)
        {
            Record(ErrorCategory.OperandCount, $"Incorrect number of operands for operator or function; operator or function: {function.Name}, number of operands: {arguments.Length}");
            return Placeholder();
        }

        if (expected == 2)
        {
            CheckDistinct(function.Name, arguments[0], arguments[1]);
        }

        switch (function.Name)
        {
            case "attribute_exists":
            case "attribute_not_exists":
                if (arguments[0] is not BoundPath path)
                {
                    Record(ErrorCategory.FunctionType, "Operator or function requires a document path; operator or function: " + function.Name);
                    return Placeholder();
                }

                return new BoundExists(path, function.Name == "attribute_exists");
            case "attribute_type":
                {
                    var type = types[1];
                    if (type != AttributeValueType.S)
                    {
                        Record(ErrorCategory.FunctionType, $"Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {(type is null ? UnknownType : type.ToString())}");
                    }
                    else if (arguments[1] is BoundConstant { Value.S: var name } && !IsTypeName(name))
                    {
                        Record(ErrorCategory.FunctionType, $"Invalid attribute type name found; type: {name}, valid types: {ValidTypes}");
                    }

                    return new BoundAttributeType(arguments[0], arguments[1]);
                }

            case "begins_with":
                for (var i = 0; i < 2; i++)
                {
                    if (types[i] is { } type && type is not (AttributeValueType.S or AttributeValueType.B))
                    {
                        Record(ErrorCategory.FunctionType, $"Incorrect operand type for operator or function; operator or function: begins_with, operand type: {type}");
                        break;
                    }
                }

                return new BoundBeginsWith(arguments[0], arguments[1]);
            case "contains":
                return new BoundContains(arguments[0], arguments[1]);
            default:
                return Placeholder();
        }
    }

    private static bool IsTypeName(string name) =>
        name is "S" or "N" or "B" or "BOOL" or "NULL" or "M" or "L" or "SS" or "NS" or "BS";

    /// <summary>Stands in for a node that failed validation; the bound tree is discarded whenever an error was recorded.</summary>
    private static BoundFalse Placeholder() => BoundFalse.Instance;

    /// <summary>Binds an operand; <paramref name="knownType"/> is its type when the request alone fixes it (a value, or size()).</summary>
    private BoundOperand BindOperand(OperandSyntax syntax, out AttributeValueType? knownType)
    {
        knownType = null;
        switch (syntax)
        {
            case PathOperandSyntax pathOperand:
                {
                    var path = BindPath(pathOperand.Path);
                    return path is null ? new BoundConstant(AttributeValue.Null) : new BoundPath(path);
                }

            case ValueOperandSyntax valueOperand:
                {
                    var value = ResolveValue(valueOperand.Placeholder);
                    if (value is null)
                    {
                        return new BoundConstant(AttributeValue.Null);
                    }

                    knownType = value.Type;
                    return new BoundConstant(value);
                }

            case ArithmeticSyntax arithmetic:
                {
                    var op = arithmetic.IsPlus ? "+" : "-";
                    var left = BindOperand(arithmetic.Left, out var leftType);
                    var right = BindOperand(arithmetic.Right, out var rightType);
                    // Only values written in the request are checked here; computed operands fail when applied.
                    if (!CheckNumberOperand(op, left, leftType))
                    {
                        CheckNumberOperand(op, right, rightType);
                    }

                    knownType = AttributeValueType.N;
                    return new BoundArithmetic(arithmetic.IsPlus, left, right);
                }

            case FunctionSyntax function:
                return BindValueFunction(function, out knownType);
            default:
                throw new InvalidOperationException("Unknown operand node.");
        }
    }

    private BoundOperand BindValueFunction(FunctionSyntax function, out AttributeValueType? knownType)
    {
        knownType = null;
        var known = _update ? IsUpdateFunction(function.Name) : function.Name == "size";
        if (!known)
        {
            if (_update || !(IsConditionFunction(function.Name) || IsUpdateFunction(function.Name)))
            {
                Record(ErrorCategory.UnknownFunction, "Invalid function name; function: " + function.Name);
            }
            else
            {
                Record(ErrorCategory.MisusedFunction, "The function is not allowed to be used this way in an expression; function: " + function.Name);
            }
        }

        var arguments = new BoundOperand[function.Arguments.Length];
        var types = new AttributeValueType?[function.Arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (!_update)
            {
                CheckNotConditionFunction(function.Arguments[i]);
            }
            else if (function.Name == "list_append" && function.Arguments[i] is FunctionSyntax { Name: "list_append" })
            {
                // DynamoDB parses list_append(list_append(...), ...) but refuses it.
                Record(ErrorCategory.MisusedFunction, "The function is not allowed to be used this way in an expression; function: list_append");
            }

            arguments[i] = BindOperand(function.Arguments[i], out types[i]);
        }

        if (!known)
        {
            return new BoundConstant(AttributeValue.Null);
        }

        var expected = function.Name == "size" ? 1 : 2;
        if (arguments.Length != expected)
        {
            Record(ErrorCategory.OperandCount, $"Incorrect number of operands for operator or function; operator or function: {function.Name}, number of operands: {arguments.Length}");
            return new BoundConstant(AttributeValue.Null);
        }

        switch (function.Name)
        {
            case "size":
                if (types[0] is AttributeValueType.N or AttributeValueType.BOOL or AttributeValueType.NULL)
                {
                    Record(ErrorCategory.FunctionType, $"Incorrect operand type for operator or function; operator or function: size, operand type: {types[0]}");
                }

                knownType = AttributeValueType.N;
                return new BoundSize(arguments[0]);
            case "if_not_exists":
                if (arguments[0] is not BoundPath path)
                {
                    Record(ErrorCategory.FunctionType, "Operator or function requires a document path; operator or function: if_not_exists");
                    return new BoundConstant(AttributeValue.Null);
                }

                knownType = types[1];
                return new BoundIfNotExists(path, arguments[1]);
            default:
                for (var i = 0; i < 2; i++)
                {
                    if (types[i] is { } t && t != AttributeValueType.L && arguments[i] is BoundConstant)
                    {
                        Record(ErrorCategory.FunctionType, $"Incorrect operand type for operator or function; operator or function: list_append, operand type: {t}");
                        break;
                    }
                }

                knownType = AttributeValueType.L;
                return new BoundListAppend(arguments[0], arguments[1]);
        }
    }

    private bool CheckNumberOperand(string operatorName, BoundOperand operand, AttributeValueType? type)
    {
        if (operand is BoundConstant && type is { } t && t != AttributeValueType.N)
        {
            Record(ErrorCategory.FunctionType, $"Incorrect operand type for operator or function; operator or function: {operatorName}, operand type: {t}");
            return true;
        }

        return false;
    }

    private DocumentPath? BindPath(PathSyntax syntax)
    {
        var elements = new PathElement[syntax.Elements.Length];
        var resolved = true;
        for (var i = 0; i < elements.Length; i++)
        {
            var element = syntax.Elements[i];
            if (element.IsIndex)
            {
                elements[i] = PathElement.ListIndex(element.Index);
            }
            else if (element.IsPlaceholder)
            {
                if (_names.TryGetValue(element.Name!, out var name))
                {
                    _usedNames.Add(element.Name!);
                    elements[i] = PathElement.Attribute(name);
                }
                else
                {
                    RecordNameValue(isName: true, "An expression attribute name used in the document path is not defined; attribute name: " + element.Name);
                    resolved = false;
                }
            }
            else
            {
                if (ReservedWords.Contains(element.Name!))
                {
                    Record(ErrorCategory.Reserved, "Attribute name is a reserved keyword; reserved keyword: " + element.Name);
                }

                elements[i] = PathElement.Attribute(element.Name!);
            }
        }

        if (!resolved)
        {
            return null;
        }

        var path = new DocumentPath(elements, owned: true);
        PathAttributes.Add(path.AttributeName);
        return path;
    }

    private AttributeValue? ResolveValue(string placeholder)
    {
        if (_values.TryGetValue(placeholder, out var value))
        {
            _usedValues.Add(placeholder);
            return value;
        }

        RecordNameValue(isName: false, "An expression attribute value used in expression is not defined; attribute value: " + placeholder);
        return null;
    }

    private void RecordNameValue(bool isName, string message)
    {
        Record(ErrorCategory.NameOrValue, message);
        Record(isName ? ErrorCategory.Name : ErrorCategory.Value, message);
    }

    private void CheckDistinct(string operatorName, BoundOperand left, BoundOperand right)
    {
        if (left is BoundPath a && right is BoundPath b && a.Path.Equals(b.Path))
        {
            Record(ErrorCategory.Distinct, $"The first operand must be distinct from the remaining operands for this operator or function; operator: {operatorName}, first operand: {a.Path.ToMessageString()}");
        }
    }

    private void CheckOrderable(string operatorName, AttributeValueType? type)
    {
        if (type is { } t && t is not (AttributeValueType.S or AttributeValueType.N or AttributeValueType.B))
        {
            Record(ErrorCategory.FunctionType, $"Incorrect operand type for operator or function; operator or function: {operatorName}, operand type: {t}");
        }
    }

    private void CheckBetweenBounds(BoundOperand lower, BoundOperand upper)
    {
        if (lower is not BoundConstant { Value: var low } || upper is not BoundConstant { Value: var high } || low.Type == AttributeValueType.NULL && high.Type == AttributeValueType.NULL)
        {
            return;
        }

        if (low.Type != high.Type)
        {
            Record(ErrorCategory.FunctionType, $"The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {{{low.Type}:{Show(low)}}}, upper bound operand: AttributeValue: {{{high.Type}:{Show(high)}}}");
        }
        else if (Conditions.TryCompareScalars(low, high, out var order) && order > 0)
        {
            Record(ErrorCategory.FunctionType, $"The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {{{low.Type}:{Show(low)}}}, upper bound operand: AttributeValue: {{{high.Type}:{Show(high)}}}");
        }
    }

    private static string Show(AttributeValue value) => value.Type switch
    {
        AttributeValueType.S => value.S,
        AttributeValueType.N => value.N.ToString(),
        AttributeValueType.B => Convert.ToBase64String(value.BinaryArray),
        AttributeValueType.BOOL => value.BOOL ? "true" : "false",
        AttributeValueType.NULL => "true",
        _ => AttributeValueJson.Serialize(value),
    };

    private void CheckAddDelete(UpdateSection section, AttributeValueType? type)
    {
        if (type is not { } t)
        {
            return;
        }

        var name = t switch
        {
            AttributeValueType.S => "STRING",
            AttributeValueType.N => "NUMBER",
            AttributeValueType.B => "BINARY",
            AttributeValueType.NULL => "NULL",
            AttributeValueType.BOOL => "BOOLEAN",
            AttributeValueType.L => "LIST",
            AttributeValueType.M => "MAP",
            _ => null,
        };
        if (name is not null && !(section == UpdateSection.Add && t == AttributeValueType.N))
        {
            Record(ErrorCategory.UpdateOperand, $"Incorrect operand type for operator or function; operator: {SectionName(section)}, operand type: {name}");
        }
    }

    private void CheckOverlap(List<DocumentPath> earlier, DocumentPath path)
    {
        foreach (var other in earlier)
        {
            var a = other.ElementArray;
            var b = path.ElementArray;
            var length = Math.Min(a.Length, b.Length);
            var differs = false;
            for (var i = 0; i < length; i++)
            {
                if (a[i].IsIndex != b[i].IsIndex)
                {
                    Record(ErrorCategory.PathConflict, $"Two document paths conflict with each other; must remove or rewrite one of these paths; path one: {other.ToMessageString()}, path two: {path.ToMessageString()}");
                    differs = true;
                    break;
                }

                if (a[i] != b[i])
                {
                    differs = true;
                    break;
                }
            }

            if (!differs)
            {
                Record(ErrorCategory.PathOverlap, $"Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {other.ToMessageString()}, path two: {path.ToMessageString()}");
                return;
            }
        }
    }
}

internal sealed record BoundUpdateAction(UpdateSection Section, DocumentPath Path, BoundOperand? Value);
