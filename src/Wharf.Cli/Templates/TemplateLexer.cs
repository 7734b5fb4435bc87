using System.Text;

namespace Wharf.Cli.Templates;

/// <summary>
/// Splits a Go text/template into text and action tokens. Handles <c>{{- </c>/<c> -}}</c> whitespace trimming,
/// comments <c>{{/* */}}</c>, quoted and raw strings, numbers, fields (<c>.A.B</c>) and variables (<c>$x.A</c>).
/// </summary>
public static class TemplateLexer
{
    public static List<TemplateToken> Lex(string source)
    {
        var tokens = new List<TemplateToken>();
        var pos = 0;
        var line = 1;
        while (pos < source.Length)
        {
            var open = source.IndexOf("{{", pos, StringComparison.Ordinal);
            var textEnd = open < 0 ? source.Length : open;
            var text = source[pos..textEnd];
            var trimLeft = open >= 0 && open + 3 < source.Length && source[open + 2] == '-' && char.IsWhiteSpace(source[open + 3]);
            if (trimLeft) text = text.TrimEnd(' ', '\t', '\r', '\n');
            if (text.Length > 0) tokens.Add(new TemplateToken(TokenKind.Text, text, line));
            line += Count(source, pos, textEnd);
            if (open < 0) break;

            pos = open + (trimLeft ? 3 : 2);
            if (source.AsSpan(pos).TrimStart().StartsWith("/*"))
            {
                var endComment = source.IndexOf("*/", pos, StringComparison.Ordinal);
                var close = endComment < 0 ? -1 : source.IndexOf("}}", endComment, StringComparison.Ordinal);
                if (close < 0) throw new TemplateException($"template: :{line}: unclosed comment");
                var trimComment = source[..close].TrimEnd().EndsWith(" -", StringComparison.Ordinal) || source[close - 1] == '-';
                line += Count(source, pos, close);
                pos = close + 2;
                if (trimComment) pos = SkipSpace(source, pos, ref line);
                continue;
            }
            tokens.Add(new TemplateToken(TokenKind.LeftDelim, "{{", line));
            pos = LexAction(source, pos, ref line, tokens, out var trimRight);
            tokens.Add(new TemplateToken(TokenKind.RightDelim, "}}", line));
            if (trimRight) pos = SkipSpace(source, pos, ref line);
        }
        tokens.Add(new TemplateToken(TokenKind.Eof, "", line));
        return tokens;
    }

