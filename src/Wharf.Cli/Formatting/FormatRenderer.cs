using System.Text;
using Wharf.Cli.Templates;

namespace Wharf.Cli.Formatting;

/// <summary>
/// Renders rows through a --format string as docker does: "table …" adds a header row and aligns columns
/// with a tabwriter; "json" means <c>{{json .}}</c>; any other text is a template printed once per row.
/// Literal <c>\t</c> and <c>\n</c> in the format become tab and newline.
/// </summary>
public sealed class FormatRenderer
{
    private readonly GoTemplate _template;
    private readonly IReadOnlyDictionary<string, string> _headers;

    public bool IsTable { get; }

    public FormatRenderer(string format, IReadOnlyDictionary<string, string> headers)
    {
        _headers = headers;
        var text = format;
        if (text == "json") text = "{{json .}}";
        if (text.StartsWith("table", StringComparison.Ordinal))
        {
            IsTable = true;
            text = text["table".Length..].TrimStart(' ');
            if (text.Length == 0) text = "";
        }
        text = text.Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        _template = GoTemplate.Parse(text);
    }

    public string Render(IEnumerable<ITemplateObject> rows)
    {
        var sb = new StringBuilder();
        if (IsTable)
        {
            var header = _template.Execute(new HeaderRow(_headers));
            if (header.Trim().Length > 0) sb.Append(header).Append('\n');
        }
        foreach (var row in rows) sb.Append(_template.Execute(row)).Append('\n');
        return IsTable ? new TabWriter().Format(sb.ToString()) : sb.ToString();
    }

    /// <summary>Every field of the header row answers with its column title.</summary>
    private sealed class HeaderRow(IReadOnlyDictionary<string, string> headers) : ITemplateObject
    {
        public bool TryGetField(string name, out object? value)
        {
            value = headers.TryGetValue(name, out var h) ? h : name.ToUpperInvariant();
            return true;
        }

        public bool TryCall(string name, IReadOnlyList<object?> args, out object? value) => TryGetField(name, out value);

        public void WriteJson(System.Text.Json.Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            foreach (var (k, v) in headers) writer.WriteString(k, v);
            writer.WriteEndObject();
        }
    }
}
