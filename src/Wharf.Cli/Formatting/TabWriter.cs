using System.Text;

namespace Wharf.Cli.Formatting;

/// <summary>
/// Go's text/tabwriter (no flags): tab-terminated cells are aligned per column block, each column as wide as its
/// widest cell plus padding but at least minWidth; the text after a line's last tab is not aligned.
/// Docker's tables use minWidth 10, padding 3, padded with spaces.
/// </summary>
public sealed class TabWriter(int minWidth = 10, int padding = 3)
{
    public string Format(string text)
    {
        var endsWithNewline = text.EndsWith('\n');
        var rawLines = (endsWithNewline ? text[..^1] : text).Split('\n');
        var lines = rawLines.Select(l => l.Split('\t')).ToList();
        var output = new StringBuilder();
        var widths = new List<int>();
        FormatBlock(lines, 0, lines.Count, widths, output);
        if (!endsWithNewline && output.Length > 0) output.Length--;
        return output.ToString();
    }

    private int FormatBlock(List<string[]> lines, int line0, int line1, List<int> widths, StringBuilder output)
    {
        var column = widths.Count;
        for (var current = line0; current < line1; current++)
        {
            if (column >= lines[current].Length - 1) continue;
            // this line has a terminated cell in this column: it starts a block that lasts while lines have one
            Write(lines, line0, current, widths, output);
            line0 = current;
            var width = minWidth;
            for (; current < line1; current++)
            {
                if (column >= lines[current].Length - 1) break;
                var w = CellWidth(lines[current][column]) + padding;
                if (w > width) width = w;
            }
            widths.Add(width);
            FormatBlock(lines, line0, current, widths, output);
            widths.RemoveAt(widths.Count - 1);
            line0 = current;
            current--;
        }
        Write(lines, line0, line1, widths, output);
        return line1;
    }

    private static void Write(List<string[]> lines, int from, int to, List<int> widths, StringBuilder output)
    {
        for (var i = from; i < to; i++)
        {
            var cells = lines[i];
            for (var j = 0; j < cells.Length; j++)
            {
                output.Append(cells[j]);
                if (j < widths.Count && j < cells.Length - 1) output.Append(' ', Math.Max(0, widths[j] - CellWidth(cells[j])));
            }
            output.Append('\n');
        }
    }

    private static int CellWidth(string cell)
    {
        var n = 0;
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(cell);
        while (e.MoveNext()) n++;
        return n;
    }
}
