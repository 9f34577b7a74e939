namespace DynamoDbExpressions.Internal;

/// <summary>A syntax error at a token; the message is DynamoDB's <c>Syntax error; token: "…", near: "…"</c>.</summary>
internal sealed class SyntaxErrorException(int tokenIndex) : Exception
{
    public int TokenIndex { get; } = tokenIndex;
}

/// <summary>
/// Recursive-descent parser for the five expression kinds, with DynamoDB's precedence
/// (comparisons, IN, BETWEEN and functions bind tightest, then NOT, then AND, then OR).
/// </summary>
internal sealed class Parser
{
    private const int MaxDepth = 4096;

    private readonly string _source;
    private readonly Token[] _tokens;
    private readonly bool _conditionKeywords;
    private readonly bool _updateKeywords;
    private int _position;
    private int _depth;

    private Parser(string source, bool conditionKeywords, bool updateKeywords)
    {
        _source = source;
        _tokens = Lexer.Tokenize(source);
        _conditionKeywords = conditionKeywords;
        _updateKeywords = updateKeywords;
        _position = SkipWhitespace(0);
    }

    /// <summary>Set when a parenthesised expression directly holds another: DynamoDB's "redundant parentheses".</summary>
    public bool RedundantParentheses { get; private set; }

    /// <summary>Comparators, BETWEEN, IN, AND, OR, NOT, + and - (function calls do not count), for DynamoDB's limit of 300.</summary>
    public int OperatorCount { get; private set; }

    public static ConditionSyntax ParseCondition(string source, out bool redundantParentheses, out int operatorCount)
    {
        var parser = new Parser(source, conditionKeywords: true, updateKeywords: false);
        var result = parser.Run(p => p.ParseOr());
        redundantParentheses = parser.RedundantParentheses;
        operatorCount = parser.OperatorCount;
        return result;
    }

    public static UpdateSyntax ParseUpdate(string source, out bool redundantParentheses, out int operatorCount)
    {
        var parser = new Parser(source, conditionKeywords: false, updateKeywords: true);
        var result = parser.Run(p => p.ParseUpdateSections());
        redundantParentheses = parser.RedundantParentheses;
        operatorCount = parser.OperatorCount;
        return result;
    }

    public static PathSyntax[] ParseProjection(string source)
    {
        var parser = new Parser(source, conditionKeywords: false, updateKeywords: false);
        return parser.Run(p => p.ParsePathList());
    }

    /// <summary>DynamoDB's syntax error text for a token: the token, and the tokens around it as written.</summary>
    public static string FormatSyntaxError(string source, int tokenIndex)
    {
        var tokens = Lexer.Tokenize(source);
        var token = tokens[tokenIndex];
        var near = new System.Text.StringBuilder();
        if (tokenIndex >= 1)
        {
            if (tokens[tokenIndex - 1].Kind == TokenKind.Whitespace && tokenIndex >= 2)
            {
                near.Append(tokens[tokenIndex - 2].Text(source));
            }

            near.Append(tokens[tokenIndex - 1].Text(source));
        }

        near.Append(token.Text(source));
        if (token.Kind != TokenKind.End && tokenIndex + 1 < tokens.Length)
        {
            near.Append(tokens[tokenIndex + 1].Text(source));
            if (tokens[tokenIndex + 1].Kind == TokenKind.Whitespace && tokenIndex + 2 < tokens.Length)
            {
                near.Append(tokens[tokenIndex + 2].Text(source));
            }
        }

        var shown = token.Kind == TokenKind.End ? "<EOF>" : token.Text(source);
        return $"Syntax error; token: \"{shown}\", near: \"{near}\"";
    }

    private T Run<T>(Func<Parser, T> parse)
    {
        var result = parse(this);
        if (Current.Kind != TokenKind.End)
        {
            throw Error();
        }

        return result;
    }

    private Token Current => _tokens[_position];

    private SyntaxErrorException Error() => new(_position);

    private int SkipWhitespace(int index)
    {
        while (_tokens[index].Kind == TokenKind.Whitespace)
        {
            index++;
        }

        return index;
    }

    private void Advance() => _position = SkipWhitespace(_position + 1);

    private Token PeekNext() => _tokens[SkipWhitespace(_position + 1)];

    private void Expect(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            throw Error();
        }

