using System.Globalization;

namespace Wharf.Cli.Templates;

/// <summary>Builds the node tree from tokens: actions, pipelines, and if/else if/else, range, with, end.</summary>
public sealed class TemplateParser
{
    private readonly List<TemplateToken> _tokens;
    private int _pos;

    private TemplateParser(List<TemplateToken> tokens) => _tokens = tokens;

    public static ListNode Parse(string source)
    {
        var parser = new TemplateParser(TemplateLexer.Lex(source));
        var list = parser.ParseList(out var stop);
        if (stop != null) throw new TemplateException($"template: :{parser.Current.Line}: unexpected {{{{{stop}}}}}");
        return list;
    }

    private TemplateToken Current => _tokens[_pos];

    private TemplateToken Next() => _tokens[_pos++];

    private TemplateToken Expect(TokenKind kind, string context)
    {
        var t = Next();
        if (t.Kind != kind) throw new TemplateException($"template: :{t.Line}: unexpected \"{t.Value}\" in {context}");
        return t;
    }

    /// <summary>Parses nodes until EOF or an <c>{{end}}</c>/<c>{{else…}}</c>, which is reported in <paramref name="stop"/>.</summary>
    private ListNode ParseList(out string? stop)
    {
        var nodes = new List<TemplateNode>();
        var line = Current.Line;
        stop = null;
        while (Current.Kind != TokenKind.Eof)
        {
            var t = Next();
            if (t.Kind == TokenKind.Text) { nodes.Add(new TextNode(t.Line, t.Value)); continue; }
            var head = Current;
            if (head.Kind == TokenKind.Identifier)
            {
                switch (head.Value)
                {
                    case "end":
                        _pos++;
                        Expect(TokenKind.RightDelim, "end");
                        stop = "end";
                        return new ListNode(line, nodes);
                    case "else":
                        _pos++;
                        stop = "else";
                        return new ListNode(line, nodes);
                    case "if" or "range" or "with":
                        _pos++;
                        nodes.Add(ParseBranch(head.Value, head.Line));
                        continue;
                    case "break" or "continue":
                        _pos++;
                        Expect(TokenKind.RightDelim, head.Value);
                        nodes.Add(new BreakNode(head.Line, head.Value == "continue"));
                        continue;
                    case "define" or "template" or "block":
                        throw new TemplateException($"template: :{head.Line}: {head.Value} is not supported in format strings");
                }
            }
            var pipe = ParsePipeline("command", TokenKind.RightDelim);
            nodes.Add(new ActionNode(t.Line, pipe));
        }
        return new ListNode(line, nodes);
    }

    private BranchNode ParseBranch(string keyword, int line)
    {
        var pipe = ParsePipeline(keyword, TokenKind.RightDelim);
        var body = ParseList(out var stop);
        ListNode? elseList = null;
        if (stop == "else")
        {
            // {{else if …}} / {{else with …}} nest a branch that shares our {{end}}
            if (Current.Kind == TokenKind.Identifier && (Current.Value == "if" || Current.Value == "with") && keyword != "range")
            {
                var nested = Next();
                var branch = ParseBranch(nested.Value, nested.Line);
                elseList = new ListNode(nested.Line, [branch]);
                return new BranchNode(line, keyword, pipe, body, elseList);
            }
            Expect(TokenKind.RightDelim, "else");
            elseList = ParseList(out stop);
        }
        if (stop != "end") throw new TemplateException($"template: :{line}: unexpected EOF");
        return new BranchNode(line, keyword, pipe, body, elseList);
    }

    private PipelineNode ParsePipeline(string context, TokenKind end)
    {
        var line = Current.Line;
        var declarations = new List<string>();
        var isAssign = false;
        // $x := … or $i, $e := …
        if (Current.Kind == TokenKind.Variable && !Current.Value.Contains('.', StringComparison.Ordinal))
        {
            var save = _pos;
            var names = new List<string> { Next().Value };
            if (Current.Kind == TokenKind.Comma && _tokens[_pos + 1].Kind == TokenKind.Variable)
            {
                _pos++;
                names.Add(Next().Value);
            }
            if (Current.Kind is TokenKind.Declare or TokenKind.Assign)
            {
                isAssign = Next().Kind == TokenKind.Assign;
                declarations = names;
            }
            else _pos = save;
        }

        var commands = new List<CommandNode>();
        while (true)
        {
            var args = new List<TemplateNode>();
            while (Current.Kind != TokenKind.Pipe && Current.Kind != end)
            {
                if (Current.Kind == TokenKind.Eof) throw new TemplateException($"template: :{line}: unclosed action");
                args.Add(ParseOperand());
            }
            if (args.Count == 0) throw new TemplateException($"template: :{line}: missing value for {context}");
            commands.Add(new CommandNode(line, args));
            if (Next().Kind != TokenKind.Pipe) break;
        }
        return new PipelineNode(line, declarations, isAssign, commands);
    }

    private TemplateNode ParseOperand()
    {
        var t = Next();
        TemplateNode node = t.Kind switch
        {
            TokenKind.Field => new FieldNode(t.Line, t.Value[1..].Split('.')),
            TokenKind.Variable => VariableOf(t),
            TokenKind.Dot => new DotNode(t.Line),
            TokenKind.Identifier => new IdentifierNode(t.Line, t.Value),
            TokenKind.String => new LiteralNode(t.Line, t.Value),
            TokenKind.Bool => new LiteralNode(t.Line, t.Value == "true"),
            TokenKind.Nil => new LiteralNode(t.Line, null),
            TokenKind.Number => new LiteralNode(t.Line, ParseNumber(t)),
            TokenKind.LeftParen => new ParenNode(t.Line, ParsePipeline("parenthesized pipeline", TokenKind.RightParen)),
            _ => throw new TemplateException($"template: :{t.Line}: unexpected \"{t.Value}\" in operand"),
        };
        if (Current.Kind == TokenKind.Chain)
        {
            var chain = Next();
            node = new ChainNode(chain.Line, node, chain.Value[1..].Split('.'));
        }
        return node;
    }

    private static VariableNode VariableOf(TemplateToken t)
    {
        var parts = t.Value.Split('.');
        return new VariableNode(t.Line, parts[0], parts[1..]);
    }

    private static object ParseNumber(TemplateToken t)
    {
        var text = t.Value.Replace("_", "", StringComparison.Ordinal);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            long.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h)) return h;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        throw new TemplateException($"template: :{t.Line}: bad number syntax: \"{t.Value}\"");
    }
}
