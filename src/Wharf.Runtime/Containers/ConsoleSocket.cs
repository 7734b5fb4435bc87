using System.Net.Sockets;

namespace Wharf.Runtime.Containers;

/// <summary>The caller's unix socket that receives the pty master (--console-socket), connected for one spawn.</summary>
public static class ConsoleSocket
{
    public static Socket? Connect(string? path, bool terminal)
    {
        if (!terminal) return null;
        if (string.IsNullOrEmpty(path))
            throw new ContainerException("process.terminal is true but no --console-socket was given");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ContainerException($"connect {path}: {e.Message}", e);
        }
    }
}
