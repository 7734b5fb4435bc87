using System.Text;
using System.Text.Json;

namespace Wharf.Cli.Templates;

/// <summary>Executes a parsed template against data, with Go's scoping of variables, dot, range and with.</summary>
internal sealed class TemplateEvaluator(StringBuilder output, object? root)
{
    private readonly List<(string Name, object? Value)> _vars = [("$", root)];

    private sealed class LoopControl(bool isContinue) : Exception
    {
        public bool IsContinue { get; } = isContinue;
    }

    public void Run(ListNode list, object? dot) => Walk(list, dot);

    private void Walk(TemplateNode node, object? dot)
    {
        switch (node)
        {
            case ListNode list:
                foreach (var n in list.Nodes) Walk(n, dot);
                break;
            case TextNode text:
                output.Append(text.Text);
                break;
            case ActionNode action:
                var value = Pipeline(action.Pipeline, dot);
                if (action.Pipeline.Declarations.Count == 0) output.Append(GoValues.Print(value));
                break;
            case BranchNode branch:
                Branch(branch, dot);
                break;
            case BreakNode b:
                throw new LoopControl(b.IsContinue);
            default:
                throw new TemplateException($"template: :{node.Line}: unknown node {node.GetType().Name}");
        }
    }

    private void Branch(BranchNode branch, object? dot)
    {
        var mark = _vars.Count;
        try
        {
            // range binds its declared variables per item; if/with bind them once
            var value = Pipeline(branch.Pipeline, dot, bind: branch.Keyword != "range");
            switch (branch.Keyword)
            {
                case "if":
                    if (GoValues.IsTrue(value)) Walk(branch.Body, dot);
                    else if (branch.Else != null) Walk(branch.Else, dot);
                    break;
                case "with":
                    if (GoValues.IsTrue(value)) Walk(branch.Body, value);
                    else if (branch.Else != null) Walk(branch.Else, dot);
                    break;
                case "range":
                    if (!Range(branch, value) && branch.Else != null) Walk(branch.Else, dot);
                    break;
            }
        }
        finally
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
        }
    }

    /// <summary>Ranges over arrays, maps (keys sorted, as Go does) and lists; false when there was nothing to visit.</summary>
    private bool Range(BranchNode branch, object? value)
    {
        var items = new List<(object? Key, object? Value)>();
        switch (GoValues.Normalize(value))
        {
            case null: break;
            case JsonElement { ValueKind: JsonValueKind.Array } arr:
                var i = 0L;
                foreach (var e in arr.EnumerateArray()) items.Add((i++, e));
                break;
            case JsonElement { ValueKind: JsonValueKind.Object } obj:
                foreach (var p in obj.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)) items.Add((p.Name, p.Value));
                break;
            case IDictionary<string, string> map:
                foreach (var p in map.OrderBy(p => p.Key, StringComparer.Ordinal)) items.Add((p.Key, p.Value));
                break;
            case long n:
                for (var k = 0L; k < n; k++) items.Add((k, k));
                break;
            case System.Collections.IEnumerable list and not string:
                var j = 0L;
                foreach (var e in list) items.Add((j++, e));
                break;
            default:
                throw new TemplateException($"template: :{branch.Line}: range can't iterate over {GoValues.Format(value, true)}");
        }
        var decl = branch.Pipeline.Declarations;
        foreach (var (key, item) in items)
        {
            var mark = _vars.Count;
            if (decl.Count == 1) _vars.Add((decl[0], item));
            else if (decl.Count == 2) { _vars.Add((decl[0], key)); _vars.Add((decl[1], item)); }
            try
            {
                Walk(branch.Body, item);
            }
            catch (LoopControl control)
            {
                if (!control.IsContinue) break;
            }
            finally
            {
                _vars.RemoveRange(mark, _vars.Count - mark);
            }
        }
        return items.Count > 0;
    }

    private object? Pipeline(PipelineNode pipe, object? dot, bool bind = true)
    {
        object? value = null;
        var first = true;
        foreach (var cmd in pipe.Commands)
        {
            value = Command(cmd, dot, first ? null : new[] { value }, !first);
            first = false;
        }
        if (bind && pipe.Declarations.Count > 0)
        {
            if (pipe.IsAssign) SetVariable(pipe.Declarations[0], value, pipe.Line);
            else _vars.Add((pipe.Declarations[0], value));
        }
        return value;
    }

    private object? Command(CommandNode cmd, object? dot, object?[]? piped, bool hasPiped)
    {
        var head = cmd.Args[0];
        var extra = cmd.Args.Skip(1).Select(a => Arg(a, dot)).ToList();
        if (hasPiped) extra.Add(piped![0]);
        switch (head)
        {
            case IdentifierNode id:
                if (!TemplateFunctions.Exists(id.Name)) throw new TemplateException($"template: :{id.Line}: function \"{id.Name}\" not defined");
                try
                {
                    return TemplateFunctions.Call(id.Name, extra);
                }
                catch (TemplateException e) when (!e.Message.StartsWith("template:", StringComparison.Ordinal))
                {
                    throw new TemplateException($"template: :{id.Line}: executing \"\" at <{id.Name}>: {e.Message}");
                }
            case FieldNode field:
                return Fields(dot, field.Path, extra, field.Line, "." + string.Join('.', field.Path));
            case ChainNode chain:
                return Fields(Arg(chain.Target, dot), chain.Path, extra, chain.Line, "." + string.Join('.', chain.Path));
            case VariableNode variable when variable.Path.Length > 0:
                return Fields(Variable(variable), variable.Path, extra, variable.Line, variable.Name);
            default:
                if (extra.Count > 0) throw new TemplateException($"template: :{head.Line}: can't give argument to non-function {Describe(head)}");
                return Arg(head, dot);
        }
    }

    private object? Arg(TemplateNode node, object? dot) => node switch
    {
        DotNode => dot,
        LiteralNode lit => lit.Value,
        FieldNode f => Fields(dot, f.Path, [], f.Line, "." + string.Join('.', f.Path)),
        VariableNode v => v.Path.Length == 0 ? Variable(v) : Fields(Variable(v), v.Path, [], v.Line, v.Name),
        ChainNode c => Fields(Arg(c.Target, dot), c.Path, [], c.Line, "." + string.Join('.', c.Path)),
        ParenNode p => Pipeline(p.Pipeline, dot),
        IdentifierNode id => TemplateFunctions.Exists(id.Name)
            ? TemplateFunctions.Call(id.Name, [])
            : throw new TemplateException($"template: :{id.Line}: function \"{id.Name}\" not defined"),
        _ => throw new TemplateException($"template: :{node.Line}: unexpected {Describe(node)}"),
    };

    private static string Describe(TemplateNode node) => node switch
    {
        LiteralNode l => GoValues.Format(l.Value, true),
        DotNode => ".",
        _ => node.GetType().Name,
    };

    private object? Variable(VariableNode v)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
            if (_vars[i].Name == v.Name) return _vars[i].Value;
        throw new TemplateException($"template: :{v.Line}: undefined variable: {v.Name}");
    }

    private void SetVariable(string name, object? value, int line)
    {
        for (var i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name != name) continue;
            _vars[i] = (name, value);
            return;
        }
        throw new TemplateException($"template: :{line}: undefined variable: {name}");
    }

    /// <summary>Walks .A.B.C; the last step may be a method taking the command's remaining arguments.</summary>
    private static object? Fields(object? value, string[] path, List<object?> args, int line, string display)
    {
        for (var i = 0; i < path.Length; i++)
        {
            var last = i == path.Length - 1;
            var name = path[i];
            switch (value)
            {
                case ITemplateObject obj:
                    if (last && args.Count > 0)
                    {
                        if (obj.TryCall(name, args, out var called)) return called;
                        throw new TemplateException($"template: :{line}: executing \"\" at <{display}>: wrong number of args for {name}: want 0 got {args.Count}");
                    }
                    if (obj.TryGetField(name, out var field)) { value = field; continue; }
                    if (obj.TryCall(name, [], out var noArgs)) { value = noArgs; continue; }
                    throw new TemplateException($"template: :{line}: executing \"\" at <{display}>: can't evaluate field {name} in type {obj.GetType().Name}");
                case JsonElement { ValueKind: JsonValueKind.Object } json:
                    value = json.TryGetProperty(name, out var prop) ? prop : null;
                    continue;
                case JsonElement { ValueKind: JsonValueKind.Null }:
                case null:
                    // Go: a missing map key gives <no value>, and walking further into it is nil too
                    value = null;
                    continue;
                case IDictionary<string, string> map:
                    value = map.TryGetValue(name, out var mv) ? mv : null;
                    continue;
                default:
                    throw new TemplateException($"template: :{line}: executing \"\" at <{display}>: can't evaluate field {name} in type {GoValues.TypeName(value)}");
            }
        }
        if (args.Count > 0) throw new TemplateException($"template: :{line}: executing \"\" at <{display}>: {display} is not a method but has arguments");
        return value;
    }
}
