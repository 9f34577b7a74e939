namespace DynamoDbExpressions.Internal;

// The parsed form of an expression, before names and values are resolved: placeholders stay as written,
// so one parse serves every request that uses the same text.

/// <summary>One element of a document path as written: an attribute name, a #placeholder, or a list index.</summary>
internal readonly record struct PathElementSyntax(string? Name, int Index, bool IsPlaceholder)
{
    public bool IsIndex => Name is null;
}

internal sealed class PathSyntax(PathElementSyntax[] elements)
{
    public PathElementSyntax[] Elements { get; } = elements;
}

internal abstract class OperandSyntax
{
    public bool Parenthesized { get; set; }
}

internal sealed class PathOperandSyntax(PathSyntax path) : OperandSyntax
{
    public PathSyntax Path { get; } = path;
}

internal sealed class ValueOperandSyntax(string placeholder) : OperandSyntax
{
    public string Placeholder { get; } = placeholder;
}

internal sealed class FunctionSyntax(string name, OperandSyntax[] arguments) : OperandSyntax
{
    public string Name { get; } = name;

    public OperandSyntax[] Arguments { get; } = arguments;
}

internal sealed class ArithmeticSyntax(bool isPlus, OperandSyntax left, OperandSyntax right) : OperandSyntax
{
    public bool IsPlus { get; } = isPlus;

    public OperandSyntax Left { get; } = left;

    public OperandSyntax Right { get; } = right;
}

internal enum Comparator : byte
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal abstract class ConditionSyntax
{
    public bool Parenthesized { get; set; }
}

internal sealed class ComparisonSyntax(Comparator comparator, OperandSyntax left, OperandSyntax right) : ConditionSyntax
{
    public Comparator Comparator { get; } = comparator;

    public OperandSyntax Left { get; } = left;

    public OperandSyntax Right { get; } = right;
}

internal sealed class BetweenSyntax(OperandSyntax value, OperandSyntax lower, OperandSyntax upper) : ConditionSyntax
{
    public OperandSyntax Value { get; } = value;

    public OperandSyntax Lower { get; } = lower;

    public OperandSyntax Upper { get; } = upper;
}

internal sealed class InSyntax(OperandSyntax value, OperandSyntax[] candidates) : ConditionSyntax
{
    public OperandSyntax Value { get; } = value;

    public OperandSyntax[] Candidates { get; } = candidates;
}

internal sealed class FunctionConditionSyntax(FunctionSyntax function) : ConditionSyntax
{
    public FunctionSyntax Function { get; } = function;
}

internal sealed class LogicalSyntax(bool isAnd, ConditionSyntax left, ConditionSyntax right) : ConditionSyntax
{
    public bool IsAnd { get; } = isAnd;

    public ConditionSyntax Left { get; } = left;

    public ConditionSyntax Right { get; } = right;
}

internal sealed class NotSyntax(ConditionSyntax operand) : ConditionSyntax
{
    public ConditionSyntax Operand { get; } = operand;
}

internal enum UpdateSection : byte
{
    Set,
    Remove,
    Add,
    Delete,
}

internal sealed class UpdateActionSyntax(UpdateSection section, PathSyntax path, OperandSyntax? value)
{
    public UpdateSection Section { get; } = section;

    public PathSyntax Path { get; } = path;

    public OperandSyntax? Value { get; } = value;
}

internal sealed class UpdateSyntax(UpdateActionSyntax[] actions, UpdateSection? repeatedSection)
{
    public UpdateActionSyntax[] Actions { get; } = actions;

    /// <summary>The first section written twice, which DynamoDB rejects after the checks that come before it.</summary>
    public UpdateSection? RepeatedSection { get; } = repeatedSection;
}
