using System.Text.Json;
using Wharf.Api.Client.Streams;
using Wharf.Cli.Commands;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Images;

/// <summary>
/// Shows a JSON progress stream (pull, push, load, import) as docker does. Without a terminal: one line per
/// status, "id: status" when the message has an id, "stream" text as is. On a terminal: live, one line per layer
/// redrawn in place with its bar (<see cref="LiveProgress"/>). An errorDetail ends it with an error.
/// </summary>
public static class ProgressPrinter
{
    /// <summary>Whether <paramref name="writer"/> is the session's stdout or stderr and that is a terminal.</summary>
    public static bool IsTerminal(CliSession session, TextWriter writer) =>
        ReferenceEquals(writer, session.Out) ? Termios.IsTerminal(1) : ReferenceEquals(writer, session.Err) && Termios.IsTerminal(2);

    /// <summary>Prints the stream; returns the "aux" objects seen (push digests, image IDs) as raw JSON.</summary>
    public static async Task<List<string>> PrintAsync(Stream body, TextWriter output, bool quiet = false, bool terminal = false)
    {
        var aux = new List<string>();
        var live = terminal && !quiet ? new LiveProgress(output) : null;
        string? lastLine = null;
        await foreach (var doc in new JsonLineReader(body).ReadAllAsync())
        {
            using (doc)
            {
                var m = doc.RootElement;
                if (m.ValueKind != JsonValueKind.Object) continue;
                if (m.TryGetProperty("errorDetail", out var detail) && detail.ValueKind == JsonValueKind.Object)
                {
                    await output.FlushAsync();
                    var message = detail.TryGetProperty("message", out var dm) ? dm.GetString() ?? "" : "";
                    var code = detail.TryGetProperty("code", out var dc) && dc.TryGetInt32(out var c) && c != 0 ? c : 1;
                    throw new CliStatusException(code, message);
                }
                if (m.TryGetProperty("aux", out var a)) { aux.Add(a.GetRawText()); continue; }
                if (quiet) continue;
                if (m.TryGetProperty("stream", out var stream) && stream.GetString() is { } text)
                {
                    await output.WriteAsync(text);
                    await output.FlushAsync();
                    continue;
                }
                var status = m.TryGetProperty("status", out var s) ? s.GetString() ?? "" : "";
                var id = m.TryGetProperty("id", out var i) ? i.GetString() : null;
                if (live is not null)
                {
                    // Layer lines carry progressDetail (dockerd's progress.Update); "latest: Pulling from …" does not.
                    bool layerLine = !string.IsNullOrEmpty(id) && m.TryGetProperty("progressDetail", out _);
                    var bar = m.TryGetProperty("progress", out var p) ? p.GetString() : null;
                    if (layerLine) live.Show(id, string.IsNullOrEmpty(bar) ? status : $"{status} {bar}");
                    else live.Show(null, string.IsNullOrEmpty(id) ? status : $"{id}: {status}");
                    await output.FlushAsync();
                    continue;
                }
                var line = string.IsNullOrEmpty(id) ? status : $"{id}: {status}";
                if (line.Length == 0 || line == lastLine) continue; // progress ticks repeat the same status
                lastLine = line;
                await output.WriteLineAsync(line);
                await output.FlushAsync();
            }
        }
        return aux;
    }
}
