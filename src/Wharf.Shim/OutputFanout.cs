using System.Net.Sockets;

namespace Wharf.Shim;

/// <summary>Sends output frames to every attached daemon connection that asked for that stream.</summary>
internal sealed class OutputFanout
{
    private readonly List<(Socket Socket, bool Stdout, bool Stderr)> _clients = [];
    private readonly object _lock = new();

    public void Add(Socket socket, bool stdout, bool stderr)
    {
        lock (_lock) _clients.Add((socket, stdout, stderr));
    }

    public void Remove(Socket socket)
    {
        lock (_lock) _clients.RemoveAll(c => c.Socket == socket);
    }

    public void Send(byte type, ReadOnlySpan<byte> data)
    {
        var frame = ShimFrames.Make(type, data);
        lock (_lock)
            for (int i = _clients.Count - 1; i >= 0; i--)
            {
                var c = _clients[i];
                if (type == ShimFrames.Stdout && !c.Stdout || type == ShimFrames.Stderr && !c.Stderr) continue;
                try { c.Socket.Send(frame); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { _clients.RemoveAt(i); }
            }
    }

    /// <summary>Ends every attach stream: the daemon sees EOF once the output is all sent.</summary>
    public void CloseAll(byte[]? lastFrame)
    {
        lock (_lock)
        {
            foreach (var c in _clients)
            {
                try { if (lastFrame is not null) c.Socket.Send(lastFrame); c.Socket.Shutdown(SocketShutdown.Both); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
                c.Socket.Dispose();
            }
            _clients.Clear();
        }
    }
}
