using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.Daemon.Http;

/// <summary>Writes one response: a whole body, a chunked stream that flushes as it goes, or a hijack.</summary>
public sealed class HttpResponse
{
    private readonly BufferedConnection _conn;
    private bool _chunked;

    public HttpResponse(BufferedConnection conn, bool headRequest)
    {
        _conn = conn;
        IsHead = headRequest;
    }

    public bool IsHead { get; }
    public bool HeadersSent { get; private set; }
    public bool Hijacked { get; private set; }
    /// <summary>False when the connection cannot carry another request after this response.</summary>
    public bool KeepAlive { get; set; } = true;

    /// <summary>Headers added to every response (Server, Api-Version, …); routes may add more before sending.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public Stream Raw => _conn.Stream;

    public Task WriteAsync(int status, string contentType, ReadOnlyMemory<byte> body, CancellationToken ct = default)
    {
        if (HeadersSent) throw new InvalidOperationException("response already started");
        var head = Head(status, contentType, body.Length);
        return WriteAllAsync(head, IsHead ? default : body, ct);
    }

    private async Task WriteAllAsync(byte[] head, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (body.Length is > 0 and <= SmallBody)
        {
            // One write for head and body: the client wakes once, with the whole answer.
            var all = new byte[head.Length + body.Length];
            head.CopyTo(all, 0);
            body.Span.CopyTo(all.AsSpan(head.Length));
            await _conn.Stream.WriteAsync(all, ct);
        }
        else
        {
            await _conn.Stream.WriteAsync(head, ct);
            if (body.Length > 0) await _conn.Stream.WriteAsync(body, ct);
        }
        await _conn.Stream.FlushAsync(ct);
    }

    private const int SmallBody = 64 * 1024;

    public Task WriteJsonAsync<T>(int status, T value, JsonTypeInfo<T> type, CancellationToken ct = default)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
        var body = new byte[bytes.Length + 1];
        bytes.CopyTo(body, 0);
        body[^1] = (byte)'\n';
        return WriteAsync(status, "application/json", body, ct);
    }

    public Task WriteTextAsync(int status, string text, CancellationToken ct = default) =>
        WriteAsync(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text), ct);

    public Task NoContentAsync(int status = 204, CancellationToken ct = default)
    {
        HeadersSent = true;
        var sb = new StringBuilder();
        sb.Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n");
        AppendHeaders(sb);
        sb.Append("\r\n");
        return WriteAllAsync(Encoding.Latin1.GetBytes(sb.ToString()), default, ct);
    }

    /// <summary>Sends 200 with chunked transfer coding and flushes the head at once (wait, logs, events, stats, progress).</summary>
    public async Task StartStreamAsync(string contentType, CancellationToken ct = default, int status = 200)
    {
        if (HeadersSent) return;
        HeadersSent = true;
        _chunked = true;
        var sb = new StringBuilder();
        sb.Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n");
        AppendHeaders(sb);
        sb.Append("Content-Type: ").Append(contentType).Append("\r\nTransfer-Encoding: chunked\r\n\r\n");
        await _conn.Stream.WriteAsync(Encoding.Latin1.GetBytes(sb.ToString()), ct);
        await _conn.Stream.FlushAsync(ct);
    }

    /// <summary>Writes one chunk and flushes it.</summary>
    public async Task WriteChunkAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        if (!_chunked) throw new InvalidOperationException("stream not started");
        if (data.Length == 0) return;
        // Size line, data and CRLF in one write, so a reader never wakes for part of a chunk.
        var size = Encoding.ASCII.GetBytes(data.Length.ToString("x") + "\r\n");
        var chunk = new byte[size.Length + data.Length + 2];
        size.CopyTo(chunk, 0);
        data.Span.CopyTo(chunk.AsSpan(size.Length));
        chunk[^2] = (byte)'\r';
        chunk[^1] = (byte)'\n';
        await _conn.Stream.WriteAsync(chunk, ct);
        await _conn.Stream.FlushAsync(ct);
    }

    public Task WriteJsonChunkAsync<T>(T value, JsonTypeInfo<T> type, CancellationToken ct = default, string newline = "\n")
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
        var chunk = new byte[bytes.Length + newline.Length];
        bytes.CopyTo(chunk, 0);
        Encoding.ASCII.GetBytes(newline, chunk.AsSpan(bytes.Length));
        return WriteChunkAsync(chunk, ct);
    }

    /// <summary>Ends a chunked body.</summary>
    public async Task EndStreamAsync(CancellationToken ct = default)
    {
        if (!_chunked) return;
        _chunked = false;
        await _conn.Stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
        await _conn.Stream.FlushAsync(ct);
    }

    /// <summary>Takes the connection over: writes <c>101 UPGRADED</c> (or a legacy 200 when the client did not ask
    /// to upgrade) and leaves a raw two-way pipe; the caller closes the connection.</summary>
    public async Task HijackAsync(string contentType, bool upgrade, CancellationToken ct = default)
    {
        HeadersSent = true;
        Hijacked = true;
        KeepAlive = false;
        var sb = new StringBuilder();
        sb.Append(upgrade ? "HTTP/1.1 101 UPGRADED\r\n" : "HTTP/1.1 200 OK\r\n");
        sb.Append("Content-Type: ").Append(contentType).Append("\r\n");
        if (upgrade) sb.Append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
        AppendHeaders(sb);
        sb.Append("\r\n");
        await _conn.Stream.WriteAsync(Encoding.Latin1.GetBytes(sb.ToString()), ct);
        await _conn.Stream.FlushAsync(ct);
    }

    private byte[] Head(int status, string contentType, int length)
    {
        HeadersSent = true;
        var sb = new StringBuilder();
        sb.Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n");
        AppendHeaders(sb);
        sb.Append("Content-Type: ").Append(contentType).Append("\r\n");
        sb.Append("Content-Length: ").Append(length).Append("\r\n\r\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    private void AppendHeaders(StringBuilder sb)
    {
        sb.Append("Date: ").Append(DateTime.UtcNow.ToString("r")).Append("\r\n");
        foreach (var (k, v) in Headers) sb.Append(k).Append(": ").Append(v).Append("\r\n");
        if (!KeepAlive && !Hijacked) sb.Append("Connection: close\r\n");
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK", 201 => "Created", 204 => "No Content", 304 => "Not Modified", 400 => "Bad Request",
        401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found", 409 => "Conflict", 500 => "Internal Server Error",
        501 => "Not Implemented", 503 => "Service Unavailable", _ => "Status",
    };
}
