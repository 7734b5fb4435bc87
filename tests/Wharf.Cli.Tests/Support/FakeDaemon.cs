using System.Net.Sockets;
using System.Text;

namespace Wharf.Cli.Tests.Support;

/// <summary>One request as the fake daemon saw it.</summary>
public sealed record RecordedRequest(string Method, string Target, Dictionary<string, string> Headers, byte[] Body)
{
    public string Path => Target.Split('?')[0];
    public string Query => Target.Contains('?') ? Target[(Target.IndexOf('?') + 1)..] : "";
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A tiny HTTP/1.1 server on a unix socket in a temp dir, for testing the client against exact wire bytes.
/// The handler gets the parsed request and the raw connection stream, and writes whatever response it likes.
/// </summary>
public sealed class FakeDaemon : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly string _dir;

    public string SocketPath { get; }
    public string Host => "unix://" + SocketPath;
    public List<RecordedRequest> Requests { get; } = [];

    public FakeDaemon(Func<RecordedRequest, NetworkStream, Task> handler)
    {
        _dir = Directory.CreateTempSubdirectory("wharf-cli-test-").FullName;
        SocketPath = System.IO.Path.Combine(_dir, "d.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _accepting = AcceptLoopAsync(handler);
    }

    private async Task AcceptLoopAsync(Func<RecordedRequest, NetworkStream, Task> handler)
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptAsync(_stop.Token);
                connections.Add(ServeAsync(socket, handler));
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        await Task.WhenAll(connections.Select(c => c.ContinueWith(_ => { })));
    }

    private async Task ServeAsync(Socket socket, Func<RecordedRequest, NetworkStream, Task> handler)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            var request = await ReadRequestAsync(stream);
            if (request == null) return;
            lock (Requests) Requests.Add(request);
            await handler(request, stream);
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0) return null;
            head.Append((char)one[0]);
        }
        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }
        var body = new MemoryStream();
        if (headers.TryGetValue("Content-Length", out var cl) && int.Parse(cl) > 0)
        {
            var buffer = new byte[int.Parse(cl)];
            await stream.ReadExactlyAsync(buffer);
            body.Write(buffer);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var te) && te == "chunked")
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync(stream);
                var size = Convert.ToInt32(sizeLine, 16);
                if (size == 0) { await ReadLineAsync(stream); break; }
                var chunk = new byte[size];
                await stream.ReadExactlyAsync(chunk);
                body.Write(chunk);
                await ReadLineAsync(stream);
            }
        }
        return new RecordedRequest(parts[0], parts[1], headers, body.ToArray());
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != '\n') if (one[0] != '\r') sb.Append((char)one[0]);
        return sb.ToString();
    }

    /// <summary>Writes a complete response with a JSON (or other) body and Content-Length.</summary>
    public static async Task RespondAsync(Stream stream, int status, string body = "", string contentType = "application/json", params string[] extraHeaders)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder($"HTTP/1.1 {status} X\r\nApi-Version: 1.47\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n");
        foreach (var h in extraHeaders) head.Append(h).Append("\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Directory.Delete(_dir, recursive: true);
    }
}
