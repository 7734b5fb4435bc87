using Wharf.Daemon.Http;

namespace Wharf.Daemon.Api;

/// <summary>A write-only Stream over a chunked response body, for the tar writers of save and export: the header goes
/// out on the first write (so errors found before any byte still get a proper status), 64 KiB per chunk.</summary>
public sealed class ChunkedResponseStream(HttpResponse response, string contentType) : Stream
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _used;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int n = Math.Min(data.Length, _buffer.Length - _used);
            data[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            data = data[n..];
            if (_used == _buffer.Length) Flush();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        while (data.Length > 0)
        {
            int n = Math.Min(data.Length, _buffer.Length - _used);
            data[..n].CopyTo(_buffer.AsMemory(_used));
            _used += n;
            data = data[n..];
            if (_used == _buffer.Length) await FlushAsync(ct);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override void Flush() => FlushAsync(default).GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken ct)
    {
        await response.StartStreamAsync(contentType, ct);
        await response.WriteChunkAsync(_buffer.AsMemory(0, _used), ct);
        _used = 0;
    }

    /// <summary>Sends what is buffered and the final zero chunk.</summary>
    public async Task CompleteAsync()
    {
        await FlushAsync(default);
        await response.EndStreamAsync();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
