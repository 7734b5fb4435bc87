namespace Wharf.Cli.Templates;

/// <summary>The parsed template: a tree of text, actions and control structures, as in Go's text/template/parse.</summary>
public abstract record TemplateNode(int Line);

public sealed record ListNode(int Line, List<TemplateNode> Nodes) : TemplateNode(Line);

public sealed record TextNode(int Line, string Text) : TemplateNode(Line);

public sealed record ActionNode(int Line, PipelineNode Pipeline) : TemplateNode(Line);

/// <summary>if / range / with share a shape: a pipeline, a body, and an optional else body.</summary>
public sealed record BranchNode(int Line, string Keyword, PipelineNode Pipeline, ListNode Body, ListNode? Else) : TemplateNode(Line);

/// <summary><c>$x := a | b c</c>: optional variable declarations, then commands joined by pipes.</summary>
public sealed record PipelineNode(int Line, List<string> Declarations, bool IsAssign, List<CommandNode> Commands) : TemplateNode(Line)
{
    public string Source { get; init; } = "";
}

public sealed record CommandNode(int Line, List<TemplateNode> Args) : TemplateNode(Line);

public sealed record FieldNode(int Line, string[] Path) : TemplateNode(Line);

public sealed record VariableNode(int Line, string Name, string[] Path) : TemplateNode(Line);

public sealed record ChainNode(int Line, TemplateNode Target, string[] Path) : TemplateNode(Line);

public sealed record DotNode(int Line) : TemplateNode(Line);

public sealed record IdentifierNode(int Line, string Name) : TemplateNode(Line);

public sealed record LiteralNode(int Line, object? Value) : TemplateNode(Line);

public sealed record ParenNode(int Line, PipelineNode Pipeline) : TemplateNode(Line);

public sealed record BreakNode(int Line, bool IsContinue) : TemplateNode(Line);
