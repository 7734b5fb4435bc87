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
            catch (Exception e) when (IsTransient(e) && !ct.IsCancellationRequested && _retries >= maxRetries)
            {
                throw new DownloadInterruptedException($"download interrupted at byte {_position} after {_retries} reconnects: {e.Message}", e);
            }
            catch (Exception e) when (IsTransient(e) && !ct.IsCancellationRequested)
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

    private static bool IsTransient(Exception e) => e is IOException or HttpRequestException && e is not BlobOpenException;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _current?.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>The connection kept breaking: <see cref="ResumingStream"/> gave up reconnecting at this offset.</summary>
public sealed class DownloadInterruptedException(string message, Exception inner) : IOException(message, inner);

/// <summary>The registry answered the blob request with an error, so reconnecting at once cannot help and
/// <see cref="ResumingStream"/> rethrows it. <see cref="LaterAttemptMayWork"/> is true for server errors (5xx, 429),
/// which a later download attempt retries; false for answers such as 404 or 401.</summary>
public class BlobOpenException(string message, bool laterAttemptMayWork) : IOException(message)
{
    public bool LaterAttemptMayWork { get; } = laterAttemptMayWork;
}

/// <summary>The registry answered a Range request with the whole blob: a resumed download must start over.</summary>
public sealed class RangeNotSupportedException(string message) : BlobOpenException(message, laterAttemptMayWork: true);
