namespace DynamoDbExpressions.Internal;

internal enum TokenKind : byte
{
    Whitespace,
    Identifier,
    Number,
    NamePlaceholder,
    ValuePlaceholder,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Comma,
    Dot,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Plus,
    Minus,
    Illegal,
    End,
}

internal readonly record struct Token(TokenKind Kind, int Start, int Length)
{
    public string Text(string source) => Kind == TokenKind.End ? string.Empty : source.Substring(Start, Length);

    public bool IsKeyword(string source, string keyword) =>
        Kind == TokenKind.Identifier && Length == keyword.Length && source.AsSpan(Start, Length).Equals(keyword, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Splits an expression into tokens, whitespace included, because DynamoDB's syntax errors quote the
/// neighbouring tokens ("near") exactly as written.
/// </summary>
internal static class Lexer
{
    public static Token[] Tokenize(string source)
    {
        var tokens = new List<Token>(source.Length / 2 + 1);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            var start = i;
            if (IsWhitespace(c))
            {
                while (i < source.Length && IsWhitespace(source[i]))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Whitespace, start, i - start));
                continue;
            }

            // Names start with a letter; digits make a number token of their own, and a leading underscore
            // is a token by itself (DynamoDB: token "_", near "SET _123").
            if (c is >= '0' and <= '9')
            {
                while (i < source.Length && source[i] is >= '0' and <= '9')
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, start, i - start));
                continue;
            }

            if (char.IsAsciiLetter(c))
            {
                while (i < source.Length && IsWordChar(source[i]))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, start, i - start));
                continue;
            }

            if (c is '#' or ':')
            {
                i++;
                while (i < source.Length && IsWordChar(source[i]))
                {
                    i++;
                }

                var kind = i - start == 1 ? TokenKind.Illegal : (c == '#' ? TokenKind.NamePlaceholder : TokenKind.ValuePlaceholder);
                tokens.Add(new Token(kind, start, i - start));
                continue;
            }

            i++;
            var single = c switch
            {
                '(' => TokenKind.OpenParen,
                ')' => TokenKind.CloseParen,
                '[' => TokenKind.OpenBracket,
                ']' => TokenKind.CloseBracket,
                ',' => TokenKind.Comma,
                '.' => TokenKind.Dot,
                '=' => TokenKind.Equal,
                '+' => TokenKind.Plus,
                '-' => TokenKind.Minus,
                '<' => TokenKind.Less,
                '>' => TokenKind.Greater,
                _ => TokenKind.Illegal,
            };
            if (single == TokenKind.Less && i < source.Length && source[i] is '=' or '>')
            {
                single = source[i] == '=' ? TokenKind.LessOrEqual : TokenKind.NotEqual;
                i++;
            }
            else if (single == TokenKind.Greater && i < source.Length && source[i] == '=')
            {
                single = TokenKind.GreaterOrEqual;
                i++;
            }
            else if (single == TokenKind.Illegal && char.IsHighSurrogate(c) && i < source.Length && char.IsLowSurrogate(source[i]))
            {
                i++;
            }

            tokens.Add(new Token(single, start, i - start));
        }

        tokens.Add(new Token(TokenKind.End, source.Length, 0));
        return [.. tokens];
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static bool IsWordChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
}
