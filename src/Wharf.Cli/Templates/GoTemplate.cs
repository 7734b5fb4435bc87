using System.Text;

namespace Wharf.Cli.Templates;

/// <summary>A parsed Go text/template, executed against JSON or template objects as docker's --format does.</summary>
public sealed class GoTemplate
{
    private readonly ListNode _root;

    private GoTemplate(ListNode root) => _root = root;

    public static GoTemplate Parse(string source) => new(TemplateParser.Parse(source));

    public string Execute(object? data)
    {
        var sb = new StringBuilder();
        new TemplateEvaluator(sb, data).Run(_root, data);
        return sb.ToString();
    }
}
