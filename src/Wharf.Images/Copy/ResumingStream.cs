namespace Wharf.Images.Copy;

/// <summary>Reads a blob and, when the connection breaks, reopens it at the offset reached (an HTTP Range
/// request) so the decompressor downstream never notices. Gives up after <paramref name="maxRetries"/>.</summary>
public sealed class ResumingStream(Func<long, CancellationToken, Task<Stream>> open, long startOffset, int maxRetries, CancellationToken ct) : Streams.ReadOnlyStream
{
    private Stream? _current;
    private long _position = startOffset;
    private int _retries;

    public override int Read(Span<byte> buffer)
    {
        var array = new byte[buffer.Length];
        int n = ReadAsync(array, ct).AsTask().GetAwaiter().GetResult();
        array.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken token = default)
    {
        while (true)
        {
            try
            {
                _current ??= await open(_position, ct).ConfigureAwait(false);
                int n = await _current.ReadAsync(buffer, ct).ConfigureAwait(false);
                _position += n;
                return n;
            }
            catch (Exception e) when (IsTransient(e) && !ct.IsCancellationRequested && _retries < maxRetries)
            {
                _retries++;
                _current?.Dispose();
                _current = null;
                await Task.Delay(TimeSpan.FromMilliseconds(250 << Math.Min(_retries, 5)), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>How often the stream had to reconnect.</summary>
    public int Retries => _retries;

    private static bool IsTransient(Exception e) => e is IOException or HttpRequestException && e is not TransientBlockedException;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _current?.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>An I/O error that retrying cannot fix (e.g. a 404 while resuming); <see cref="ResumingStream"/> rethrows it.</summary>
public sealed class TransientBlockedException(string message) : IOException(message);
