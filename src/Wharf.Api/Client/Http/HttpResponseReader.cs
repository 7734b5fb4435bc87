using System.Globalization;
using System.Text;

namespace Wharf.Api.Client.Http;

/// <summary>Parses an HTTP/1.1 response head and picks the body framing (Content-Length, chunked, or until close).</summary>
internal static class HttpResponseReader
{
    private const int MaxHead = 64 * 1024;

    public static async Task<EngineResponse> ReadAsync(EngineConnection connection, string method, CancellationToken ct)
    {
        var stream = connection.Stream;
        var buffer = new byte[8192];
        var filled = 0;
        int headEnd;
        while ((headEnd = FindHeadEnd(buffer.AsSpan(0, filled))) < 0)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxHead) throw new IOException("response head too large");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var n = await stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0) throw new IOException("the daemon closed the connection before answering");
            filled += n;
        }

        var lines = Encoding.ASCII.GetString(buffer, 0, headEnd).Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/", StringComparison.Ordinal) ||
            !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            throw new IOException($"malformed HTTP status line: {lines[0]}");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var prev) ? prev + ", " + value : value;
        }

        var leftover = buffer.AsMemory(headEnd + 4, filled - headEnd - 4);
        Stream raw = new PrefixedReadStream(leftover, stream);
        Stream body;
        if (status == 101 || method == "HEAD" || status == 204 || status == 304) body = status == 101 ? raw : Stream.Null;
        else if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = new ChunkedReadStream(raw);
        else if (headers.TryGetValue("Content-Length", out var cl) && long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            body = new LengthLimitedReadStream(raw, length);
        else body = raw;
        return new EngineResponse(connection, status, headers, body);
    }

    private static int FindHeadEnd(ReadOnlySpan<byte> data) => data.IndexOf("\r\n\r\n"u8);
}
