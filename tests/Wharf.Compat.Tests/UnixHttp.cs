using System.Net.Sockets;
using System.Text;

namespace Wharf.Compat.Tests;

/// <summary>Raw HTTP/1.1 over the daemon's unix socket, to check status codes, headers and bodies exactly.</summary>
public static class UnixHttp
{
    public sealed record Response(int Status, Dictionary<string, string> Headers, string Body);

    public static Response Send(string socket, string method, string path, string? jsonBody = null)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(socket));
        var body = jsonBody is null ? [] : Encoding.UTF8.GetBytes(jsonBody);
        var head = $"{method} {path} HTTP/1.1\r\nHost: api.moby.localhost\r\nConnection: close\r\n" +
                   (jsonBody is null ? "" : $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n") + "\r\n";
        s.Send(Encoding.ASCII.GetBytes(head));
        if (body.Length > 0) s.Send(body);
        var all = new MemoryStream();
        var buffer = new byte[8192];
        int n;
        while ((n = s.Receive(buffer)) > 0) all.Write(buffer, 0, n);
        var text = Encoding.UTF8.GetString(all.ToArray());
        int split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..split].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return new Response(int.Parse(lines[0].Split(' ')[1]), headers, text[(split + 4)..]);
    }
}
