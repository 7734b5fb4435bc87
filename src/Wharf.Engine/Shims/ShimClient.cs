using System.Net.Sockets;
using System.Text;

namespace Wharf.Engine.Shims;

/// <summary>Talks to one container's wharf-shim over its unix socket (one command per connection; see ShimServer).</summary>
public sealed class ShimClient(string socketPath)
{
    public string SocketPath => socketPath;

    public async Task<Socket> ConnectAsync(CancellationToken ct = default)
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try { await s.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct); }
        catch { s.Dispose(); throw; }
        return s;
    }

    /// <summary>Sends a command and returns its one-line reply.</summary>
    public async Task<string> CallAsync(string command, CancellationToken ct = default)
    {
        using var s = await ConnectAsync(ct);
        await s.SendAsync(Encoding.UTF8.GetBytes(command + "\n"), ct);
        return await ReadLineAsync(s, ct) ?? throw new IOException($"shim {socketPath}: no reply to {command}");
    }

    /// <summary>Opens a streaming session (attach, exec): sends the command lines and returns the socket.</summary>
    public async Task<Socket> OpenStreamAsync(string command, CancellationToken ct = default)
    {
        var s = await ConnectAsync(ct);
        await s.SendAsync(Encoding.UTF8.GetBytes(command + "\n"), ct);
        return s;
    }

    public static async Task<string?> ReadLineAsync(Socket s, CancellationToken ct)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await s.ReceiveAsync(one, ct) == 0) return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
            if (one[0] == '\n') return Encoding.UTF8.GetString(bytes.ToArray());
            bytes.Add(one[0]);
        }
    }

    public bool Exists => File.Exists(socketPath);
}
