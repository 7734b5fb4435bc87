namespace Wharf.Cli.Terminal;

/// <summary>Draws a progress stream on a terminal the way the docker CLI does: each layer id owns one line, created
/// when the id first appears and then rewritten in place (cursor up, clear line, text, cursor back down), so a pull
/// shows one live bar per layer. A line without a layer id ends the block: it is printed below it, and ids seen
/// after it start a new block.</summary>
public sealed class LiveProgress(TextWriter output)
{
    private const string Esc = "\x1b[";
    private readonly Dictionary<string, int> _lines = [];

    /// <param name="layerId">The layer the line belongs to, or null for a plain status line.</param>
    public void Show(string? layerId, string text)
    {
        if (layerId is null)
        {
            _lines.Clear();
            output.Write(text + "\n");
            return;
        }
        if (!_lines.TryGetValue(layerId, out int line))
        {
            line = _lines.Count;
            _lines[layerId] = line;
            output.Write('\n');
        }
        // The cursor rests on the line below the block; the layer's line is this many lines up.
        int up = _lines.Count - line;
        output.Write($"{Esc}{up}A{Esc}2K\r{layerId}: {text}\r{Esc}{up}B");
    }
}
