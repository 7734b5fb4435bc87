namespace Wharf.Cli.Templates;

public enum TokenKind
{
    Text,
    LeftDelim,
    RightDelim,
    Identifier,
    Field,
    Chain,
    Variable,
    Dot,
    String,
    Number,
    Bool,
    Nil,
    LeftParen,
    RightParen,
    Pipe,
    Declare,
    Assign,
    Comma,
    Eof,
}

/// <summary>One lexeme with the line it started on (for error messages).</summary>
public readonly record struct TemplateToken(TokenKind Kind, string Value, int Line);
