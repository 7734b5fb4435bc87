using System.Text.Json;
using Wharf.Api.Client.Streams;
using Wharf.Cli.Commands;

namespace Wharf.Cli.Images;

/// <summary>
/// Shows a JSON progress stream (pull, push, load, import) as docker does without a terminal: one line per
/// status, "id: status" when the message has an id, "stream" text as is. An errorDetail ends it with an error.
/// </summary>
public static class ProgressPrinter
{
    /// <summary>Prints the stream; returns the "aux" objects seen (push digests, image IDs) as raw JSON.</summary>
    public static async Task<List<string>> PrintAsync(Stream body, TextWriter output, bool quiet = false)
    {
        var aux = new List<string>();
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
