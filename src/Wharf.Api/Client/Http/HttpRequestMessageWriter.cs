using System.Text;

namespace Wharf.Api.Client.Http;

/// <summary>Writes an HTTP/1.1 request head (and a fixed body) to a connection, docker-client style.</summary>
internal static class HttpRequestMessageWriter
{
    public static async Task WriteAsync(Stream stream, EngineRequest request, string hostHeader, CancellationToken ct)
    {
        var head = new StringBuilder();
        head.Append(request.Method).Append(' ').Append(request.PathAndQuery).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(hostHeader).Append("\r\n");
        head.Append("User-Agent: Docker-Client/wharf (linux)\r\n");
        foreach (var (name, value) in request.Headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
        if (request.Body != null)
        {
            head.Append("Content-Length: ").Append(request.Body.Length).Append("\r\n");
        }
        else if (request.BodyStream != null)
        {
            head.Append("Transfer-Encoding: chunked\r\n");
        }
        else if (request.Method is "POST" or "PUT")
        {
            head.Append("Content-Length: 0\r\n");
        }
        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        // Head and a small body in one write: the daemon then reads the whole request in one go.
        if (request.Body is { Length: <= SmallBody } small) await stream.WriteAsync(Concat(headBytes, small), ct).ConfigureAwait(false);
        else await stream.WriteAsync(headBytes, ct).ConfigureAwait(false);
        if (request.Body is { Length: > SmallBody }) await stream.WriteAsync(request.Body, ct).ConfigureAwait(false);
        else if (request.BodyStream != null) await WriteChunkedAsync(stream, request.BodyStream, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    private const int SmallBody = 64 * 1024;

    private static byte[] Concat(byte[] head, byte[] body)
    {
        var all = new byte[head.Length + body.Length];
        head.CopyTo(all, 0);
        body.CopyTo(all, head.Length);
        return all;
    }

    private static async Task WriteChunkedAsync(Stream stream, Stream body, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{n:x}\r\n"), ct).ConfigureAwait(false);
            await stream.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            await stream.WriteAsync("\r\n"u8.ToArray(), ct).ConfigureAwait(false);
        }
        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct).ConfigureAwait(false);
    }
}
