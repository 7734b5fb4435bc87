using System.Buffers.Binary;
using System.Text;

namespace Wharf.Api.Client.Streams;

/// <summary>
/// Splits the daemon's multiplexed stream (8-byte header: stream type, 3 zero bytes, big-endian length)
/// into stdout and stderr. A type-3 frame is a daemon error and ends the copy with an exception.
/// </summary>
public static class StdCopyDemuxer
{
    public static async Task CopyAsync(Stream source, Stream stdout, Stream stderr, CancellationToken ct = default)
    {
        var header = new byte[8];
        var payload = new byte[32 * 1024];
        while (true)
        {
            if (!await ReadExactlyOrEndAsync(source, header, ct).ConfigureAwait(false)) return;
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            if (payload.Length < length) payload = new byte[length];
            if (!await ReadExactlyOrEndAsync(source, payload.AsMemory(0, length), ct).ConfigureAwait(false))
                throw new IOException("stream ended inside a frame");
            var data = payload.AsMemory(0, length);
            switch (header[0])
            {
                case 0:
                case 1:
                    await stdout.WriteAsync(data, ct).ConfigureAwait(false);
                    await stdout.FlushAsync(ct).ConfigureAwait(false);
                    break;
                case 2:
                    await stderr.WriteAsync(data, ct).ConfigureAwait(false);
                    await stderr.FlushAsync(ct).ConfigureAwait(false);
                    break;
                case 3:
                    throw new IOException("error from daemon in stream: " + Encoding.UTF8.GetString(data.Span));
                default:
                    throw new IOException($"Unrecognized input header: {header[0]}");
            }
        }
    }

    /// <summary>Fills the buffer; false when the stream ended cleanly before the first byte.</summary>
    private static async Task<bool> ReadExactlyOrEndAsync(Stream source, Memory<byte> buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await source.ReadAsync(buffer[read..], ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new IOException("stream ended inside a frame header");
            }
            read += n;
        }
        return true;
    }
}
