using DynamoDbExpressions.Internal;

namespace DynamoDbExpressions.Tests;

public sealed class LexerAndParserTests
{
    [Fact]
    public void Tokenize_KeepsWhitespaceAndCombinesComparators()
    {
        const string Source = "a.b[10] <> :v AND  #n<=x";
        var tokens = Lexer.Tokenize(Source);
        Assert.Equal(
            [
                TokenKind.Identifier, TokenKind.Dot, TokenKind.Identifier, TokenKind.OpenBracket, TokenKind.Number, TokenKind.CloseBracket,
                TokenKind.Whitespace, TokenKind.NotEqual, TokenKind.Whitespace, TokenKind.ValuePlaceholder, TokenKind.Whitespace,
                TokenKind.Identifier, TokenKind.Whitespace, TokenKind.NamePlaceholder, TokenKind.LessOrEqual, TokenKind.Identifier, TokenKind.End,
            ],
            tokens.Select(t => t.Kind));
        Assert.Equal("  ", tokens[12].Text(Source));
    }

    [Theory]
    [InlineData("!", "Illegal")]
    [InlineData("#", "Illegal")]
    [InlineData(":", "Illegal")]
    [InlineData("1abc", "Number")]
    [InlineData("_x1", "Illegal")]
    [InlineData("x_1", "Identifier")]
    public void Tokenize_OddInput_HasItsOwnKind(string source, string kind) => Assert.Equal(kind, Lexer.Tokenize(source)[0].Kind.ToString());

    [Fact]
    public void ParseCondition_AndBindsTighterThanOr()
    {
        var syntax = Parser.ParseCondition("a = :x OR b = :y AND c = :z", out _, out var operators);
        var or = Assert.IsType<LogicalSyntax>(syntax);
        Assert.False(or.IsAnd);
        Assert.True(Assert.IsType<LogicalSyntax>(or.Right).IsAnd);
        Assert.Equal(5, operators);
    }

    [Fact]
    public void ParseCondition_FunctionAloneIsACondition()
    {
        var syntax = Parser.ParseCondition("NOT attribute_exists (a.b[2])", out _, out _);
        var function = Assert.IsType<FunctionConditionSyntax>(Assert.IsType<NotSyntax>(syntax).Operand).Function;
        var path = Assert.IsType<PathOperandSyntax>(Assert.Single(function.Arguments)).Path;
        Assert.Equal([new PathElementSyntax("a", 0, false), new PathElementSyntax("b", 0, false), new PathElementSyntax(null, 2, false)], path.Elements);
    }

    [Theory]
    [InlineData("((a = :v))", true)]
    [InlineData("(a = :v)", false)]
    [InlineData("((a) = :v)", false)]
    [InlineData("(((a)) = :v)", true)]
    [InlineData("((a = :v) AND b = :v)", false)]
    public void ParseCondition_FlagsRedundantParentheses(string source, bool redundant)
    {
        Parser.ParseCondition(source, out var flagged, out _);
        Assert.Equal(redundant, flagged);
    }

    [Fact]
    public void ParseUpdate_RecordsTheFirstRepeatedSection()
    {
        var syntax = Parser.ParseUpdate("SET a = :v REMOVE b SET c = :v ADD d :n REMOVE e", out _, out _);
        Assert.Equal(UpdateSection.Set, syntax.RepeatedSection);
        Assert.Equal(5, syntax.Actions.Length);
    }

    [Theory]
    [InlineData("a = ", 4)]
    [InlineData("a IN ()", 5)]
    public void ParseCondition_SyntaxErrorAtToken(string source, int tokenIndex) =>
        Assert.Equal(tokenIndex, Assert.Throws<SyntaxErrorException>(() => Parser.ParseCondition(source, out _, out _)).TokenIndex);
}
