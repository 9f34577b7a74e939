namespace DynamoDbExpressions.Internal;

internal enum ExpressionKind : byte
{
    Condition,
    Filter,
    KeyCondition,
    Projection,
    Update,
}

/// <summary>The outcome of parsing one expression text: its syntax tree, or DynamoDB's syntax error.</summary>
internal sealed class ParsedExpression
{
    public const int MaxExpressionSize = 4096;
    public const int MaxOperators = 300;

    private ParsedExpression(object? syntax, bool redundantParentheses, string? error)
    {
        Syntax = syntax;
        RedundantParentheses = redundantParentheses;
        Error = error;
    }

    public object? Syntax { get; }

    public bool RedundantParentheses { get; }

    /// <summary>The message without the "Invalid XExpression: " prefix, or null.</summary>
    public string? Error { get; }

    public static string ParameterName(ExpressionKind kind) => kind switch
    {
        ExpressionKind.Condition => "ConditionExpression",
        ExpressionKind.Filter => "FilterExpression",
        ExpressionKind.KeyCondition => "KeyConditionExpression",
        ExpressionKind.Projection => "ProjectionExpression",
        _ => "UpdateExpression",
    };

    public static ParsedExpression Parse(ExpressionKind kind, string text)
    {
        if (text.Length == 0)
        {
            return new ParsedExpression(null, false, "The expression can not be empty;");
        }

        var size = System.Text.Encoding.UTF8.GetByteCount(text);
        if (size > MaxExpressionSize)
        {
            return new ParsedExpression(null, false, "Expression size has exceeded the maximum allowed size; expression size: " + size);
        }

        try
        {
            var redundant = false;
            var operators = 0;
            object syntax = kind switch
            {
                ExpressionKind.Projection => Parser.ParseProjection(text),
                ExpressionKind.Update => Parser.ParseUpdate(text, out redundant, out operators),
                _ => Parser.ParseCondition(text, out redundant, out operators),
            };
            if (operators > MaxOperators)
            {
                // DynamoDB stops counting at the first operator past the limit.
                return new ParsedExpression(null, false, "The expression contains too many operators; operator count: " + (MaxOperators + 1));
            }

            return new ParsedExpression(syntax, redundant, null);
        }
        catch (SyntaxErrorException e)
        {
            return new ParsedExpression(null, false, Parser.FormatSyntaxError(text, e.TokenIndex));
        }
    }
}
