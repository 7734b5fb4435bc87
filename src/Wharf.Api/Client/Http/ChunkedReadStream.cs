using System.Globalization;
using System.Text;

namespace Wharf.Api.Client.Http;

/// <summary>Decodes an HTTP/1.1 chunked body as it arrives, so streams (logs -f, events) flow without buffering.</summary>
internal sealed class ChunkedReadStream(Stream inner) : ReadOnlyStreamBase
{
    private long _chunkLeft;
    private bool _done;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_done || buffer.Length == 0) return 0;
        if (_chunkLeft == 0)
        {
            var sizeLine = await ReadLineAsync(ct).ConfigureAwait(false);
            var semi = sizeLine.IndexOf(';');
            if (semi >= 0) sizeLine = sizeLine[..semi];
            if (!long.TryParse(sizeLine.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _chunkLeft))
                throw new IOException($"malformed chunk size line: {sizeLine}");
            if (_chunkLeft == 0)
            {
                while ((await ReadLineAsync(ct).ConfigureAwait(false)).Length > 0) { } // trailers
                _done = true;
                return 0;
            }
        }
        var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _chunkLeft)], ct).ConfigureAwait(false);
        if (n == 0) throw new IOException("the daemon closed the connection inside a chunk");
        _chunkLeft -= n;
        if (_chunkLeft == 0) await ReadLineAsync(ct).ConfigureAwait(false);
        return n;
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await inner.ReadAsync(one, ct).ConfigureAwait(false) == 0) throw new IOException("the daemon closed the connection inside chunk framing");
            if (one[0] == '\n') break;
            if (one[0] != '\r') line.Append((char)one[0]);
        }
        return line.ToString();
    }
}
