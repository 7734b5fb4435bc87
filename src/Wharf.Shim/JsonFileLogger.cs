using System.Text;
using System.Text.Json;

namespace Wharf.Shim;

/// <summary>Docker's json-file log: one <c>{"log":"…\n","stream":"stdout","time":"RFC3339Nano"}</c> per line.
/// Each stream keeps its partial last line until the newline arrives (or 16 KiB pile up, as Docker splits).</summary>
internal sealed class JsonFileLogger : IDisposable
{
    private const int MaxLine = 16 * 1024;
    private readonly FileStream _file;
    private readonly object _lock = new();
    private readonly Dictionary<string, List<byte>> _partial = new() { ["stdout"] = [], ["stderr"] = [] };

    public JsonFileLogger(string path)
    {
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
    }

    public void Write(string stream, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            var pending = _partial[stream];
            int start = 0;
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] != (byte)'\n') continue;
                pending.AddRange(data[start..(i + 1)]);
                Emit(stream, pending);
                start = i + 1;
            }
            pending.AddRange(data[start..]);
            if (pending.Count >= MaxLine) Emit(stream, pending);
        }
    }

    /// <summary>Writes what is left of unterminated lines (at exit).</summary>
    public void Flush()
    {
        lock (_lock)
            foreach (var (stream, pending) in _partial)
                if (pending.Count > 0) Emit(stream, pending);
    }

    private void Emit(string stream, List<byte> line)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("log", Encoding.UTF8.GetString(line.ToArray()));
            w.WriteString("stream", stream);
            w.WriteString("time", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"));
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        _file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        _file.Flush();
        line.Clear();
    }

    public void Dispose() { Flush(); _file.Dispose(); }
}
