using System.Text;
using System.Text.Json;

namespace Wharf.Api.Client.Streams;

/// <summary>
/// Reads a stream of concatenated JSON values (progress messages, events, stats) one at a time,
/// tolerating any whitespace between them (\r\n after each, as the daemon writes).
/// </summary>
public sealed class JsonLineReader(Stream source)
{
    private readonly StreamReader _reader = new(source, Encoding.UTF8, false, 16 * 1024, leaveOpen: true);

    public async IAsyncEnumerable<JsonDocument> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        string? line;
        var pending = new StringBuilder();
        while ((line = await _reader.ReadLineAsync(ct).ConfigureAwait(false)) != null)
        {
            if (line.Length == 0 && pending.Length == 0) continue;
            pending.Append(line);
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(pending.ToString());
            }
            catch (JsonException)
            {
                pending.Append('\n'); // a value spread over several lines (pretty-printed): keep reading
                continue;
            }
            pending.Clear();
            yield return doc;
        }
        if (pending.ToString().Trim().Length > 0) yield return JsonDocument.Parse(pending.ToString());
    }
}
