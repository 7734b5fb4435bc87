using System.Text;
using Wharf.Cli.Images;

namespace Wharf.Cli.Tests.Images;

/// <summary>The progress of a pull as the wharf CLI draws it: live on a terminal (replayed here on a small screen
/// model that understands the cursor moves), plain lines otherwise.</summary>
public sealed class ProgressDrawingTests
{
    private const string Pull = """
        {"status":"Pulling from bench/img","id":"1"}
        {"status":"Pulling fs layer","progressDetail":{},"id":"aaaaaaaaaaaa"}
        {"status":"Pulling fs layer","progressDetail":{},"id":"bbbbbbbbbbbb"}
        {"status":"Waiting","progressDetail":{},"id":"bbbbbbbbbbbb"}
        {"status":"Downloading","progressDetail":{"current":500,"total":1000},"progress":"[=====>     ] 500B/1kB","id":"aaaaaaaaaaaa"}
        {"status":"Download complete","progressDetail":{},"id":"aaaaaaaaaaaa"}
        {"status":"Downloading","progressDetail":{"current":10,"total":1000},"progress":"[>          ] 10B/1kB","id":"bbbbbbbbbbbb"}
        {"status":"Pull complete","progressDetail":{},"id":"aaaaaaaaaaaa"}
        {"status":"Pull complete","progressDetail":{},"id":"bbbbbbbbbbbb"}
        {"status":"Digest: sha256:0123"}
        {"status":"Status: Downloaded newer image for 127.0.0.1:5000/bench/img:1"}

        """;

    private static async Task<string> Print(bool terminal)
    {
        var output = new StringWriter { NewLine = "\n" };
        await ProgressPrinter.PrintAsync(new MemoryStream(Encoding.UTF8.GetBytes(Pull)), output, quiet: false, terminal);
        return output.ToString();
    }

    /// <summary>Plays text with CR, LF, ESC[nA, ESC[nB and ESC[2K onto a screen and returns its lines.</summary>
    private static List<string> Screen(string text)
    {
        var lines = new List<StringBuilder> { new() };
        int row = 0, col = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\x1b')
            {
                Assert.Equal('[', text[i + 1]);
                int end = i + 2;
                while (char.IsDigit(text[end])) end++;
                int n = int.Parse(text[(i + 2)..end]);
                switch (text[end])
                {
                    case 'A': row -= n; Assert.True(row >= 0, "cursor moved above the output"); break;
                    case 'B': row += n; Assert.True(row < lines.Count, "cursor moved below the output"); break;
                    case 'K': Assert.Equal(2, n); lines[row].Clear(); break;
                    default: Assert.Fail($"unexpected escape {text[end]}"); break;
                }
                i = end;
            }
            else if (c == '\r') col = 0;
            else if (c == '\n')
            {
                row++;
                col = 0;
                if (row == lines.Count) lines.Add(new StringBuilder());
            }
            else
            {
                var line = lines[row];
                if (col < line.Length) line[col] = c; else line.Append(c);
                col++;
            }
        }
        return lines.Select(l => l.ToString()).ToList();
    }

    [Fact]
    public async Task On_a_terminal_each_layer_keeps_one_line_that_is_redrawn_in_place()
    {
        string drawn = await Print(terminal: true);
        Assert.Contains("\x1b[", drawn);
        Assert.Equal(
        [
            "1: Pulling from bench/img",
            "aaaaaaaaaaaa: Pull complete",
            "bbbbbbbbbbbb: Pull complete",
            "Digest: sha256:0123",
            "Status: Downloaded newer image for 127.0.0.1:5000/bench/img:1",
            "",
        ], Screen(drawn));
    }

    [Fact]
    public async Task On_a_terminal_a_layer_still_downloading_shows_its_bar()
    {
        string partial = string.Join('\n', Pull.Split('\n').Take(7)) + "\n";
        var output = new StringWriter { NewLine = "\n" };
        await ProgressPrinter.PrintAsync(new MemoryStream(Encoding.UTF8.GetBytes(partial)), output, quiet: false, terminal: true);
        Assert.Equal(
        [
            "1: Pulling from bench/img",
            "aaaaaaaaaaaa: Download complete",
            "bbbbbbbbbbbb: Downloading [>          ] 10B/1kB",
            "",
        ], Screen(output.ToString()));
    }

    [Fact]
    public async Task Without_a_terminal_statuses_are_plain_lines()
    {
        string printed = await Print(terminal: false);
        Assert.DoesNotContain("\x1b", printed);
        var lines = printed.Split('\n');
        Assert.Contains("bbbbbbbbbbbb: Waiting", lines);
        Assert.Contains("aaaaaaaaaaaa: Pull complete", lines);
        Assert.Equal("Status: Downloaded newer image for 127.0.0.1:5000/bench/img:1", lines[^2]);
    }
}