        Advance();
    }

    private bool IsKeyword(string keyword) => Current.IsKeyword(_source, keyword);

    private bool IsReservedToken(Token token)
    {
        if (token.Kind != TokenKind.Identifier)
        {
            return false;
        }

        if (_conditionKeywords)
        {
            return token.IsKeyword(_source, "AND") || token.IsKeyword(_source, "OR") || token.IsKeyword(_source, "NOT")
                || token.IsKeyword(_source, "BETWEEN") || token.IsKeyword(_source, "IN");
        }

        return _updateKeywords && IsSectionKeyword(token) is not null;
    }

    private UpdateSection? IsSectionKeyword(Token token)
    {
        if (token.IsKeyword(_source, "SET"))
        {
            return UpdateSection.Set;
        }

        if (token.IsKeyword(_source, "REMOVE"))
        {
            return UpdateSection.Remove;
        }

        if (token.IsKeyword(_source, "ADD"))
        {
            return UpdateSection.Add;
        }

        return token.IsKeyword(_source, "DELETE") ? UpdateSection.Delete : null;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error();
        }
    }

    private void Leave() => _depth--;

    // Conditions

    private ConditionSyntax ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword("OR"))
        {
            Advance();
            var right = ParseAnd();
            OperatorCount++;
            left = new LogicalSyntax(isAnd: false, left, right);
        }

        return left;
    }

    private ConditionSyntax ParseAnd()
    {
        var left = ParseNot();
        while (IsKeyword("AND"))
        {
            Advance();
            var right = ParseNot();
            OperatorCount++;
            left = new LogicalSyntax(isAnd: true, left, right);
        }

        return left;
    }

    private ConditionSyntax ParseNot()
    {
        if (IsKeyword("NOT"))
        {
            Advance();
            Enter();
            var operand = ParseNot();
            Leave();
            OperatorCount++;
            return new NotSyntax(operand);
        }

        return ParsePrimaryCondition();
    }

    private ConditionSyntax ParsePrimaryCondition()
    {
        if (Current.Kind != TokenKind.OpenParen)
        {
            return ParseSimpleCondition();
        }

        // "(" may open a condition or an operand: try the condition first, then the operand, and report
        // the error that got furthest when neither parses.
        var start = _position;
        var depth = _depth;
        var redundant = RedundantParentheses;
        var operators = OperatorCount;
        SyntaxErrorException first;
        try
        {
            Enter();
            Advance();
            var inner = ParseOr();
            Expect(TokenKind.CloseParen);
            Leave();
            if (inner.Parenthesized)
            {
                RedundantParentheses = true;
            }

            inner.Parenthesized = true;
            return inner;
        }
        catch (SyntaxErrorException e)
        {
            first = e;
            _depth = depth;
        }

        _position = start;
        RedundantParentheses = redundant;
        OperatorCount = operators;
        try
        {
            return ParseSimpleCondition();
        }
        catch (SyntaxErrorException second)
        {
            throw second.TokenIndex >= first.TokenIndex ? second : first;
        }
    }

    private ConditionSyntax ParseSimpleCondition()
    {
        var left = ParseOperand();
        switch (Current.Kind)
        {
            case TokenKind.Equal:
            case TokenKind.NotEqual:
            case TokenKind.Less:
            case TokenKind.LessOrEqual:
            case TokenKind.Greater:
            case TokenKind.GreaterOrEqual:
                {
                    var comparator = Current.Kind switch
                    {
                        TokenKind.Equal => Comparator.Equal,
                        TokenKind.NotEqual => Comparator.NotEqual,
                        TokenKind.Less => Comparator.Less,
                        TokenKind.LessOrEqual => Comparator.LessOrEqual,
                        TokenKind.Greater => Comparator.Greater,
                        _ => Comparator.GreaterOrEqual,
                    };
                    Advance();
                    var right = ParseOperand();
                    OperatorCount++;
                    return new ComparisonSyntax(comparator, left, right);
                }
        }

        if (IsKeyword("BETWEEN"))
        {
            Advance();
            var lower = ParseOperand();
            if (!IsKeyword("AND"))
            {
                throw Error();
            }

            Advance();
            var upper = ParseOperand();
            OperatorCount++;
            return new BetweenSyntax(left, lower, upper);
        }

        if (IsKeyword("IN"))
        {
            Advance();
            Expect(TokenKind.OpenParen);
            var candidates = new List<OperandSyntax> { ParseOperand() };
            while (Current.Kind == TokenKind.Comma)
            {
                Advance();
                candidates.Add(ParseOperand());
            }

            Expect(TokenKind.CloseParen);
            OperatorCount++;
            return new InSyntax(left, [.. candidates]);
        }

        if (left is FunctionSyntax function && !left.Parenthesized)
        {
            return new FunctionConditionSyntax(function);
        }

        throw Error();
    }

    // Operands

    private OperandSyntax ParseOperand()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.OpenParen:
                {
                    Enter();
                    Advance();
                    var inner = ParseOperand();
                    Expect(TokenKind.CloseParen);
                    Leave();
                    if (inner.Parenthesized)
                    {
                        RedundantParentheses = true;
                    }

                    inner.Parenthesized = true;
                    return inner;
                }

            case TokenKind.ValuePlaceholder:
                Advance();
                return new ValueOperandSyntax(token.Text(_source));
            case TokenKind.Identifier when !IsReservedToken(token) && PeekNext().Kind == TokenKind.OpenParen:
                return ParseFunction();
            default:
                return new PathOperandSyntax(ParsePath());
        }
    }

    private FunctionSyntax ParseFunction()
    {
        var name = Current.Text(_source);
        Advance();
        Expect(TokenKind.OpenParen);
        Enter();
        var arguments = new List<OperandSyntax> { ParseOperand() };
        while (Current.Kind == TokenKind.Comma)
        {
            Advance();
            arguments.Add(ParseOperand());
        }

        Expect(TokenKind.CloseParen);
        Leave();
        return new FunctionSyntax(name, [.. arguments]);
    }

    private PathSyntax ParsePath()
    {
        var elements = new List<PathElementSyntax> { ParsePathName() };
        while (true)
        {
            if (Current.Kind == TokenKind.Dot)
            {
                Advance();
                elements.Add(ParsePathName());
            }
            else if (Current.Kind == TokenKind.OpenBracket)
            {
                Advance();
                if (Current.Kind != TokenKind.Number || !int.TryParse(_source.AsSpan(Current.Start, Current.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    throw Error();
                }

                Advance();
                Expect(TokenKind.CloseBracket);
                elements.Add(new PathElementSyntax(null, index, IsPlaceholder: false));
            }
            else
            {
                return new PathSyntax([.. elements]);
            }
        }
    }

    private PathElementSyntax ParsePathName()
    {
        var token = Current;
        if (token.Kind == TokenKind.NamePlaceholder)
        {
            Advance();
            return new PathElementSyntax(token.Text(_source), 0, IsPlaceholder: true);
        }

        if (token.Kind == TokenKind.Identifier && !IsReservedToken(token))
        {
            Advance();
            return new PathElementSyntax(token.Text(_source), 0, IsPlaceholder: false);
        }

        throw Error();
    }

    // Projection

    private PathSyntax[] ParsePathList()
    {
        var paths = new List<PathSyntax> { ParsePath() };
        while (Current.Kind == TokenKind.Comma)
        {
            Advance();
            paths.Add(ParsePath());
        }

        return [.. paths];
    }

    // Update

    private UpdateSyntax ParseUpdateSections()
    {
        var actions = new List<UpdateActionSyntax>();
        var seen = new HashSet<UpdateSection>();
        UpdateSection? repeated = null;
        do
        {
            var section = IsSectionKeyword(Current) ?? throw Error();
            if (!seen.Add(section))
            {
                repeated ??= section;
            }

            Advance();
            do
            {
                actions.Add(ParseUpdateAction(section));
                if (Current.Kind != TokenKind.Comma)
                {
                    break;
                }

                Advance();
            }
            while (true);
        }
        while (Current.Kind != TokenKind.End);

        return new UpdateSyntax([.. actions], repeated);
    }

    private UpdateActionSyntax ParseUpdateAction(UpdateSection section)
    {
        var path = ParsePath();
        switch (section)
        {
            case UpdateSection.Set:
                Expect(TokenKind.Equal);
                return new UpdateActionSyntax(section, path, ParseSetValue());
            case UpdateSection.Remove:
                return new UpdateActionSyntax(section, path, null);
            default:
                {
                    var token = Current;
                    if (token.Kind != TokenKind.ValuePlaceholder)
                    {
                        throw Error();
                    }

                    Advance();
                    return new UpdateActionSyntax(section, path, new ValueOperandSyntax(token.Text(_source)));
                }
        }
    }

    private OperandSyntax ParseSetValue()
    {
        if (Current.Kind == TokenKind.OpenParen)
        {
            var start = _position;
            var redundant = RedundantParentheses;
            var operators = OperatorCount;
            SyntaxErrorException first;
            try
            {
                Advance();
                var inner = ParseArithmetic();
                Expect(TokenKind.CloseParen);
                if (inner is ArithmeticSyntax)
                {
                    inner.Parenthesized = true;
                    return inner;
                }

                throw Error();
            }
            catch (SyntaxErrorException e)
            {
                first = e;
            }

            _position = start;
            RedundantParentheses = redundant;
            OperatorCount = operators;
            try
            {
                return ParseArithmetic();
            }
            catch (SyntaxErrorException second)
            {
                throw second.TokenIndex >= first.TokenIndex ? second : first;
            }
        }

        return ParseArithmetic();
    }

    private OperandSyntax ParseArithmetic()
    {
        var left = ParseOperand();
        if (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var isPlus = Current.Kind == TokenKind.Plus;
            Advance();
            var right = ParseOperand();
            OperatorCount++;
            return new ArithmeticSyntax(isPlus, left, right);
        }

        return left;
    }
}
