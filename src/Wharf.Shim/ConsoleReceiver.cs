using System.Net.Sockets;
using Wharf.Runtime;

namespace Wharf.Shim;

/// <summary>The <c>--console-socket</c> end: the runtime connects and sends the pty master as SCM_RIGHTS.</summary>
internal sealed class ConsoleReceiver : IDisposable
{
    private readonly Socket _listener;
    private readonly string _path;

    /// <summary>Listens on a fresh short path: sun_path holds only 108 bytes, too few for paths under a bundle.</summary>
    public ConsoleReceiver()
    {
        _path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"wharf-console-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}.sock");
        string path = _path;
        File.Delete(path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(1);
    }

    public string Path => _path;

    /// <summary>Accepts the runtime's connection and returns the received fd (the pty master).</summary>
    public async Task<int> ReceiveAsync(CancellationToken ct)
    {
        using var conn = await _listener.AcceptAsync(ct);
        return await Task.Run(() => ReceiveFd((int)conn.Handle), ct);
    }

    private static unsafe int ReceiveFd(int socketFd)
    {
        byte* data = stackalloc byte[4096];
        byte* control = stackalloc byte[64];
        var iov = new ShimNative.IoVec { Base = data, Len = 4096 };
        var msg = new ShimNative.MsgHdr { Iov = &iov, IovLen = 1, Control = control, ControlLen = 64 };
        nint n;
        do n = ShimNative.recvmsg(socketFd, &msg, 0x40000000 /* MSG_CMSG_CLOEXEC */);
        while (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == ShimNative.EINTR);
        if (n < 0) throw SyscallException.FromLastError("recvmsg", "console socket");
        // struct cmsghdr { size_t len; int level; int type; } followed by the fds.
        if (msg.ControlLen < 20) throw new IOException("console socket: no file descriptor received");
        int level = *(int*)(control + 8), type = *(int*)(control + 12);
        if (level != ShimNative.SOL_SOCKET || type != ShimNative.SCM_RIGHTS) throw new IOException("console socket: unexpected control message");
        return *(int*)(control + 16);
    }

    public void Dispose()
    {
        _listener.Dispose();
        try { File.Delete(_path); } catch (IOException) { }
    }
}