    private static int SkipSpace(string s, int pos, ref int line)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos]))
        {
            if (s[pos] == '\n') line++;
            pos++;
        }
        return pos;
    }

    private static int Count(string s, int from, int to)
    {
        var n = 0;
        for (var i = from; i < to; i++) if (s[i] == '\n') n++;
        return n;
    }

    private static int LexAction(string s, int pos, ref int line, List<TemplateToken> tokens, out bool trimRight)
    {
        trimRight = false;
        while (true)
        {
            if (pos >= s.Length) throw new TemplateException($"template: :{line}: unclosed action");
            var c = s[pos];
            if (s.AsSpan(pos).StartsWith(" -}}"))
            {
                trimRight = true;
                return pos + 4;
            }
            if (s.AsSpan(pos).StartsWith("}}")) return pos + 2;
            if (c == '\n') throw new TemplateException($"template: :{line}: unclosed action");
            if (char.IsWhiteSpace(c)) { pos++; continue; }
            var start = pos;
            switch (c)
            {
                case '(': tokens.Add(new(TokenKind.LeftParen, "(", line)); pos++; continue;
                case ')': tokens.Add(new(TokenKind.RightParen, ")", line)); pos++; continue;
                case '|': tokens.Add(new(TokenKind.Pipe, "|", line)); pos++; continue;
                case ',': tokens.Add(new(TokenKind.Comma, ",", line)); pos++; continue;
                case '=': tokens.Add(new(TokenKind.Assign, "=", line)); pos++; continue;
                case ':':
                    if (pos + 1 < s.Length && s[pos + 1] == '=') { tokens.Add(new(TokenKind.Declare, ":=", line)); pos += 2; continue; }
                    throw new TemplateException($"template: :{line}: expected :=");
                case '"': tokens.Add(new(TokenKind.String, ReadQuoted(s, ref pos, line), line)); continue;
                case '`':
                    {
                        var end = s.IndexOf('`', pos + 1);
                        if (end < 0) throw new TemplateException($"template: :{line}: unterminated raw quoted string");
                        tokens.Add(new(TokenKind.String, s[(pos + 1)..end], line));
                        pos = end + 1;
                        continue;
                    }
                case '.':
                    if (pos + 1 < s.Length && IsIdentStart(s[pos + 1]))
                    {
                        pos = ReadFieldChain(s, pos);
                        var chained = start > 0 && s[start - 1] == ')'; // (pipeline).Field
                        tokens.Add(new(chained ? TokenKind.Chain : TokenKind.Field, s[start..pos], line));
                    }
                    else if (pos + 1 < s.Length && char.IsDigit(s[pos + 1]))
                    {
                        pos = ReadNumber(s, pos);
                        tokens.Add(new(TokenKind.Number, s[start..pos], line));
                    }
                    else
                    {
                        tokens.Add(new(TokenKind.Dot, ".", line));
                        pos++;
                    }
                    continue;
                case '$':
                    pos++;
                    while (pos < s.Length && IsIdentChar(s[pos])) pos++;
                    if (pos < s.Length && s[pos] == '.' && pos + 1 < s.Length && IsIdentStart(s[pos + 1])) pos = ReadFieldChain(s, pos);
                    tokens.Add(new(TokenKind.Variable, s[start..pos], line));
                    continue;
            }
            if (char.IsDigit(c) || ((c == '-' || c == '+') && pos + 1 < s.Length && (char.IsDigit(s[pos + 1]) || s[pos + 1] == '.')))
            {
                pos = ReadNumber(s, pos + (c is '-' or '+' ? 1 : 0));
                tokens.Add(new(TokenKind.Number, s[start..pos], line));
                continue;
            }
            if (IsIdentStart(c))
            {
                while (pos < s.Length && IsIdentChar(s[pos])) pos++;
                var word = s[start..pos];
                var kind = word switch { "true" or "false" => TokenKind.Bool, "nil" => TokenKind.Nil, _ => TokenKind.Identifier };
                tokens.Add(new(kind, word, line));
                // a field chain straight after a parenthesised or identifier value is handled by the parser
                continue;
            }
            throw new TemplateException($"template: :{line}: unexpected \"{c}\" in command");
        }
    }

    private static int ReadFieldChain(string s, int pos)
    {
        while (pos < s.Length && s[pos] == '.' && pos + 1 < s.Length && IsIdentStart(s[pos + 1]))
        {
            pos++;
            while (pos < s.Length && IsIdentChar(s[pos])) pos++;
        }
        return pos;
    }

    private static int ReadNumber(string s, int pos)
    {
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] is '.' or '_' || ((s[pos] is '+' or '-') && (s[pos - 1] is 'e' or 'E')))) pos++;
        return pos;
    }

    private static string ReadQuoted(string s, ref int pos, int line)
    {
        var sb = new StringBuilder();
        pos++;
        while (true)
        {
            if (pos >= s.Length || s[pos] == '\n') throw new TemplateException($"template: :{line}: unterminated quoted string");
            var c = s[pos++];
            if (c == '"') return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (pos >= s.Length) throw new TemplateException($"template: :{line}: unterminated quoted string");
            var e = s[pos++];
            sb.Append(e switch
            {
                'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', '"' => '"', '\'' => '\'', 'a' => '\a', 'b' => '\b', 'f' => '\f', 'v' => '\v', '0' => '\0',
                _ => throw new TemplateException($"template: :{line}: unknown escape sequence \\{e}"),
            });
        }
    }

    private static bool IsIdentStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
