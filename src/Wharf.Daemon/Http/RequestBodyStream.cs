namespace Wharf.Daemon.Http;

/// <summary>The body of one request: Content-Length bytes, or chunked transfer coding, or nothing.</summary>
public sealed class RequestBodyStream : Stream
{
    private readonly BufferedConnection _conn;
    private readonly bool _chunked;
    private long _remaining;          // bytes left in the body (length) or in the current chunk (chunked)
    private bool _done;

    public RequestBodyStream(BufferedConnection conn, long? contentLength, bool chunked)
    {
        _conn = conn;
        _chunked = chunked;
        _remaining = chunked ? 0 : contentLength ?? 0;
        _done = !chunked && _remaining == 0;
    }

    public bool IsEmpty => _done && !_chunked;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_done || buffer.Length == 0) return 0;
        if (_chunked && _remaining == 0)
        {
            var sizeLine = await _conn.ReadLineAsync(ct) ?? throw new IOException("connection closed in chunked body");
            int semi = sizeLine.IndexOf(';');
            if (!long.TryParse(semi < 0 ? sizeLine.Trim() : sizeLine[..semi].Trim(), System.Globalization.NumberStyles.HexNumber, null, out _remaining))
                throw new MalformedRequestException($"bad chunk size \"{sizeLine}\"");
            if (_remaining == 0)
            {
                while (!string.IsNullOrEmpty(await _conn.ReadLineAsync(ct))) { } // trailers
                _done = true;
                return 0;
            }
        }
        int want = (int)Math.Min(buffer.Length, _remaining);
        int n = await _conn.ReadAsync(buffer[..want], ct);
        if (n == 0) throw new IOException("connection closed in request body");
        _remaining -= n;
        if (_remaining == 0)
        {
            if (_chunked) await _conn.ReadLineAsync(ct); // CRLF after the chunk
            else _done = true;
        }
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    /// <summary>Reads and drops what the handler left unread, so the connection can serve the next request.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        var scratch = new byte[8192];
        while (await ReadAsync(scratch, ct) > 0) { }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
